import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startWeb, type WebFixture } from './support/fixture.ts'
import { logIn, openAs } from './support/people.ts'

let web: WebFixture
before(async () => { web = await startWeb() })
after(() => web.close())

test('a group is created, renamed and grown; a member leaves; everyone sees it live', async () => {
  const ada = await logIn(web, 'ada')
  const ben = await logIn(web, 'ben')
  const adas = await openAs(web, ada, '/')
  const bens = await openAs(web, ben, '/requests')
  await bens.page.getByRole('heading', { name: 'Requests' }).waitFor()

  // Ada creates "Launch crew" with Ben and Chloé.
  await adas.page.getByRole('button', { name: 'New group' }).click()
  const create = adas.page.getByRole('dialog', { name: 'New group' })
  await create.getByLabel('Group name (optional)').fill('Launch crew')
  const people = create.getByLabel('Add people by @handle')
  await people.fill('ben')
  await people.press('Enter')
  await create.getByRole('list', { name: 'People added' }).getByText('Ben Okafor').waitFor()
  await people.fill('@chloe')
  await create.getByRole('button', { name: 'Add', exact: true }).click()
  await create.getByRole('list', { name: 'People added' }).getByText('Chloé Martin').waitFor()
  await create.getByRole('button', { name: 'Create group' }).click()
  await adas.page.waitForURL(/\/c\/\d+$/)
  const header = adas.page.locator('.msg-view__header')
  await header.getByRole('heading', { name: 'Launch crew' }).waitFor()
  await adas.page.getByText('You created the group “Launch crew”').waitFor()
  const box = adas.page.getByRole('textbox', { name: 'Message' })
  await box.fill('Welcome! Launch is on Monday.')
  await box.press('Enter')

  // Ben, who has never talked with Ada, finds it in his Requests, live.
  await bens.page.getByRole('link', { name: /Launch crew/ }).click()
  await bens.page.locator('.msg-bubble', { hasText: 'Launch is on Monday' }).waitFor()
  await bens.page.getByRole('button', { name: 'Accept' }).click()
  await bens.page.getByRole('textbox', { name: 'Message' }).waitFor()

  // Ada renames it in the group details; Ben's header follows.
  await adas.page.getByRole('button', { name: 'Group details' }).click()
  const details = adas.page.getByRole('dialog', { name: 'Group details' })
  await details.getByRole('heading', { name: 'People: 3' }).waitFor()
  await details.getByLabel('Group name').fill('Launch team')
  await details.getByRole('button', { name: 'Rename' }).click()
  await details.getByText('Group renamed.').waitFor()
  await header.getByRole('heading', { name: 'Launch team' }).waitFor()
  await bens.page.locator('.msg-view__header').getByRole('heading', { name: 'Launch team' }).waitFor({ timeout: 5_000 })
  await bens.page.getByText('Ada Lovelace renamed the group “Launch team”').waitFor()

  // She adds Dan.
  const add = details.getByLabel('Add people by @handle')
  await add.fill('dan')
  await add.press('Enter')
  await details.getByRole('button', { name: 'Add to the group (new: 1)' }).click()
  await details.getByText('Added to the group.').waitFor()
  await details.getByRole('heading', { name: 'People: 4' }).waitFor()
  await details.getByText('@dan', { exact: false }).waitFor()
  await details.getByRole('button', { name: 'Close' }).click()
  await adas.page.getByText('You added Dan Silva').waitFor()

  // Ben leaves: the group is gone from his list, and Ada is told.
  await bens.page.getByRole('button', { name: 'Group details' }).click()
  const benDetails = bens.page.getByRole('dialog', { name: 'Group details' })
  await benDetails.getByRole('button', { name: 'Leave group' }).click()
  await benDetails.getByText('Leave this group?', { exact: false }).waitFor()
  await benDetails.getByRole('button', { name: 'Leave group' }).click()
  await bens.page.waitForURL(new RegExp(`${web.server.url}/$`))
  assert.equal(await bens.page.getByRole('link', { name: /Launch team/ }).count(), 0)
  await adas.page.getByText('Ben Okafor left the group').waitFor()

  assert.deepEqual([...adas.errors, ...bens.errors], [])
  await adas.context.close()
  await bens.context.close()
})
