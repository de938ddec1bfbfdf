/**
 * The "Message us" loader, `<script src="https://PARLOIR/widget.js" async>`. Until a visitor
 * clicks a Parloir chat link it does one thing: listen for that click. It sets no cookie and
 * no storage, opens no socket, fetches nothing and adds nothing to the page. On the click it
 * opens the chat in a cross-origin, sandboxed iframe on the Parloir origin.
 *
 * It runs under a strict host CSP (script-src and frame-src allowing only Parloir, no
 * 'unsafe-inline'): it writes no markup and no <style>, and styles only through the CSSOM
 * (`element.style`), which style-src does not govern. Without it, or without JavaScript, the
 * link simply opens the compose page.
 */
import { composePath, conversationFlagKey, frameSandbox, framePath, type FrameToHost, type HostToFrame } from './bridge.ts'

type Style = Partial<Record<'position' | 'top' | 'right' | 'bottom' | 'left' | 'width' | 'height' | 'maxWidth' | 'maxHeight' | 'zIndex' | 'borderRadius' | 'overflow' | 'boxShadow' | 'background' | 'border' | 'display' | 'margin' | 'padding' | 'color' | 'font' | 'cursor' | 'lineHeight' | 'textAlign' | 'colorScheme' | 'minWidth' | 'boxSizing', string>>

const fr = /^fr\b/i.test(navigator.language)
const text = fr
  ? { close: 'Fermer la discussion', chat: 'Discussion', fallback: 'La discussion ne s’ouvre pas ici : l’ouvrir dans un nouvel onglet', open: 'Ouvrir la discussion', unread: (n: number) => `${n} message${n > 1 ? 's' : ''} non lu${n > 1 ? 's' : ''}` }
  : { close: 'Close the chat', chat: 'Chat', fallback: 'The chat cannot open here: open it in a new tab', open: 'Open the chat', unread: (n: number) => `${n} unread message${n > 1 ? 's' : ''}` }

/** The Parloir origin is where this script came from; without it, the loader does nothing. */
const script = document.currentScript
let parloir = ''
try {
  parloir = new URL((script as HTMLScriptElement | null)?.src ?? '').origin
} catch {
  parloir = ''
}

let panel: HTMLDivElement | undefined
let frame: HTMLIFrameElement | undefined
let frameUrl = ''
let opener: HTMLElement | undefined
let fallbackTimer: ReturnType<typeof setTimeout> | undefined
let fallback: HTMLAnchorElement | undefined
/** The round button that reopens the chat once the visitor has a conversation, with its unread badge. */
let launcher: HTMLButtonElement | undefined
let badge: HTMLSpanElement | undefined
/** Whether the frame said this browser has a conversation with the brand. */
let hasConversation = false
let unread = 0
/** The brand the panel's frame is for (its conversation flag). */
let frameBrand = ''
/** The brand's signature of its logged-in customer, from the script tag (identity verification). */
let identity: Extract<HostToFrame, { parloir: 'identify' }> | undefined
/** Phones and narrow windows: the chat takes the whole screen. */
const narrow = () => matchMedia('(max-width: 480px)')
/** The visitor's light or dark preference: the launcher and the panel follow it, as the chat inside does. */
const dark = () => matchMedia('(prefers-color-scheme: dark)')

/** The chat's own palette (frame/styles.css): its accent, and the badge in its danger colour. */
const palettes = {
  light: { launcher: '#2f5d50', launcherText: '#ffffff', badge: '#c5221f', badgeText: '#ffffff', shadow: '0 6px 20px rgba(0,0,0,.3)', panel: '#ffffff', scheme: 'light' },
  dark: { launcher: '#7fc3ad', launcherText: '#0e1d18', badge: '#ff8f80', badgeText: '#1d1c19', shadow: '0 6px 20px rgba(0,0,0,.6), 0 0 0 1px rgba(255,255,255,.18)', panel: '#1d1c19', scheme: 'dark' },
} as const
const palette = () => palettes[dark().matches ? 'dark' : 'light']

/** Colours by the preference, set again when it changes (listened to only once something is drawn). */
function paint(): void {
  const p = palette()
  if (launcher) Object.assign(launcher.style, { background: p.launcher, color: p.launcherText, boxShadow: p.shadow } satisfies Style)
  if (badge) Object.assign(badge.style, { background: p.badge, color: p.badgeText } satisfies Style)
  if (panel) Object.assign(panel.style, { background: p.panel, colorScheme: p.scheme } satisfies Style)
}

const make = <K extends keyof HTMLElementTagNameMap>(tag: K, style: Style): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag)
  Object.assign(element.style, style)
  return element
}

