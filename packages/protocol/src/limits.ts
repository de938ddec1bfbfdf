/**
 * Default limits, from PRODUCT.md and RELIABILITY.md. An operator can lower or raise the ones
 * the server's config exposes; request schemas carry these defaults so OpenAPI documents them.
 */
export const defaultLimits = {
  /** Message text, in Unicode code points. */
  messageTextChars: 10_000,
  groupParticipants: 50,
  quickReplyOptions: 20,
  quickReplyLabelChars: 36,
  quickReplyDescriptionChars: 72,
  quickReplyMetadataChars: 1_000,
  buttonsMin: 1,
  buttonsMax: 3,
  buttonLabelChars: 36,
  urlChars: 2_048,
  unsendWindowMs: 30 * 60 * 1000,
  typingExpiresMs: 5_000,
  handleChars: 15,
  displayNameChars: 100,
  bioChars: 160,
  groupNameChars: 100,
  /** Passwords are capped before hashing (RELIABILITY rule 10). */
  passwordBytes: 1_024,
  passwordMinChars: 8,
  clientMessageIdChars: 64,
  reportReasonChars: 1_000,
  jsonBodyBytes: 1024 * 1024,
  imageBytes: 5 * 1024 * 1024,
  gifBytes: 15 * 1024 * 1024,
  videoBytes: 512 * 1024 * 1024,
  fileBytes: 25 * 1024 * 1024,
  imagePixels: 32_000_000,
  pageSize: 50,
  pageSizeMax: 200,
} as const

export type Limits = { -readonly [K in keyof typeof defaultLimits]: number }
