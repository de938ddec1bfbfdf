import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startWeb, type WebFixture } from './support/fixture.ts'
import { live, logIn, openAs, type Person } from './support/people.ts'

let web: WebFixture
let ada: Person
let ben: Person
before(async () => {
  web = await startWeb()
  ada = await logIn(web, 'ada')
  ben = await logIn(web, 'ben')
})
after(() => web.close())

test('two people chat in two windows and see each other typing, the messages and "Seen"', async () => {
  const direct = await ada.client.openDirect(ben.id)
  await ben.client.acceptRequest(direct.id)
  // An empty 1:1 is listed only for whoever opened it.
  await ada.client.sendMessage(direct.id, 'Morning Ben!')

  const adas = await openAs(web, ada, `/c/${direct.id}`)
  const bens = await openAs(web, ben, '/')
  const adaBox = adas.page.getByRole('textbox', { name: 'Message' })
  await adaBox.waitFor()

  // Ben opens the conversation from his list.
  await bens.page.getByRole('link', { name: /Ada Lovelace/ }).first().click()
  const benBox = bens.page.getByRole('textbox', { name: 'Message' })
  await benBox.waitFor()
  // Typing notices are not replayed: both must be live to see them.
  await live(adas.page)
  await live(bens.page)

  // Ada types: Ben sees it, then the message, live.
  await adaBox.pressSequentially('Coffee at 10?', { delay: 20 })
  await bens.page.getByText('Ada Lovelace is typing…').waitFor({ timeout: 5_000 })
  await adaBox.press('Enter')
  await bens.page.locator('.msg-bubble', { hasText: 'Coffee at 10?' }).waitFor()
  assert.equal(await adaBox.inputValue(), '', 'the box empties once sent')
  await bens.page.getByText('Ada Lovelace is typing…').waitFor({ state: 'hidden' })

  // Ben has it on screen: Ada sees "Seen" under it.
  await adas.page.getByText('Seen', { exact: true }).waitFor({ timeout: 5_000 })

  // And the other way round.
  await benBox.pressSequentially('Make it 11, see you there', { delay: 20 })
  await adas.page.getByText('Ben Okafor is typing…').waitFor({ timeout: 5_000 })
  await benBox.press('Enter')
  await adas.page.locator('.msg-bubble', { hasText: 'Make it 11, see you there' }).waitFor()
  await bens.page.getByText('Seen', { exact: true }).waitFor({ timeout: 5_000 })
  // One "Seen" on each side, under the latest message its reader sent that the other read.
  assert.equal(await adas.page.getByText('Seen', { exact: true }).count(), 1)

  // Each message shows once on each side.
  for (const page of [adas.page, bens.page]) {
    assert.equal(await page.locator('.msg-bubble', { hasText: 'Coffee at 10?' }).count(), 1)
    assert.equal(await page.locator('.msg-bubble', { hasText: 'Make it 11, see you there' }).count(), 1)
  }

  // "Seen" survives a reload (the conversation carries the others' read marks).
  await adas.page.reload()
  await adas.page.locator('.msg-bubble', { hasText: 'Make it 11, see you there' }).waitFor()
  await bens.page.reload()
  await bens.page.getByText('Seen', { exact: true }).waitFor()

  assert.deepEqual([...adas.errors, ...bens.errors], [])
  await adas.context.close()
  await bens.context.close()
})

test('unsend takes a message back for both; delete removes it for me only', async () => {
  const direct = await ada.client.openDirect(ben.id)
  const adas = await openAs(web, ada, `/c/${direct.id}`)
  const bens = await openAs(web, ben, `/c/${direct.id}`)
  const adaBox = adas.page.getByRole('textbox', { name: 'Message' })
  await adaBox.fill('Oops, wrong window')
  await adaBox.press('Enter')
  const bubble = (page: typeof adas.page, text: string) => page.getByRole('region', { name: 'Message history' }).locator('.msg-row', { hasText: text })
  await bubble(bens.page, 'Oops, wrong window').waitFor()

  // Ada unsends it: both see the trace instead.
  await bubble(adas.page, 'Oops, wrong window').hover()
  await bubble(adas.page, 'Oops, wrong window').getByRole('button', { name: 'Message actions' }).click()
  await adas.page.getByRole('menuitem', { name: 'Unsend for everyone' }).click()
  const history = (page: typeof adas.page) => page.getByRole('region', { name: 'Message history' })
  await history(adas.page).getByText('You unsent a message').waitFor()
  await history(bens.page).getByText('This message was unsent').waitFor({ timeout: 5_000 })
  assert.equal(await bens.page.getByText('Oops, wrong window').count(), 0, 'gone from the list preview too')

  // Ben deletes one of Ada's messages for himself (with the keyboard): gone for him, not for her.
  const keep = bubble(bens.page, 'Coffee at 10?')
  await keep.getByRole('button', { name: 'Message actions' }).focus()
  await bens.page.keyboard.press('Enter')
  await bens.page.getByRole('menuitem').first().waitFor()
  await bens.page.keyboard.press('ArrowDown')
  assert.equal(await bens.page.evaluate(() => document.activeElement?.textContent), 'Copy text')
  await bens.page.keyboard.press('ArrowUp')
  await bens.page.keyboard.press('Enter')
  await keep.waitFor({ state: 'detached' })
  await adas.page.reload()
  await bubble(adas.page, 'Coffee at 10?').waitFor()

  assert.deepEqual([...adas.errors, ...bens.errors], [])
  await adas.context.close()
  await bens.context.close()
})
