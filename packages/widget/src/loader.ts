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
import { composePath, frameSandbox, framePath, type FrameToHost, type HostToFrame } from './bridge.ts'

type Style = Partial<Record<'position' | 'top' | 'right' | 'bottom' | 'left' | 'width' | 'height' | 'maxWidth' | 'maxHeight' | 'zIndex' | 'borderRadius' | 'overflow' | 'boxShadow' | 'background' | 'border' | 'display' | 'margin' | 'padding' | 'color' | 'font' | 'cursor' | 'lineHeight' | 'textAlign' | 'colorScheme', string>>

const fr = /^fr\b/i.test(navigator.language)
const text = fr
  ? { close: 'Fermer la discussion', chat: 'Discussion', fallback: 'La discussion ne s’ouvre pas ici : l’ouvrir dans un nouvel onglet' }
  : { close: 'Close the chat', chat: 'Chat', fallback: 'The chat cannot open here: open it in a new tab' }

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
/** Phones and narrow windows: the chat takes the whole screen. */
const narrow = () => matchMedia('(max-width: 480px)')

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

function show(): void {
  if (!panel) return
  panel.style.display = 'block'
  layout()
  frame?.focus()
  post({ parloir: 'focus' })
}

function hide(): void {
  if (!panel || panel.style.display === 'none') return
  panel.style.display = 'none'
  opener?.focus()
}

/** Only the frame this loader made, on the Parloir origin, is listened to. */
function onMessage(event: MessageEvent): void {
  if (event.origin !== parloir || !frame || event.source !== frame.contentWindow) return
  const data = event.data as FrameToHost | null
  if (data?.parloir === 'ready') {
    clearTimeout(fallbackTimer)
    fallback?.remove()
    post({ parloir: 'focus' })
  } else if (data?.parloir === 'close') {
    hide()
  }
}

function build(href: string): void {
  panel?.remove()
  clearTimeout(fallbackTimer)
  const label = opener?.textContent?.trim() || text.chat
  panel = make('div', { position: 'fixed', zIndex: '2147483647', overflow: 'hidden', background: '#fff', colorScheme: 'light', boxShadow: '0 12px 40px rgba(0,0,0,.28)', display: 'block', margin: '0', padding: '0', border: '0' })
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
  frame.src = frameUrl
  panel.append(close, frame)
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
  document.body.append(panel)
}

function onClick(event: MouseEvent): void {
  // A new tab or window (modifier keys, another button) keeps the link's own behaviour.
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
  const link = event.target instanceof Element ? event.target.closest('a[data-parloir-chat]') : null
  if (!(link instanceof HTMLAnchorElement)) return
  let url: URL
  try {
    url = new URL(link.href)
  } catch {
    return
  }
  const brand = url.searchParams.get('recipient_id')
  if (url.origin !== parloir || url.pathname !== composePath || !brand) return
  event.preventDefault()
  const query = new URLSearchParams({ brand })
  for (const [from, to] of [['welcome_message_id', 'welcome'], ['ref', 'ref'], ['text', 'text']] as const) {
    const value = url.searchParams.get(from)
    if (value) query.set(to, value)
  }
  opener = link
  const wanted = `${parloir}${framePath}?${query}`
  if (!panel || wanted !== frameUrl) {
    if (!frame) {
      addEventListener('message', onMessage)
      narrow().addEventListener('change', layout)
    }
    frameUrl = wanted
    build(link.href)
  }
  show()
}

if (parloir) document.addEventListener('click', onClick)
