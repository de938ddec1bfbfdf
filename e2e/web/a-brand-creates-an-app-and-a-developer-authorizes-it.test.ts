import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { Page } from 'playwright-core'
import { TwitterApi } from 'twitter-api-v2'
import { newContext, screenshot, seriousA11yViolations, watchErrors } from './support/browser.ts'
import { demoPassword, startWeb, type WebFixture } from './support/fixture.ts'
import { logIn, openAs, type Person } from './support/people.ts'
import { pointAtParloir } from '../twitter/support/point-at-parloir.ts'

/**
 * The developer's side of the app: a tiny site on another port whose /callback records the
 * query the browser brings back after consent, and whose /hooks receives the brand's webhooks.
 */
interface DeveloperSite { origin: string; callbacks: URLSearchParams[]; hooks: Array<{ headers: IncomingMessage['headers']; body: string }>; close(): Promise<void> }

async function serveDeveloperSite(): Promise<DeveloperSite> {
  const callbacks: URLSearchParams[] = []
  const hooks: DeveloperSite['hooks'] = []
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x')
    if (url.pathname === '/callback') {
      callbacks.push(url.searchParams)
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><html lang="en"><title>Back at the app</title><h1>Back at the app</h1>')
    } else if (url.pathname === '/hooks' && request.method === 'POST') {
      let body = ''
      request.on('data', (chunk: Buffer) => { body += chunk.toString('utf8') })
      request.on('end', () => { hooks.push({ headers: request.headers, body }); response.writeHead(200).end() })
    } else {
      response.writeHead(404).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    origin: `http://127.0.0.1:${port}`, callbacks, hooks,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }),
  }
}

let web: WebFixture
let site: DeveloperSite
let ada: Person
let chloe: Person
before(async () => {
  // The webhook goes to the developer site on 127.0.0.1, which the administrator allows.
  web = await startWeb({ env: { PARLOIR_OUTBOUND_ALLOW: '127.0.0.1:*' } })
  site = await serveDeveloperSite()
  ada = await logIn(web, 'ada')
  chloe = await logIn(web, 'chloe')
})
after(async () => {
  await site.close()
  await web.close()
})

const ssFor = async (page: Page, name: string) => {
  await page.mouse.move(1, 1)
  await screenshot(page, name)
}

async function copied(page: Page, label: string): Promise<string> {
  await page.getByRole('button', { name: `Copy the ${label}` }).click()
  await page.getByText('Copied to the clipboard.').first().waitFor()
  return page.evaluate(() => navigator.clipboard.readText())
}

