/**
 * The chat frame, served at /widget/frame on the Parloir origin and opened by the loader in
 * a sandboxed iframe (or as a page of its own). Its state stays in this origin; it speaks to
 * the embedding page only through postMessage at that page's exact origin.
 */
import './styles.css'
import { Chat } from './chat.ts'
import { h, fill } from './dom.ts'
import { listenToHost, parentOrigin, tellHost } from './parent.ts'
import { languageOf, translator } from './text.ts'

const language = languageOf(navigator.languages.length > 0 ? navigator.languages : [navigator.language])
const t = translator(language)
document.documentElement.lang = language

const params = new URLSearchParams(location.search)
// The server resolved `brand` (an id or a handle) to the brand's id.
const brandId = document.querySelector<HTMLMetaElement>('meta[name="parloir-brand"]')?.content || params.get('brand') || ''
const optional = (name: string) => params.get(name) || undefined
const host = parentOrigin()
// The loader loads the frame unseen, for the launcher's badge, on a later visit to the site.
const unseen = params.get('unseen') === '1'
const root = document.getElementById('app') ?? document.body

const chat = new Chat({
  root, brandId, language, t,
  welcomeMessageId: optional('welcome'),
  ref: optional('ref'),
  prefill: optional('text'),
  // Parloir's own pages (the console's preview) are no "site" of the brand.
  site: host === location.origin ? undefined : host,
  shown: host === undefined || !unseen,
  onUnread: (conversation, count) => tellHost(host, { parloir: 'unread', conversation, count }),
})

document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') tellHost(host, { parloir: 'close' })
})
listenToHost(host, (message) => {
  if (message.parloir === 'focus') {
    chat.setShown(true)
    chat.focus()
  } else if (message.parloir === 'hidden') {
    chat.setShown(false)
  } else {
    chat.identify({ userId: message.userId, timestamp: message.timestamp, signature: message.signature }).catch((error: unknown) => console.error('identity verification failed', error))
  }
})

function unavailable(): void {
  fill(root, h('div', { class: 'unavailable', role: 'alert' },
    h('h1', {}, t('frame.unavailable')),
    h('p', {}, t('frame.unavailable.hint')),
  ))
}

function failed(): void {
  fill(root, h('div', { class: 'unavailable', role: 'alert' },
    h('h1', {}, t('error.network')),
    h('button', { type: 'button', class: 'unavailable__retry', onclick: () => location.reload() }, t('frame.retry')),
  ))
}

chat.start().then((result) => {
  if (result === 'unavailable') unavailable()
  tellHost(host, { parloir: 'ready' })
  if (result === 'ready' && (host === undefined || document.hasFocus())) chat.focus()
}, (error: unknown) => {
  console.error('The chat could not start', error)
  failed()
  tellHost(host, { parloir: 'ready' })
})
