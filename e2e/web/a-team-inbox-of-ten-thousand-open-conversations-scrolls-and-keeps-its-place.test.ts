import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { seedBusyInbox } from '@parloir/testing/seed-inbox'
import { screenshot } from './support/browser.ts'
import { startWeb, type WebFixture } from './support/fixture.ts'
import { logIn, openAs, type Person } from './support/people.ts'

// Figures are printed, never asserted: they depend on the machine. The gate seeds 2,000 open
// conversations, enough for the list to stay virtualised and page in on the way down; the extended
// tier (EXTENDED=1, docs/reliability.md) seeds 10,000, the figures docs/performance.md quotes. Reproduce with
//   npm run build:web && EXTENDED=1 node --import tsx --test e2e/web/a-team-inbox-of-ten-thousand-open-conversations-scrolls-and-keeps-its-place.test.ts
const TOTAL = process.env.EXTENDED === '1' ? 10_000 : 2_000
const total = TOTAL.toLocaleString('en-US')

let web: WebFixture
let ada: Person
let brandId: string

before(async () => {
  const started = performance.now()
  web = await startWeb({
    seed: async (dataDir) => { brandId = (await seedBusyInbox(dataDir, { ownerHandle: 'ada', brandHandle: 'bigshop', brandName: 'Big Shop', count: TOTAL })).brandId },
  })
  console.log(`seeded ${TOTAL} open conversations through core in ${((performance.now() - started) / 1000).toFixed(1)} s (server start included)`)
  ada = await logIn(web, 'ada')
})
after(() => web.close())

