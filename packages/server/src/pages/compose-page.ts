import type { Account, SupportStatus, WelcomeMessage } from '@parloir/protocol'
import { bubbleBody, ctaButtons, defaultSubmit, quickReplyButtons } from './bubbles.ts'
import { html, type SafeHtml } from './html.ts'
import { avatar, page, recipientHeader, topBar } from './layout.ts'
import { say, type Lang } from './text.ts'

/** Who would send, as the GET saw it from the cookies it may read (never set). */
export type ComposeSender =
  | { as: 'person'; account: Account; csrf: string }
  | { as: 'visitor'; accountId: string; sessionId: string; csrf: string }
  | null

export interface ComposeView {
  lang: Lang
  recipient: Account
  support: SupportStatus | null
  /** Now, for "back today at …" (the server's clock). */
  nowMs?: number
  /** The welcome message shown (the linked one, else the brand's default), or none. */
  welcome: WelcomeMessage | null
  sender: ComposeSender
  /** The form's values: prefilled from the link, or as typed when the form comes back with an error. */
  form: { text: string; displayName: string; email: string; ref: string | null; clientMessageId: string }
  error: string | null
  /** Where "Log in" leads and comes back from. */
  loginHref: string
  signupHref: string
}

export const COMPOSE_FORM_ID = 'compose'

function welcomeBubble(view: ComposeView, welcome: WelcomeMessage): SafeHtml {
  const { lang, recipient } = view
  const quick = welcome.quickReply
    ? quickReplyButtons(welcome.quickReply.options, COMPOSE_FORM_ID, say(lang, 'compose.quickRepliesLabel'))
    : null
  return html`<section class="pg-thread" aria-label="${say(lang, 'compose.welcomeLabel', { name: recipient.displayName })}">
<div class="pg-row pg-row--theirs">
<div class="pg-row-avatar">${avatar(recipient, 32)}</div>
<div class="pg-row-body">
<p class="pg-sender">${recipient.displayName}</p>
${bubbleBody(welcome)}
${ctaButtons(welcome.buttons)}
${quick}
</div>
</div>
</section>`
}

function senderFields(view: ComposeView): SafeHtml {
  const { lang, recipient, sender, form } = view
  if (sender?.as === 'person') {
    return html`<input type="hidden" name="as" value="person"><input type="hidden" name="csrf" value="${sender.csrf}">
<p class="pg-note">${say(lang, 'compose.sendingAs', { name: sender.account.displayName, handle: sender.account.handle })}</p>`
  }
  if (sender?.as === 'visitor') {
    return html`<input type="hidden" name="as" value="visitor"><input type="hidden" name="csrf" value="${sender.csrf}">
<p class="pg-note">${say(lang, 'compose.continuingAs')}</p>`
  }
  return html`<div class="pg-fields">
<div class="pg-field">
<label for="compose-name">${say(lang, 'compose.displayName')}</label>
<input id="compose-name" name="display_name" type="text" autocomplete="name" value="${form.displayName}" aria-describedby="compose-name-hint">
<p class="pg-hint" id="compose-name-hint">${say(lang, 'compose.displayName.hint', { name: recipient.displayName })}</p>
</div>
<div class="pg-field">
<label for="compose-email">${say(lang, 'compose.email')}</label>
<input id="compose-email" name="email" type="email" autocomplete="email" value="${form.email}" aria-describedby="compose-email-hint">
<p class="pg-hint" id="compose-email-hint">${say(lang, 'compose.email.hint', { name: recipient.displayName })}</p>
</div>
</div>`
}

function composer(view: ComposeView): SafeHtml {
  const { lang, recipient, form, welcome } = view
  const error = view.error ? html`<p class="pg-error" id="compose-error" role="alert">${view.error}</p>` : null
  return html`<form class="pg-composer" id="${COMPOSE_FORM_ID}" method="post" action="/messages/compose">
<input type="hidden" name="recipient_id" value="${recipient.id}">
${welcome ? html`<input type="hidden" name="welcome_message_id" value="${welcome.id}">` : null}
${form.ref ? html`<input type="hidden" name="ref" value="${form.ref}">` : null}
<input type="hidden" name="client_message_id" value="${form.clientMessageId}">
${error}
<label class="pg-label" for="compose-text">${say(lang, 'compose.text')}</label>
<textarea class="pg-textarea" id="compose-text" name="text" rows="4"${view.error ? html` aria-describedby="compose-error"` : null}>${form.text}</textarea>
${senderFields(view)}
<div class="pg-actions">
<button class="pg-send" type="submit">${say(lang, 'compose.send')}</button>
</div>
${view.sender ? null : html`<p class="pg-privacy">${say(lang, 'page.privacy')}</p>`}
</form>`
}

function needsAccount(view: ComposeView): SafeHtml {
  const { lang, recipient } = view
  return html`<div class="pg-composer pg-composer--closed">
${view.error ? html`<p class="pg-error" role="alert">${view.error}</p>` : null}
<p>${say(lang, 'compose.needsAccount', { name: recipient.displayName })}</p>
<div class="pg-actions">
<a class="pg-send" href="${view.loginHref}">${say(lang, 'compose.logIn')}</a>
<a class="pg-quiet" href="${view.signupHref}">${say(lang, 'compose.signUp')}</a>
</div>
</div>`
}

/**
 * The deep link's page: the recipient, the welcome message as the brand's first bubble, and a
 * form. No script: quick replies are submit buttons of that form, buttons are plain links.
 */
export function composePage(view: ComposeView): SafeHtml {
  const { lang, recipient } = view
  // Someone without an account can only write to a brand; a person needs to log in first.
  const canWrite = view.sender?.as === 'person' || recipient.kind === 'brand'
  const body = html`${topBar(lang)}
<main class="pg-main">
<article class="pg-card">
<header class="pg-card-head">${recipientHeader(lang, recipient, view.support, 'h1', view.nowMs)}</header>
${canWrite ? defaultSubmit(COMPOSE_FORM_ID, say(lang, 'compose.send')) : null}
${view.welcome && canWrite ? welcomeBubble(view, view.welcome) : null}
${canWrite ? composer(view) : needsAccount(view)}
</article>
</main>`
  return page(lang, say(lang, 'compose.title', { name: recipient.displayName }), body)
}
