import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { avatarColourIndex, avatarColours, avatarInitials, supportStatusLine, type Account, type SupportStatus } from '@parloir/protocol'
import { html, type HtmlValue, type SafeHtml } from './html.ts'
import { say, type Lang } from './text.ts'

/**
 * The pages' one stylesheet, named by its content so it can be cached for good. The avatars'
 * colours are written from protocol's one palette (their policy allows no inline style).
 */
export const stylesheet = (() => {
  const colours = avatarColours.map((colour, i) => `.pg-avatar-c${i} { background: ${colour}; }`).join('\n')
  const body = Buffer.concat([readFileSync(new URL('./pages.css', import.meta.url)), Buffer.from(`\n${colours}\n`)])
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12)
  return { body, path: `/messages/static/pages-${hash}.css` }
})()

/**
 * The policy of these pages: no script at all (there is none to allow), styles only from the
 * stylesheet above, images and media from this origin, forms posting only here, never framed.
 */
export const noScriptPagePolicy = [
  "default-src 'none'", "style-src 'self'", "img-src 'self' data:", "media-src 'self'", "form-action 'self'",
  "frame-ancestors 'none'", "base-uri 'none'",
].join('; ')

export const pageHeaders = {
  'content-security-policy': noScriptPagePolicy,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  // A page holds a conversation or a form token: never cached, by the browser or anyone between.
  'cache-control': 'no-store',
  vary: 'accept-language, cookie',
} as const

/** What a page may add to its head: whether search engines may index it (never, unless said), and more tags (Open Graph). */
export interface PageHead { indexable?: boolean; extra?: SafeHtml }

export function page(lang: Lang, title: string, body: SafeHtml, head: PageHead = {}): SafeHtml {
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
${head.indexable ? null : html`<meta name="robots" content="noindex">`}
${head.extra}
<title>${title} · ${say(lang, 'page.suffix')}</title>
<link rel="stylesheet" href="${stylesheet.path}">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
</head>
<body class="pg">
${body}
</body>
</html>
`
}

/**
 * The app's logo (web/public/favicon.svg), inline: the page loads nothing for it, from here or
 * elsewhere, and the policy needs nothing new. A test keeps it the same drawing as the favicon.
 */
export const logoSvg = html`<svg class="pg-mark-logo" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false"><rect width="32" height="32" rx="8" fill="#2f5d50"/><path d="M8 10h16v10H14l-6 5z" fill="#f4efe6"/></svg>`

/** The Parloir mark at the top of every page; a plain link home. */
export function topBar(lang: Lang): SafeHtml {
  return html`<header class="pg-bar"><a class="pg-mark" href="/" aria-label="${say(lang, 'page.home')}">${logoSvg}Parloir</a></header>`
}

export interface AvatarOf { id: string; handle: string; displayName: string; avatarUrl: string | null; kind?: Account['kind'] }

/** A picture, or initials on the account's colour. Decorative: the name is always written beside it. */
export function avatar(who: AvatarOf, size: 32 | 56): SafeHtml {
  const shape = who.kind === 'brand' ? ' pg-avatar--brand' : ''
  // Only a path on this origin (`//host` and `/\host` are other origins to a browser).
  if (who.avatarUrl && /^\/(?![/\\])/.test(who.avatarUrl)) {
    return html`<img class="pg-avatar pg-avatar--${size}${shape}" src="${who.avatarUrl}" alt="" width="${size}" height="${size}">`
  }
  return html`<span class="pg-avatar pg-avatar--${size}${shape} pg-avatar-c${avatarColourIndex(who.id)}" aria-hidden="true">${avatarInitials(who.displayName || who.handle)}</span>`
}

/** Who the page is about: picture, name, handle and, for a brand, its support badge and hours. */
export function recipientHeader(lang: Lang, account: Account, support: SupportStatus | null, headingLevel: 'h1' | 'h2' = 'h1', nowMs = Date.now()): SafeHtml {
  const isBrand = account.kind === 'brand'
  const lines: HtmlValue[] = []
  if (isBrand && support?.providesSupport) {
    // Without script the reader's time zone is unknown: the brand's time, its zone named (protocol's one line).
    const state = supportStatusLine(support, { nowMs, language: lang, readerZone: null }).text
    lines.push(html`<p class="pg-status"><span class="pg-dot ${support.openNow ? 'pg-dot--open' : 'pg-dot--away'}" aria-hidden="true"></span>${state}</p>`)
  }
  const usual = isBrand ? support?.usualReplyTime ?? support?.replyTime : null
  if (usual) lines.push(html`<p class="pg-reply-time">${say(lang, `recipient.replyTime.${usual}`)}</p>`)
  const badge = isBrand && support?.providesSupport ? html`<span class="pg-badge">${say(lang, 'recipient.supportBadge')}</span>` : null
  const name = headingLevel === 'h1'
    ? html`<h1 class="pg-name"><span>${account.displayName}</span>${badge}</h1>`
    : html`<h2 class="pg-name"><span>${account.displayName}</span>${badge}</h2>`
  return html`<div class="pg-recipient">
${avatar(account, 56)}
<div class="pg-recipient-text">
${name}
<p class="pg-handle">@${account.handle}</p>
${lines}
</div>
</div>`
}
