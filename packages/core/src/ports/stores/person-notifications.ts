/** How a person is told of messages while the app is closed (their own settings; defaults when absent). */
export interface PersonNotificationSettingsRecord {
  accountId: string
  showPreviews: boolean
  email: string | null
  /** When the address was confirmed from the link sent to it; null before. */
  emailConfirmedAtMs: number | null
  emailEnabled: boolean
  /** Minutes after midnight in `timeZone`; both null when there are no quiet hours. */
  quietStartMin: number | null
  quietEndMin: number | null
  timeZone: string
  /** When the last notification email went out, for the batch window. */
  emailLastSentAtMs: number | null
}

/**
 * A message that may have to be told to one person, queued in the transaction of the send. The
 * server's push worker decides when it is due whether it is pushed (the person not connected,
 * the message not read, not in quiet hours) and whether it joins their next email.
 */
export interface PendingPersonNotificationRecord {
  id: string
  recipientId: string
  conversationId: string
  messageId: string
  createdAtMs: number
}

export interface PersonNotificationReads {
  /** A person's settings, or undefined while they never changed any (the defaults apply). */
  settingsOf(accountId: string): Promise<PersonNotificationSettingsRecord | undefined>
  /** Whether the account has a stream open on any process (a lease still running at nowMs). */
  connected(accountId: string, nowMs: number): Promise<boolean>
  /** Queued notifications created at or before `createdBeforeMs`, oldest first. */
  due(createdBeforeMs: number, limit: number): Promise<PendingPersonNotificationRecord[]>
  /** Accounts waiting for a notification email, with when the first unread message arrived, oldest first. */
  emailsWaiting(limit: number): Promise<Array<{ accountId: string; sinceMs: number }>>
}

export interface PersonNotificationWrites extends PersonNotificationReads {
  saveSettings(record: PersonNotificationSettingsRecord): Promise<void>
  /** Records that this process has streams of these accounts open until `untilMs`. */
  holdStreams(nodeId: string, accountIds: readonly string[], untilMs: number): Promise<void>
  /** This process has no stream of the account open any more. */
  releaseStream(nodeId: string, accountId: string): Promise<void>
  queue(record: PendingPersonNotificationRecord): Promise<void>
  /** Takes a queued notification; false when another worker took it first. */
  take(id: string): Promise<boolean>
  /** Marks the account as waiting for an email since `sinceMs`, unless it already waits (the earlier time stays). */
  awaitEmail(accountId: string, sinceMs: number): Promise<void>
  /** Ends the account's wait for an email; false when another mailer ended it first. */
  endEmailWait(accountId: string): Promise<boolean>
}
