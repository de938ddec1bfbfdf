import { ParloirClient } from '@parloir/client'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { newContext, watchErrors, type viewports } from './browser.ts'
import { demoPassword, type WebFixture } from './fixture.ts'

/**
 * A person of the demo, logged in once over the API. Logins are rate limited (5 per address
 * in 5 minutes), so every browser window of that person reuses this one session: its token is
 * the session cookie's value.
 */
export interface Person {
  handle: string
  id: string
  token: string
  /** The same session over the API, to act from "the other side" in a journey. */
  client: ParloirClient
}

export async function logIn(web: WebFixture, handle: string, password = demoPassword): Promise<Person> {
  const client = new ParloirClient({ baseUrl: web.server.url })
  const reply = await client.login({ handle, password })
  return { handle, id: reply.me.account.id, token: reply.session.token, client }
}

export interface Window {
  context: BrowserContext
  page: Page
  /** Page errors and console errors seen so far. */
  errors: string[]
}

/** A browser window signed in as `person`, on `path`. */
export async function openAs(
  web: WebFixture,
  person: Person,
  path = '/',
  options: {
    viewport?: keyof typeof viewports; colorScheme?: 'light' | 'dark'; locale?: string; browser?: Browser
    /** Runs on the new context before the first page loads (init scripts, routes). */
    beforeLoad?: (context: BrowserContext) => Promise<void>
  } = {},
): Promise<Window> {
  const context = await newContext(options.browser ?? web.browser, options.viewport ?? 'desktop', {
    ...(options.colorScheme ? { colorScheme: options.colorScheme } : {}),
    ...(options.locale ? { locale: options.locale } : {}),
  })
  await context.addCookies([{ name: 'parloir_session', value: person.token, url: web.server.url, httpOnly: true, sameSite: 'Lax' }])
  await options.beforeLoad?.(context)
  const page = await context.newPage()
  const errors = watchErrors(page)
  await page.goto(`${web.server.url}${path}`)
  return { context, page, errors }
}

/** Waits until the page's realtime stream is live (the messenger shows its state). */
export async function live(page: Page): Promise<void> {
  await page.locator('.msg[data-stream="live"]').waitFor()
}

/** Resolves and unassigns what is open, so the counts a journey reads are its own. */
export async function settleOpenConversations(member: Person, brand: string): Promise<void> {
  const open = await member.client.call('listInbox', { params: { brandId: brand }, query: { view: 'open', limit: 50 } })
  for (const item of open.items) {
    await member.client.call('assignConversation', { params: { brandId: brand, conversationId: item.state.conversationId }, body: { assigneeId: null } })
    await member.client.call('setInboxStatus', { params: { brandId: brand, conversationId: item.state.conversationId }, body: { status: 'resolved' } })
  }
}

/** A 1:1 conversation `from` opened with `to`, accepted by `to` (so no request banner): its id. */
export async function acceptedDirect(from: Person, to: Person): Promise<string> {
  const direct = await from.client.openDirect(to.id)
  await to.client.acceptRequest(direct.id)
  return direct.id
}

/** A message's bubble in the open conversation's history. */
export const bubble = (page: Page, text: string) => page.getByRole('region', { name: 'Message history' }).locator('.msg-bubble', { hasText: text })
