import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { BrowserContext, Page } from 'playwright-core'
import { ParloirClient } from '@parloir/client'
import { newContext, screenshot, seriousA11yViolations, watchErrors } from './support/browser.ts'
import { demoPassword, startWeb, type WebFixture } from './support/fixture.ts'

let web: WebFixture
let ada: ParloirClient
before(async () => {
  web = await startWeb()
  // Ada owns a second brand, so the console has brands to switch between.
  ada = new ParloirClient({ baseUrl: web.server.url })
  await ada.login({ handle: 'ada', password: demoPassword })
  await ada.createBrand({ handle: 'ada_studio', displayName: 'Ada Studio' })
})
after(() => web.close())

async function logIn(page: Page, handle: string, next: string): Promise<void> {
  await page.goto(`${web.server.url}/login?next=${encodeURIComponent(next)}`)
  await page.getByLabel('Handle').fill(handle)
  await page.getByLabel('Password').fill(demoPassword)
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.waitForURL(new RegExp(`${next}`))
}

test("ada switches to Northwind, sees the brand's conversations, adds chloe as a viewer, and cannot remove the last owner", async () => {
  const context = await newContext(web.browser)
  const page = await context.newPage()
  const errors = watchErrors(page)
  await logIn(page, 'ada', '/console')
  await page.getByRole('heading', { name: 'Choose a brand', level: 1 }).waitFor()
  await page.getByRole('link', { name: /Northwind Coffee/ }).click()
  // The team inbox is the console's first screen; every conversation and request is one step away.
  await page.waitForURL(/\/console\/northwind\/inbox$/)
  await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Conversations', exact: true }).click()
  await page.waitForURL(/\/console\/northwind\/conversations$/)

  // The brand's inbox, as the brand sees it: Chloé's and Dan's conversations, never Ada's own.
  await page.getByRole('heading', { name: 'Conversations', level: 1 }).waitFor()
  const items = page.getByRole('list').filter({ has: page.locator('a[href^="/c/"]') }).getByRole('link')
  await items.first().waitFor()
  const names = await items.allInnerTexts()
  assert.equal(names.length, 2)
  assert.ok(names.some((text) => text.includes('Chloé Martin')) && names.some((text) => text.includes('Dan Silva')), names.join(' | '))
  assert.ok(!names.some((text) => text.includes('Roastery team')), "Ada's own group is not the brand's")
  for (const href of await items.evaluateAll((links) => links.map((a) => a.getAttribute('href')))) assert.match(href ?? '', /^\/c\/\d+\?as=\d+$/)
  assert.deepEqual(await seriousA11yViolations(page), [], 'conversations')
  await page.mouse.move(1, 1)
  await screenshot(page, 'console-conversations-desktop')

  const boxes = page.getByRole('navigation', { name: 'Boxes' })
  await boxes.getByRole('link', { name: 'Requests' }).click()
  await page.getByText('No requests.').waitFor()
  assert.equal(await boxes.getByRole('link', { name: 'Requests' }).getAttribute('aria-current'), 'page')
  await boxes.getByRole('link', { name: 'Inbox' }).click()
  await items.first().waitFor()

  // Switch to the other brand and back; the section stays.
  await page.getByText('Switch brand').click()
  await page.getByRole('link', { name: /Ada Studio/ }).click()
  await page.waitForURL(/\/console\/ada_studio\/conversations$/)
  await page.getByText('No conversations yet. They appear here when people write to Ada Studio.').waitFor()
  await page.getByText('Switch brand').click()
  await page.getByRole('link', { name: /Northwind Coffee/ }).click()
  await page.waitForURL(/\/console\/northwind\/conversations$/)

  await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Team', exact: true }).click()
  await page.getByRole('heading', { name: 'Team', level: 1 }).waitFor()
  assert.equal(await page.getByRole('combobox', { name: 'Role of Ada Lovelace' }).inputValue(), 'owner')
  assert.equal(await page.getByRole('combobox', { name: 'Role of Ben Okafor' }).inputValue(), 'agent')

  await page.getByLabel('Handle').fill('@chloe')
  await page.getByLabel('Role', { exact: true }).selectOption('viewer')
  await page.getByRole('button', { name: 'Add to the team' }).click()
  await page.getByRole('status').filter({ hasText: 'Chloé Martin is on the team as Viewer.' }).waitFor()
  assert.equal(await page.getByRole('combobox', { name: 'Role of Chloé Martin' }).inputValue(), 'viewer')
  const northwind = await ada.getAccountByHandle('northwind')
  const team = await fetch(`${web.server.url}/api/v1/brands/${northwind.id}/members`, { headers: { authorization: `Bearer ${ada.token}` } })
  const { members } = await team.json() as { members: Array<{ account: { handle: string }; role: string }> }
  assert.equal(members.find((m) => m.account.handle === 'chloe')?.role, 'viewer')
  await page.getByLabel('Handle').fill('nobody_here')
  await page.getByRole('button', { name: 'Add to the team' }).click()
  // Said beside the handle it is about, which is marked.
  await page.getByText('No account @nobody_here.').waitFor()
  assert.equal(await page.getByLabel('Handle').getAttribute('aria-invalid'), 'true')
  assert.deepEqual(await seriousA11yViolations(page), [], 'team')
  await screenshot(page, 'console-team-desktop')

  // Ada is the one owner: leaving is refused, with the server's reason, and nothing changes.
  const adaRow = page.getByRole('listitem').filter({ hasText: '@ada' })
  await adaRow.getByRole('button', { name: 'Leave the team' }).click()
  await adaRow.getByRole('group', { name: 'Leave the team of Northwind Coffee?' }).getByRole('button', { name: 'Leave the team' }).click()
  await page.getByRole('alert').filter({ hasText: 'A brand keeps at least one owner.' }).waitFor()
  await page.getByRole('combobox', { name: 'Role of Chloé Martin' }).selectOption('agent')
  await page.getByRole('status').filter({ hasText: 'Chloé Martin is now Agent.' }).waitFor()
  assert.equal(await page.getByRole('combobox', { name: 'Role of Ada Lovelace' }).inputValue(), 'owner')

  // The owner edits the brand's profile; the demo's default welcome message is listed; what is
  // not built yet says so.
  await page.getByRole('link', { name: /Brand profile/ }).click()
  await page.getByRole('textbox', { name: 'Display name' }).waitFor()
  await page.getByRole('link', { name: /Welcome messages/ }).click()
  await page.getByRole('heading', { name: 'Welcome messages', level: 1 }).waitFor()
  await page.getByRole('heading', { name: 'Default' }).waitFor()
  await page.getByRole('link', { name: /Analytics/ }).click()
  await page.getByText('Coming soon', { exact: true }).first().waitFor()
  // The browser logs the two refusals above (no such handle, last owner); nothing else failed.
  assert.deepEqual(errors.filter((e) => !/status of (404|409)/.test(e)), [])
  await context.close()
})

