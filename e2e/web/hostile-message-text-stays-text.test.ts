import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { ParloirClient } from '@parloir/client'
import { newContext, watchErrors } from './support/browser.ts'
import { demoPassword, startWeb, type WebFixture } from './support/fixture.ts'

// An XSS corpus sent as message text: none of it may run, become markup, or become a link
// with a dangerous scheme. The server stores text as text; the app must render it as text.
const corpus = [
  '<script>window.__pwned = 1</script>',
  '<img src=x onerror="window.__pwned = 2">',
  '<svg onload="window.__pwned = 3"></svg>',
  'javascript:window.__pwned=4',
  'JaVaScRiPt:window.__pwned=5',
  '[click me](javascript:window.__pwned=6)',
  'https://northwind.example/"><script>window.__pwned=7</script>',
  '"onmouseover="window.__pwned=8" x="',
  'data:text/html,<script>window.__pwned=9</script>',
  '<a href="javascript:window.__pwned=10">link</a>',
  '<iframe src="https://evil.example"></iframe>',
  '{{constructor.constructor("window.__pwned=11")()}}',
  'www.northwind.example/menu?x=<b>bold</b>',
  '&lt;b&gt;entities&lt;/b&gt; &amp; &#x3C;script&#x3E;',
]

let web: WebFixture
before(async () => { web = await startWeb() })
after(() => web.close())

test('hostile text in messages is shown as text: nothing runs, no markup, only safe links', async () => {
  const dan = new ParloirClient({ baseUrl: web.server.url })
  await dan.login({ handle: 'dan', password: demoPassword })
  const chloe = new ParloirClient({ baseUrl: web.server.url })
  await chloe.login({ handle: 'chloe', password: demoPassword })
  const conversation = await dan.openDirect((await dan.getAccountByHandle('chloe')).id)
  await chloe.acceptRequest(conversation.id)
  for (const [i, text] of corpus.entries()) await dan.sendMessage(conversation.id, { text, clientMessageId: `xss-${i}` })

  const context = await newContext(web.browser)
  const page = await context.newPage()
  const errors = watchErrors(page)
  const dialogs: string[] = []
  page.on('dialog', (dialog) => { dialogs.push(dialog.message()); dialog.dismiss().catch(() => undefined) }) // the page may be closing; the test counts the dialogs
  await page.goto(`${web.server.url}/login`)
  await page.getByLabel('Handle').fill('chloe')
  await page.getByLabel('Password').fill(demoPassword)
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.getByRole('heading', { name: 'Messages' }).first().waitFor()
  await page.goto(`${web.server.url}/c/${conversation.id}`)
  const last = corpus.at(-1) ?? ''
  // In the conversation itself (the conversation list shows the last message too).
  await page.getByRole('region', { name: 'Message history' }).getByText(last, { exact: false }).first().waitFor({ timeout: 10_000 })
  for (const text of corpus) {
    assert.ok(await page.getByText(text, { exact: false }).count() > 0, `shown as text: ${text}`)
  }

  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined, 'no payload ran')
  assert.deepEqual(dialogs, [])
  const main = page.locator('main')
  assert.equal(await main.locator('script, iframe, svg[onload], img[onerror], [onmouseover]').count(), 0, 'no markup from message text')
  const links = await main.locator('a[href]').evaluateAll((anchors) => anchors.map((a) => ({
    href: a.getAttribute('href') ?? '', rel: a.getAttribute('rel') ?? '', external: !(a.getAttribute('href') ?? '').startsWith('/'),
  })))
  for (const link of links) {
    if (!link.external) continue
    assert.match(link.href, /^(https?:|mailto:|tel:)/i, `safe scheme: ${link.href}`)
    if (/^https?:/i.test(link.href)) {
      for (const word of ['noopener', 'noreferrer', 'nofollow', 'ugc']) assert.ok(link.rel.split(/\s+/).includes(word), `${link.href} rel has ${word}`)
    }
  }
  assert.ok(links.some((l) => l.href.startsWith('https://northwind.example/')), 'a real link is still a link')
  assert.deepEqual(errors, [])
  await context.close()
})
