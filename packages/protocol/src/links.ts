/**
 * Whether a link someone else wrote may be rendered or opened: the one rule for the server's
 * pages, the web app and the widget. Only absolute http and https addresses with a host and no
 * `user:pass@` pass (a bare `www.` link becomes https); javascript:, data:, mailto:, relative
 * paths into the app's own origin and anything else give null, and the text stays text.
 */
export function safeWebHref(raw: string): string | null {
  const trimmed = raw.trim()
  // Spaces and control characters (which browsers strip, letting "java\tscript:" through) are refused.
  if (trimmed === '' || /\s/u.test(trimmed) || [...trimmed].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return null
  let url: URL
  try {
    url = new URL(/^www\./i.test(trimmed) ? `https://${trimmed}` : trimmed)
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  // Credentials in a link are a phishing disguise ("https://bank.example@evil.example").
  if (url.hostname === '' || url.username !== '' || url.password !== '') return null
  return url.href
}

/**
 * `tel:` for a call button's phone number as people write it (`+33 1 23 45 67 89`): spaces,
 * brackets, dots and dashes go, and what is left must be 3 to 20 digits after an optional +.
 */
export function telHref(phoneNumber: string): string | null {
  const digits = phoneNumber.replace(/[\s().-]/g, '')
  return /^\+?[0-9]{3,20}$/.test(digits) ? `tel:${digits}` : null
}

/**
 * The `rel` of a web link someone else wrote: its new tab cannot reach back to the page, sends
 * no referrer (a conversation's address stays private), and tells search engines it is user content.
 */
export const webLinkRel = 'noopener noreferrer nofollow ugc'
