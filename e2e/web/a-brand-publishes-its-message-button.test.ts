import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { defaultLimits } from '@parloir/protocol'
import { freePort } from '../support/parloir-process.ts'
import { newContext, screenshot, seriousA11yViolations, watchErrors } from './support/browser.ts'
import { startWeb, type WebFixture } from './support/fixture.ts'
import { logIn, openAs } from './support/people.ts'

let web: WebFixture
/** A brand's own website: another origin on loopback, with a strict CSP and whatever HTML the test puts there. */
let host: { server: Server; origin: string; html: string; policy: string }

before(async () => {
  web = await startWeb()
  const port = await freePort()
  const server = createServer((request, response) => {
    if (request.url !== '/') return void response.writeHead(404).end()
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': host.policy })
    response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Northwind's shop</title></head><body><main><h1>Northwind's shop</h1>${host.html}</main></body></html>`)
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  host = { server, origin: `http://127.0.0.1:${port}`, html: '', policy: "default-src 'none'" }
})
after(async () => {
  await new Promise((resolve) => host.server.close(resolve))
  await web.close()
})

test('an owner builds a button on the Publish page, copies it and its QR code, and the button on a plain site opens the conversation', async () => {
  const ada = await logIn(web, 'ada')
  const brandId = (await ada.client.me()).brands.find((b) => b.brand.handle === 'northwind')?.brand.id ?? ''
  const welcomeMessages = (await ada.client.call('listWelcomeMessages', { params: { brandId } })).welcomeMessages
  const spring = welcomeMessages.find((w) => w.name === 'Spring blend poster')
  assert.ok(spring && !spring.isDefault)
  // Nineteen sites already: the page adds the twentieth, the limit, and refuses one more.
  const others = Array.from({ length: defaultLimits.embedOrigins - 1 }, (_, i) => `https://shop${i + 1}.northwind.example`)
  await ada.client.call('updateBrandMessaging', { params: { brandId }, body: { embedOrigins: others } })

  const adas = await openAs(web, ada, '/console/northwind/publish', {
    beforeLoad: (context) => context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: web.server.url }),
  })
  const { page } = adas
  await page.getByRole('heading', { name: 'Publish', level: 1 }).waitFor()
  await page.getByRole('radio', { name: 'Button' }).check()
  const text = 'Beans & brewing? "Ask" us'
  await page.getByLabel('Link text').fill(text)
  await page.getByLabel('Welcome message').selectOption({ label: 'Spring blend poster' })

  // The source: 64 characters at the limit, one more refused, and no spaces.
  const source = page.getByLabel('Source (optional)')
  await source.fill('x'.repeat(defaultLimits.refChars + 1))
  await page.getByRole('alert').filter({ hasText: `The source is too long: ${defaultLimits.refChars} characters at most.` }).waitFor()
  await page.getByText('Fix the source above to get the snippet.').waitFor()
  assert.equal(await page.getByRole('button', { name: 'Download PNG' }).count(), 0)
  await source.fill('x'.repeat(defaultLimits.refChars))
  await page.getByText('Fix the source above to get the snippet.').waitFor({ state: 'detached' })
  assert.equal(await source.getAttribute('aria-invalid'), null)
  await source.fill('spring poster')
  await page.getByRole('alert').filter({ hasText: 'The source may hold only letters, digits' }).waitFor()
  await source.fill('spring-poster')

  // The snippet, read from the page, is one plain link with everything escaped.
  const link = `${web.server.url}/messages/compose?recipient_id=${brandId}&welcome_message_id=${spring.id}&ref=spring-poster`
  const snippetBox = page.getByRole('textbox', { name: 'HTML for your page' })
  await page.waitForFunction((expected) => (document.querySelector('[data-code="snippet"] textarea') as HTMLTextAreaElement | null)?.value.includes(expected), 'ref=spring-poster')
  const snippet = await snippetBox.inputValue()
  assert.equal(snippet, `<a href="${link.replaceAll('&', '&amp;')}" data-parloir-chat>Beans &amp; brewing? &quot;Ask&quot; us</a>`)
  assert.equal(await snippetBox.getAttribute('readonly'), '')
  await page.getByRole('button', { name: 'Copy the HTML for your page' }).click()
  await page.getByText('Copied to the clipboard.').waitFor()
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), snippet)

  // The preview is that button, leading to that link; the chosen welcome message shows beside it.
  const preview = page.locator('.publish-preview')
  assert.equal(await preview.getByRole('link', { name: text }).getAttribute('href'), link)
  await preview.getByText(spring.text).waitFor()
  await screenshot(page, 'console-publish-button-desktop')

  // The QR code, as PNG and SVG files.
  await page.getByRole('img', { name: 'QR code of the link to a conversation with Northwind Coffee' }).waitFor()
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PNG' }).click()])
  assert.equal(png.suggestedFilename(), 'northwind-qr-spring-poster.png')
  const bytes = readFileSync(await png.path())
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR')
  const [width, height] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)]
  assert.ok(width === height && width >= 512 && width <= 2048, `${width}×${height}`)
  assert.ok(bytes.length > 2_000 && bytes.length < 200_000, `${bytes.length} bytes`)
  const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download SVG' }).click()])
  assert.equal(svg.suggestedFilename(), 'northwind-qr-spring-poster.svg')
  assert.match(readFileSync(await svg.path(), 'utf8'), /^<svg [^>]*viewBox="0 0 \d+ \d+"/)

  // The snippet on a plain page of the brand's site (no script allowed at all): the link opens the compose page.
  host.html = `<p>Questions about the spring blend?</p>${snippet}`
  host.policy = "default-src 'none'"
  const visitor = await newContext(web.browser)
  const site = await visitor.newPage()
  const siteErrors = watchErrors(site)
  await site.goto(host.origin)
  await site.getByRole('link', { name: text }).click()
  await site.waitForURL((url) => url.pathname === '/messages/compose')
  const opened = new URL(site.url())
  assert.equal(opened.origin, web.server.url)
  assert.deepEqual(Object.fromEntries(opened.searchParams), { recipient_id: brandId, welcome_message_id: spring.id, ref: 'spring-poster' })
  await site.getByText(spring.text).waitFor()
  assert.deepEqual(siteErrors, [])
  await visitor.close()

  // The in-page chat: the same link and the loader, the CSP lines the site needs, and the site on the list.
  await page.getByRole('radio', { name: 'In-page chat' }).check()
  await page.waitForFunction(() => (document.querySelector('[data-code="snippet"] textarea') as HTMLTextAreaElement | null)?.value.includes('<script'))
  const chatSnippet = await snippetBox.inputValue()
  assert.equal(chatSnippet, `${snippet}\n<script src="${web.server.url}/widget.js" async></script>`)
  const policy = await page.getByRole('textbox', { name: 'If your site has a Content-Security-Policy' }).inputValue()
  assert.equal(policy, `script-src ${web.server.url}; frame-src ${web.server.url}`)
  await page.getByTitle('Preview of the chat window').waitFor()

  const sites = page.getByRole('region', { name: 'Sites allowed to embed the chat' })
  const address = sites.getByLabel('Site address')
  await address.fill(`${host.origin}/shop`)
  await sites.getByRole('button', { name: 'Add', exact: true }).click()
  // Said beside the address it is about, which is marked.
  await sites.getByText('Only the site’s address', { exact: false }).waitFor()
  assert.equal(await address.getAttribute('aria-invalid'), 'true')
  await address.fill(`${host.origin}/`)
  await sites.getByRole('button', { name: 'Add', exact: true }).click()
  await sites.getByText(`${host.origin} can now embed the chat.`).waitFor()
  await sites.getByText(`${defaultLimits.embedOrigins} of ${defaultLimits.embedOrigins} sites`).waitFor()
  await address.fill('https://one-too-many.northwind.example')
  await sites.getByRole('button', { name: 'Add', exact: true }).click()
  await sites.getByText(`The list is full: ${defaultLimits.embedOrigins} sites at most.`, { exact: false }).waitFor()
  assert.equal(await address.getAttribute('aria-invalid'), 'true')
  await sites.getByRole('button', { name: `Remove ${others[0]}` }).click()
  await sites.getByText(`${others[0]} was removed.`).waitFor()
  const saved = await ada.client.call('getBrandMessaging', { params: { brandId } })
  assert.deepEqual(saved.embedOrigins, [...others.slice(1), host.origin])

  host.html = `<p>Questions about the spring blend?</p>${chatSnippet}`
  host.policy = `default-src 'none'; ${policy}`
  const chatVisitor = await newContext(web.browser)
  const chatSite = await chatVisitor.newPage()
  const chatErrors = watchErrors(chatSite)
  await chatSite.goto(host.origin)
  await chatSite.getByRole('link', { name: text }).click()
  const frame = chatSite.locator(`iframe[src^="${web.server.url}/widget/frame?"]`)
  await frame.waitFor()
  const frameUrl = new URL(await frame.getAttribute('src') ?? '')
  assert.deepEqual(Object.fromEntries(frameUrl.searchParams), { brand: brandId, welcome: spring.id, ref: 'spring-poster' })
  await chatSite.frameLocator(`iframe[src^="${web.server.url}/widget/frame?"]`).getByText(spring.text).waitFor()
  assert.equal(chatSite.url(), `${host.origin}/`, 'the chat opens on the page, which stays')
  assert.deepEqual(chatErrors, [])
  await chatVisitor.close()

  assert.deepEqual(adas.errors, [])
  await adas.context.close()
})

