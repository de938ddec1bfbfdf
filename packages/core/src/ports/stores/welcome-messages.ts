import type { Button, Entities, QuickReply } from '@parloir/protocol'

export interface WelcomeMessageRecord {
  id: string
  brandId: string
  name: string
  text: string
  entities: Entities
  quickReply: QuickReply | null
  buttons: Button[]
  mediaId: string | null
  createdAtMs: number
  updatedAtMs: number
}

/** The welcome messages a brand greets new conversations with. */
export interface WelcomeMessageReads {
  /** A brand's welcome messages, oldest first. */
  forBrand(brandId: string): Promise<WelcomeMessageRecord[]>
  /** The welcome message with this id, or undefined. */
  byId(id: string): Promise<WelcomeMessageRecord | undefined>
}

export interface WelcomeMessageWrites extends WelcomeMessageReads {
  /** Inserts a welcome message. */
  insert(record: WelcomeMessageRecord): Promise<void>
  /** Changes the given fields of a welcome message; the others stay. */
  update(id: string, patch: Partial<Omit<WelcomeMessageRecord, 'id' | 'brandId' | 'createdAtMs'>>): Promise<void>
  /** Removes a welcome message. */
  delete(id: string): Promise<void>
}
