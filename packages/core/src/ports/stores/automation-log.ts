export type AutomationKind = 'welcome' | 'away' | 'keyword' | 'survey'

/** One automated message, kept to enforce the anti-flood rules. */
export interface AutomationLogRecord {
  id: string
  brandId: string
  conversationId: string
  kind: AutomationKind
  /** Whether it counts against the brand's daily quota (free replies do not). */
  counted: boolean
  atMs: number
}

/** The log of automated messages the anti-flood rules and quotas count. */
export interface AutomationLogReads {
  /**
   * How many automated messages match: of a brand since a time, optionally only in one
   * conversation, of one kind, or only those counted against the quota.
   */
  count(query: { brandId: string; sinceMs: number; conversationId?: string; kind?: AutomationKind; countedOnly?: boolean }): Promise<number>
}

export interface AutomationLogWrites extends AutomationLogReads {
  /** Records an automated message. */
  insert(record: AutomationLogRecord): Promise<void>
}
