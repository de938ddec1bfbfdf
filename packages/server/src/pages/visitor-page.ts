import type { Account, Message, SupportStatus } from '@parloir/protocol'
import { bubbleBody, ctaButtons, defaultSubmit, quickReplyButtons } from './bubbles.ts'
import { html, join, type SafeHtml } from './html.ts'
import { avatar, page, recipientHeader, topBar } from './layout.ts'
import { say, type Lang } from './text.ts'

export interface VisitorView {
  lang: Lang
  conversationId: string
  /** The other side of the conversation: the brand. */
  brand: Account
  support: SupportStatus | null
  /** Now, for "back today at …" (the server's clock). */
  nowMs?: number
  me: { accountId: string; email: string | null }
  /** Oldest first. */
  messages: Message[]
  /** A link to the page of older messages, when there are some. */
  earlierHref: string | null
  csrf: string
  clientMessageId: string
  /** A fresh value for "Check for answers", so the link always differs from this page's address and reloads it. */
  checkToken: string
  reply: { text: string; error: string | null }
  email: { value: string; error: string | null }
}

export const REPLY_FORM_ID = 'reply'

/** "Chose “Returns”" under my answer, when its text is not the option's label. */
function choiceNote(view: VisitorView, message: Message): SafeHtml | null {
  const response = message.quickReplyResponse
  if (!response) return null
  const asked = view.messages.find((m) => m.id === response.messageId)
  const option = asked?.quickReply?.options.find((o) => (o.metadata ?? o.label) === response.metadata)
  if (!option || option.label === message.text) return null
  return html`<p class="pg-choice">${say(view.lang, 'visitor.choseLabel', { label: option.label })}</p>`
}

/** A system line the visitor reads: the brand blocked or unblocked them (with the reason it gave), or its text. */
function systemLine(view: VisitorView, message: Message): string {
  const action = message.system?.action
  if (action === 'account.blocked') return say(view.lang, 'visitor.blocked', { brand: view.brand.displayName, reason: message.text })
  if (action === 'account.unblocked') return say(view.lang, 'visitor.unblocked', { brand: view.brand.displayName, reason: message.text })
  return message.text
}

function messageRow(view: VisitorView, message: Message, previous: Message | undefined, isLast: boolean): SafeHtml {
  const { lang } = view
  const anchor = isLast ? html` id="latest"` : null
  if (message.kind === 'system') return html`<p class="pg-system"${anchor}>${systemLine(view, message)}</p>`
  const mine = message.senderId === view.me.accountId
  const who = message.customProfile
    ? { id: message.customProfile.id, handle: message.customProfile.id, displayName: message.customProfile.name, avatarUrl: message.customProfile.avatarUrl, kind: 'brand' as const }
    : view.brand
  const sameRun = previous !== undefined && previous.kind !== 'system' && previous.senderId === message.senderId &&
    (previous.customProfile?.id ?? null) === (message.customProfile?.id ?? null) && (previous.automation === null) === (message.automation === null)
  const header = mine || sameRun ? null : html`<p class="pg-sender">${who.displayName}${message.automation ? html` <span class="pg-auto">· ${say(lang, 'visitor.automatic')}</span>` : null}</p>`
  const body = message.unsentAt
    ? html`<div class="pg-bubble pg-bubble--unsent">${say(lang, 'visitor.unsent')}</div>`
    : bubbleBody(message)
  const quick = !mine && isLast && message.quickReply && !message.unsentAt
    ? quickReplyButtons(message.quickReply.options, REPLY_FORM_ID, say(lang, 'compose.quickRepliesLabel'))
    : null
  const side = mine ? 'pg-row--mine' : 'pg-row--theirs'
  return html`<li class="pg-row ${side}${sameRun ? '' : ' pg-row--start'}"${anchor}>
${mine ? null : html`<div class="pg-row-avatar">${sameRun ? null : avatar(who, 32)}</div>`}
<div class="pg-row-body">
${header}${mine ? html`<span class="visually-hidden">${say(lang, 'visitor.you')}: </span>` : null}
${body}
${message.unsentAt ? null : ctaButtons(message.buttons)}
${mine ? choiceNote(view, message) : null}
${quick}
</div>
</li>`
}