/** Bottom right on a wide screen; the whole screen on a narrow one. */
function layout(): void {
  if (!panel) return
  Object.assign(panel.style, narrow().matches
    ? { top: '0', right: '0', bottom: '0', left: '0', width: '100%', height: '100%', maxWidth: 'none', maxHeight: 'none', borderRadius: '0' }
    : { top: 'auto', left: 'auto', right: '20px', bottom: '20px', width: '380px', height: '620px', maxWidth: 'calc(100vw - 40px)', maxHeight: 'calc(100vh - 40px)', borderRadius: '16px' } satisfies Style)
}

function post(message: HostToFrame): void {
  frame?.contentWindow?.postMessage(message, parloir)
}

const isShown = () => panel !== undefined && panel.style.display !== 'none'

function show(): void {
  if (!panel) return
  panel.style.display = 'block'
  layout()
  drawLauncher()
  frame?.focus()
  post({ parloir: 'focus' })
}

function hide(): void {
  if (!panel || !isShown()) return
  panel.style.display = 'none'
  post({ parloir: 'hidden' })
  drawLauncher()
  ;(opener?.isConnected ? opener : launcher)?.focus()
}

/** The one thing kept on the brand's site: a flag, set only after the visitor wrote (docs: widget README, "Privacy"). */
function remember(brand: string, has: boolean): void {
  try {
    if (has) localStorage.setItem(conversationFlagKey(brand), '1')
    else localStorage.removeItem(conversationFlagKey(brand))
  } catch {
    // Storage refused: the launcher shows for this page view only.
  }
}

function remembered(brand: string): boolean {
  try {
    return localStorage.getItem(conversationFlagKey(brand)) === '1'
  } catch {
    return false
  }
}

/** The launcher, while the visitor has a conversation and the panel is closed; its badge counts unread messages. */
function drawLauncher(): void {
  const wanted = hasConversation && !isShown()
  if (!wanted) {
    if (launcher) launcher.style.display = 'none'
    return
  }
  if (!launcher) {
    launcher = make('button', {
      position: 'fixed', right: '20px', bottom: '20px', width: '60px', height: '60px', borderRadius: '50%', border: '0', margin: '0', padding: '0',
      font: '26px/60px system-ui,sans-serif', textAlign: 'center', cursor: 'pointer', zIndex: '2147483646',
    })
    launcher.type = 'button'
    launcher.textContent = '\u{1F4AC}'
    badge = make('span', {
      position: 'absolute', top: '-4px', right: '-4px', minWidth: '22px', height: '22px', borderRadius: '11px',
      font: '700 13px/22px system-ui,sans-serif', padding: '0 6px', boxSizing: 'border-box', textAlign: 'center',
    })
    badge.setAttribute('aria-hidden', 'true')
    launcher.append(badge)
    launcher.addEventListener('click', show)
    paint()
    document.body.append(launcher)
  }
  launcher.style.display = 'block'
  const label = unread > 0 ? `${text.open} (${text.unread(unread)})` : text.open
  launcher.setAttribute('aria-label', label)
  launcher.title = label
  if (badge) {
    badge.textContent = unread > 99 ? '99+' : String(unread)
    badge.style.display = unread > 0 ? 'block' : 'none'
  }
}

/** Only the frame this loader made, on the Parloir origin, is listened to. */
function onMessage(event: MessageEvent): void {
  if (event.origin !== parloir || !frame || event.source !== frame.contentWindow) return
  const data = event.data as FrameToHost | null
  if (data?.parloir === 'ready') {
    clearTimeout(fallbackTimer)
    fallback?.remove()
    if (identity) post(identity)
    post({ parloir: isShown() ? 'focus' : 'hidden' })
  } else if (data?.parloir === 'close') {
    hide()
  } else if (data?.parloir === 'unread') {
    hasConversation = data.conversation === true
    unread = Math.max(0, Math.floor(Number(data.count) || 0))
    remember(frameBrand, hasConversation)
    drawLauncher()
  }
}

