/**
 * What the host page's loader and the chat frame say to each other through postMessage. Both
 * sides check the sender's origin (and the loader its iframe as the source), post only to the
 * other's exact origin, and never pass a token: the frame keeps its session to itself.
 */

/** From the frame to the page that embeds it. */
export type FrameToHost =
  /** The chat app runs (the page was allowed to embed it). */
  | { parloir: 'ready' }
  /** The visitor pressed Escape or the frame's own close control. */
  | { parloir: 'close' }
  /**
   * Whether this browser has a conversation with the brand (for the launcher), and how many of
   * the brand's messages the visitor has not read (its badge). A count and a boolean, no id.
   */
  | { parloir: 'unread'; conversation: boolean; count: number }

/** From the loader to the frame. */
export type HostToFrame =
  /** The panel was opened (or opened again): move focus to the composer; messages shown are read. */
  | { parloir: 'focus' }
  /** The panel is closed (or was loaded unseen for the launcher's badge): nothing is read meanwhile. */
  | { parloir: 'hidden' }
  /**
   * The brand's signature of its logged-in customer (identity verification, docs/api.md): the
   * customer's id on the brand's site, the Unix time in seconds it was signed, and
   * HMAC-SHA256(secret, `${userId}:${timestamp}`) in hex. The frame exchanges it for the
   * customer's own visitor session; it never travels back.
   */
  | { parloir: 'identify'; userId: string; timestamp: number; signature: string }

/** The sandbox the loader gives the frame: scripts, its own origin's storage, forms, links in new tabs. */
export const frameSandbox = 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox'

/** Where the frame is served, on the Parloir origin. */
export const framePath = '/widget/frame'
/** The no-JavaScript page the snippet's link opens, and the path the loader recognises. */
export const composePath = '/messages/compose'

/** The one thing the loader keeps on the brand's site, in its localStorage: "this browser has a conversation with this brand" (`'1'`), no id. */
export const conversationFlagKey = (brandId: string) => `parloir.conversation.${brandId}`
