import { safeWebHref, webLinkRel, type Account, type CollectionItem, type CollectionView } from '@parloir/protocol'
import { html, join, type SafeHtml } from './html.ts'
import { avatar, page, topBar } from './layout.ts'
import { say, type Lang } from './text.ts'

/**
 * A collection for anyone with its link: no account, no script, no cookie, nothing loaded from
 * another site (a link's picture was fetched once and is served from here). Everything the
 * curator, contributors and the linked pages wrote is text, escaped by `html`; a link is a link
 * only when it is http or https.
 */
export interface CollectionPageView {
  lang: Lang
  view: CollectionView
  /** This server's origin, for the absolute URLs link previews need (og:url, og:image). */
  origin: string
}

const fileSize = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`)

function hiddenNote(lang: Lang, reason: string | null): SafeHtml {
  return html`<p class="pg-hidden">${say(lang, 'collection.hidden', { reason: reason ?? say(lang, 'collection.hiddenNoReason') })}</p>`
}

function itemBody(lang: Lang, item: CollectionItem): SafeHtml {
  if (item.hiddenAt !== null) return hiddenNote(lang, item.hiddenReason)
  const caption = item.title ? html`<figcaption class="pg-caption">${item.title}</figcaption>` : null
  if (item.kind === 'image' && item.media) {
    const src = item.media.thumbnailUrl ?? item.media.url
    return html`<figure class="pg-figure"><a href="${item.media.url}"><img class="pg-collection-image" src="${src}" alt="${item.title ?? ''}"${item.media.width && item.media.height ? html` width="${item.media.width}" height="${item.media.height}"` : null} loading="lazy"></a>${caption}</figure>`
  }
  if (item.kind === 'file' && item.media) {
    return html`<figure class="pg-figure"><a class="pg-file" href="${item.media.url}" download="${item.media.fileName}">${item.media.fileName} <span class="pg-file-size">${fileSize(item.media.sizeBytes)}</span></a>${caption}</figure>`
  }
  if (item.kind === 'link') {
    const href = item.url ? safeWebHref(item.url) : null
    const picture = item.media ? html`<img class="pg-link-image" src="${item.media.thumbnailUrl ?? item.media.url}" alt="" loading="lazy">` : null
    const words = html`<span class="pg-link-site">${item.siteName ?? ''}</span><span class="pg-link-title">${item.title ?? item.url ?? ''}</span>${item.text ? html`<span class="pg-link-description">${item.text}</span>` : null}`
    return href
      ? html`<a class="pg-link" href="${href}" rel="${webLinkRel}" target="_blank">${picture}<span class="pg-link-words">${words}</span></a>`
      : html`<div class="pg-link">${picture}<span class="pg-link-words">${words}</span></div>`
  }
  return html`${item.title ? html`<h3 class="pg-item-title">${item.title}</h3>` : null}<p class="pg-text">${item.text ?? ''}</p>`
}

function itemRow(lang: Lang, item: CollectionItem, curatorId: string, accounts: ReadonlyMap<string, Account>): SafeHtml {
  const author = accounts.get(item.authorId)
  const by = item.authorId !== curatorId && author ? html`<p class="pg-added-by">${say(lang, 'collection.addedBy', { name: author.displayName })}</p>` : null
  return html`<li class="pg-item pg-item--${item.kind}" id="item-${item.id}">${itemBody(lang, item)}${by}</li>`
}

function itemList(lang: Lang, items: CollectionItem[], curatorId: string, accounts: ReadonlyMap<string, Account>): SafeHtml | null {
  if (items.length === 0) return null
  return html`<ul class="pg-items">${join(items.map((item) => itemRow(lang, item, curatorId, accounts)))}</ul>`
}

/** Tags for link previews: title, description, this page, and the first picture, all on this server. */
function openGraph(view: CollectionView, origin: string, lang: Lang): SafeHtml {
  const c = view.collection
  const hidden = c.hiddenAt !== null
  const picture = hidden ? undefined : view.items.find((i) => i.kind === 'image' && i.hiddenAt === null && i.media)?.media ?? undefined
  const description = hidden ? say(lang, 'collection.hidden', { reason: c.hiddenReason ?? say(lang, 'collection.hiddenNoReason') }) : c.description
  return html`<meta property="og:type" content="website">
<meta property="og:site_name" content="Parloir">
<meta property="og:title" content="${c.title}">
${description ? html`<meta property="og:description" content="${description}">\n<meta name="description" content="${description}">` : null}
<meta property="og:url" content="${origin}${c.publicUrl}">
<link rel="canonical" href="${origin}${c.publicUrl}">
${picture ? html`<meta property="og:image" content="${origin}${picture.url}">` : null}
<meta name="twitter:card" content="${picture ? 'summary_large_image' : 'summary'}">`
}

export function collectionPage({ lang, view, origin }: CollectionPageView): SafeHtml {
  const c = view.collection
  const accounts = new Map(view.accounts.map((a) => [a.id, a]))
  const curator = accounts.get(c.curatorId)
  const published = view.items.filter((i) => i.status === 'published')
  const sections = view.sections.map((section) => {
    const items = published.filter((i) => i.sectionId === section.id)
    return html`<section class="pg-section" aria-labelledby="section-${section.id}">
<h2 class="pg-section-title" id="section-${section.id}">${section.title}</h2>
${itemList(lang, items, c.curatorId, accounts) ?? html`<p class="pg-note">${say(lang, 'collection.emptySection')}</p>`}
</section>`
  })
  const top = itemList(lang, published.filter((i) => i.sectionId === null), c.curatorId, accounts)
  const content = c.hiddenAt !== null
    ? hiddenNote(lang, c.hiddenReason)
    : published.length === 0 && view.sections.length === 0
      ? html`<p class="pg-note">${say(lang, 'collection.empty')}</p>`
      : html`${top}${join(sections)}`
  const body = html`${topBar(lang)}
<main class="pg-main">
<article class="pg-card pg-collection">
<header class="pg-card-head">
<p class="pg-kicker">${say(lang, 'collection.kicker')}</p>
<h1 class="pg-title">${c.title}</h1>
${c.description && c.hiddenAt === null ? html`<p class="pg-description">${c.description}</p>` : null}
${curator ? html`<p class="pg-curator">${avatar(curator, 32)}<span>${say(lang, 'collection.curatedBy', { name: curator.displayName })}${curator.handle ? html` <span class="pg-handle-inline">@${curator.handle}</span>` : null}</span></p>` : null}
</header>
<div class="pg-collection-body">
${content}
</div>
<p class="pg-privacy">${say(lang, 'collection.footer')} <a href="/collections/${c.id}/edit">${say(lang, c.contributionMode === 'open' ? 'collection.contributeOpen' : 'collection.contributeApproval')}</a></p>
</article>
</main>`
  return page(lang, c.title, body, { indexable: c.indexable && c.hiddenAt === null, extra: openGraph(view, origin, lang) })
}
