/**
 * Default limits (docs/reliability.md, rule 10: cap every size before work starts). An operator can lower or raise the ones
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
  /** Passwords are capped before hashing (docs/reliability.md, rule 10). */
  passwordBytes: 1_024,
  passwordMinChars: 8,
  clientMessageIdChars: 64,
  reportReasonChars: 1_000,
  /** People search in "New message": the query, in code points, and the most accounts one answer lists. */
  peopleSearchChars: 50,
  peopleSearchResults: 20,
  jsonBodyBytes: 1024 * 1024,
  imageBytes: 5 * 1024 * 1024,
  gifBytes: 15 * 1024 * 1024,
  videoBytes: 512 * 1024 * 1024,
  fileBytes: 25 * 1024 * 1024,
  imagePixels: 32_000_000,
  pageSize: 50,
  pageSizeMax: 200,
  /** Brand messaging (welcome messages, automation, website entry points). */
  welcomeMessagesPerBrand: 100,
  welcomeMessageNameChars: 100,
  keywordRulesPerBrand: 100,
  keywordsPerRule: 20,
  keywordChars: 50,
  customProfilesPerBrand: 50,
  customProfileNameChars: 50,
  embedOrigins: 20,
  /** Saved replies: the team's per brand, and each member's own per brand. */
  teamSavedRepliesPerBrand: 500,
  personalSavedRepliesPerMember: 100,
  savedReplyShortcutChars: 32,
  savedReplyTitleChars: 80,
  /** Custom fields: per brand, a key's and a label's length, and a customer's value of one, in code points. */
  customFieldsPerBrand: 50,
  customFieldKeyChars: 32,
  customFieldLabelChars: 50,
  customFieldValueChars: 500,
  /** Labels of the team inbox: per brand, on one conversation, and a label's name in code points. */
  labelsPerBrand: 100,
  labelsPerConversation: 10,
  labelNameChars: 32,
  /**
   * Collections (a person's or brand's images, files, links and texts in sections): per curator
   * account, a collection's title and description and an item's title in code points, sections and
   * items per collection, a text item (the message limit), contributions waiting for the curator.
   */
  collectionsPerAccount: 100,
  collectionTitleChars: 120,
  collectionDescriptionChars: 1_000,
  collectionItemTitleChars: 300,
  collectionSectionsMax: 50,
  collectionItemsMax: 500,
  collectionTextChars: 10_000,
  collectionPendingMax: 100,
  /** Fetching a link's title, description and image once, through the outbound guard. */
  linkFetchTimeoutMs: 5_000,
  linkFetchRedirects: 3,
  linkFetchPageBytes: 512 * 1024,
  shiftsPerDay: 10,
  calendarDatedEntries: 366,
  holidayNameChars: 100,
  /** `ref` of a link or button: the source a conversation is attributed to. */
  refChars: 64,
  emailChars: 254,
  /** At most one away message per conversation in this window. */
  awayMessageIntervalMs: 12 * 60 * 60 * 1000,
  /** Automated replies in this window after a person writes are free, up to the number below. */
  automatedReplyFreeWindowMs: 24 * 60 * 60 * 1000,
  automatedRepliesFreePerInbound: 5,
  /** Keyword and away replies keep quiet this long after a person of the team answered. */
  automationQuietAfterAnswerMs: 4 * 60 * 60 * 1000,
  /** Counted automated messages per brand per 24 h (Twitter's per-sender quota). */
  automatedMessagesPerBrandPerDay: 1_000,
  /**
   * Public discussions (docs/api.md, Discussions): a title in code points, the accounts taking part
   * (the starter included), asks to join waiting for an answer, accounts one invitation names, a
   * closing reason, posts an account may write a minute (one bucket per person, whichever account
   * they write as), and posts one page of a discussion lists. A post takes `messageTextChars`.
   */
  discussionTitleChars: 200,
  discussionParticipants: 1_000,
  discussionJoinRequests: 200,
  discussionInvitesPerCall: 50,
  discussionReasonChars: 500,
  discussionPostsPerMinute: 20,
  discussionPageSize: 50,
  /** Public discussions one stream follows without taking part (`watchDiscussion`). */
  discussionWatchesPerStream: 20,
} as const

export type Limits = { -readonly [K in keyof typeof defaultLimits]: number }
