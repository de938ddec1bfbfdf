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

/** From the loader to the frame. */
export type HostToFrame =
  /** The panel was opened (or opened again): move focus to the composer. */
  { parloir: 'focus' }

/** The sandbox the loader gives the frame: scripts, its own origin's storage, forms, links in new tabs. */
export const frameSandbox = 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox'

/** Where the frame is served, on the Parloir origin. */
export const framePath = '/widget/frame'
/** The no-JavaScript page the snippet's link opens, and the path the loader recognises. */
export const composePath = '/messages/compose'