test('the Publish page passes axe on desktop and phone, light and dark, and reads in French', async () => {
  const ada = await logIn(web, 'ada')
  for (const viewport of ['desktop', 'phone'] as const) {
    for (const colorScheme of ['light', 'dark'] as const) {
      const win = await openAs(web, ada, '/console/northwind/publish', { viewport, colorScheme })
      const { page } = win
      await page.getByRole('img', { name: /^QR code/ }).waitFor()
      for (const kind of ['Link', 'Button', 'In-page chat']) {
        await page.getByRole('radio', { name: kind }).check()
        assert.deepEqual(await seriousA11yViolations(page), [], `${kind} ${viewport} ${colorScheme}`)
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'nothing overflows sideways')
      }
      await screenshot(page, `console-publish-chat-${viewport}-${colorScheme}`)
      assert.deepEqual(win.errors, [])
      await win.context.close()
    }
  }
  const french = await openAs(web, ada, '/console/northwind/publish', { locale: 'fr-FR' })
  await french.page.getByRole('heading', { name: 'Quoi publier' }).waitFor()
  await french.page.getByRole('radio', { name: 'Chat dans la page' }).check()
  assert.match(await french.page.getByRole('textbox', { name: 'HTML pour votre page' }).inputValue(), />Écrivez-nous<\/a>\n<script /)
  await french.context.close()
})

