import { defaultLimits, Origin, Ref } from '@parloir/protocol'

/** What the Publish page makes: a plain address, a link-button for a site, or that button turned into an in-page chat. */
export type PublishKind = 'link' | 'button' | 'chat'
export const publishKinds: readonly PublishKind[] = ['link', 'button', 'chat']

export interface PublishChoice {
  /** The Parloir origin, e.g. `https://chat.northwind.example`. */
  origin: string
  brandId: string
  /** The link's words on the host page. */
  text: string
  /** null: the brand's default welcome message. */
  welcomeMessageId: string | null
  /** The source the conversation is attributed to; empty for none. */
  ref: string
}

/**
 * The deep link that opens a conversation with the brand. The brand goes by id, not handle, so
 * a link printed on a QR code keeps working after the brand changes its handle.
 */
export function composeLink({ origin, brandId, welcomeMessageId, ref }: Omit<PublishChoice, 'text'>): string {
  const params = new URLSearchParams({ recipient_id: brandId })
  if (welcomeMessageId) params.set('welcome_message_id', welcomeMessageId)
  if (ref) params.set('ref', ref)
  return `${origin}/messages/compose?${params.toString()}`
}

/** Text made safe for HTML, both between tags and inside a double- or single-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char)
}

/** The loader the in-page chat needs; it turns every `a[data-parloir-chat]` into a chat button. */
export const widgetScript = (origin: string) => `<script src="${escapeHtml(origin)}/widget.js" async></script>`

/**
 * The snippet to paste: for a link, its address; for a button, a plain `<a>` (it works with no
 * script at all, and the host page styles it); for the in-page chat, that link and the loader.
 * No inline style or script, so it stands under the host page's strict CSP.
 */
export function buildSnippet(kind: PublishKind, choice: PublishChoice): string {
  const link = composeLink(choice)
  if (kind === 'link') return link
  const text = choice.text.trim() || 'Message us'
  const anchor = `<a href="${escapeHtml(link)}" data-parloir-chat>${escapeHtml(text)}</a>`
  return kind === 'button' ? anchor : `${anchor}\n${widgetScript(choice.origin)}`
}

/** The host page's CSP must let the loader run and the chat frame open. */
export function hostPolicy(origin: string): string {
  return `script-src ${origin}; frame-src ${origin}`
}

/** A style the host may copy for its button: a rule in its own stylesheet, not an inline style. */
export function suggestedButtonCss(): string {
  return [
    'a[data-parloir-chat] {',
    '  display: inline-block; padding: 0.7em 1.4em; border-radius: 999px;',
    '  background: #2f5d50; color: #ffffff; font-weight: 600; text-decoration: none;',
    '}',
  ].join('\n')
}

const refPattern = new RegExp(Ref.pattern ?? '^[A-Za-z0-9._:~-]+$')

export type RefProblem = 'tooLong' | 'badCharacters'

/** Why a source (`ref`) is refused, or null when it is fine (empty means none). */
export function refProblem(ref: string): RefProblem | null {
  if (ref === '') return null
  if (ref.length > defaultLimits.refChars) return 'tooLong'
  return refPattern.test(ref) ? null : 'badCharacters'
}

const originPattern = new RegExp(Origin.pattern ?? '^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$')

export type OriginProblem = 'empty' | 'notAnOrigin' | 'hasPath' | 'badScheme' | 'tooLong'

/**
 * A site allowed to embed the chat, as `scheme://host[:port]`: what a person types
 * (`https://Shop.example.com/`, `shop.example.com`) becomes that, or is refused with the reason.
 */
export function parseOrigin(input: string): { origin: string } | { problem: OriginProblem } {
  const raw = input.trim()
  if (raw === '') return { problem: 'empty' }
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    return { problem: 'notAnOrigin' }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: 'badScheme' }
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) return { problem: 'hasPath' }
  // `new URL` accepts a bare trailing `?` or `#`; the origin is only scheme, host and port.
  if (/[?#]/.test(withScheme.replace(/^[a-z]+:\/\//i, ''))) return { problem: 'hasPath' }
  const origin = url.origin
  if (origin.length > (Origin.maxLength ?? 255)) return { problem: 'tooLong' }
  if (!originPattern.test(origin)) return { problem: 'notAnOrigin' }
  return { origin }
}

/** A file name for downloads: `northwind-message-us-spring.png`. */
export function downloadName(brandHandle: string, ref: string, extension: 'png' | 'svg'): string {
  const safe = (part: string) => part.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '')
  return [safe(brandHandle) || 'parloir', 'qr', safe(ref)].filter(Boolean).join('-') + `.${extension}`
}

/** The sites form's one input, as a refusal names it (`/embedOrigins/3` lands there too). */
export const siteTargets = ['/embedOrigins']
