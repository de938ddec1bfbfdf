import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { Drafts, MAX_DRAFTS, type DraftPlace } from './drafts.ts'
import { forgetAccount } from './saved-locally.ts'
import { MAX_SAVED_MESSAGES, savedOutbox } from './saved-outbox.ts'

/** The Web Storage API over a Map, as localStorage behaves; `quota` bytes of values make it refuse more. */
class MemoryStorage implements Storage {
  readonly #items = new Map<string, string>()
  constructor(readonly quota = Infinity) {}
  get length() { return this.#items.size }
  key(index: number) { return [...this.#items.keys()][index] ?? null }
  getItem(key: string) { return this.#items.get(key) ?? null }
  setItem(key: string, value: string) {
    const used = [...this.#items].reduce((sum, [k, v]) => sum + (k === key ? 0 : v.length), 0)
    if (used + value.length > this.quota) throw new DOMException('full', 'QuotaExceededError')
    this.#items.set(key, String(value))
  }
  removeItem(key: string) { this.#items.delete(key) }
  clear() { this.#items.clear() }
  keys() { return [...this.#items.keys()] }
}

const ada = 'ada-id'
const ben = 'ben-id'
const northwind = 'northwind-id'
const place = (conversationId: string, over: Partial<DraftPlace> = {}): DraftPlace => ({ accountId: ada, actorId: ada, conversationId, mode: 'message', ...over })

describe('drafts', () => {
  test('a draft comes back for its conversation only, also from a new page (a reload)', () => {
    const storage = new MemoryStorage()
    new Drafts(storage).set(place('c1'), 'Coffee at 10?')
    const reloaded = new Drafts(storage)
    assert.equal(reloaded.get(place('c1')), 'Coffee at 10?')
    assert.equal(reloaded.get(place('c2')), '')
  })

  test('a note’s draft and the message’s draft never mix', () => {
    const drafts = new Drafts(new MemoryStorage())
    drafts.set(place('c1', { actorId: northwind }), 'Thanks Chloe, on its way')
    drafts.set(place('c1', { actorId: northwind, mode: 'note' }), 'Refund approved by Ben')
    assert.equal(drafts.get(place('c1', { actorId: northwind })), 'Thanks Chloe, on its way')
    assert.equal(drafts.get(place('c1', { actorId: northwind, mode: 'note' })), 'Refund approved by Ben')
    assert.equal(drafts.get(place('c1')), '', 'writing as myself is another place than writing as the brand')
  })

  test('one account never reads another’s drafts', () => {
    const drafts = new Drafts(new MemoryStorage())
    drafts.set(place('c1'), 'Private to Ada')
    assert.equal(drafts.get(place('c1', { accountId: ben, actorId: ben })), '')
  })

  test('emptying the box (a send) forgets the draft', () => {
    const storage = new MemoryStorage()
    const drafts = new Drafts(storage)
    drafts.set(place('c1'), 'Sent soon')
    drafts.set(place('c1'), '')
    assert.equal(drafts.get(place('c1')), '')
    assert.deepEqual(storage.keys(), [])
    drafts.set(place('c1'), '   \n')
    assert.deepEqual(storage.keys(), [], 'blank is no draft')
  })

  test(`${MAX_DRAFTS} drafts are kept; one more forgets the least recently written`, () => {
    const storage = new MemoryStorage()
    let now = 0
    const drafts = new Drafts(storage, () => ++now)
    for (let i = 0; i < MAX_DRAFTS; i++) drafts.set(place(`c${i}`), `draft ${i}`)
    drafts.set(place('c0'), 'draft 0, written again') // c0 is now the most recent; c1 the oldest
    assert.equal(storage.length, MAX_DRAFTS, 'at the limit, all kept')
    drafts.set(place('c-new'), 'one more')
    assert.equal(storage.length, MAX_DRAFTS, 'past it, still the limit')
    assert.equal(drafts.get(place('c1')), '', 'the least recently written went')
    assert.equal(drafts.get(place('c0')), 'draft 0, written again')
    assert.equal(drafts.get(place('c-new')), 'one more')
    drafts.set(place('c-other-account', { accountId: ben, actorId: ben }), 'Ben’s')
    assert.equal(drafts.get(place('c2')), 'draft 2', 'another account’s draft does not count against Ada’s')
  })

  test('a device that refuses storage (full, or none) loses nothing but the draft', () => {
    const full = new Drafts(new MemoryStorage(10))
    assert.doesNotThrow(() => full.set(place('c1'), 'a draft longer than the quota'))
    assert.equal(full.get(place('c1')), '')
    const none = new Drafts(null)
    none.set(place('c1'), 'nowhere to go')
    assert.equal(none.get(place('c1')), '')
  })

  test('an unreadable value reads as no draft', () => {
    const storage = new MemoryStorage()
    storage.setItem('parloir:draft:ada-id:ada-id:c1:message', '{not json')
    assert.equal(new Drafts(storage).get(place('c1')), '')
  })
})

interface Item { clientMessageId: string; conversationId: string; text: string }
const isItem = (value: unknown): value is Item => typeof value === 'object' && value !== null && typeof (value as Item).clientMessageId === 'string'
const item = (id: string, text = `text ${id}`): Item => ({ clientMessageId: id, conversationId: 'c1', text })

describe('the outbox kept on the device', () => {
  test('what is put comes back in order after a reload, each once; what is removed does not', () => {
    const storage = new MemoryStorage()
    const saved = savedOutbox(storage, ada, ada, isItem)
    saved.put(item('a'))
    saved.put(item('b'))
    saved.put(item('a', 'text a'))
    saved.put(item('c'))
    saved.remove('b')
    assert.deepEqual(savedOutbox(storage, ada, ada, isItem).load(), [item('a'), item('c')])
    saved.remove('a')
    saved.remove('c')
    assert.deepEqual(storage.keys(), [], 'nothing left once all are sent')
  })

  test('two tabs of one account keep each other’s messages', () => {
    const storage = new MemoryStorage()
    const tab1 = savedOutbox(storage, ada, ada, isItem)
    const tab2 = savedOutbox(storage, ada, ada, isItem)
    tab1.put(item('from-tab-1'))
    tab2.put(item('from-tab-2'))
    tab1.remove('never-here')
    assert.deepEqual(tab1.load().map((i) => i.clientMessageId), ['from-tab-1', 'from-tab-2'])
  })

  test('kept per account and per actor (myself, or a brand I answer for)', () => {
    const storage = new MemoryStorage()
    savedOutbox(storage, ada, ada, isItem).put(item('as-ada'))
    savedOutbox(storage, ada, northwind, isItem).put(item('as-northwind'))
    assert.deepEqual(savedOutbox(storage, ada, northwind, isItem).load().map((i) => i.clientMessageId), ['as-northwind'])
    assert.deepEqual(savedOutbox(storage, ben, ben, isItem).load(), [])
    assert.deepEqual(savedOutbox(storage, ben, northwind, isItem).load(), [], 'a teammate on the same device does not send Ada’s')
  })

  test(`${MAX_SAVED_MESSAGES} messages are kept; one more stays in memory only`, () => {
    const saved = savedOutbox(new MemoryStorage(), ada, ada, isItem)
    for (let i = 0; i < MAX_SAVED_MESSAGES; i++) saved.put(item(`m${i}`))
    assert.equal(saved.load().length, MAX_SAVED_MESSAGES)
    saved.put(item('one-more'))
    assert.equal(saved.load().length, MAX_SAVED_MESSAGES)
    assert.equal(saved.load().some((i) => i.clientMessageId === 'one-more'), false)
    saved.put(item('m0', 'changed'))
    assert.equal(saved.load()[0]?.text, 'changed', 'one already kept is still updated at the limit')
  })

  test('what does not look like a message is dropped on reading', () => {
    const storage = new MemoryStorage()
    storage.setItem('parloir:outbox:ada-id:ada-id', JSON.stringify([item('good'), { nope: 1 }, 'text', null]))
    assert.deepEqual(savedOutbox(storage, ada, ada, isItem).load(), [item('good')])
    storage.setItem('parloir:outbox:ada-id:ada-id', '{"not":"a list"}')
    assert.deepEqual(savedOutbox(storage, ada, ada, isItem).load(), [])
  })
})

test('logging out forgets the account’s drafts and waiting messages, and nothing of anyone else’s', () => {
  const storage = new MemoryStorage()
  new Drafts(storage).set(place('c1'), 'Ada’s draft')
  new Drafts(storage).set(place('c1', { actorId: northwind, mode: 'note' }), 'Ada’s note as Northwind')
  savedOutbox(storage, ada, ada, isItem).put(item('ada-waiting'))
  new Drafts(storage).set(place('c1', { accountId: ben, actorId: ben }), 'Ben’s draft')
  savedOutbox(storage, ben, ben, isItem).put(item('ben-waiting'))
  storage.setItem('parloir.theme', 'dark')
  forgetAccount(storage, ada)
  assert.deepEqual(storage.keys().sort(), ['parloir.theme', 'parloir:draft:ben-id:ben-id:c1:message', 'parloir:outbox:ben-id:ben-id'])
})
