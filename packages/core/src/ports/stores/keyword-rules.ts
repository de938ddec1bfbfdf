import type { QuickReply } from '@parloir/protocol'

export interface KeywordRuleRecord {
  id: string
  brandId: string
  keywords: string[]
  replyText: string
  quickReply: QuickReply | null
  enabled: boolean
  createdAtMs: number
}

/** A brand's keyword rules: automatic answers to messages that contain a keyword. */
export interface KeywordRuleReads {
  /** A brand's keyword rules, oldest first: the first that matches answers. */
  forBrand(brandId: string): Promise<KeywordRuleRecord[]>
  /** The keyword rule with this id, or undefined. */
  byId(id: string): Promise<KeywordRuleRecord | undefined>
}

export interface KeywordRuleWrites extends KeywordRuleReads {
  /** Inserts a keyword rule. */
  insert(record: KeywordRuleRecord): Promise<void>
  /** Changes the given fields of a keyword rule; the others stay. */
  update(id: string, patch: Partial<Omit<KeywordRuleRecord, 'id' | 'brandId' | 'createdAtMs'>>): Promise<void>
  /** Removes a keyword rule. */
  delete(id: string): Promise<void>
}