function build(href: string, unseen = false): void {
  panel?.remove()
  clearTimeout(fallbackTimer)
  const label = opener?.textContent?.trim() || text.chat
  panel = make('div', { position: 'fixed', zIndex: '2147483647', overflow: 'hidden', boxShadow: '0 12px 40px rgba(0,0,0,.28)', display: 'block', margin: '0', padding: '0', border: '0' })
  panel.setAttribute('role', 'dialog')
  panel.setAttribute('aria-label', label)
  const close = make('button', {
    position: 'absolute', top: '12px', right: '12px', width: '36px', height: '36px', borderRadius: '50%', border: '0', margin: '0', padding: '0',
    background: 'rgba(20,20,20,.72)', color: '#fff', font: '22px/36px system-ui,sans-serif', textAlign: 'center', cursor: 'pointer', zIndex: '1',
  })
  close.type = 'button'
  close.textContent = '×'
  close.setAttribute('aria-label', text.close)
  close.title = text.close
  close.addEventListener('click', hide)
  frame = make('iframe', { width: '100%', height: '100%', border: '0', display: 'block', margin: '0', padding: '0' })
  frame.title = label
  frame.setAttribute('sandbox', frameSandbox)
  // The frame learns the host's origin (and no path) when a browser has no ancestorOrigins.
  frame.referrerPolicy = 'origin'
  frame.src = unseen ? `${frameUrl}&unseen=1` : frameUrl
  panel.append(close, frame)
  paint()
  panel.addEventListener('keydown', (event) => { if (event.key === 'Escape') hide() })
  // A page that is not on the brand's list of sites cannot show the frame: offer the full page.
  fallbackTimer = setTimeout(() => {
    fallback = make('a', { position: 'absolute', left: '16px', right: '60px', top: '16px', color: '#0b57d0', font: '15px/1.4 system-ui,sans-serif' })
    fallback.href = href
    fallback.target = '_blank'
    fallback.rel = 'noopener'
    fallback.textContent = text.fallback
    panel?.append(fallback)
  }, 8000)
  if (unseen) panel.style.display = 'none'
  document.body.append(panel)
}

/** The frame's address for a chat link on this page, or undefined for a link that is not one. */
function chatOf(link: HTMLAnchorElement): { brand: string; url: string } | undefined {
  let url: URL
  try {
    url = new URL(link.href)
  } catch {
    return undefined
  }
  const brand = url.searchParams.get('recipient_id')
  if (url.origin !== parloir || url.pathname !== composePath || !brand) return undefined
  const query = new URLSearchParams({ brand })
  for (const [from, to] of [['welcome_message_id', 'welcome'], ['ref', 'ref'], ['text', 'text']] as const) {
    const value = url.searchParams.get(from)
    if (value) query.set(to, value)
  }
  return { brand, url: `${parloir}${framePath}?${query}` }
}

function listen(): void {
  if (frame) return
  addEventListener('message', onMessage)
  narrow().addEventListener('change', layout)
  dark().addEventListener('change', paint)
}

function onClick(event: MouseEvent): void {
  // A new tab or window (modifier keys, another button) keeps the link's own behaviour.
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
  const link = event.target instanceof Element ? event.target.closest('a[data-parloir-chat]') : null
  if (!(link instanceof HTMLAnchorElement)) return
  const chat = chatOf(link)
  if (!chat) return
  event.preventDefault()
  opener = link
  if (!panel || chat.url !== frameUrl) {
    listen()
    frameUrl = chat.url
    frameBrand = chat.brand
    build(link.href)
  }
  show()
}

/**
 * A later visit of a visitor who has a conversation with the brand (the flag is set): the frame
 * is loaded at once, unseen, so the launcher can show the unread badge. A first-time visitor
 * has no flag, so nothing is fetched before the click.
 */
function returning(): void {
  for (const link of document.querySelectorAll('a[data-parloir-chat]')) {
    const chat = link instanceof HTMLAnchorElement ? chatOf(link) : undefined
    if (!chat || !remembered(chat.brand)) continue
    listen()
    frameUrl = chat.url
    frameBrand = chat.brand
    opener = link as HTMLAnchorElement
    build((link as HTMLAnchorElement).href, true)
    return
  }
}

/**
 * Identity verification: `data-user-id`, `data-user-ts` and `data-user-hash` on the script tag,
 * or `parloirWidget.identify({ userId, timestamp, signature })` (docs/api.md). Passed to the
 * frame only, at its exact origin, once it is ready.
 */
export function identify(signed: { userId: string; timestamp: number; signature: string }): void {
  identity = { parloir: 'identify', userId: String(signed.userId), timestamp: Number(signed.timestamp), signature: String(signed.signature) }
  post(identity)
}

if (parloir) {
  const data = (script as HTMLScriptElement | null)?.dataset
  if (data?.userId && data.userTs && data.userHash) identify({ userId: data.userId, timestamp: Number(data.userTs), signature: data.userHash })
  document.addEventListener('click', onClick)
  if (document.body) returning()
  else document.addEventListener('DOMContentLoaded', returning)
}