test('a brand owner creates an app, and a developer gets it authorized through the consent page and sends a DM with twitter-api-v2', async () => {
  // 1. Ada, an owner of Northwind, creates the app in the console and copies its keys.
  const console_ = await openAs(web, ada, '/console/northwind/apps')
  await console_.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: web.server.url })
  const page = console_.page
  await page.getByRole('heading', { name: 'Apps', level: 1 }).waitFor()
  await page.getByText('No app yet.').waitFor()
  await page.getByLabel('App name').fill('Northwind Helper')
  await page.getByRole('button', { name: 'Create app' }).click()
  await page.getByText('You will not see this again.').waitFor()
  const consumerKey = await copied(page, 'Consumer key (OAuth 2 client ID)')
  const consumerSecret = await copied(page, 'Consumer secret (OAuth 2 client secret)')
  assert.ok(consumerKey.length > 10 && consumerSecret.length > 20, `keys ${consumerKey} / ${consumerSecret.length} chars`)
  assert.notEqual(consumerKey, consumerSecret)
  await page.getByRole('button', { name: 'I have copied them' }).click()
  assert.equal(await page.getByText('You will not see this again.').count(), 0, 'the secret is put away')
  assert.equal(await page.locator(`input[value="${consumerSecret}"]`).count(), 0, 'and not shown again')

  // A redirect URI: one that is not an absolute URL is refused before it is sent.
  const redirectUri = `${site.origin}/callback`
  const uris = page.getByLabel('Redirect URIs')
  await uris.fill('not a url')
  await page.getByRole('button', { name: 'Save redirect URIs' }).click()
  await page.getByText('Line 1 is not an absolute address without a # part: not a url').waitFor()
  await uris.fill(redirectUri)
  await page.getByRole('button', { name: 'Save redirect URIs' }).click()
  await page.getByText('Redirect URIs saved.').waitFor()

  // A webhook to the developer site, so the DM below shows in the delivery log.
  await page.getByLabel('Webhook URL').fill(`${site.origin}/hooks`)
  await page.getByRole('button', { name: 'Add webhook' }).click()
  await page.getByText('Webhook added.').waitFor()
  const signingSecret = await copied(page, 'Signing secret')
  assert.match(signingSecret, /^whsec_/)
  await page.getByRole('button', { name: 'I have copied them' }).click()
  const hookRow = page.locator('.apps-webhook', { hasText: `${site.origin}/hooks` })
  await hookRow.getByText('Standard Webhooks').waitFor()
  await hookRow.getByText('Active').waitFor()

  // An OAuth 1.0a access token for the brand: shown once too.
  await page.getByRole('button', { name: 'Create an access token' }).click()
  await page.getByText('You will not see this again.').waitFor()
  await page.getByRole('button', { name: 'I have copied them' }).click()
  await page.locator('.apps-token[data-token-kind="oauth1"]').getByText('acts as Northwind Coffee').waitFor()
  assert.deepEqual(await seriousA11yViolations(page), [], 'apps section')

  // 2. The developer's authorization link, with a PKCE S256 challenge.
  const verifier = randomBytes(32).toString('base64url')
  const authorize = (overrides: Record<string, string> = {}) => `${web.server.url}/i/oauth2/authorize?${new URLSearchParams({
    response_type: 'code', client_id: consumerKey, redirect_uri: redirectUri, scope: 'tweet.read users.read dm.read dm.write offline.access',
    state: 'st4te-1', code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256', ...overrides,
  }).toString()}`

  // Signed out, the link goes through the login page and comes back whole.
  const context = await newContext(web.browser)
  const consent = await context.newPage()
  const errors = watchErrors(consent)
  await consent.goto(authorize())
  await consent.waitForURL(/\/login\?next=/)
  await consent.getByLabel('Handle').fill('ada')
  await consent.getByLabel('Password').fill(demoPassword)
  await consent.getByRole('button', { name: 'Log in' }).click()
  await consent.getByRole('heading', { name: 'Allow Northwind Helper to use Parloir for you?', level: 1 }).waitFor()
  assert.equal(new URL(consent.url()).searchParams.get('client_id'), consumerKey)
  await consent.getByText('Made by Northwind Coffee (@northwind)').waitFor()
  const scopes = await consent.locator('.oauth-scopes li').allInnerTexts()
  assert.ok(scopes.includes('Read your direct messages') && scopes.includes('Send direct messages for you'), scopes.join(' | '))
  await consent.getByText(`You will then be sent back to ${new URL(site.origin).host}.`).waitFor()
  assert.deepEqual(await seriousA11yViolations(consent), [], 'consent page')
  await ssFor(consent, 'oauth-consent-desktop-light')

  // Ada chooses to let the app act as the brand, and allows it.
  await consent.getByRole('radio', { name: /Northwind Coffee \(@northwind\) — brand/ }).check()
  await consent.getByRole('button', { name: 'Allow' }).click()
  await consent.waitForURL(`${redirectUri}?**`)
  await consent.getByRole('heading', { name: 'Back at the app' }).waitFor()
  const back = site.callbacks.at(-1)
  assert.ok(back)
  assert.equal(back.get('state'), 'st4te-1')
  const code = back.get('code') ?? ''
  assert.ok(code.length > 10, 'a code came back')
  assert.equal(back.get('error'), null)

  // 3. The real twitter-api-v2 exchanges the code and sends a DM as the brand.
  const settings = pointAtParloir(web.server.url)
  const login = await new TwitterApi({ clientId: consumerKey, clientSecret: consumerSecret }, settings).loginWithOAuth2({ code, codeVerifier: verifier, redirectUri })
  assert.ok([...login.scope].includes('dm.write'))
  const northwind = await ada.client.getAccountByHandle('northwind')
  const text = `Your order shipped (sent by the app ${randomBytes(3).toString('hex')})`
  await login.client.v2.sendDmToParticipant(chloe.id, { text })
  const withBrand = (await chloe.client.listConversations()).conversations.find((c) => c.participants.some((p) => p.account.id === northwind.id))
  assert.ok(withBrand, "Chloé's conversation with Northwind")
  const messages = (await chloe.client.listMessages(withBrand.id)).messages
  assert.equal(messages.at(-1)?.text, text)
  assert.equal(messages.at(-1)?.senderId, northwind.id, 'the token acts as the brand')

  // Chloé sees it in her conversation in the web app.
  const chloeWindow = await openAs(web, chloe, `/c/${withBrand.id}`)
  await chloeWindow.page.getByText(text).waitFor()
  await chloeWindow.context.close()

  // 4. Deny: the app gets error=access_denied and the state back, and no code.
  await consent.goto(authorize({ state: 'st4te-2' }))
  await consent.getByRole('button', { name: 'Deny' }).click()
  await consent.waitForURL(`${redirectUri}?**`)
  const denied = site.callbacks.at(-1)
  assert.equal(denied?.get('error'), 'access_denied')
  assert.equal(denied?.get('state'), 'st4te-2')
  assert.equal(denied?.get('code'), null)

  // 5. A redirect URI the app did not register, or an unknown client: an error page, no redirect.
  const before = site.callbacks.length
  await consent.goto(authorize({ redirect_uri: `${site.origin}/elsewhere` }))
  await consent.getByRole('heading', { name: 'This authorization link does not work', level: 1 }).waitFor()
  await consent.getByText(`The app asked to send you back to an address it did not register (${site.origin}/elsewhere).`, { exact: false }).waitFor()
  assert.equal(await consent.getByRole('button', { name: 'Allow' }).count(), 0)
  assert.deepEqual(await seriousA11yViolations(consent), [], 'error page')
  await ssFor(consent, 'oauth-consent-error-desktop-light')
  await consent.goto(authorize({ client_id: 'no-such-client' }))
  await consent.getByText('No app has this client ID, or its owner revoked it.').waitFor()
  assert.equal(site.callbacks.length, before, 'nothing went to the app')
  assert.ok(consent.url().startsWith(web.server.url))
  assert.deepEqual(errors.filter((e) => !/status of 40[04]/.test(e)), [])
  await context.close()

  // 6. The DM reached the webhook; the delivery log says so.
  const deadline = Date.now() + 15_000
  while (!site.hooks.some((h) => h.body.includes(text)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
  assert.ok(site.hooks.some((h) => h.body.includes(text)), 'the webhook received the DM')
  await hookRow.getByRole('button', { name: `Delivery log of ${site.origin}/hooks` }).click()
  const log = page.getByRole('region', { name: `Deliveries to ${site.origin}/hooks` })
  // A webhook with no event types hears every event the brand's apps may: the DM, and its team inbox changes.
  const delivered = log.locator('tr[data-delivery-status="delivered"]', { hasText: 'message.created' }).first()
  await delivered.waitFor()
  const row = await delivered.locator('td').allInnerTexts()
  assert.equal(row[0], 'message.created')
  assert.equal(row[1], 'Delivered')
  assert.equal(row[3], '200')
  assert.deepEqual(await seriousA11yViolations(page), [], 'apps section with the delivery log')
  await ssFor(page, 'console-apps-desktop-light')
  assert.deepEqual(console_.errors, [])

  // 7. Revoking the app stops its token at once.
  await page.getByRole('button', { name: 'Revoke app Northwind Helper' }).click()
  await page.getByRole('group', { name: /Revoke Northwind Helper and all its tokens/ }).getByRole('button', { name: 'Revoke app' }).click()
  await page.getByText('App “Northwind Helper” revoked.').waitFor()
  await page.getByText('No app yet.').waitFor()
  const refused = await login.client.v2.sendDmToParticipant(chloe.id, { text: 'after revocation' }).catch((e: unknown) => e)
  assert.ok(refused instanceof Error && (refused as { code?: number }).code === 401, 'the revoked app token is refused')
  await console_.context.close()
})

