/**
 * Where a visitor's session lives: localStorage of the Parloir origin, one entry per brand. In
 * a third-party frame the browser partitions it by the embedding site, which is the point: the
 * conversation comes back on a reload of that site, and nothing is kept anywhere else. The
 * token goes out only in an Authorization header or the stream's subprotocol, never in a URL.
 */
export interface VisitorSession {
  token: string
  accountId: string
  conversationId: string
}

const key = (brandId: string) => `parloir.widget.${brandId}`

function storage(): Storage | undefined {
  try {
    return window.localStorage
  } catch {
    // Storage refused (a browser setting): the chat works for this page view only.
    return undefined
  }
}

export function loadSession(brandId: string): VisitorSession | undefined {
  try {
    const raw = storage()?.getItem(key(brandId))
    if (!raw) return undefined
    const value = JSON.parse(raw) as Partial<VisitorSession>
    if (typeof value.token === 'string' && typeof value.accountId === 'string' && typeof value.conversationId === 'string') {
      return { token: value.token, accountId: value.accountId, conversationId: value.conversationId }
    }
  } catch {
    // Unreadable: start over.
  }
  return undefined
}

export function saveSession(brandId: string, session: VisitorSession): void {
  try {
    storage()?.setItem(key(brandId), JSON.stringify(session))
  } catch {
    // Full or refused: this page view keeps the session in memory.
  }
}

export function forgetSession(brandId: string): void {
  try {
    storage()?.removeItem(key(brandId))
  } catch {
    // Nothing to forget.
  }
}

const movedKey = (brandId: string) => `parloir.widget.${brandId}.moved`

/**
 * The conversation this browser's visitor kept in a person account (its visitor session ended
 * then): said in the chat, with a way to it, until the visitor starts a new chat here.
 */
export function loadMoved(brandId: string): string | undefined {
  try {
    const id = storage()?.getItem(movedKey(brandId))
    return id && /^[0-9]{1,20}$/.test(id) ? id : undefined
  } catch {
    return undefined
  }
}

export function saveMoved(brandId: string, conversationId: string | undefined): void {
  try {
    if (conversationId) storage()?.setItem(movedKey(brandId), conversationId)
    else storage()?.removeItem(movedKey(brandId))
  } catch {
    // Refused: said for this page view only.
  }
}
