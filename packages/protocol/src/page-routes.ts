/**
 * The server-rendered pages and the forms they post, declared once: the server registers each
 * from here by name, and the fields a handler reads are typed from these lists, so a page's
 * method, url and fields are written in one place.
 *
 * Pages work with JavaScript off and answer HTML, errors included, so nothing here is validated
 * by schema: the handlers read each field by hand (a repeated one is an error of its own) and
 * the routes stay out of the OpenAPI document.
 */
export interface PageRouteDef {
  method: 'GET' | 'POST'
  /** The path as Fastify registers it. */
  url: string
  summary: string
  /** Query parameters the page reads. */
  query?: readonly string[]
  /** Fields of the url-encoded form a POST reads. */
  form?: readonly string[]
}

const def = <const R extends PageRouteDef>(route: R): R => route

export const pageRoutes = {
  // routes/compose.ts: the deep link anyone can open, and the visitor's conversation.
  composePage: def({
    method: 'GET', url: '/messages/compose', summary: 'The deep link: a form to write to a person or brand, filled from the link',
    query: ['recipient_id', 'screen_name', 'text', 'welcome_message_id', 'ref'],
  }),
  composeSend: def({
    method: 'POST', url: '/messages/compose', summary: 'Send the compose form: as the person or visitor this browser is, or as a new visitor',
    form: ['recipient_id', 'welcome_message_id', 'ref', 'client_message_id', 'text', 'display_name', 'email', 'quick_reply', 'as', 'csrf'],
  }),
  visitorPage: def({
    method: 'GET', url: '/messages/visitor/:conversationId', summary: 'A visitor\'s conversation with a brand, newest last',
    query: ['before', 'text'],
  }),
  visitorReply: def({
    method: 'POST', url: '/messages/visitor/:conversationId', summary: 'A visitor\'s reply, typed or a quick-reply choice',
    query: ['before'], form: ['csrf', 'text', 'quick_reply', 'quick_reply_message_id', 'client_message_id'],
  }),
  visitorEmail: def({
    method: 'POST', url: '/messages/visitor/:conversationId/email', summary: 'Leave an email address for answers, or stop them',
    query: ['before'], form: ['csrf', 'email', 'stop'],
  }),
  visitorMedia: def({
    method: 'GET', url: '/messages/visitor/:conversationId/media/:mediaId', summary: 'An attachment of the visitor\'s conversation, for its page (the visitor cookie\'s path)',
    query: ['thumbnail'],
  }),
  // routes/visitor-continuity.ts: the link in a visitor's email, and keeping a conversation in an account.
  continuePage: def({
    method: 'GET', url: '/messages/continue', summary: 'The link in a visitor\'s email: a button that continues the conversation (nothing is used or set before it is pressed)',
    query: ['token'],
  }),
  continueExchange: def({
    method: 'POST', url: '/messages/continue', summary: 'Use the email\'s link once: a visitor session in this browser, then the conversation',
    form: ['token'],
  }),
  visitorAccountPage: def({
    method: 'GET', url: '/messages/visitor/:conversationId/account', summary: 'Create an account to keep this conversation: the form',
  }),
  visitorAccountCreate: def({
    method: 'POST', url: '/messages/visitor/:conversationId/account', summary: 'Turn this visitor into a person account with the same conversations, and log in',
    form: ['csrf', 'handle', 'display_name', 'password'],
  }),
  // routes/widget.ts: the server reads `brand`; the frame's script reads the rest.
  widgetFrame: def({
    method: 'GET', url: '/widget/frame', summary: 'The widget\'s chat, framed by the brand\'s sites',
    query: ['brand', 'welcome', 'ref', 'text'],
  }),
  // notifications/pages.ts: the links in a person's notification emails, which work without logging in.
  notificationEmailConfirm: def({
    method: 'GET', url: '/notifications/confirm', summary: 'Confirms the address of email notifications from the link sent to it',
    query: ['token'],
  }),
  notificationUnsubscribePage: def({
    method: 'GET', url: '/notifications/unsubscribe', summary: 'Asks whether to stop email notifications (a GET changes nothing: mail scanners follow links)',
    query: ['token'],
  }),
  notificationUnsubscribe: def({
    method: 'POST', url: '/notifications/unsubscribe', summary: 'Stops email notifications: the page\'s button, or a mail client\'s one-click unsubscribe (RFC 8058)',
    query: ['token'], form: ['token', 'List-Unsubscribe'],
  }),
  // collections/page-routes.ts: a collection anyone with the link reads, and its pictures and files.
  collectionPage: def({
    method: 'GET', url: '/collections/:collectionId', summary: 'A collection\'s published items, for anyone with the link (no account, no cookie, no script)',
  }),
  collectionMedia: def({
    method: 'GET', url: '/collections/:collectionId/media/:mediaId', summary: 'A published item\'s picture or file; a waiting one\'s for its curator and author',
    query: ['thumbnail'],
  }),
  // routes/discussion-page.ts: a public discussion, for anyone with the link.
  discussionPage: def({
    method: 'GET', url: '/d/:discussionId', summary: 'A public discussion, one page of posts at a time, readable without an account or script',
    query: ['page'],
  }),
} as const satisfies Record<string, PageRouteDef>

export type PageRouteName = keyof typeof pageRoutes
/** The query parameters page `N` reads. */
export type PageQueryField<N extends PageRouteName> = (typeof pageRoutes)[N] extends { query: readonly (infer F extends string)[] } ? F : never
/** The form fields page `N` reads. */
export type PageFormField<N extends PageRouteName> = (typeof pageRoutes)[N] extends { form: readonly (infer F extends string)[] } ? F : never