test('an owner makes the identity-verification secret, sees it once and can make a new one; an agent is told who can', async () => {
  const ada = await logIn(web, 'ada')
  const win = await openAs(web, ada, '/console/northwind/publish')
  const { page } = win
  const section = page.getByRole('region', { name: 'Identity verification' }).or(page.locator('section', { has: page.getByRole('heading', { name: 'Identity verification' }) }))
  await page.getByText('Not set up: no secret yet.').waitFor()
  await page.getByRole('button', { name: 'Make a secret' }).click()
  const box = page.getByRole('textbox', { name: 'Identity secret' })
  await box.waitFor()
  const secret = await box.inputValue()
  assert.match(secret, /^[0-9a-f]{64}$/)
  await page.getByText(/^On since /).waitFor()
  assert.deepEqual(await seriousA11yViolations(page), [])
  await section.last().scrollIntoViewIfNeeded()
  await screenshot(page, 'console-identity-secret-desktop')
  // Put away, it is not shown again, here or after a reload.
  await page.getByRole('button', { name: 'I have copied them' }).click()
  assert.equal(await box.count(), 0)
  await page.reload()
  await page.getByText(/^On since /).waitFor()
  assert.equal(await page.getByRole('textbox', { name: 'Identity secret' }).count(), 0)
  assert.equal(await page.content().then((html) => html.includes(secret)), false)
  // A new one, after a confirmation, replaces it.
  page.once('dialog', (dialog) => void dialog.accept())
  await page.getByRole('button', { name: 'Make a new secret' }).click()
  const again = await page.getByRole('textbox', { name: 'Identity secret' }).inputValue()
  assert.match(again, /^[0-9a-f]{64}$/)
  assert.notEqual(again, secret)
  assert.deepEqual(win.errors, [])
  await win.context.close()

  for (const [viewport, colorScheme, locale, name] of [['phone', 'dark', 'en-US', 'console-identity-phone-dark'], ['desktop', 'light', 'fr-FR', 'console-identity-desktop-fr']] as const) {
    const other = await openAs(web, ada, '/console/northwind/publish', { viewport, colorScheme, locale })
    const heading = other.page.getByRole('heading', { name: locale === 'fr-FR' ? 'Vérification d’identité' : 'Identity verification' })
    await heading.waitFor()
    await other.page.getByText(locale === 'fr-FR' ? /^En place depuis le / : /^On since /).waitFor()
    await heading.scrollIntoViewIfNeeded()
    assert.deepEqual(await seriousA11yViolations(other.page), [])
    await screenshot(other.page, name)
    await other.context.close()
  }

  const ben = await logIn(web, 'ben')
  const agent = await openAs(web, ben, '/console/northwind/publish')
  await agent.page.getByText('Only the brand’s owners and administrators can see and change identity verification.').waitFor()
  assert.equal(await agent.page.getByRole('button', { name: /secret/ }).count(), 0)
  await agent.context.close()
})
