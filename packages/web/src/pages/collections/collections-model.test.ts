import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { CollectionItem, CollectionSection, CollectionView } from '@parloir/protocol'
import { fileSize, groupItems, mergeItem, myUnpublished, stepItem, stepSection, waitingItems } from './collections-model.ts'

const section = (id: string, position: number): CollectionSection => ({ id, collectionId: '1', title: `S${id}`, position })
const item = (id: string, sectionId: string | null, position: number, patch: Partial<CollectionItem> = {}): CollectionItem => ({
  id, collectionId: '1', sectionId, position, kind: 'text', status: 'published', authorId: '7', title: null, text: id, url: null, siteName: null, media: null,
  createdAt: `2026-12-07T10:00:0${id.length}Z`, decidedAt: null, hiddenAt: null, hiddenReason: null, ...patch,
})

const sections = [section('b', 1), section('a', 0)]
const items = [item('a2', 'a', 1), item('top', null, 0), item('a1', 'a', 0), item('b1', 'b', 0), item('w', 'a', 9, { status: 'pending', authorId: '8' }), item('no', null, 5, { status: 'declined', authorId: '8' })]

test('groups read the top first, then sections by position, published items by position', () => {
  assert.deepEqual(groupItems({ sections, items }).map((g) => [g.section?.id ?? null, g.items.map((i) => i.id)]), [[null, ['top']], ['a', ['a1', 'a2']], ['b', ['b1']]])
  assert.deepEqual(groupItems({ sections, items: items.filter((i) => i.sectionId !== null) }).map((g) => g.section?.id ?? null), ['a', 'b'], 'an empty top is left out')
  assert.deepEqual(groupItems({ sections: [], items: [] }).map((g) => [g.section, g.items]), [[null, []]], 'without sections, the top is the whole collection')
})

test('waiting and one’s own unpublished items', () => {
  assert.deepEqual(waitingItems({ items }).map((i) => i.id), ['w'])
  assert.deepEqual(myUnpublished({ items }, '8').map((i) => [i.id, i.status]), [['w', 'pending'], ['no', 'declined']])
  assert.deepEqual(myUnpublished({ items }, '7'), [])
})

test('an item steps within its section, then across to the next or previous one, and stops at the ends', () => {
  const groups = groupItems({ sections, items })
  assert.deepEqual(stepItem(groups, 'a1', 1), { sectionId: 'a', position: 1 })
  assert.deepEqual(stepItem(groups, 'a2', 1), { sectionId: 'b', position: 0 })
  assert.deepEqual(stepItem(groups, 'a1', -1), { sectionId: null, position: 1 })
  assert.equal(stepItem(groups, 'top', -1), null)
  assert.equal(stepItem(groups, 'b1', 1), null)
  assert.equal(stepItem(groups, 'missing', 1), null)
})

test('a section steps up or down, and stops at the ends', () => {
  assert.equal(stepSection(sections, 'a', 1), 1)
  assert.equal(stepSection(sections, 'a', -1), null)
  assert.equal(stepSection(sections, 'b', -1), 0)
  assert.equal(stepSection(sections, 'b', 1), null)
})

test('file sizes', () => {
  const format = (n: number, digits: number) => n.toFixed(digits)
  assert.equal(fileSize(10, format), '1 KB')
  assert.equal(fileSize(300 * 1024, format), '300 KB')
  assert.equal(fileSize(3.5 * 1024 * 1024, format), '3.5 MB')
})

test("an item told by the stream replaces the view's own, for its curator and its author only", () => {
  const view = (curates: boolean) => ({ collection: { id: '1' }, viewer: { curates, publishesDirectly: curates }, sections, items, accounts: [] }) as unknown as CollectionView
  const hidden = item('a1', 'a', 0, { hiddenAt: '2026-12-07T11:00:00Z', hiddenReason: 'A phone number', reviewRequestedAt: null })
  assert.equal(mergeItem(view(true), hidden, '9').items.find((i) => i.id === 'a1')?.hiddenReason, 'A phone number', 'the curator')
  assert.equal(mergeItem(view(false), hidden, '7').items.find((i) => i.id === 'a1')?.hiddenReason, 'A phone number', 'its author')
  assert.equal(mergeItem(view(false), hidden, '9').items.find((i) => i.id === 'a1')?.hiddenReason, null, 'anyone else keeps what they read')
  const v = view(true)
  assert.equal(mergeItem(v, item('zz', null, 3), '9'), v, 'an item the view does not hold is left out')
  assert.equal(mergeItem(v, { ...hidden, collectionId: '2' }, '9'), v, "another collection's")
})
