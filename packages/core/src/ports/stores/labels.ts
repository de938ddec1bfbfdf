import type { LabelColour } from '@parloir/protocol'

/** A label of a brand's team inbox. */
export interface LabelRecord {
  id: string
  brandId: string
  name: string
  colour: LabelColour
  createdAtMs: number
  updatedAtMs: number
}

/** The fields of a label that change. */
export type LabelChanges = Partial<Pick<LabelRecord, 'name' | 'colour' | 'updatedAtMs'>>

/** A brand's labels, and which of its conversations carry each. */
export interface LabelReads {
  /** The brand's labels, oldest first. */
  ofBrand(brandId: string): Promise<LabelRecord[]>
  /** The label with this id, whoever's it is, or undefined. */
  byId(id: string): Promise<LabelRecord | undefined>
  /** How many labels the brand has. */
  count(brandId: string): Promise<number>
  /** The brand's conversations carrying the label. */
  conversationsWith(brandId: string, labelId: string): Promise<string[]>
}

export interface LabelWrites extends LabelReads {
  insert(record: LabelRecord): Promise<void>
  /** Changes the given fields of a label; the others stay. */
  update(id: string, changes: LabelChanges): Promise<void>
  /** Removes a label and whatever filter rows still name it; take it off its conversations first (`setOnConversation`), which their rows and events need. */
  delete(id: string): Promise<void>
  /**
   * Sets the labels a brand's conversation carries, in this order: the rows the inbox filters by
   * (inbox_labels) and the row's own list (InboxRecord.labelIds) change together.
   */
  setOnConversation(brandId: string, conversationId: string, labelIds: readonly string[]): Promise<void>
}