test('the consent page and the Apps section on a phone and in the dark, and read-only for an agent', async () => {
  const created = await ada.client.call('createApp', { body: { name: 'Order tracker', ownerAccountId: (await ada.client.getAccountByHandle('northwind')).id, redirectUris: [`${site.origin}/callback`] } })
  const query = new URLSearchParams({
    response_type: 'code', client_id: created.app.consumerKey, redirect_uri: `${site.origin}/callback`, scope: 'dm.read dm.write', state: 's',
    code_challenge: createHash('sha256').update('v'.repeat(43)).digest('base64url'), code_challenge_method: 'S256',
  })
  for (const viewport of ['desktop', 'phone'] as const) {
    for (const colorScheme of ['light', 'dark'] as const) {
      const consent = await openAs(web, ada, `/i/oauth2/authorize?${query.toString()}`, { viewport, colorScheme })
      await consent.page.getByRole('heading', { name: 'Allow Order tracker to use Parloir for you?' }).waitFor()
      assert.deepEqual(await seriousA11yViolations(consent.page), [], `consent ${viewport} ${colorScheme}`)
      await ssFor(consent.page, `oauth-consent-${viewport}-${colorScheme}`)
      assert.deepEqual(consent.errors, [])
      await consent.context.close()

      const apps = await openAs(web, ada, '/console/northwind/apps', { viewport, colorScheme })
      await apps.page.locator('.apps-card[data-app="Order tracker"]').getByText('Active').or(apps.page.getByText('No webhook yet.')).first().waitFor()
      await apps.page.locator('.apps-card[data-app="Order tracker"]').getByText('No token yet.').waitFor()
      assert.deepEqual(await seriousA11yViolations(apps.page), [], `apps ${viewport} ${colorScheme}`)
      await ssFor(apps.page, `console-apps-${viewport}-${colorScheme}`)
      assert.deepEqual(apps.errors, [])
      await apps.context.close()
    }
  }

  // Redirect URIs: ten are taken, eleven are refused before anything is sent.
  const limits = await openAs(web, ada, '/console/northwind/apps')
  const card = limits.page.locator('.apps-card[data-app="Order tracker"]')
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `${site.origin}/callback${i === 0 ? '' : `/${i}`}`).join('\n')
  await card.getByLabel('Redirect URIs').fill(lines(11))
  await card.getByRole('button', { name: 'Save redirect URIs' }).click()
  await card.getByText('At most 10 redirect URIs.').waitFor()
  await card.getByLabel('Redirect URIs').fill(lines(10))
  await card.getByRole('button', { name: 'Save redirect URIs' }).click()
  await card.getByText('Redirect URIs saved.').waitFor()
  assert.equal((await ada.client.call('getApp', { params: { appId: created.app.id } })).app.redirectUris.length, 10)
  await limits.context.close()

  // In French.
  const fr = await openAs(web, ada, `/i/oauth2/authorize?${query.toString()}`, { locale: 'fr-FR' })
  await fr.page.getByRole('heading', { name: 'Autoriser Order tracker à utiliser Parloir pour vous ?' }).waitFor()
  await fr.page.getByText('Lire vos messages privés').waitFor()
  await fr.page.getByText('Envoyer des messages privés à votre place').waitFor()
  await fr.context.close()

  // Ben is an agent of Northwind: the server shows him no app, and the page says why.
  const ben = await logIn(web, 'ben')
  const agent = await openAs(web, ben, '/console/northwind/apps')
  await agent.page.getByText('Only the owners and admins of Northwind Coffee can see and manage its apps.').waitFor()
  assert.equal(await agent.page.getByRole('button', { name: 'Create app' }).count(), 0)
  assert.deepEqual(await seriousA11yViolations(agent.page), [], 'apps read-only')
  await agent.context.close()
})