function replyForm(view: VisitorView): SafeHtml {
  const { lang, conversationId } = view
  const last = view.messages[view.messages.length - 1]
  const asks = last && last.senderId !== view.me.accountId && last.quickReply && !last.unsentAt ? last : null
  const error = view.reply.error ? html`<p class="pg-error" id="reply-error" role="alert">${view.reply.error}</p>` : null
  return html`<form class="pg-composer" id="${REPLY_FORM_ID}" method="post" action="/messages/visitor/${conversationId}">
<input type="hidden" name="csrf" value="${view.csrf}">
<input type="hidden" name="client_message_id" value="${view.clientMessageId}">
${asks ? html`<input type="hidden" name="quick_reply_message_id" value="${asks.id}">` : null}
${error}
<label class="pg-label" for="reply-text">${say(lang, 'visitor.reply')}</label>
<textarea class="pg-textarea" id="reply-text" name="text" rows="3"${view.reply.error ? html` aria-describedby="reply-error"` : null}>${view.reply.text}</textarea>
<div class="pg-actions">
<button class="pg-send" type="submit">${say(lang, 'visitor.send')}</button>
<a class="pg-quiet" href="/messages/visitor/${conversationId}?check=${view.checkToken}#latest">${say(lang, 'visitor.check')}</a>
</div>
</form>`
}

function emailForm(view: VisitorView): SafeHtml {
  const { lang, conversationId, brand } = view
  const action = `/messages/visitor/${conversationId}/email`
  const saved = view.me.email
  const error = view.email.error ? html`<p class="pg-error" id="email-error" role="alert">${view.email.error}</p>` : null
  if (saved && !view.email.error) {
    return html`<section class="pg-email" aria-labelledby="email-heading">
<h2 class="pg-subheading" id="email-heading">${say(lang, 'visitor.emailHeading')}</h2>
<form method="post" action="${action}" class="pg-email-saved">
<input type="hidden" name="csrf" value="${view.csrf}">
<p>${say(lang, 'visitor.emailSaved', { email: saved, name: brand.displayName })}</p>
<button class="pg-quiet" type="submit" name="stop" value="1">${say(lang, 'visitor.emailStop')}</button>
</form>
</section>`
  }
  return html`<section class="pg-email" aria-labelledby="email-heading">
<h2 class="pg-subheading" id="email-heading">${say(lang, 'visitor.emailHeading')}</h2>
<form method="post" action="${action}">
<input type="hidden" name="csrf" value="${view.csrf}">
${error}
<label class="pg-label" for="email-input">${say(lang, 'visitor.emailLabel')}</label>
<div class="pg-inline">
<input class="pg-input" id="email-input" name="email" type="email" autocomplete="email" required value="${view.email.value}" aria-describedby="email-hint${view.email.error ? ' email-error' : ''}">
<button class="pg-quiet" type="submit">${say(lang, 'visitor.emailSave')}</button>
</div>
<p class="pg-hint" id="email-hint">${say(lang, 'visitor.emailHint')}</p>
</form>
</section>`
}

/** The way to keep the conversation in an account (accountFormPage). */
function keepSection(view: VisitorView): SafeHtml {
  const { lang, conversationId } = view
  return html`<section class="pg-email" aria-labelledby="keep-heading">
<h2 class="pg-subheading" id="keep-heading">${say(lang, 'visitor.keepHeading')}</h2>
<p>${say(lang, 'visitor.keepBody')}</p>
<a class="pg-quiet" href="/messages/visitor/${conversationId}/account">${say(lang, 'visitor.keepLink')}</a>
</section>`
}

/** A visitor's conversation with a brand, without script: read, answer, ask to be told of answers, keep it in an account. */
export function visitorPage(view: VisitorView): SafeHtml {
  const { lang, brand, messages } = view
  const rows = messages.map((message, i) => messageRow(view, message, messages[i - 1], i === messages.length - 1))
  const body = html`${topBar(lang)}
<main class="pg-main">
<article class="pg-card">
<header class="pg-card-head">${recipientHeader(lang, brand, view.support, 'h1', view.nowMs)}</header>
${defaultSubmit(REPLY_FORM_ID, say(lang, 'visitor.send'))}
<section class="pg-thread" aria-label="${say(lang, 'visitor.title', { name: brand.displayName })}">
${view.earlierHref ? html`<p class="pg-earlier"><a href="${view.earlierHref}">${say(lang, 'visitor.earlier')}</a></p>` : null}
${rows.length === 0 ? html`<p class="pg-system" id="latest">${say(lang, 'visitor.noMessages')}</p>` : html`<ol class="pg-messages">${join(rows)}</ol>`}
</section>
${replyForm(view)}
${emailForm(view)}
${keepSection(view)}
<p class="pg-privacy">${say(lang, 'page.privacy.visitor')}</p>
</article>
</main>`
  return page(lang, say(lang, 'visitor.title', { name: brand.displayName }), body)
}
