export interface SavedReplyRecord {
  id: string
  brandId: string
  /** Null for the whole team's; else the team member whose own it is, seen by no one else. */
  ownerMemberId: string | null
  shortcut: string
  title: string
  text: string
  createdBy: string
  createdAtMs: number
  updatedAtMs: number
}

/** The fields of a saved reply that change; its brand, owner and author stay. */
export type SavedReplyChanges = Partial<Pick<SavedReplyRecord, 'shortcut' | 'title' | 'text' | 'updatedAtMs'>>

/** A brand team's saved replies: the team's, and each member's own. */
export interface SavedReplyReads {
  /** The brand's team replies and the member's own, oldest first; other members' own are left out. */
  visibleTo(brandId: string, memberId: string): Promise<SavedReplyRecord[]>
  /** The saved reply with this id, whoever's it is, or undefined. */
  byId(id: string): Promise<SavedReplyRecord | undefined>
  /** The reply of one scope (the team's for a null owner, else that member's own) with this shortcut, or undefined. */
  byShortcut(brandId: string, ownerMemberId: string | null, shortcut: string): Promise<SavedReplyRecord | undefined>
  /** How many replies one scope holds: the team's for a null owner, else that member's own. */
  count(brandId: string, ownerMemberId: string | null): Promise<number>
}

export interface SavedReplyWrites extends SavedReplyReads {
  /** Inserts a saved reply; a shortcut already used in its scope throws (a unique index). */
  insert(record: SavedReplyRecord): Promise<void>
  /** Changes the given fields of a saved reply; the others stay. */
  update(id: string, changes: SavedReplyChanges): Promise<void>
  /** Removes a saved reply. */
  delete(id: string): Promise<void>
}
