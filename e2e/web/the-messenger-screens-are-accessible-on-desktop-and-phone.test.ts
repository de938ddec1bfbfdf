import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { screenshot, seriousA11yViolations } from './support/browser.ts'
import { startWeb, type WebFixture } from './support/fixture.ts'
import { logIn, openAs, type Person } from './support/people.ts'

let web: WebFixture
let chloe: Person
let ada: Person
let ids: { northwind: string; request: string; team: string }

before(async () => {
  web = await startWeb()
  chloe = await logIn(web, 'chloe')
  ada = await logIn(web, 'ada')
  const inbox = (await chloe.client.listConversations()).conversations
  const requests = (await chloe.client.listConversations({ box: 'requests' })).conversations
  const team = (await ada.client.listConversations()).conversations.find((c) => c.name === 'Roastery team')
  const northwind = inbox.find((c) => c.participants.some((p) => p.account.handle === 'northwind'))
  const request = requests[0]
  assert.ok(northwind && request && team)
  ids = { northwind: northwind.id, request: request.id, team: team.id }
  // A little more life in the screenshots: an unread message, a reply with a link and a mention.
  await ada.client.sendMessage(team.id, 'Tasting notes for Monday: https://northwind.example/guji — @ben can you print them? ☕')
})
after(() => web.close())

/** The four main screens, each reached the way a person would, then checked and pictured. */
const screens: Array<{ name: string; who: () => Person; path: () => string; ready(page: Page, phone: boolean): Promise<void> }> = [
  {
    name: 'conversation-list', who: () => chloe, path: () => '/',
    ready: async (page) => { await page.getByRole('link', { name: /Northwind Coffee/ }).waitFor() },
  },
  {
    name: 'conversation-view', who: () => chloe, path: () => `/c/${ids.northwind}`,
    ready: async (page) => {
      await page.getByRole('link', { name: 'Call us', exact: true }).waitFor()
      await page.getByRole('textbox', { name: 'Message' }).waitFor()
    },
  },
  {
    name: 'requests', who: () => chloe, path: () => `/c/${ids.request}`,
    ready: async (page) => { await page.getByRole('region', { name: 'Message request' }).getByRole('button', { name: 'Accept' }).waitFor() },
  },
  {
    name: 'group-details', who: () => ada, path: () => `/c/${ids.team}`,
    ready: async (page) => {
      await page.getByRole('button', { name: 'Group details' }).click()
      await page.getByRole('dialog', { name: 'Group details' }).getByRole('heading', { name: 'People: 2' }).waitFor()
    },
  },
]

for (const viewport of ['desktop', 'phone'] as const) {
  test(`the messenger's screens on a ${viewport}: no serious accessibility violation, light and dark`, async () => {
    for (const screen of screens) {
      // Light and dark side by side, each in its own window.
      await Promise.all((['light', 'dark'] as const).map(async (colorScheme) => {
        const window = await openAs(web, screen.who(), screen.path(), { viewport, colorScheme })
        const { page } = window
        await screen.ready(page, viewport === 'phone')
        // Let images and the list's measurements settle before judging and picturing.
        await page.waitForTimeout(200)
        assert.deepEqual(await seriousA11yViolations(page), [], `${screen.name}, ${viewport}, ${colorScheme}`)
        if (colorScheme === 'light') await screenshot(page, `messenger-${screen.name}-${viewport}`)
        else if (screen.name === 'conversation-view') await screenshot(page, `messenger-${screen.name}-${viewport}-dark`)
        assert.deepEqual(window.errors, [], `${screen.name}, ${viewport}, ${colorScheme}`)
        await window.context.close()
      }))
    }
  })
}

test('on a phone, the list and a conversation are separate screens; Back returns to the list', async () => {
  const window = await openAs(web, chloe, '/', { viewport: 'phone' })
  const { page } = window
  await page.getByRole('link', { name: /Northwind Coffee/ }).click()
  await page.getByRole('textbox', { name: 'Message' }).waitFor()
  assert.equal(await page.getByRole('heading', { name: 'Messages', level: 1 }).isVisible(), false, 'the list is hidden behind the conversation')
  await page.getByRole('link', { name: 'Back to conversations' }).click()
  await page.getByRole('heading', { name: 'Messages', level: 1 }).waitFor()
  assert.equal(await page.getByRole('textbox', { name: 'Message' }).count(), 0)
  await window.context.close()
})

test('the keyboard reaches everything: arrows move through the list, Enter opens, the composer sends', async () => {
  const ben = await ada.client.getAccountByHandle('ben')
  await ada.client.sendMessage((await ada.client.openDirect(ben.id)).id, 'Hello Ben')
  const window = await openAs(web, ada, '/')
  const { page } = window
  const first = page.getByRole('list', { name: 'Messages' }).getByRole('link').first()
  await first.focus()
  await page.keyboard.press('ArrowDown')
  const second = await page.evaluate(() => document.activeElement?.textContent ?? '')
  assert.notEqual(second, await first.textContent(), 'ArrowDown moves to the next conversation')
  await page.keyboard.press('ArrowUp')
  await page.keyboard.press('Enter')
  const box = page.getByRole('textbox', { name: 'Message' })
  await box.waitFor()
  await box.focus()
  await page.keyboard.type('Sent from the keyboard')
  await page.keyboard.press('Enter')
  await page.getByRole('region', { name: 'Message history' }).locator('.msg-bubble', { hasText: 'Sent from the keyboard' }).waitFor()
  // The emoji picker: open, search, pick with the keyboard.
  await page.getByRole('button', { name: 'Insert an emoji' }).click()
  await page.getByRole('searchbox', { name: 'Search emoji' }).fill('coffee')
  await page.keyboard.press('Enter')
  assert.equal(await box.inputValue(), '☕')
  assert.deepEqual(window.errors, [])
  await window.context.close()
})

test('French readers get the messenger in French', async () => {
  const window = await openAs(web, chloe, `/c/${ids.northwind}`, { locale: 'fr-FR' })
  const { page } = window
  await page.getByRole('navigation', { name: 'Boîtes' }).getByRole('link', { name: /Boîte de réception/ }).waitFor()
  await page.getByRole('textbox', { name: 'Message' }).waitFor()
  await page.getByPlaceholder('Écrire un message').waitFor()
  await page.getByRole('heading', { name: 'Aujourd’hui' }).waitFor()
  await screenshot(page, 'messenger-conversation-view-desktop-fr')
  await window.context.close()
})
