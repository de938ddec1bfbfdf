import { safeWebHref, telHref, type Button, type Entities, type Media, type QuickReplyOption } from '@parloir/protocol'
import { html, join, richText, type SafeHtml } from './html.ts'

/** What a bubble shows, common to a welcome message and a message in a conversation. */
export interface BubbleContent {
  text: string
  entities: Pick<Entities, 'urls'>
  attachment: Media | null
}

const icons = {
  web: html`<svg class="pg-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false"><path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" d="M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5"/></svg>`,
  phone: html`<svg class="pg-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false"><path fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" d="M5 3h4l2 5-2.5 1.5a11 11 0 0 0 6 6L16 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 5a2 2 0 0 1 2-2z"/></svg>`,
  chat: html`<svg class="pg-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false"><path fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" d="M4 5h16v11H9l-5 4z"/></svg>`,
}

/** Only a path on this origin: media is always served by this server. */
const isLocalPath = (url: string) => /^\/(?![/\\])/.test(url)

function attachmentOf(media: Media): SafeHtml | null {
  if (!isLocalPath(media.url)) return null
  const size = media.width && media.height ? html` width="${media.width}" height="${media.height}"` : null
  if (media.kind === 'image') return html`<img class="pg-media" src="${media.url}" alt=""${size}>`
  if (media.kind === 'gif' || media.kind === 'video') {
    const loop = media.kind === 'gif' ? html` loop muted` : null
    return html`<video class="pg-media" src="${media.url}" controls playsinline preload="metadata"${loop}${size}></video>`
  }
  return html`<a class="pg-file" href="${media.url}" download>${media.fileName}</a>`
}

/** The inside of a bubble: its picture or file, then its text with safe links. */
export function bubbleBody(content: BubbleContent): SafeHtml {
  const media = content.attachment ? attachmentOf(content.attachment) : null
  const text = content.text === '' ? null : html`<p class="pg-text">${richText(content.text, content.entities)}</p>`
  return html`<div class="pg-bubble${media ? ' pg-bubble--media' : ''}">${media}${text}</div>`
}

/**
 * A message's buttons: a web page opens in a new tab that cannot reach back to this one, a phone
 * number is a `tel:` link, a conversation button opens the compose page of that account. A web
 * button whose address is not http(s) is left out rather than shown broken.
 */
export function ctaButtons(buttons: readonly Button[]): SafeHtml | null {
  const links = buttons.flatMap((button) => {
    if (button.type === 'web_url') {
      const href = safeWebHref(button.url)
      return href ? [html`<a class="pg-cta-button" href="${href}" target="_blank" rel="noopener noreferrer">${icons.web}<span>${button.label}</span></a>`] : []
    }
    if (button.type === 'phone_number') {
      const href = telHref(button.phoneNumber)
      return href ? [html`<a class="pg-cta-button" href="${href}">${icons.phone}<span>${button.label}</span></a>`] : []
    }
    return [html`<a class="pg-cta-button" href="/messages/compose?recipient_id=${encodeURIComponent(button.accountId)}">${icons.chat}<span>${button.label}</span></a>`]
  })
  return links.length === 0 ? null : html`<div class="pg-cta">${links}</div>`
}

/** The value a quick-reply option sends back: its metadata, or its label when it has none (as core checks). */
export const optionValue = (option: QuickReplyOption) => option.metadata ?? option.label

/**
 * Quick-reply options as submit buttons of the form named `formId`: pressing one sends the form
 * with `quick_reply` set to the option's metadata.
 */
export function quickReplyButtons(options: readonly QuickReplyOption[], formId: string, label: string): SafeHtml {
  return html`<div class="pg-quick" role="group" aria-label="${label}">${join(options.map((option) => html`<button class="pg-quick-option" type="submit" form="${formId}" name="quick_reply" value="${optionValue(option)}"><span class="pg-quick-label">${option.label}</span>${option.description ? html`<span class="pg-quick-description">${option.description}</span>` : null}</button>`))}</div>`
}

/**
 * Pressing Enter in a field submits the form with its first submit button in document order. The
 * quick replies come before the form (under the message they answer), so an invisible Send goes
 * before them: Enter sends the message, it never picks a choice.
 */
export function defaultSubmit(formId: string, label: string): SafeHtml {
  return html`<button class="pg-default-submit" type="submit" form="${formId}" tabindex="-1" aria-hidden="true">${label}</button>`
}
