import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startWeb, type WebFixture } from './support/fixture.ts'
import { acceptedDirect, bubble, live, logIn, openAs, type Person } from './support/people.ts'

let web: WebFixture
let ada: Person
let ben: Person
let conversationId: string
before(async () => {
  web = await startWeb()
  ada = await logIn(web, 'ada')
  ben = await logIn(web, 'ben')
  conversationId = await acceptedDirect(ada, ben)
  await ada.client.sendMessage(conversationId, 'Morning Ben!')
})
after(() => web.close())

/** A promise with its resolve function outside. */
function signal<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {}
  const promise = new Promise<T>((r) => { resolve = r })
  return { promise, resolve }
}

// A stream opened without a cursor starts at the server's latest event: what was committed after
// the page's first fetch of messages but before the stream was subscribed comes by neither way,
// unless the page catches up once the stream is ready. The test holds both sides of that window
// open, which happens by itself on a loaded machine.
test('a message sent between loading a conversation and its stream going live shows up', async () => {
  const snapshotTaken = signal()
  const messageSent = signal()
  const streamLive = signal()
  const bens = await openAs(web, ben, `/c/${conversationId}`, {
    async beforeLoad(context) {
      // The first page of messages is read by the server at once, but reaches the page only
      // once the stream is live.
      let first = true
      await context.route(/\/api\/v1\/conversations\/\d+\/messages(\?.*)?$/, async (route) => {
        if (!first || route.request().method() !== 'GET') { await route.continue(); return }
        first = false
        const response = await route.fetch()
        snapshotTaken.resolve()
        await streamLive.promise
        await route.fulfill({ response })
      })
      // The stream connects only after Ada's message is committed.
      await context.routeWebSocket(/\/api\/v1\/stream/, async (socket) => {
        await messageSent.promise
        socket.connectToServer()
      })
    },
  })
  await snapshotTaken.promise
  await ada.client.sendMessage(conversationId, 'Sent while you were opening it')
  messageSent.resolve()
  await live(bens.page)
  streamLive.resolve()

  await bubble(bens.page, 'Morning Ben!').waitFor()
  await bubble(bens.page, 'Sent while you were opening it').waitFor({ timeout: 5_000 })
  assert.equal(await bubble(bens.page, 'Sent while you were opening it').count(), 1, 'shown once')
  // The list shows it as the latest message too.
  await bens.page.getByRole('list', { name: 'Messages' }).getByText('Sent while you were opening it').waitFor({ timeout: 5_000 })

  assert.deepEqual(bens.errors, [])
  await bens.context.close()
})
