import type { Account } from '@parloir/protocol'
import { html, join, type SafeHtml } from './html.ts'
import { page, recipientHeader, topBar } from './layout.ts'
import { say, type Lang } from './text.ts'

export interface ContinueView {
  lang: Lang
  /** The link's token, posted back by the button (never put in another URL). */
  token: string
  brand: Account
}

/**
 * The page the email's link opens: one button that uses the link. Opening it uses nothing and
 * sets nothing, so a mail client's link scanner that fetches it leaves the link working.
 */
export function continuePage(view: ContinueView): SafeHtml {
  const { lang, brand } = view
  const body = html`${topBar(lang)}
<main class="pg-main">
<article class="pg-card">
<header class="pg-card-head">${recipientHeader(lang, brand, null)}</header>
<form class="pg-composer" method="post" action="/messages/continue">
<h2 class="pg-subheading">${say(lang, 'continue.heading', { name: brand.displayName })}</h2>
<p>${say(lang, 'continue.body')}</p>
<input type="hidden" name="token" value="${view.token}">
<div class="pg-actions">
<button class="pg-send" type="submit">${say(lang, 'continue.button')}</button>
</div>
<p class="pg-privacy">${say(lang, 'continue.privacy')}</p>
</form>
</article>
</main>`
  return page(lang, say(lang, 'continue.title', { name: brand.displayName }), body)
}

export interface AccountFormView {
  lang: Lang
  conversationId: string
  brand: Account
  csrf: string
  form: { handle: string; displayName: string }
  /** One sentence per field that is not right, all at once. */
  errors: Partial<Record<'handle' | 'display_name' | 'password' | 'form', string>>
}

function field(view: AccountFormView, name: 'handle' | 'display_name' | 'password', input: { type: string; autocomplete: string; value: string; label: string; hint: string }): SafeHtml {
  const error = view.errors[name]
  const id = `account-${name}`
  const described = error ? `${id}-error ${id}-hint` : `${id}-hint`
  return html`<div class="pg-field">
<label for="${id}">${input.label}</label>
${error ? html`<p class="pg-error" id="${id}-error">${error}</p>` : null}
<input id="${id}" name="${name}" type="${input.type}" autocomplete="${input.autocomplete}" value="${input.value}" required aria-describedby="${described}"${error ? html` aria-invalid="true"` : null}>
<p class="pg-hint" id="${id}-hint">${input.hint}</p>
</div>`
}

/** "Create an account to keep this conversation": a handle, a name and a password, as at sign-up. */
export function accountFormPage(view: AccountFormView): SafeHtml {
  const { lang, brand, conversationId } = view
  const problems = Object.values(view.errors).length
  const body = html`${topBar(lang)}
<main class="pg-main">
<article class="pg-card">
<header class="pg-card-head">${recipientHeader(lang, brand, null)}</header>
<form class="pg-composer" method="post" action="/messages/visitor/${conversationId}/account">
<h2 class="pg-subheading">${say(lang, 'account.heading')}</h2>
<p>${say(lang, 'account.body', { name: brand.displayName })}</p>
${problems > 0 ? html`<p class="pg-error" role="alert">${view.errors.form ?? say(lang, 'account.fix', { count: problems })}</p>` : null}
<input type="hidden" name="csrf" value="${view.csrf}">
<div class="pg-fields pg-fields--stacked">
${join([
    field(view, 'handle', { type: 'text', autocomplete: 'username', value: view.form.handle, label: say(lang, 'account.handle'), hint: say(lang, 'account.handle.hint') }),
    field(view, 'display_name', { type: 'text', autocomplete: 'name', value: view.form.displayName, label: say(lang, 'account.displayName'), hint: say(lang, 'account.displayName.hint', { name: brand.displayName }) }),
    field(view, 'password', { type: 'password', autocomplete: 'new-password', value: '', label: say(lang, 'account.password'), hint: say(lang, 'account.password.hint') }),
  ])}
</div>
<div class="pg-actions">
<button class="pg-send" type="submit">${say(lang, 'account.submit')}</button>
<a class="pg-quiet" href="/messages/visitor/${conversationId}#latest">${say(lang, 'account.back')}</a>
</div>
<p class="pg-privacy">${say(lang, 'account.privacy')}</p>
</form>
</article>
</main>`
  return page(lang, say(lang, 'account.heading'), body)
}