test(`an inbox of ${total} open conversations scrolls to its end smoothly and keeps its place when conversations move`, async () => {
  const adas = await openAs(web, ada, '/console/bigshop/inbox?view=open')
  const { page } = adas
  await page.locator(`.inbox-view[data-view="open"] .inbox-view__count[data-count="${TOTAL}"]`).waitFor()
  await page.locator('.inbox-row').first().waitFor()

  // Scroll to the very end, a few screens per frame as a flick would, timing every frame; the
  // next pages load on the way. (No named functions inside: tsx would wrap them in a helper.)
  const scroll = await page.evaluate(async (total) => {
    const box = document.querySelector('.inbox-scroll')
    if (!(box instanceof HTMLElement)) throw new Error('no inbox list')
    const frames: number[] = []
    // The frames in which the list moved: those at the end of the loaded rows, waiting for a page,
    // have nothing to draw and are quick, so counted with the rest they flatter a slow page load.
    const moving: number[] = []
    const longTasks: number[] = []
    const observer = new PerformanceObserver((list) => { for (const entry of list.getEntries()) longTasks.push(entry.duration) })
    observer.observe({ type: 'longtask' })
    let maxRows = 0
    let waitingFrames = 0
    const started = performance.now()
    let last = await new Promise<number>((resolve) => requestAnimationFrame(resolve))
    while (performance.now() - started < 180_000) {
      const end = box.scrollHeight - box.clientHeight
      const loaded = Math.round(box.scrollHeight / 76)
      if (box.scrollTop >= end - 1) {
        if (loaded >= total) break
        waitingFrames++
      }
      const from = box.scrollTop
      box.scrollTop = Math.min(end, from + 1_500)
      const moved = box.scrollTop !== from
      const now = await new Promise<number>((resolve) => requestAnimationFrame(resolve))
      frames.push(now - last)
      if (moved) moving.push(now - last)
      last = now
      maxRows = Math.max(maxRows, box.querySelectorAll('.inbox-row').length)
    }
    observer.disconnect()
    const seconds = (performance.now() - started) / 1000
    frames.sort((a, b) => a - b)
    const movingMs = moving.reduce((a, b) => a + b, 0) / moving.length
    return { frames, movingFrames: moving.length, movingMs, maxRows, longTasks, waitingFrames, seconds, loaded: Math.round(box.scrollHeight / 76) }
  }, TOTAL)
  const { frames, movingFrames, movingMs, maxRows, longTasks, waitingFrames, seconds } = scroll
  const at = (q: number) => frames[Math.min(frames.length - 1, Math.floor(q * frames.length))] ?? 0
  const meanMs = frames.reduce((a, b) => a + b, 0) / frames.length
  console.log(`scrolling ${total} rows to the end: ${frames.length} frames in ${seconds.toFixed(1)} s, ${(1000 / meanMs).toFixed(0)} fps mean, ${(1000 / movingMs).toFixed(0)} over the ${movingFrames} frames that scrolled; ` +
    `frame p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, max ${(frames.at(-1) ?? 0).toFixed(1)} ms; ` +
    `frames over 50 ms: ${frames.filter((f) => f > 50).length}; long tasks: ${longTasks.length} (longest ${Math.max(0, ...longTasks).toFixed(0)} ms); ` +
    `frames at the end waiting for a page: ${waitingFrames}; at most ${maxRows} rows in the page`)
  assert.equal(scroll.loaded, TOTAL, 'every page loaded on the way to the end')
  assert.ok(maxRows < 80, `the list stays virtualised (${maxRows} rows at most)`)

  // Keep the place: a row above leaves the view (the rows in sight move up one), then a new
  // conversation lands at the top (they move down one); the reader sees neither move.
  const firstInSight = () => page.evaluate(() => {
    const box = document.querySelector('.inbox-scroll') as HTMLElement
    const top = box.getBoundingClientRect().top
    const row = [...box.querySelectorAll<HTMLElement>('.inbox-row')].find((r) => r.getBoundingClientRect().top >= top)
    return { id: row?.dataset.conversationId ?? '', offset: (row?.getBoundingClientRect().top ?? 0) - top, scrollTop: box.scrollTop }
  })
  const offsetOf = (id: string) => page.evaluate((id) => {
    const box = document.querySelector('.inbox-scroll') as HTMLElement
    const row = box.querySelector<HTMLElement>(`.inbox-row[data-conversation-id="${id}"]`)
    return { offset: row ? row.getBoundingClientRect().top - box.getBoundingClientRect().top : null, scrollTop: box.scrollTop }
  }, id)
  const before = await firstInSight()
  const top = await ada.client.call('listInbox', { params: { brandId }, query: { view: 'open', limit: 1 } })
  const topId = top.items[0]?.state.conversationId
  assert.ok(topId)
  await ada.client.call('setInboxStatus', { params: { brandId, conversationId: topId }, body: { status: 'resolved' } })
  await page.locator(`.inbox-view[data-view="open"] .inbox-view__count[data-count="${TOTAL - 1}"]`).waitFor()
  await page.waitForTimeout(500)
  const afterResolve = await offsetOf(before.id)
  const chloe = await logIn(web, 'chloe')
  const opened = await chloe.client.openDirect(brandId)
  await chloe.client.sendMessage(opened.id, { text: 'A brand new question', clientMessageId: 'inbox-scroll-1' })
  await page.locator(`.inbox-view[data-view="open"] .inbox-view__count[data-count="${TOTAL}"]`).waitFor()
  await page.waitForTimeout(1_000)
  const afterNew = await offsetOf(before.id)
  console.log(`place kept: row ${before.id} at ${before.offset.toFixed(0)} px from the top of the list before the events, ` +
    `${afterResolve.offset?.toFixed(0)} px after a row above left (scrollTop ${before.scrollTop} → ${afterResolve.scrollTop}), ` +
    `${afterNew.offset?.toFixed(0)} px after a new one came at the top (scrollTop → ${afterNew.scrollTop})`)
  for (const after of [afterResolve, afterNew]) {
    assert.ok(after.offset !== null && Math.abs(after.offset - before.offset) <= 2, 'the rows in sight stay where they were')
    assert.ok(after.scrollTop > 0, 'the list did not jump to the top')
  }
  await screenshot(page, 'team-inbox-ten-thousand-end')

  // Back at the top, the new conversation is there, merged in without a reload.
  await page.evaluate(() => { (document.querySelector('.inbox-scroll') as HTMLElement).scrollTop = 0 })
  await page.locator(`.inbox-row[data-conversation-id="${opened.id}"]`).waitFor()
  assert.equal(await page.locator(`.inbox-row[data-conversation-id="${topId}"]`).count(), 0, 'the resolved row left All open')
  assert.deepEqual(adas.errors, [])
  await adas.context.close()
})
