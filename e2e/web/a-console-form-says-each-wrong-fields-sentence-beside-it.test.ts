import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { webhookLimits } from '@parloir/protocol'
import { screenshot } from './support/browser.ts'
import { startWeb, type WebFixture } from './support/fixture.ts'
import { logIn, openAs, type Person } from './support/people.ts'

let web: WebFixture
let ada: Person
let appId: string
before(async () => {
  web = await startWeb()
  ada = await logIn(web, 'ada')
  const northwind = await ada.client.getAccountByHandle('northwind')
  appId = (await ada.client.call('createApp', { body: { name: 'Northwind Helper', ownerAccountId: northwind.id } })).app.id
})
after(() => web.close())

const words = {
  'en-US': { url: 'Webhook URL', event: 'New messages', add: 'Add webhook', marked: 'Nothing was saved: fix the marked fields.' },
  'fr-FR': { url: 'URL du webhook', event: 'Nouveaux messages', add: 'Ajouter le webhook', marked: 'Rien n’a été enregistré : corrigez les champs signalés.' },
} as const

for (const locale of ['en-US', 'fr-FR'] as const) {
  test(`the webhook form with two wrong fields says each one's sentence beside it (${locale})`, async () => {
    const w = words[locale]
    const { context, page, errors } = await openAs(web, ada, '/console/northwind/apps', { locale })
    try {
      // The address is too long, as typed. The form offers only known events, so the request
      // carries one event name past its limit on its way out: the server refuses both fields at once.
      await page.route(`**/api/v1/apps/${appId}/webhooks`, async (route) => {
        if (route.request().method() !== 'POST') return route.continue()
        const body = route.request().postDataJSON() as { url: string; eventTypes?: string[] }
        await route.continue({ postData: JSON.stringify({ ...body, eventTypes: [...(body.eventTypes ?? []), 'x'.repeat(webhookLimits.eventTypeChars + 1)] }) })
      })
      const form = page.locator('.apps-webhook-add')
      const url = form.getByLabel(w.url)
      await url.fill(`https://hooks.example.com/${'a'.repeat(webhookLimits.urlChars)}`)
      await form.getByLabel(w.event).check()
      await form.getByRole('button', { name: w.add }).click()

      await form.locator('input[aria-invalid="true"]').waitFor()
      const events = form.locator('fieldset.apps-events')
      assert.equal(await events.getAttribute('aria-invalid'), 'true')
      // Each sentence is beside its own field and named by it; above the button only "fix the marked fields".
      const said = async (described: string | null) => Promise.all((described ?? '').split(' ').map((id) => page.locator(`[id="${id}"]`).innerText()))
      const urlSaid = await said(await url.getAttribute('aria-describedby'))
      const eventsSaid = await said(await events.getAttribute('aria-describedby'))
      assert.match(urlSaid.at(-1) ?? '', locale === 'en-US' ? /^Write at most 2,?048 characters\.$/ : /^Écrivez au plus 2[\s\u202f]?048 caractères\.$|^Écrivez au plus 2048 caractères\.$/)
      assert.match(eventsSaid.at(-1) ?? '', locale === 'en-US' ? /^Write at most \d+ characters\.$/ : /^Écrivez au plus \d+ caractères\.$/)
      assert.equal(await form.locator('.form-error').innerText(), w.marked)
      // Focus moves to the first marked field, so its sentence is read out with it.
      await page.waitForFunction(() => document.activeElement?.getAttribute('type') === 'url' && document.activeElement.getAttribute('aria-invalid') === 'true')

      await form.scrollIntoViewIfNeeded()
      await page.mouse.move(1, 1)
      await screenshot(page, `console-webhook-form-two-wrong-fields-${locale === 'en-US' ? 'en' : 'fr'}`)
      assert.deepEqual(errors.filter((e) => !/status of 400/.test(e)), [])
    } finally {
      await context.close()
    }
  })
}
