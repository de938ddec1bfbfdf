import type { Discussion, DiscussionPost } from '@parloir/protocol'
import { html, join, richText, type SafeHtml } from './html.ts'
import { avatar, page, topBar } from './layout.ts'
import { say, type Lang } from './text.ts'

export interface DiscussionView {
  lang: Lang
  discussion: Discussion
  /** This page's posts, in order. */
  posts: DiscussionPost[]
  /** 1-based; `pages` is at least 1. */
  page: number
  pages: number
  pageSize: number
  /** This server's origin, for the absolute address link previews want. */
  origin: string
  /** The start of the first post, for link previews; empty when there is none to show. */
  summary: string
}

const formats = new Map<Lang, Intl.DateTimeFormat>()
/** Times already written, by language and minute: a page of 50 posts asked again and again formats each once (Intl is slow). */
const written = new Map<string, string>()
const WRITTEN_MAX = 10_000
/** A time without script: the reader's zone is unknown, so UTC, said so. */
function when(lang: Lang, at: string): string {
  const key = `${lang}${at.slice(0, 16)}`
  const known = written.get(key)
  if (known !== undefined) return known
  let format = formats.get(lang)
  if (!format) formats.set(lang, (format = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })))
  const text = `${format.format(new Date(at))} UTC`
  if (written.size >= WRITTEN_MAX) written.clear()
  written.set(key, text)
  return text
}

const pageHref = (view: DiscussionView, n: number) => `${view.discussion.path}${n === 1 ? '' : `?page=${n}`}`

/** Where post `seq` is: an anchor on this page, or on the page that holds it. */
function postHref(view: DiscussionView, seq: number): string {
  const on = Math.ceil(seq / view.pageSize)
  return on === view.page ? `#p${seq}` : `${pageHref(view, on)}#p${seq}`
}

function attachment(lang: Lang, post: DiscussionPost): SafeHtml | null {
  const media = post.attachment
  if (!media) return null
  if (media.kind === 'image' || media.kind === 'gif') {
    return html`<a class="pg-post-media" href="${media.url}"><img src="${media.thumbnailUrl ?? media.url}" alt="${media.fileName}" loading="lazy"${media.width && media.height ? html` width="${media.width}" height="${media.height}"` : null}></a>`
  }
  return html`<a class="pg-post-media" href="${media.url}">${say(lang, 'discussion.attachment', { name: media.fileName })}</a>`
}

function quote(view: DiscussionView, post: DiscussionPost): SafeHtml | null {
  const q = post.quote
  if (!q) return null
  const { lang } = view
  return html`<blockquote class="pg-quote">
<a href="${postHref(view, q.seq)}">${say(lang, 'discussion.quoting', { name: q.author.displayName, seq: q.seq })}</a>
${q.hidden ? html`<p>${say(lang, 'discussion.quoteHidden')}</p>` : html`<p>${q.excerpt}</p>`}
</blockquote>`
}

function postRow(view: DiscussionView, post: DiscussionPost): SafeHtml {
  const { lang } = view
  const body = post.hidden
    ? html`<p class="pg-post-hidden">${say(lang, 'discussion.hidden', { reason: post.hidden.reason })}</p>`
    : html`${quote(view, post)}<p class="pg-post-text">${richText(post.text, post.entities)}</p>${attachment(lang, post)}`
  return html`<li class="pg-post" id="p${post.seq}">
${avatar(post.author, 32)}
<div class="pg-post-body">
<p class="pg-post-head"><span class="pg-post-author">${post.author.displayName}</span><span class="pg-post-handle">@${post.author.handle}</span><time class="pg-post-time" datetime="${post.createdAt}">${when(lang, post.createdAt)}</time><a class="pg-post-number" href="#p${post.seq}" aria-label="${say(lang, 'discussion.postNumber', { seq: post.seq })}">#${post.seq}</a></p>
${body}
</div>
</li>`
}

function pager(view: DiscussionView): SafeHtml | null {
  if (view.pages <= 1) return null
  const { lang } = view
  return html`<nav class="pg-pager" aria-label="${say(lang, 'discussion.pages')}">
${view.page > 1 ? html`<a class="pg-quiet" rel="prev" href="${pageHref(view, view.page - 1)}">${say(lang, 'discussion.earlier')}</a>` : html`<span></span>`}
<span class="pg-pager-now">${say(lang, 'discussion.page', { page: view.page, pages: view.pages })}</span>
${view.page < view.pages ? html`<a class="pg-quiet" rel="next" href="${pageHref(view, view.page + 1)}">${say(lang, 'discussion.later')}</a>` : html`<span></span>`}
</nav>`
}

/** Open Graph and Twitter card tags, for the previews other apps draw of a shared link. */
function previewTags(view: DiscussionView): SafeHtml {
  const { discussion } = view
  const url = `${view.origin}${pageHref(view, view.page)}`
  return html`<meta property="og:type" content="article">
<meta property="og:site_name" content="Parloir">
<meta property="og:title" content="${discussion.title}">
<meta property="og:description" content="${view.summary}">
<meta property="og:url" content="${url}">
<meta name="twitter:card" content="summary">
<meta name="description" content="${view.summary}">
<link rel="canonical" href="${url}">`
}

/**
 * A public discussion, read without an account and without script: its title, who started it,
 * whether it is closed and why, one page of posts (quotes link to the post they quote), and the
 * way to take part in the app. The page sets no cookie and loads only this server's stylesheet
 * and the posts' own media.
 */
export function discussionPage(view: DiscussionView): SafeHtml {
  const { lang, discussion } = view
  const starter = discussion.starter
  const closed = discussion.status === 'closed'
    ? html`<div class="pg-closed" role="status"><strong>${say(lang, 'discussion.closed', { reason: discussion.closedReason ?? '' })}</strong>${say(lang, 'discussion.closedNote')}</div>`
    : null
  const body = html`${topBar(lang)}
<main class="pg-main">
<article class="pg-card pg-card--discussion">
<header class="pg-card-head">
<h1 class="pg-discussion-title">${discussion.title}</h1>
<p class="pg-discussion-meta">${say(lang, 'discussion.startedBy', { name: starter.displayName, handle: starter.handle })} · <time datetime="${discussion.createdAt}">${when(lang, discussion.createdAt)}</time></p>
<p class="pg-discussion-meta">${say(lang, 'discussion.participants', { count: discussion.participantCount })} · ${say(lang, 'discussion.posts', { count: discussion.postCount })}</p>
${closed}
</header>
${view.posts.length === 0 ? html`<p class="pg-pager">${say(lang, 'discussion.noPosts')}</p>` : html`<ol class="pg-posts">${join(view.posts.map((post) => postRow(view, post)))}</ol>`}
${pager(view)}
<footer class="pg-discussion-foot">
<a class="pg-send" href="/discussions/${discussion.id}">${say(lang, 'discussion.takePart')}</a>
<p class="pg-privacy">${say(lang, 'discussion.privacy')}</p>
</footer>
</article>
</main>`
  return page(lang, discussion.title, body, { indexable: discussion.indexable, extra: previewTags(view) })
}
