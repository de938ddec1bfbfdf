export interface CustomProfileRecord {
  id: string
  brandId: string
  name: string
  avatarMediaId: string | null
  createdAtMs: number
}

/** The names and avatars a brand's agents may write under. */
export interface CustomProfileReads {
  /** A brand's custom profiles, oldest first. */
  forBrand(brandId: string): Promise<CustomProfileRecord[]>
  /** The custom profile with this id, or undefined. */
  byId(id: string): Promise<CustomProfileRecord | undefined>
}

export interface CustomProfileWrites extends CustomProfileReads {
  /** Inserts a custom profile. */
  insert(record: CustomProfileRecord): Promise<void>
  /** Removes a custom profile (messages keep the copy they were written under). */
  delete(id: string): Promise<void>
}
