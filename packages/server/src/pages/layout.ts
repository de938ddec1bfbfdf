import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Account, SupportStatus } from '@parloir/protocol'
import { html, type HtmlValue, type SafeHtml } from './html.ts'
import { say, type Lang } from './text.ts'

/** The pages' one stylesheet, named by its content so it can be cached for good. */
export const stylesheet = (() => {
  const body = readFileSync(new URL('./pages.css', import.meta.url))
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

export function page(lang: Lang, title: string, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="robots" content="noindex">
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

/** The Parloir mark at the top of every page; a plain link home. */
export function topBar(lang: Lang): SafeHtml {
  return html`<header class="pg-bar"><a class="pg-mark" href="/" aria-label="${say(lang, 'page.home')}"><span class="pg-mark-dot" aria-hidden="true"></span>Parloir</a></header>`
}

const HUES = 12

/** A steady colour per handle (as the web app's avatars), from a fixed palette: no inline style. */
function hueOf(seed: string): number {
  let hash = 0
  for (const char of seed.toLowerCase()) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0
  return hash % HUES
}

function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words
  return letters.map((word) => [...(word ?? '')][0] ?? '').join('').toUpperCase() || '?'
}

export interface AvatarOf { handle: string; displayName: string; avatarUrl: string | null; kind?: Account['kind'] }

/** A picture, or initials on the account's colour. Decorative: the name is always written beside it. */
export function avatar(who: AvatarOf, size: 32 | 56): SafeHtml {
  const shape = who.kind === 'brand' ? ' pg-avatar--brand' : ''
  // Only a path on this origin (`//host` and `/\host` are other origins to a browser).
  if (who.avatarUrl && /^\/(?![/\\])/.test(who.avatarUrl)) {
    return html`<img class="pg-avatar pg-avatar--${size}${shape}" src="${who.avatarUrl}" alt="" width="${size}" height="${size}">`
  }
  return html`<span class="pg-avatar pg-avatar--${size}${shape} pg-hue-${hueOf(who.handle || who.displayName)}" aria-hidden="true">${initialsOf(who.displayName || who.handle)}</span>`
}

/** When a brand is back, in its own time zone (the reader's is unknown without script): Monday, 09:00, CET. */
function backAt(lang: Lang, support: SupportStatus): { day: string; time: string; zone: string } | null {
  if (!support.nextChangeAt || !support.calendar) return null
  try {
    const parts = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
      weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: support.calendar.timeZone, timeZoneName: 'short',
    }).formatToParts(new Date(support.nextChangeAt))
    const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? ''
    return { day: part('weekday'), time: `${part('hour')}:${part('minute')}`, zone: part('timeZoneName') }
  } catch {
    return null
  }
}

/** Who the page is about: picture, name, handle and, for a brand, its support badge and hours. */
export function recipientHeader(lang: Lang, account: Account, support: SupportStatus | null, headingLevel: 'h1' | 'h2' = 'h1'): SafeHtml {
  const isBrand = account.kind === 'brand'
  const lines: HtmlValue[] = []
  if (isBrand && support?.providesSupport) {
    const when = support.openNow ? null : backAt(lang, support)
    const state = support.openNow ? say(lang, 'recipient.openNow') : when ? say(lang, 'recipient.backAt', when) : say(lang, 'recipient.awayNow')
    lines.push(html`<p class="pg-status"><span class="pg-dot ${support.openNow ? 'pg-dot--open' : 'pg-dot--away'}" aria-hidden="true"></span>${state}</p>`)
  }
  if (isBrand && support?.replyTime) lines.push(html`<p class="pg-reply-time">${say(lang, `recipient.replyTime.${support.replyTime}`)}</p>`)
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
