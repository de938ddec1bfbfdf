import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { startWeb, type WebFixture } from './support/fixture.ts'
import { logIn, openAs, type Person } from './support/people.ts'

// Figures are printed, never asserted: they depend on the machine. The gate seeds 2,000 messages,
// enough for the list to stay virtualised and page older history in; the extended tier (EXTENDED=1,
// docs/reliability.md) seeds 10,000, the figures docs/performance.md quotes. Reproduce with
//   npm run build:web && EXTENDED=1 node --import tsx --test e2e/web/a-ten-thousand-message-conversation-opens-and-scrolls.test.ts
const TOTAL = process.env.EXTENDED === '1' ? 10_000 : 2_000
const total = TOTAL.toLocaleString('en-US')

let web: WebFixture
let ada: Person
let ben: Person
let conversationId: string

before(async () => {
  // Seeding thousands of messages over the API needs the send rate limit lifted (10/s by default).
  web = await startWeb({ env: { PARLOIR_RATE_LIMITS: 'off' } })
  ada = await logIn(web, 'ada')
  ben = await logIn(web, 'ben')
  const direct = await ada.client.openDirect(ben.id)
  await ben.client.acceptRequest(direct.id)
  conversationId = direct.id
  const started = performance.now()
  let next = 1
  const worker = async () => {
    while (next <= TOTAL) {
      const n = next++
      const from = Math.floor(n / 3) % 2 === 0 ? ada : ben
      const text = n % 10 === 0
        ? `Message ${n}: the roast notes are at https://northwind.example/roasts/${n} — ask @ada #coffee`
        : n % 7 === 0
          ? `Message ${n}: a longer one, to vary the heights. The Ethiopian Guji is fruity and floral, with a bright acidity; the Colombian decaf is round and chocolatey. Which one for the tasting on Friday?`
          : `Message ${n}`
      await from.client.sendMessage(conversationId, { text, clientMessageId: `seed-${n}` })
    }
  }
  await Promise.all(Array.from({ length: 32 }, worker))
  console.log(`seeded ${TOTAL} messages over the API in ${((performance.now() - started) / 1000).toFixed(1)} s`)
})
after(() => web.close())

const newest = (page: Page) => page.getByRole('region', { name: 'Message history' }).locator('.msg-bubble', { hasText: `Message ${TOTAL}:` })

test(`a conversation of ${total} messages opens at its newest message and loads older pages as one scrolls`, async () => {
  // Cold: a fresh page load straight into the conversation. The page itself notes when the
  // newest message is first painted (checked every frame from the start of the document).
  const adas = await openAs(web, ada, `/c/${conversationId}`, { beforeLoad: async (context) => { await context.addInitScript(`
    (function watch() {
      const found = [...document.querySelectorAll('.msg-text')].some((e) => (e.textContent || '').startsWith('Message ${TOTAL}:'))
      if (found) window.__newestShownAt = performance.now()
      else requestAnimationFrame(watch)
    })()`) } })
  const { page } = adas
  await newest(page).waitFor()
  const coldMs = await page.waitForFunction(() => (window as unknown as { __newestShownAt?: number }).__newestShownAt).then((handle) => handle.jsonValue() as Promise<number>)
  const rendered = await page.locator('.msg-vrow').count()
  assert.ok(rendered < 120, `only the rows in view are in the page (${rendered})`)

  // Warm: from another conversation, click it in the list.
  await page.goto(`${web.server.url}/`)
  await page.getByRole('link', { name: /Roastery team/ }).click()
  await page.locator('.msg-view__header').getByRole('heading', { name: 'Roastery team' }).waitFor()
  await page.evaluate(`(() => {
    document.addEventListener('click', () => { window.__clickedAt = performance.now() }, { capture: true, once: true })
    ;(function watch() {
      const found = [...document.querySelectorAll('.msg-text')].some((e) => (e.textContent || '').startsWith('Message ${TOTAL}:'))
      if (found && window.__clickedAt !== undefined) window.__warmMs = performance.now() - window.__clickedAt
      else requestAnimationFrame(watch)
    })()
  })()`)
  await page.getByRole('link', { name: /Ben Okafor/ }).click()
  await newest(page).waitFor()
  const warmMs = await page.waitForFunction(() => (window as unknown as { __warmMs?: number }).__warmMs).then((handle) => handle.jsonValue() as Promise<number>)

  // Scroll up for ~6 seconds of frames, as a reader flicking through history, and time each frame.
  // (No named functions inside: tsx would wrap them in a helper the page does not have.)
  const scroll = await page.evaluate(async () => {
    const box = document.querySelector('.msg-scroll')
    if (!(box instanceof HTMLElement)) throw new Error('no message list')
    const frames: number[] = []
    // Main-thread tasks over 50 ms while scrolling (what makes a page feel stuck).
    const longTasks: number[] = []
    const observer = new PerformanceObserver((list) => { for (const entry of list.getEntries()) longTasks.push(entry.duration) })
    observer.observe({ type: 'longtask' })
    let oldest = Infinity
    let maxRows = 0
    let atTop = 0
    let last = await new Promise<number>((resolve) => requestAnimationFrame(resolve))
    for (let i = 0; i < 360; i++) {
      if (box.scrollTop === 0) atTop++
      box.scrollTop = Math.max(0, box.scrollTop - 240)
      const now = await new Promise<number>((resolve) => requestAnimationFrame(resolve))
      frames.push(now - last)
      last = now
      if (i % 10 === 0) {
        maxRows = Math.max(maxRows, box.querySelectorAll('.msg-vrow').length)
        for (const bubble of box.querySelectorAll('.msg-bubble')) {
          oldest = Math.min(oldest, Number(/Message (\d+)/.exec(bubble.textContent ?? '')?.[1] ?? Infinity))
        }
      }
    }
    observer.disconnect()
    frames.sort((a, b) => a - b)
    return { frames, oldest, maxRows, longTasks, atTop }
  })
  const { frames, oldest, maxRows, longTasks, atTop } = scroll
  const at = (q: number) => frames[Math.min(frames.length - 1, Math.floor(q * frames.length))] ?? 0
  const meanMs = frames.reduce((a, b) => a + b, 0) / frames.length

  console.log(`${total}-message conversation: cold open (page load to newest message shown) ${coldMs.toFixed(0)} ms; ` +
    `warm open (click in the list to newest message shown) ${warmMs.toFixed(0)} ms; rows in the page ${rendered}`)
  console.log(`scrolling up ${frames.length} frames: mean ${meanMs.toFixed(1)} ms, p50 ${at(0.5).toFixed(1)} ms, ` +
    `p95 ${at(0.95).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, max ${(frames.at(-1) ?? 0).toFixed(1)} ms, ` +
    `frames over 50 ms: ${frames.filter((f) => f > 50).length}; long tasks: ${longTasks.length} (longest ${Math.max(0, ...longTasks).toFixed(0)} ms); ` +
    `frames stuck at the top waiting for history: ${atTop}; reached message ${oldest}; at most ${maxRows} rows in the page`)

  assert.ok(oldest < TOTAL - 200, `older pages loaded while scrolling (reached message ${oldest})`)
  assert.ok(maxRows < 150, `the list stays virtualised (${maxRows} rows at most)`)
  assert.deepEqual(adas.errors, [])
  await adas.context.close()
})
