import type { CollectionItemKind, CollectionItemStatus, ContributionMode } from '@parloir/protocol'

export interface CollectionRecord {
  id: string
  /** The person or brand who curates it. */
  curatorId: string
  title: string
  description: string
  contributionMode: ContributionMode
  /** Whether search engines may index the public page. */
  indexable: boolean
  createdAtMs: number
  updatedAtMs: number
  /** Set by moderation (built apart): the public page then shows the reason instead of the content. */
  hiddenAtMs: number | null
  hiddenReason: string | null
}

export type CollectionChanges = Partial<Pick<CollectionRecord, 'title' | 'description' | 'contributionMode' | 'indexable' | 'updatedAtMs'>>

export interface CollectionSectionRecord {
  id: string
  collectionId: string
  title: string
  /** From 0, gapless within the collection. */
  position: number
  createdAtMs: number
}

export interface CollectionItemRecord {
  id: string
  collectionId: string
  /** Null: at the top, before the first section. */
  sectionId: string | null
  /** Order within its section among published items (gapless from 0); waiting and declined ones keep theirs unused. */
  position: number
  kind: CollectionItemKind
  status: CollectionItemStatus
  /** The account that added it: a person, or a brand when a team member added it as the brand. */
  authorId: string
  /** The person who pressed the button (the team member, for a brand): kept, never shown publicly. */
  addedBy: string
  title: string | null
  text: string | null
  url: string | null
  siteName: string | null
  mediaId: string | null
  createdAtMs: number
  decidedAtMs: number | null
  decidedBy: string | null
  hiddenAtMs: number | null
  hiddenReason: string | null
  /** When its author asked the curator to review the hide (once per hide); absent or null otherwise. */
  reviewRequestedAtMs?: number | null
}

/** Where an item goes: its section and its place there. */
export interface ItemPlacement {
  id: string
  sectionId: string | null
  position: number
}

/** Collections, their sections and their items. */
export interface CollectionReads {
  /** The collection with this id, or undefined. */
  byId(id: string): Promise<CollectionRecord | undefined>
  /** The collections an account curates, newest first. */
  ofCurator(curatorId: string): Promise<CollectionRecord[]>
  /** How many collections an account curates. */
  countOfCurator(curatorId: string): Promise<number>
  /** A collection's sections by position. */
  sections(collectionId: string): Promise<CollectionSectionRecord[]>
  /** The section with this id, whichever collection it is in, or undefined. */
  sectionById(id: string): Promise<CollectionSectionRecord | undefined>
  /** Every item of a collection, whatever its status, by section id (nulls first), position, then id. */
  items(collectionId: string): Promise<CollectionItemRecord[]>
  /** The item with this id, whichever collection it is in, or undefined. */
  itemById(id: string): Promise<CollectionItemRecord | undefined>
  /** The items of a collection that carry this media, whatever their status. */
  itemsWithMedia(collectionId: string, mediaId: string): Promise<CollectionItemRecord[]>
  /** How many items of each status each of these collections holds; a collection with none is left out. */
  countItems(collectionIds: readonly string[]): Promise<Array<{ collectionId: string; status: CollectionItemStatus; count: number }>>
}

export interface CollectionWrites extends CollectionReads {
  /** Inserts a collection. */
  insert(collection: CollectionRecord): Promise<void>
  /** Changes the given fields; the others stay. */
  update(id: string, changes: CollectionChanges): Promise<void>
  /** Deletes a collection with its sections and items (media rows and bytes stay their owners'). */
  delete(id: string): Promise<void>
  /** Inserts a section. */
  insertSection(section: CollectionSectionRecord): Promise<void>
  /** Renames a section. */
  renameSection(id: string, title: string): Promise<void>
  /** Sets the positions of these sections. */
  placeSections(placements: ReadonlyArray<{ id: string; position: number }>): Promise<void>
  /** Deletes a section (its items must have been moved out first). */
  deleteSection(id: string): Promise<void>
  /** Inserts an item. */
  insertItem(item: CollectionItemRecord): Promise<void>
  /** Sets the section and position of these items. */
  placeItems(placements: readonly ItemPlacement[]): Promise<void>
  /** Records the curator's decision on a waiting item. */
  decideItem(id: string, decision: { status: 'published' | 'declined'; decidedAtMs: number; decidedBy: string }): Promise<void>
  /** Deletes an item. */
  deleteItem(id: string): Promise<void>
  /** Hides an item with a reason, or shows it again (null); either clears its review request. */
  hideItem(id: string, hidden: { atMs: number; reason: string } | null): Promise<void>
  /** Marks a hidden item's review as asked for: false when it is not hidden or was already asked. */
  markItemReviewRequested(id: string, atMs: number): Promise<boolean>
  /** Hides a whole collection with a reason, or shows it again (null): for moderation too. */
  hideCollection(id: string, hidden: { atMs: number; reason: string } | null): Promise<void>
}
