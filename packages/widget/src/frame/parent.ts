import type { FrameToHost, HostToFrame } from '../bridge.ts'

/**
 * The exact origin of the page that embeds this frame: `location.ancestorOrigins` where the
 * browser has it (Chromium, Safari), else the referrer the loader sends (its policy is
 * `origin`). Undefined when the frame is the top page or the parent cannot be known.
 */
export function parentOrigin(): string | undefined {
  if (window.parent === window) return undefined
  const fromAncestors = location.ancestorOrigins?.[0]
  const candidate = fromAncestors ?? (document.referrer === '' ? undefined : document.referrer)
  if (candidate === undefined) return undefined
  try {
    const origin = new URL(candidate).origin
    return origin === 'null' ? undefined : origin
  } catch {
    return undefined
  }
}

/** Posts to the parent, only at its exact origin; never a token. */
export function tellHost(origin: string | undefined, message: FrameToHost): void {
  if (origin === undefined) return
  window.parent.postMessage(message, origin)
}

/** Listens to the parent page only: the right window, at the right origin. */
export function listenToHost(origin: string | undefined, onMessage: (message: HostToFrame) => void): void {
  if (origin === undefined) return
  window.addEventListener('message', (event) => {
    if (event.source !== window.parent || event.origin !== origin) return
    const data = event.data as HostToFrame | null
    if (data?.parloir === 'focus' || data?.parloir === 'hidden') onMessage(data)
    else if (data?.parloir === 'identify' && typeof data.userId === 'string' && typeof data.timestamp === 'number' && typeof data.signature === 'string') {
      onMessage({ parloir: 'identify', userId: data.userId, timestamp: data.timestamp, signature: data.signature })
    }
  })
}
