import { html, join, type SafeHtml } from './html.ts'
import { page, topBar } from './layout.ts'
import { say, type Lang } from './text.ts'

export interface ErrorView {
  lang: Lang
  title: string
  /** Paragraphs, as text. */
  lines: string[]
  /** Ways on: the first is the main one. */
  links: Array<{ href: string; label: string }>
}

/** A page that says plainly what went wrong and where to go, in place of an error code. */
export function errorPage(view: ErrorView): SafeHtml {
  const { lang } = view
  const links = view.links.length === 0 ? [{ href: '/', label: say(lang, 'page.home') }] : view.links
  const body = html`${topBar(lang)}
<main class="pg-main">
<article class="pg-card pg-card--message">
<h1 class="pg-title">${view.title}</h1>
${join(view.lines.map((line) => html`<p>${line}</p>`))}
<div class="pg-actions">${join(links.map((link, i) => html`<a class="${i === 0 ? 'pg-send' : 'pg-quiet'}" href="${link.href}">${link.label}</a>`))}</div>
</article>
</main>`
  return page(lang, view.title, body)
}