test('the console fits a phone, passes axe in light and dark, and reads in French', async () => {
  // Logins are rate limited per address (5 in 5 minutes): log in once, carry the cookie over.
  let cookies: Awaited<ReturnType<BrowserContext['cookies']>> = []
  for (const colorScheme of ['light', 'dark'] as const) {
    const context = await newContext(web.browser, 'phone', { colorScheme })
    const page = await context.newPage()
    const errors = watchErrors(page)
    if (cookies.length === 0) {
      await logIn(page, 'ada', '/console/northwind/conversations')
      cookies = await context.cookies()
    } else {
      await context.addCookies(cookies)
      await page.goto(`${web.server.url}/console/northwind/conversations`)
    }
    await page.locator('a[href^="/c/"]').first().waitFor()
    assert.deepEqual(await seriousA11yViolations(page), [], `conversations ${colorScheme}`)
    if (colorScheme === 'light') await screenshot(page, 'console-conversations-phone')
    await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Team', exact: true }).click()
    await page.getByRole('combobox', { name: 'Role of Ada Lovelace' }).waitFor()
    assert.deepEqual(await seriousA11yViolations(page), [], `team ${colorScheme}`)
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'nothing overflows sideways')
    if (colorScheme === 'light') await screenshot(page, 'console-team-phone')
    await page.goto(`${web.server.url}/console/northwind/analytics`)
    await page.getByRole('heading', { name: 'Analytics', level: 1 }).waitFor()
    assert.deepEqual(await seriousA11yViolations(page), [], `coming soon ${colorScheme}`)
    assert.deepEqual(errors, [])
    await context.close()
  }
  const context = await newContext(web.browser, 'desktop', { locale: 'fr-FR' })
  const page = await context.newPage()
  await page.goto(`${web.server.url}/login?next=${encodeURIComponent('/console/northwind/team')}`)
  await page.getByLabel('Identifiant').fill('ben')
  await page.getByLabel('Mot de passe').fill(demoPassword)
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await page.getByRole('heading', { name: 'Équipe', level: 1 }).waitFor()
  // Ben is an agent: he sees the team and may leave it, but manages no one.
  assert.equal(await page.getByRole('button', { name: 'Ajouter à l’équipe' }).count(), 0)
  assert.equal(await page.getByRole('combobox').count(), 0)
  await page.getByRole('button', { name: 'Quitter l’équipe' }).waitFor()
  await context.close()
})
