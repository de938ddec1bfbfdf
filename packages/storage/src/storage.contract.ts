import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { AccountRecord, ConversationRecord, MessageRecord, ParticipantRecord, Storage } from '@parloir/core'
import type { DiscussionPostRecord, DiscussionRecord, InboxRecord, LabelRecord, NoteRecord, SurveyRecord, WebhookDeliveryRecord, WebhookRecord } from '@parloir/core'
import type { ApprovalRecord, AuditRecord, CollectionItemRecord, CollectionRecord } from '@parloir/core'

/** Makes a fresh, empty storage; `reopen` opens the same database again. */
export interface StorageFactory {
  open(): Promise<{ storage: Storage; reopen(): Promise<Storage>; cleanup(): Promise<void> }>
}

let n = 0
const id = () => String(1_000_000_000_000_000_000n + BigInt(++n))
const account = (handle: string): AccountRecord => ({
  id: id(), kind: 'person', handle, displayName: handle, bio: '', avatarMediaId: null, passwordHash: null, email: null,
  settings: { receiveMessagesFromAnyone: false, sendReadReceipts: true, discoverable: false }, createdAtMs: 1,
})
const conversation = (pairKey: string | null): ConversationRecord => ({
  id: id(), kind: pairKey ? 'direct' : 'group', pairKey, name: null, avatarMediaId: null, createdBy: '1',
  createdAtMs: 1, updatedAtMs: 1, lastSeq: 0, lastMessageAtMs: 1, source: null,
})
const participant = (conversationId: string, accountId: string, joinedCursor = 0): ParticipantRecord => ({
  conversationId, accountId, status: 'accepted', joinedCursor, leftCursor: null, lastReadSeq: 0, visibleFromSeq: 0, joinedAtMs: 1,
})
const message = (conversationId: string, senderId: string, seq: number, clientMessageId: string | null): MessageRecord => ({
  id: id(), conversationId, seq, senderId, sentBy: null, kind: 'text', text: `m${seq}`, entities: { urls: [], mentions: [], hashtags: [] },
  quickReply: null, quickReplyResponse: null, buttons: [], attachmentMediaId: null, system: null, customProfile: null, automation: null, clientMessageId, bodyHash: 'h',
  createdAtMs: 1, unsentAtMs: null, appId: null,
})

/** The behaviour every storage engine passes, run once per engine. */
export function storageContract(engine: string, factory: StorageFactory): void {
  describe(`storage contract: ${engine}`, () => {
    async function withStorage(fn: (storage: Storage, reopen: () => Promise<Storage>) => Promise<void>) {
      const { storage, reopen, cleanup } = await factory.open()
      try { await fn(storage, reopen) } finally { await cleanup() }
    }

    async function seedConversation(storage: Storage) {
      const ada = account(`ada${n}`); const ben = account(`ben${n}`)
      const c = conversation(`${ada.id}:${ben.id}`)
      await storage.transaction(async (tx) => {
        await tx.accounts.insert(ada); await tx.accounts.insert(ben)
        await tx.conversations.insert(c)
        await tx.participants.upsert(participant(c.id, ada.id)); await tx.participants.upsert(participant(c.id, ben.id))
      })
      return { ada, ben, c }
    }

    describe('transactions: group commit, rollback, durability', () => {
      test('concurrent transactions share commits and are all durable after a reopen', async () => {
        await withStorage(async (storage, reopen) => {
          const { ada, c } = await seedConversation(storage)
          const sends = Array.from({ length: 200 }, () => storage.transaction(async (tx) => {
            const seq = await tx.conversations.nextSeq(c.id, 2)
            await tx.messages.insert(message(c.id, ada.id, seq, null))
            return seq
          }))
          const seqs = await Promise.all(sends)
          assert.deepEqual([...seqs].sort((a, b) => a - b), Array.from({ length: 200 }, (_, i) => i + 1))
          const stats = (storage as { commitStats?: { commits: number; transactions: number } }).commitStats
          if (stats) assert.ok(stats.commits < stats.transactions / 4, `200 sends took ${stats.commits} commits`)
          await storage.close()
          const again = await reopen()
          const page = await again.reads.messages.list(c.id, ada.id, { visibleFromSeq: 0, limit: 500 })
          assert.deepEqual(page.map((m) => m.seq), Array.from({ length: 200 }, (_, i) => i + 1))
          await again.close()
        })
      })

      test('a transaction that throws rolls back only its own writes, and its hooks never run', async () => {
        await withStorage(async (storage) => {
          const { ada, c } = await seedConversation(storage)
          const ran: string[] = []
          const ok1 = storage.transaction(async (tx) => {
            await tx.messages.insert(message(c.id, ada.id, await tx.conversations.nextSeq(c.id, 2), null)); tx.afterCommit(() => ran.push('one'))
          })
          const bad = storage.transaction(async (tx) => {
            await tx.messages.insert(message(c.id, ada.id, await tx.conversations.nextSeq(c.id, 2), null)); tx.afterCommit(() => ran.push('bad'))
            throw new Error('refused')
          })
          const ok2 = storage.transaction(async (tx) => {
            await tx.messages.insert(message(c.id, ada.id, await tx.conversations.nextSeq(c.id, 2), null)); tx.afterCommit(() => ran.push('two'))
          })
          await ok1; await assert.rejects(bad, /refused/); await ok2
          assert.deepEqual(ran, ['one', 'two'])
          const page = await storage.reads.messages.list(c.id, ada.id, { visibleFromSeq: 0, limit: 10 })
          assert.deepEqual(page.map((m) => m.seq), [1, 2], 'seq stays gapless: the failed one gave its number back')
          assert.equal((await storage.reads.conversations.byId(c.id))?.lastSeq, 2)
        })
      })

      test('close waits for queued transactions to commit', async () => {
        await withStorage(async (storage, reopen) => {
          const { ada, c } = await seedConversation(storage)
          const pending = Array.from({ length: 20 }, () => storage.transaction(async (tx) => {
            await tx.messages.insert(message(c.id, ada.id, await tx.conversations.nextSeq(c.id, 2), null))
          }))
          await storage.close()
          await Promise.all(pending)
          const again = await reopen()
          assert.equal((await again.reads.conversations.byId(c.id))?.lastSeq, 20)
          await again.close()
        })
      })

      test('records read back exactly as written, numbers as numbers', async () => {
        await withStorage(async (storage) => {
          const at = 1_767_225_600_000 // 2026-01-01, past 32 bits as every stored time is
          const chloe: AccountRecord = { ...account(`chloe${n}`), bio: 'Regular at Northwind', passwordHash: 'hash', createdAtMs: at,
            settings: { receiveMessagesFromAnyone: true, sendReadReceipts: false, discoverable: false } }
          const ada = account(`ada${n}`)
          const session = { id: id(), accountId: chloe.id, tokenHash: `t${n}`, csrfToken: 'c', userAgent: 'ua', createdAtMs: at, lastSeenAtMs: at + 1, expiresAtMs: at + 2, revokedAtMs: null }
          const c: ConversationRecord = { ...conversation(null), name: 'Northwind Coffee', createdBy: ada.id, createdAtMs: at, updatedAtMs: at, lastMessageAtMs: at }
          const media = { id: id(), ownerAccountId: chloe.id, kind: 'image' as const, mimeType: 'image/png', sizeBytes: 5_000_000_000, width: 640, height: 480,
            fileName: 'latte.png', storageKey: 'k', thumbnailKey: null, messageId: null, createdAtMs: at }
          const m: MessageRecord = { ...message(c.id, ada.id, 1, 'first'), sentBy: ada.id, createdAtMs: at, attachmentMediaId: media.id,
            entities: { urls: [], mentions: [], hashtags: [] }, quickReply: { type: 'options', options: [{ label: 'Latte', metadata: 'latte' }] },
            buttons: [{ type: 'web_url', label: 'Menu', url: 'https://northwind.example/menu' }] }
          const cursor = await storage.transaction(async (tx) => {
            await tx.accounts.insert(chloe); await tx.accounts.insert(ada); await tx.sessions.insert(session)
            await tx.conversations.insert(c); await tx.media.insert(media)
            await tx.participants.upsert(participant(c.id, chloe.id)); await tx.participants.upsert({ ...participant(c.id, ada.id), lastReadSeq: 1 })
            assert.equal(await tx.conversations.nextSeq(c.id, at), 1)
            await tx.messages.insert(m)
            return tx.events.append({ name: 'message.hidden', data: { conversationId: c.id, messageId: m.id }, accountId: chloe.id })
          })
          const reads = storage.reads
          assert.deepEqual(await reads.accounts.byId(chloe.id), chloe)
          assert.deepEqual(await reads.accounts.byId(ada.id), ada)
          assert.deepEqual(await reads.sessions.byId(session.id), session)
          assert.deepEqual(await reads.conversations.byId(c.id), { ...c, lastSeq: 1 })
          assert.deepEqual(await reads.media.byId(media.id), media)
          assert.deepEqual(await reads.messages.byId(m.id), m)
          assert.deepEqual(await reads.participants.get(c.id, chloe.id), participant(c.id, chloe.id))
          const [item] = await reads.conversations.list(chloe.id, 'accepted', 10, null)
          assert.deepEqual(item, { conversation: { ...c, lastSeq: 1 }, viewer: participant(c.id, chloe.id), unreadCount: 1 })
          assert.equal(await reads.messages.unreadCount(c.id, participant(c.id, chloe.id)), 1)
          const [event] = await reads.events.after(0, [chloe.id], 10)
          assert.deepEqual(event, { cursor, name: 'message.hidden', conversationId: null, accountId: chloe.id, data: { conversationId: c.id, messageId: m.id }, receipt: null, audience: [chloe.id] })
          assert.equal(await reads.events.latestCursor(), cursor)
          assert.equal(await reads.events.oldestCursor(), cursor)
        })
      })
    })

    describe('accounts', () => {
      test('finds accounts by handle without regard to case and by ids; updates change only the fields given', async () => {
        await withStorage(async (storage) => {
          const chloe = account(`Chloe${n}`); const ada = account(`ada${n}`)
          await storage.transaction(async (tx) => { await tx.accounts.insert(chloe); await tx.accounts.insert(ada) })
          const { accounts } = storage.reads
          assert.equal((await accounts.byHandle(chloe.handle.toUpperCase()))?.id, chloe.id)
          assert.equal(await accounts.byHandle('nobody'), undefined)
          assert.deepEqual((await accounts.byIds([ada.id, chloe.id, id()])).map((a) => a.id).sort(), [ada.id, chloe.id].sort(), 'missing ids are left out')
          assert.deepEqual(await accounts.byIds([]), [])
          await storage.transaction((tx) => tx.accounts.update(chloe.id, { displayName: 'Chloé', avatarMediaId: '42', email: 'chloe@example.com', settings: { receiveMessagesFromAnyone: true, sendReadReceipts: false, discoverable: false } }))
          await storage.transaction((tx) => tx.accounts.update(chloe.id, { bio: 'Regular at Northwind' }))
          assert.deepEqual(await accounts.byId(chloe.id), { ...chloe, displayName: 'Chloé', bio: 'Regular at Northwind', avatarMediaId: '42', email: 'chloe@example.com', settings: { receiveMessagesFromAnyone: true, sendReadReceipts: false, discoverable: false } })
          await assert.rejects(storage.transaction((tx) => tx.accounts.insert({ ...account(chloe.handle.toLowerCase()) })), 'handles are unique without regard to case')
        })
      })
    })

    describe('a visitor becomes a person', () => {
      test('in place, under the same id, with a free handle; a person or brand does not change', async () => {
        await withStorage(async (storage) => {
          const brand = { ...account(`brand${n}`), kind: 'brand' as const }
          const visitor: AccountRecord = { ...account(`visitor:${n}`), kind: 'visitor', email: 'v@example.com', issuedByBrandId: brand.id, displayName: 'Visitor 12' }
          const ada = account(`ada${n}`)
          await storage.transaction(async (tx) => { await tx.accounts.insert(brand); await tx.accounts.insert(visitor); await tx.accounts.insert(ada) })
          await assert.rejects(storage.transaction((tx) => tx.accounts.becomePerson(visitor.id, { handle: ada.handle.toUpperCase(), displayName: 'Chloé', passwordHash: 'h' })), 'the handle is taken, whatever its case')
          assert.equal((await storage.reads.accounts.byId(visitor.id))?.kind, 'visitor', 'nothing changed')
          assert.equal(await storage.transaction((tx) => tx.accounts.becomePerson(visitor.id, { handle: `Chloe${n}`, displayName: 'Chloé', passwordHash: 'h' })), true)
          const { issuedByBrandId: _, ...asPerson } = visitor
          assert.deepEqual(await storage.reads.accounts.byId(visitor.id), { ...asPerson, kind: 'person', handle: `Chloe${n}`, displayName: 'Chloé', passwordHash: 'h', email: null })
          assert.equal((await storage.reads.accounts.byHandle(`chloe${n}`))?.id, visitor.id)
          assert.equal(await storage.transaction((tx) => tx.accounts.becomePerson(visitor.id, { handle: `again${n}`, displayName: 'x', passwordHash: 'h' })), false, 'only a visitor')
          assert.equal(await storage.transaction((tx) => tx.accounts.becomePerson(brand.id, { handle: `brand2${n}`, displayName: 'x', passwordHash: 'h' })), false)
          assert.equal((await storage.reads.accounts.byId(brand.id))?.handle, brand.handle)
        })
      })
    })

    describe('people search', () => {
      const person = (handle: string, displayName: string, discoverable = true): AccountRecord =>
        ({ ...account(handle), displayName, settings: { receiveMessagesFromAnyone: false, sendReadReceipts: true, discoverable } })
      const search = (storage: Storage, words: string[], searcherId: string, limit = 20, exactHandle: string | null = null) =>
        storage.reads.people.search({ words, exactHandle, searcherId, limit }).then((found) => found.map((a) => a.handle))

      test('finds discoverable people and brands by the start of any word of their name or of their handle, folded; never visitors', async () => {
        await withStorage(async (storage) => {
          const me = person(`me${n}`, 'Me')
          const chloe = person(`chloe_m${n}`, 'Chloé Martin-Dupré')
          const ada = person(`ada${n}`, 'Ada Lovelace')
          const hidden = person(`adahidden${n}`, 'Ada Hidden', false)
          const brand = { ...person(`northwind${n}`, 'Northwind Coffee'), kind: 'brand' as const }
          const visitor = { ...person(`visitor:${n}`, 'Ada Visitor'), kind: 'visitor' as const }
          await storage.transaction(async (tx) => { for (const a of [me, chloe, ada, hidden, brand, visitor]) await tx.accounts.insert(a) })
          assert.deepEqual(await search(storage, ['chlo'], me.id), [chloe.handle], 'the start of the handle')
          assert.deepEqual(await search(storage, ['dupre'], me.id), [chloe.handle], 'a word of the name, without its accent')
          assert.deepEqual(await search(storage, ['martin', 'chl'], me.id), [chloe.handle], 'every word must begin one of its words')
          assert.deepEqual(await search(storage, ['martin', 'ada'], me.id), [])
          assert.deepEqual(await search(storage, ['coff'], me.id), [brand.handle])
          assert.deepEqual(await search(storage, ['ada'], me.id), [ada.handle], 'neither an undiscoverable person nor a visitor')
          assert.deepEqual(await search(storage, ['ada'], me.id, 20, hidden.handle), [hidden.handle, ada.handle], 'an exact handle finds its account first, discoverable or not')
          assert.deepEqual(await search(storage, ['visitor'], me.id, 20, visitor.handle.toLowerCase()), [], 'never a visitor, even by its handle')
          assert.deepEqual(await search(storage, ['me'], me.id, 20, me.handle), [], 'never the searcher')
          assert.deepEqual(await search(storage, ['artin'], me.id), [], 'a word is matched from its start only')
        })
      })

      test('follows name and settings changes; leaves out accounts blocked either way', async () => {
        await withStorage(async (storage) => {
          const me = person(`me${n}`, 'Me'); const ben = person(`ben${n}`, 'Ben Okafor'); const eve = person(`eve${n}`, 'Eve Okafor')
          await storage.transaction(async (tx) => { for (const a of [me, ben, eve]) await tx.accounts.insert(a) })
          assert.deepEqual((await search(storage, ['okafor'], me.id)).sort(), [ben.handle, eve.handle].sort())
          await storage.transaction(async (tx) => { await tx.safety.block(me.id, ben.id, 1); await tx.safety.block(eve.id, me.id, 2) })
          assert.deepEqual(await search(storage, ['okafor'], me.id), [], 'one I block, one who blocks me')
          assert.deepEqual(await search(storage, ['okafor'], me.id, 20, ben.handle), [], 'not even by the exact handle')
          await storage.transaction(async (tx) => { await tx.safety.unblock(me.id, ben.id); await tx.safety.unblock(eve.id, me.id) })
          await storage.transaction((tx) => tx.accounts.update(ben.id, { displayName: 'Benedict Adeyemi' }))
          assert.deepEqual(await search(storage, ['okafor'], me.id), [eve.handle], 'the old name is gone')
          assert.deepEqual(await search(storage, ['adey'], me.id), [ben.handle])
          await storage.transaction((tx) => tx.accounts.update(eve.id, { settings: { ...eve.settings, discoverable: false } }))
          assert.deepEqual(await search(storage, ['eve'], me.id), [], 'turning discoverable off takes the account out')
          assert.equal((await storage.reads.accounts.byId(eve.id))?.settings.discoverable, false)
        })
      })

      test('answers at most the limit, each account once, in order of its first matching word, across index pages', async () => {
        await withStorage(async (storage) => {
          const me = person(`me${n}`, 'Me')
          // Each has four words that begin with "sam": more index rows than one page holds.
          const many = Array.from({ length: 30 }, (_, i) => person(`sam${String(i).padStart(2, '0')}x${n}`, `Sam Samuel Samson ${i}`))
          await storage.transaction(async (tx) => { await tx.accounts.insert(me); for (const a of many) await tx.accounts.insert(a) })
          const found = await search(storage, ['sam'], me.id, 20)
          assert.equal(found.length, 20)
          assert.equal(new Set(found).size, 20)
          const all = await search(storage, ['sam'], me.id, 50)
          assert.equal(all.length, 30, 'every match, though each fills four rows of the index')
          // "sam" (a name word all share) comes first for everyone, so the id decides: insertion order.
          assert.deepEqual(all, many.map((a) => a.handle))
          assert.deepEqual(await search(storage, ['sam', '7'], me.id), [many[7]!.handle])
        })
      })
    })

    describe('sessions', () => {
      test('finds a session by token hash; open ones are neither revoked nor expired, newest first; touch and revoke stick', async () => {
        await withStorage(async (storage) => {
          const chloe = account(`chloe${n}`)
          const session = (createdAtMs: number, expiresAtMs: number) => ({ id: id(), accountId: chloe.id, tokenHash: `t${id()}`, csrfToken: 'c', userAgent: 'ua', createdAtMs, lastSeenAtMs: createdAtMs, expiresAtMs, revokedAtMs: null })
          const [old, recent, expired] = [session(10, 1_000), session(20, 1_000), session(5, 50)]
          await storage.transaction(async (tx) => { await tx.accounts.insert(chloe); for (const s of [old, recent, expired]) await tx.sessions.insert(s) })
          const { sessions } = storage.reads
          assert.deepEqual(await sessions.byTokenHash(recent.tokenHash), recent)
          assert.equal(await sessions.byTokenHash('nope'), undefined)
          assert.deepEqual((await sessions.openOf(chloe.id, 100)).map((s) => s.id), [recent.id, old.id])
          await storage.transaction(async (tx) => { await tx.sessions.touch(old.id, 99); await tx.sessions.revoke(recent.id, 100) })
          await storage.transaction((tx) => tx.sessions.revoke(recent.id, 200))
          assert.equal((await sessions.byId(old.id))?.lastSeenAtMs, 99)
          assert.equal((await sessions.byId(recent.id))?.revokedAtMs, 100, 'a revoked session keeps its first time')
          assert.deepEqual((await sessions.openOf(chloe.id, 100)).map((s) => s.id), [old.id])
        })
      })
    })

    describe('brands', () => {
      test('roles are set, changed and removed; members and brands come oldest membership first', async () => {
        await withStorage(async (storage) => {
          const brand = { ...account(`northwind${n}`), kind: 'brand' as const }; const other = { ...account(`other${n}`), kind: 'brand' as const }
          const ada = account(`ada${n}`); const ben = account(`ben${n}`)
          await storage.transaction(async (tx) => {
            for (const a of [brand, other, ada, ben]) await tx.accounts.insert(a)
            await tx.brands.setRole(brand.id, ada.id, 'owner', 1)
            await tx.brands.setRole(brand.id, ben.id, 'agent', 2)
            await tx.brands.setRole(other.id, ada.id, 'viewer', 3)
          })
          const { brands } = storage.reads
          assert.equal(await brands.role(brand.id, ada.id), 'owner')
          assert.equal(await brands.role(other.id, ben.id), undefined)
          assert.deepEqual(await brands.members(brand.id), [{ accountId: ada.id, role: 'owner' }, { accountId: ben.id, role: 'agent' }])
          assert.deepEqual(await brands.of(ada.id), [{ brandId: brand.id, role: 'owner' }, { brandId: other.id, role: 'viewer' }])
          await storage.transaction(async (tx) => { await tx.brands.setRole(brand.id, ben.id, 'admin', 9); await tx.brands.removeMember(other.id, ada.id) })
          assert.deepEqual(await brands.members(brand.id), [{ accountId: ada.id, role: 'owner' }, { accountId: ben.id, role: 'admin' }], 'a changed role keeps its place')
          assert.deepEqual(await brands.of(ada.id), [{ brandId: brand.id, role: 'owner' }])
        })
      })
    })

    describe('safety', () => {
      test('a block is seen from either side, listed for the blocker only, set once and lifted; reports are filed', async () => {
        await withStorage(async (storage) => {
          const { ada, ben, c } = await seedConversation(storage)
          const cy = account(`cy${n}`)
          await storage.transaction(async (tx) => {
            await tx.accounts.insert(cy)
            await tx.safety.block(ada.id, ben.id, 1)
            await tx.safety.block(ada.id, ben.id, 2)
            await tx.safety.block(ada.id, cy.id, 3)
            await tx.safety.insertReport({ id: id(), reporterId: ada.id, targetAccountId: ben.id, conversationId: c.id, messageId: null, reason: 'spam', createdAtMs: 4 })
          })
          const { safety } = storage.reads
          assert.equal(await safety.eitherBlocks(ada.id, ben.id), true)
          assert.equal(await safety.eitherBlocks(ben.id, ada.id), true)
          assert.equal(await safety.eitherBlocks(ben.id, cy.id), false)
          assert.deepEqual((await safety.blockedBy(ada.id)).sort(), [ben.id, cy.id].sort())
          assert.deepEqual(await safety.blockedBy(ben.id), [])
          await storage.transaction((tx) => tx.safety.unblock(ada.id, ben.id))
          assert.equal(await safety.eitherBlocks(ben.id, ada.id), false)
          assert.deepEqual(await safety.blockedBy(ada.id), [cy.id])
        })
      })
    })

    describe('conversations', () => {
      test('the unique pair key decides between two creations of the same 1:1', async () => {
        await withStorage(async (storage) => {
          const results = await Promise.all([0, 1].map(() => storage.transaction((tx) => tx.conversations.insert(conversation('9:8')))))
          assert.deepEqual(results.sort(), [false, true])
        })
      })

      test('finds a 1:1 by its pair key; updates change only the fields given', async () => {
        await withStorage(async (storage) => {
          const { c } = await seedConversation(storage)
          const { conversations } = storage.reads
          assert.deepEqual(await conversations.byPairKey(c.pairKey ?? ''), c)
          assert.equal(await conversations.byPairKey('1:2'), undefined)
          await storage.transaction((tx) => tx.conversations.update(c.id, { name: 'Orders', avatarMediaId: '42' }))
          await storage.transaction((tx) => tx.conversations.update(c.id, { updatedAtMs: 9 }))
          assert.deepEqual(await conversations.byId(c.id), { ...c, name: 'Orders', avatarMediaId: '42', updatedAtMs: 9 })
        })
      })
    })

    describe('participants', () => {
      test('current participants of one or many conversations leave out those who left; a re-add replaces the old row', async () => {
        await withStorage(async (storage) => {
          const { ada, ben, c } = await seedConversation(storage)
          const g = conversation(null)
          await storage.transaction(async (tx) => {
            await tx.conversations.insert(g)
            await tx.participants.upsert({ ...participant(g.id, ben.id), joinedAtMs: 2 })
            await tx.participants.upsert({ ...participant(g.id, ada.id), joinedAtMs: 3 })
            await tx.participants.update(c.id, ben.id, { leftCursor: 7, status: 'request', lastReadSeq: 4, joinedCursor: 1, visibleFromSeq: 2 })
          })
          const { participants } = storage.reads
          assert.deepEqual((await participants.of(c.id)).map((p) => p.accountId), [ada.id])
          assert.deepEqual((await participants.of(g.id)).map((p) => p.accountId), [ben.id, ada.id], 'by time joined')
          assert.deepEqual((await participants.ofMany([c.id, g.id])).map((p) => [p.conversationId, p.accountId]).sort(), [[c.id, ada.id], [g.id, ben.id], [g.id, ada.id]].sort())
          assert.deepEqual(await participants.ofMany([]), [])
          assert.equal(await participants.get(c.id, ben.id), undefined, 'a participant who left is not current')
          await storage.transaction((tx) => tx.participants.upsert({ ...participant(c.id, ben.id, 9), joinedAtMs: 5 }))
          assert.deepEqual(await participants.get(c.id, ben.id), { ...participant(c.id, ben.id, 9), joinedAtMs: 5 })
        })
      })
    })

    describe('messages', () => {
      test('the unique client id index refuses a second message with the same id and writes nothing', async () => {
        await withStorage(async (storage) => {
          const { ada, c } = await seedConversation(storage)
          assert.equal(await storage.transaction((tx) => tx.messages.insert(message(c.id, ada.id, 1, 'same'))), true)
          assert.equal(await storage.transaction((tx) => tx.messages.insert(message(c.id, ada.id, 2, 'same'))), false)
          const page = await storage.reads.messages.list(c.id, ada.id, { visibleFromSeq: 0, limit: 10 })
          assert.equal(page.length, 1)
        })
      })

      test('a duplicate client id is refused without spoiling the rest of its transaction', async () => {
        await withStorage(async (storage) => {
          const { ada, c } = await seedConversation(storage)
          const original = message(c.id, ada.id, 1, 'same')
          await storage.transaction(async (tx) => {
            assert.equal(await tx.messages.insert(original), true)
            assert.equal(await tx.messages.insert(message(c.id, ada.id, 2, 'same')), false)
            assert.equal((await tx.messages.byClientId(c.id, ada.id, 'same'))?.id, original.id)
            assert.equal(await tx.messages.insert(message(c.id, ada.id, 2, 'other')), true)
          })
          const page = await storage.reads.messages.list(c.id, ada.id, { visibleFromSeq: 0, limit: 10 })
          assert.deepEqual(page.map((m) => m.clientMessageId), ['same', 'other'])
        })
      })

      test('the latest message by a sender is the one with the highest seq', async () => {
        await withStorage(async (storage) => {
          const { ada, ben, c } = await seedConversation(storage)
          await storage.transaction(async (tx) => {
            for (const sender of [ada, ben, ada, ben, ben]) await tx.messages.insert(message(c.id, sender.id, await tx.conversations.nextSeq(c.id, 2), null))
          })
          assert.equal((await storage.reads.messages.latestBy(c.id, ada.id))?.seq, 3)
          assert.equal((await storage.reads.messages.latestBy(c.id, ben.id))?.seq, 5)
          assert.equal(await storage.reads.messages.latestBy(c.id, '1'), undefined)
        })
      })

      test('visibleTo: newest first across conversations, only what the account sees, each filter narrows', async () => {
        await withStorage(async (storage) => {
          const { ada, ben, c } = await seedConversation(storage)
          const cy = account(`cy${n}`)
          const g = conversation(null)
          const d = conversation(`${ben.id}:${cy.id}`)
          const at = (m: MessageRecord, ms: number): MessageRecord => ({ ...m, createdAtMs: ms })
          const written: MessageRecord[] = []
          await storage.transaction(async (tx) => {
            await tx.accounts.insert(cy)
            await tx.conversations.insert(g); await tx.conversations.insert(d)
            for (const p of [ada, ben, cy]) await tx.participants.upsert(participant(g.id, p.id))
            for (const p of [ben, cy]) await tx.participants.upsert(participant(d.id, p.id))
            const add = async (conv: ConversationRecord, sender: AccountRecord, ms: number, system = false) => {
              const base = at(message(conv.id, sender.id, await tx.conversations.nextSeq(conv.id, ms), null), ms)
              const m: MessageRecord = system ? { ...base, kind: 'system', system: { action: 'group.created', actorId: sender.id, accountIds: [] } } : base
              await tx.messages.insert(m)
              written.push(m)
            }
            await add(c, ada, 10); await add(c, ben, 20); await add(c, ben, 30)
            await add(g, ada, 40, true); await add(g, cy, 50); await add(d, cy, 60)
            await tx.messages.hide(ada.id, written[2]!.id)
          })
          const [m1, m2, , s4, m5, m6] = written.map((m) => m.id)
          const ids = async (accountId: string, q: Partial<Parameters<Storage['reads']['messages']['visibleTo']>[1]> = {}) =>
            (await storage.reads.messages.visibleTo(accountId, { sinceMs: 0, limit: 10, ...q })).map((m) => m.id)
          assert.deepEqual(await ids(ada.id), [m5, s4, m2, m1], 'hidden and others\' conversations are left out')
          assert.deepEqual(await ids(ada.id, { limit: 2 }), [m5, s4])
          assert.deepEqual(await ids(ada.id, { beforeId: s4!, limit: 2 }), [m2, m1])
          assert.deepEqual(await ids(ada.id, { kind: 'text' }), [m5, m2, m1])
          assert.deepEqual(await ids(ada.id, { directOnly: true }), [m2, m1])
          assert.deepEqual(await ids(ada.id, { conversationId: g.id }), [m5, s4])
          assert.deepEqual(await ids(ada.id, { sinceMs: 20 }), [m5, s4, m2])
          assert.deepEqual(await ids(ben.id), [m6, m5, s4, written[2]!.id, m2, m1])
          const full = await storage.reads.messages.visibleTo(cy.id, { sinceMs: 0, limit: 1 })
          const pick = (m: MessageRecord | undefined) => m && [m.id, m.conversationId, m.seq, m.senderId, m.kind, m.text, m.createdAtMs]
          assert.deepEqual(full.map(pick), [pick(written[5])], 'records read back as written')
          await storage.transaction(async (tx) => {
            await tx.participants.update(c.id, ada.id, { visibleFromSeq: 1 })
            await tx.participants.update(g.id, ben.id, { leftCursor: 5 })
          })
          assert.deepEqual(await ids(ada.id), [m5, s4, m2], 'seqs before where the account may see are left out')
          assert.deepEqual(await ids(ben.id), [m6, written[2]!.id, m2, m1], 'a conversation left is left out')
        })
      })

      test('count counts text messages after a time by sender, app and conversation; appId round-trips', async () => {
        await withStorage(async (storage) => {
          const { ada, ben, c } = await seedConversation(storage)
          const at = (m: MessageRecord, createdAtMs: number, appId: string | null) => ({ ...m, createdAtMs, appId })
          await storage.transaction(async (tx) => {
            await tx.messages.insert(at(message(c.id, ada.id, 1, null), 100, null))
            await tx.messages.insert(at(message(c.id, ada.id, 2, null), 200, 'app1'))
            await tx.messages.insert(at(message(c.id, ada.id, 3, null), 300, 'app1'))
            await tx.messages.insert(at(message(c.id, ben.id, 4, null), 300, 'app2'))
            await tx.messages.insert({ ...at(message(c.id, ada.id, 5, null), 300, 'app1'), kind: 'system' })
          })
          const reads = storage.reads
          assert.equal(await reads.messages.count({ sinceMs: 0 }), 4, 'system lines do not count')
          assert.equal(await reads.messages.count({ senderId: ada.id, sinceMs: 100 }), 2, 'strictly after sinceMs')
          assert.equal(await reads.messages.count({ senderId: ada.id, sinceMs: 99 }), 3)
          assert.equal(await reads.messages.count({ appId: 'app1', sinceMs: 0 }), 2)
          assert.equal(await reads.messages.count({ appId: 'app1', senderId: ben.id, sinceMs: 0 }), 0)
          assert.equal(await reads.messages.count({ conversationId: c.id, senderId: ben.id, sinceMs: 0 }), 1)
          assert.equal(await reads.messages.count({ conversationId: 'nope', sinceMs: 0 }), 0)
          const list = await reads.messages.list(c.id, ada.id, { visibleFromSeq: 0, limit: 10 })
          assert.deepEqual(list.map((m) => m.appId), [null, 'app1', 'app1', 'app2', 'app1'])
        })
      })

      test('the last message of each conversation is the one at its last seq; unsend keeps the place and clears the content', async () => {
        await withStorage(async (storage) => {
          const { ada, ben, c } = await seedConversation(storage)
          const g = conversation(null)
          const written = await storage.transaction(async (tx) => {
            await tx.conversations.insert(g)
            const out: MessageRecord[] = []
            for (const [conv, sender] of [[c, ada], [c, ben], [g, ada]] as const) {
              const m: MessageRecord = { ...message(conv.id, sender.id, await tx.conversations.nextSeq(conv.id, 2), null), attachmentMediaId: '42', quickReply: { type: 'options', options: [{ label: 'Yes', metadata: 'y' }] } }
              await tx.messages.insert(m); out.push(m)
            }
            return out
          })
          const { messages } = storage.reads
          assert.deepEqual((await messages.lastOf([c.id, g.id])).map((m) => m.id).sort(), [written[1]!.id, written[2]!.id].sort())
          assert.deepEqual(await messages.lastOf([]), [])
          await storage.transaction((tx) => tx.messages.unsend(written[1]!.id, 50))
          assert.deepEqual(await messages.byId(written[1]!.id), {
            ...written[1]!, text: '', entities: { urls: [], mentions: [], hashtags: [] }, quickReply: null, quickReplyResponse: null, buttons: [], attachmentMediaId: null, unsentAtMs: 50,
          })
        })
      })
    })

    describe('media', () => {
      test('media by ids; attached once to a message, readable by its conversation\'s current participants; group avatars too; deleted', async () => {
        await withStorage(async (storage) => {
          const { ada, ben, c } = await seedConversation(storage)
          const cy = account(`cy${n}`)
          const item = (ownerAccountId: string) => ({ id: id(), ownerAccountId, kind: 'image' as const, mimeType: 'image/png', sizeBytes: 10, width: 1, height: 1,
            fileName: 'latte.png', storageKey: `k${id()}`, thumbnailKey: null, messageId: null, createdAtMs: 1 })
          const photo = item(ada.id); const avatar = item(ada.id); const loose = item(ada.id)
          const g: ConversationRecord = { ...conversation(null), avatarMediaId: avatar.id }
          const m = { ...message(c.id, ada.id, 1, null), attachmentMediaId: photo.id }
          await storage.transaction(async (tx) => {
            await tx.accounts.insert(cy)
            for (const x of [photo, avatar, loose]) await tx.media.insert(x)
            await tx.conversations.insert(g); await tx.participants.upsert(participant(g.id, ben.id))
            await tx.messages.insert(m)
            assert.equal(await tx.media.attach(photo.id, m.id), true)
            assert.equal(await tx.media.attach(photo.id, m.id), false, 'media belongs to one message')
          })
          const { media } = storage.reads
          assert.deepEqual((await media.byIds([photo.id, loose.id, id()])).map((x) => x.id).sort(), [photo.id, loose.id].sort())
          assert.deepEqual(await media.byIds([]), [])
          assert.equal((await media.byId(photo.id))?.messageId, m.id)
          assert.equal(await media.canRead(photo.id, [ben.id]), true, 'a participant sees what was sent in the conversation')
          assert.equal(await media.canRead(photo.id, [cy.id]), false)
          assert.equal(await media.canRead(photo.id, []), false)
          assert.equal(await media.canRead(loose.id, [ada.id]), false, 'media in no message is not readable by others')
          assert.equal(await media.canRead(avatar.id, [ben.id]), true, 'a group avatar, by its participants')
          assert.equal(await media.canRead(avatar.id, [cy.id]), false)
          await storage.transaction(async (tx) => { await tx.participants.update(c.id, ben.id, { visibleFromSeq: 1 }) })
          assert.equal(await media.canRead(photo.id, [ben.id]), false, 'not before where the participant may see')
          await storage.transaction((tx) => tx.media.delete(loose.id))
          assert.equal(await media.byId(loose.id), undefined)
        })
      })
    })

    describe('mediaUploads', () => {
      test('sessions and segments read back, segments replace by index, expiry and open counts', async () => {
        await withStorage(async (storage) => {
          const owner = account(`uploader${n}`)
          const upload = (expiresAtMs: number, state: 'pending' | 'succeeded' = 'pending') => ({
            id: id(), ownerAccountId: owner.id, mediaType: 'image/png', kind: 'image' as const, totalBytes: 3_000_000, shared: false,
            state, error: null, createdAtMs: 1, expiresAtMs,
          })
          const live = upload(10_000); const done = upload(10_000, 'succeeded'); const old = upload(500); const older = upload(400)
          await storage.transaction(async (tx) => {
            await tx.accounts.insert(owner)
            for (const u of [live, done, old, older]) await tx.mediaUploads.insert(u)
            await tx.mediaUploads.putSegment({ uploadId: live.id, index: 1, sizeBytes: 20, segmentKey: `${live.id}/b`, createdAtMs: 2 })
            await tx.mediaUploads.putSegment({ uploadId: live.id, index: 0, sizeBytes: 10, segmentKey: `${live.id}/a`, createdAtMs: 2 })
            await tx.mediaUploads.putSegment({ uploadId: old.id, index: 0, sizeBytes: 5, segmentKey: `${old.id}/a`, createdAtMs: 2 })
          })
          const { reads } = storage
          assert.deepEqual(await reads.mediaUploads.byId(live.id), live)
          assert.equal(await reads.mediaUploads.byId(id()), undefined)
          assert.deepEqual((await reads.mediaUploads.segments(live.id)).map((s) => [s.index, s.sizeBytes, s.segmentKey]), [[0, 10, `${live.id}/a`], [1, 20, `${live.id}/b`]])
          await storage.transaction(async (tx) => {
            await tx.mediaUploads.putSegment({ uploadId: live.id, index: 1, sizeBytes: 7, segmentKey: `${live.id}/c`, createdAtMs: 3 })
            await tx.mediaUploads.update(live.id, { state: 'failed', error: 'MEDIA_UNREADABLE' })
          })
          assert.deepEqual((await reads.mediaUploads.segments(live.id)).map((s) => [s.index, s.sizeBytes, s.segmentKey]), [[0, 10, `${live.id}/a`], [1, 7, `${live.id}/c`]])
          assert.deepEqual(await reads.mediaUploads.byId(live.id), { ...live, state: 'failed', error: 'MEDIA_UNREADABLE' })
          assert.equal(await reads.mediaUploads.openCount(owner.id, 0), 2, 'pending ones count; succeeded and failed do not')
          assert.equal(await reads.mediaUploads.openCount(owner.id, 450), 1, 'an expired one does not count')
          assert.deepEqual((await reads.mediaUploads.expired(500, 10)).map((u) => u.id), [older.id, old.id])
          assert.deepEqual((await reads.mediaUploads.expired(500, 1)).map((u) => u.id), [older.id])
          await storage.transaction(async (tx) => { await tx.mediaUploads.delete(old.id) })
          assert.equal(await reads.mediaUploads.byId(old.id), undefined)
          assert.deepEqual(await reads.mediaUploads.segments(old.id), [])
        })
      })
    })

    describe('events', () => {
      test('events replay to a participant only while it takes part, and account events only to that account', async () => {
        await withStorage(async (storage) => {
          const { ada, ben, c } = await seedConversation(storage)
          const cursors = await storage.transaction(async (tx) => {
            const first = await tx.events.append({ name: 'conversation.removed', data: { conversationId: 'x' }, conversationId: c.id })
            await tx.participants.update(c.id, ben.id, { leftCursor: first + 1 })
            const second = await tx.events.append({ name: 'conversation.removed', data: { conversationId: 'y' }, conversationId: c.id })
            const mine = await tx.events.append({ name: 'message.hidden', data: { conversationId: c.id, messageId: '1' }, accountId: ada.id })
            return [first, second, mine]
          })
          const forBen = await storage.reads.events.after(0, [ben.id], 100)
          assert.deepEqual(forBen.map((e) => e.cursor), [cursors[0]])
          const forAda = await storage.reads.events.after(0, [ada.id], 100)
          assert.deepEqual(forAda.map((e) => e.cursor), cursors)
          assert.deepEqual(forAda[2]?.audience, [ada.id])
          assert.equal(await storage.reads.events.latestCursor(), cursors[2])
        })
      })

      test('event cursors stay gapless when a transaction that appended events rolls back', async () => {
        await withStorage(async (storage) => {
          const { ada } = await seedConversation(storage)
          const event = { name: 'message.hidden' as const, data: {}, accountId: ada.id }
          const first = storage.transaction((tx) => tx.events.append(event))
          const failed = storage.transaction(async (tx) => { await tx.events.append(event); throw new Error('refused') })
          const second = storage.transaction((tx) => tx.events.append(event))
          const [a, b] = [await first, await second]
          await assert.rejects(failed, /refused/)
          const third = await storage.transaction((tx) => tx.events.append(event))
          assert.deepEqual([b - a, third - b], [1, 1])
          assert.deepEqual((await storage.reads.events.after(0, [ada.id], 10)).map((e) => e.cursor), [a, b, third])
        })
      })
    })

    describe('emailNotifications', () => {
      test('one pending per conversation is found, due ones come oldest first, updates stick', async () => {
        await withStorage(async (storage) => {
          const note = (conversationId: string, atMs: number) => ({
            id: id(), accountId: '7', conversationId, brandId: '8', status: 'pending' as const, attempts: 0, nextAttemptAtMs: atMs,
            lastError: null, createdAtMs: atMs, sentAtMs: null,
          })
          const [a, b, c] = [note('100', 30), note('200', 10), note('300', 50)]
          await storage.transaction(async (tx) => { for (const n of [a, b, c]) await tx.emailNotifications.insert(n) })
          assert.deepEqual(await storage.reads.emailNotifications.pending('7', '100'), a)
          assert.deepEqual((await storage.reads.emailNotifications.due(40, 10)).map((n) => n.id), [b.id, a.id])
          await storage.transaction((tx) => tx.emailNotifications.update(b.id, { status: 'sent', sentAtMs: 41, attempts: 1 }))
          assert.deepEqual((await storage.reads.emailNotifications.due(100, 10)).map((n) => n.id), [a.id, c.id])
          await storage.transaction((tx) => tx.emailNotifications.update(a.id, { attempts: 2, nextAttemptAtMs: 500, lastError: '451' }))
          assert.deepEqual((await storage.reads.emailNotifications.due(100, 10)).map((n) => n.id), [c.id])
          assert.equal((await storage.reads.emailNotifications.pending('7', '100'))?.lastError, '451')
          assert.equal(await storage.reads.emailNotifications.pending('7', '200'), undefined, 'a sent one is not pending')
        })
      })
    })

    describe('visitorLinks', () => {
      test('a link is found by its hash, works once, not after it expires, and is forgotten later', async () => {
        await withStorage(async (storage, reopen) => {
          const link = (tokenHash: string, expiresAtMs: number) => ({ tokenHash, accountId: '7', conversationId: '100', createdAtMs: 10, expiresAtMs, usedAtMs: null })
          await storage.transaction(async (tx) => { await tx.visitorLinks.insert(link('a', 1_000)); await tx.visitorLinks.insert(link('b', 500)) })
          assert.deepEqual(await storage.reads.visitorLinks.byTokenHash('a'), link('a', 1_000))
          assert.equal(await storage.reads.visitorLinks.byTokenHash('zzz'), undefined)
          assert.equal(await storage.transaction((tx) => tx.visitorLinks.use('b', 500)), false, 'not at its expiry')
          assert.equal(await storage.transaction((tx) => tx.visitorLinks.use('zzz', 1)), false, 'not an unknown one')
          // Twenty uses at once (one commit or several): exactly one wins.
          const uses = await Promise.all(Array.from({ length: 20 }, (_, i) => storage.transaction((tx) => tx.visitorLinks.use('a', 100 + i))))
          assert.equal(uses.filter(Boolean).length, 1)
          const reopened = await reopen()
          assert.equal((await reopened.reads.visitorLinks.byTokenHash('a'))?.usedAtMs, 100 + uses.indexOf(true), 'the winner\'s time, durable')
          assert.equal(await reopened.transaction((tx) => tx.visitorLinks.use('a', 200)), false, 'used once is used')
        })
      })

      test('removeExpired forgets only links that expired before the time given', async () => {
        await withStorage(async (storage) => {
          const link = (tokenHash: string, expiresAtMs: number) => ({ tokenHash, accountId: '7', conversationId: '100', createdAtMs: 10, expiresAtMs, usedAtMs: null })
          await storage.transaction(async (tx) => { for (const [h, at] of [['a', 100], ['b', 200], ['c', 300]] as const) await tx.visitorLinks.insert(link(h, at)) })
          assert.equal(await storage.transaction((tx) => tx.visitorLinks.removeExpired(200)), 1)
          assert.equal(await storage.reads.visitorLinks.byTokenHash('a'), undefined)
          assert.ok(await storage.reads.visitorLinks.byTokenHash('b'))
          assert.ok(await storage.reads.visitorLinks.byTokenHash('c'))
        })
      })
    })

    describe('brandMessaging, welcomeMessages, keywordRules, customProfiles', () => {
      test('brand messaging rows read back exactly as written; defaults move and rules keep their order', async () => {
        await withStorage(async (storage) => {
          const brand = { ...account(`brand${n}`), kind: 'brand' as const, email: null }
          const visitor = { ...account(`visitor${n}`), kind: 'visitor' as const, email: 'chloe@example.com' }
          const quickReply = { type: 'options' as const, options: [{ label: 'Order', metadata: 'topic:order' }] }
          const welcome = {
            id: id(), brandId: brand.id, name: 'Default', text: 'Hello', entities: { urls: [], mentions: [], hashtags: [] }, quickReply,
            buttons: [{ type: 'phone_number' as const, label: 'Call', phoneNumber: '+33 1 23 45 67 89' }], mediaId: '42', createdAtMs: 5, updatedAtMs: 6,
          }
          const settings = {
            brandId: brand.id, replyTime: 'hour' as const, awayMessage: { enabled: true, text: 'Away' }, embedOrigins: ['https://shop.example'],
            defaultWelcomeMessageId: welcome.id, updatedAtMs: 7,
            supportCalendar: { timeZone: 'Europe/Paris', weekly: { monday: [{ start: '22:00', end: '06:00' }], tuesday: [], wednesday: [], thursday: [], friday: [], saturday: [], sunday: [] }, holidays: [{ date: '2026-12-25' }], exceptions: [] },
          }
          const rules = [1, 2].map((i) => ({ id: id(), brandId: brand.id, keywords: [`word${i}`], replyText: `reply${i}`, quickReply: null, enabled: i === 1, createdAtMs: 10 + i }))
          const profile = { id: id(), brandId: brand.id, name: 'Sam', avatarMediaId: '43', createdAtMs: 9 }
          await storage.transaction(async (tx) => {
            await tx.accounts.insert(brand); await tx.accounts.insert(visitor)
            await tx.welcomeMessages.insert(welcome)
            await tx.brandMessaging.upsert(settings)
            for (const rule of rules) await tx.keywordRules.insert(rule)
            await tx.customProfiles.insert(profile)
          })
          const reads = storage.reads
          assert.deepEqual(await reads.welcomeMessages.byId(welcome.id), welcome)
          assert.deepEqual(await reads.brandMessaging.forBrand(brand.id), settings)
          assert.deepEqual(await reads.keywordRules.forBrand(brand.id), rules)
          assert.deepEqual(await reads.customProfiles.forBrand(brand.id), [profile])
          assert.equal((await reads.accounts.byId(visitor.id))?.email, 'chloe@example.com')
          assert.equal(await reads.media.canRead('42', []), true, 'welcome message media is public')
          assert.equal(await reads.media.canRead('43', []), true, 'custom profile avatars are public')
          assert.equal(await reads.media.canRead('44', []), false)

          await storage.transaction(async (tx) => {
            await tx.brandMessaging.upsert({ ...settings, defaultWelcomeMessageId: null, embedOrigins: [] })
            await tx.welcomeMessages.update(welcome.id, { quickReply: null, text: 'Hi' })
            await tx.keywordRules.update(rules[1]?.id ?? '', { enabled: true })
          })
          assert.equal((await reads.brandMessaging.forBrand(brand.id))?.defaultWelcomeMessageId, null)
          assert.deepEqual(await reads.welcomeMessages.byId(welcome.id), { ...welcome, quickReply: null, text: 'Hi' })
          assert.deepEqual((await reads.keywordRules.forBrand(brand.id)).map((r) => r.enabled), [true, true])
          await storage.transaction(async (tx) => { await tx.welcomeMessages.delete(welcome.id); await tx.customProfiles.delete(profile.id) })
          assert.equal(await reads.welcomeMessages.byId(welcome.id), undefined)
          assert.equal(await reads.media.canRead('42', []), false)
        })
      })

      test('welcome messages, keyword rules and custom profiles are found by id and listed per brand, oldest first', async () => {
        await withStorage(async (storage) => {
          const brand = { ...account(`northwind${n}`), kind: 'brand' as const }; const other = { ...account(`other${n}`), kind: 'brand' as const }
          const [brandId, otherBrand] = [brand.id, other.id]
          const welcome = (owner: string, createdAtMs: number) => ({ id: id(), brandId: owner, name: 'W', text: 'Hello', entities: { urls: [], mentions: [], hashtags: [] }, quickReply: null, buttons: [], mediaId: null, createdAtMs, updatedAtMs: createdAtMs })
          const rule = (owner: string, createdAtMs: number) => ({ id: id(), brandId: owner, keywords: ['hours'], replyText: 'We open at 8', quickReply: null, enabled: true, createdAtMs })
          const profile = (owner: string, createdAtMs: number) => ({ id: id(), brandId: owner, name: 'Sam', avatarMediaId: null, createdAtMs })
          const [w1, w2, w3] = [welcome(brandId, 2), welcome(brandId, 1), welcome(otherBrand, 0)]
          const [r1, r2] = [rule(brandId, 1), rule(otherBrand, 1)]
          const [p1, p2, p3] = [profile(brandId, 2), profile(brandId, 1), profile(otherBrand, 1)]
          await storage.transaction(async (tx) => {
            await tx.accounts.insert(brand); await tx.accounts.insert(other)
            for (const w of [w1, w2, w3]) await tx.welcomeMessages.insert(w)
            for (const r of [r1, r2]) await tx.keywordRules.insert(r)
            for (const p of [p1, p2, p3]) await tx.customProfiles.insert(p)
          })
          const reads = storage.reads
          assert.deepEqual((await reads.welcomeMessages.forBrand(brandId)).map((w) => w.id), [w2.id, w1.id])
          assert.deepEqual(await reads.keywordRules.byId(r2.id), r2)
          assert.deepEqual(await reads.customProfiles.byId(p3.id), p3)
          assert.deepEqual((await reads.customProfiles.forBrand(brandId)).map((p) => p.id), [p2.id, p1.id])
          await storage.transaction((tx) => tx.keywordRules.delete(r1.id))
          assert.equal(await reads.keywordRules.byId(r1.id), undefined)
          assert.deepEqual(await reads.keywordRules.forBrand(brandId), [])
          assert.equal(await reads.welcomeMessages.byId(id()), undefined)
        })
      })
    })

    describe('saved replies', () => {
      const reply = (brandId: string, ownerMemberId: string | null, shortcut: string, createdAtMs: number) => ({
        id: id(), brandId, ownerMemberId, shortcut, title: `Title ${shortcut}`, text: `Hello {{customer.name}}, ${shortcut}`,
        createdBy: ownerMemberId ?? '7', createdAtMs, updatedAtMs: createdAtMs,
      })

      test('a member sees the team replies and their own, oldest first, never another member’s or brand’s', async () => {
        await withStorage(async (storage) => {
          const { ada, ben } = await seedConversation(storage)
          const brand = { ...account(`northwind${n}`), kind: 'brand' as const }; const other = { ...account(`southwind${n}`), kind: 'brand' as const }
          const team = reply(brand.id, null, 'hours', 3)
          const adas = reply(brand.id, ada.id, 'sorry', 1)
          const bens = reply(brand.id, ben.id, 'thanks', 2)
          const elsewhere = reply(other.id, null, 'hours', 0)
          await storage.transaction(async (tx) => {
            await tx.accounts.insert(brand); await tx.accounts.insert(other)
            for (const r of [team, adas, bens, elsewhere]) await tx.savedReplies.insert(r)
          })
          const reads = storage.reads
          assert.deepEqual(await reads.savedReplies.visibleTo(brand.id, ada.id), [adas, team])
          assert.deepEqual((await reads.savedReplies.visibleTo(brand.id, ben.id)).map((r) => r.id), [bens.id, team.id])
          assert.deepEqual(await reads.savedReplies.byId(bens.id), bens)
          assert.deepEqual(await reads.savedReplies.byShortcut(brand.id, null, 'hours'), team)
          assert.deepEqual(await reads.savedReplies.byShortcut(brand.id, ada.id, 'sorry'), adas)
          assert.equal(await reads.savedReplies.byShortcut(brand.id, ben.id, 'sorry'), undefined, 'another member’s shortcut')
          assert.equal(await reads.savedReplies.byShortcut(brand.id, null, 'sorry'), undefined, 'a personal shortcut is not the team’s')
          assert.equal(await reads.savedReplies.count(brand.id, null), 1)
          assert.equal(await reads.savedReplies.count(brand.id, ada.id), 1)
          assert.equal(await reads.savedReplies.count(other.id, ada.id), 0)
        })
      })

      test('a shortcut is unique in its scope: the team’s, or one member’s own', async () => {
        await withStorage(async (storage) => {
          const { ada, ben } = await seedConversation(storage)
          const brand = { ...account(`northwind${n}`), kind: 'brand' as const }
          await storage.transaction(async (tx) => {
            await tx.accounts.insert(brand)
            await tx.savedReplies.insert(reply(brand.id, null, 'hours', 1))
            await tx.savedReplies.insert(reply(brand.id, ada.id, 'hours', 2))
            await tx.savedReplies.insert(reply(brand.id, ben.id, 'hours', 3))
          })
          await assert.rejects(storage.transaction((tx) => tx.savedReplies.insert(reply(brand.id, null, 'hours', 4))), 'two team replies with one shortcut')
          await assert.rejects(storage.transaction((tx) => tx.savedReplies.insert(reply(brand.id, ada.id, 'hours', 5))), 'two of Ada’s with one shortcut')
          assert.equal((await storage.reads.savedReplies.visibleTo(brand.id, ada.id)).length, 2)
        })
      })

      test('changes touch only the given fields; a deleted reply is gone', async () => {
        await withStorage(async (storage) => {
          const { ada } = await seedConversation(storage)
          const brand = { ...account(`northwind${n}`), kind: 'brand' as const }
          const mine = reply(brand.id, ada.id, 'sorry', 1)
          await storage.transaction(async (tx) => { await tx.accounts.insert(brand); await tx.savedReplies.insert(mine) })
          await storage.transaction((tx) => tx.savedReplies.update(mine.id, { title: 'Apology', updatedAtMs: 9 }))
          assert.deepEqual(await storage.reads.savedReplies.byId(mine.id), { ...mine, title: 'Apology', updatedAtMs: 9 })
          await storage.transaction((tx) => tx.savedReplies.update(mine.id, { shortcut: 'oops', text: 'Sorry!' }))
          assert.deepEqual(await storage.reads.savedReplies.byId(mine.id), { ...mine, title: 'Apology', shortcut: 'oops', text: 'Sorry!', updatedAtMs: 9 })
          await storage.transaction((tx) => tx.savedReplies.delete(mine.id))
          assert.equal(await storage.reads.savedReplies.byId(mine.id), undefined)
          assert.deepEqual(await storage.reads.savedReplies.visibleTo(brand.id, ada.id), [])
        })
      })
    })

    describe('custom fields', () => {
      const field = (brandId: string, key: string, createdAtMs: number) => ({
        id: id(), brandId, key, label: `Label ${key}`, type: 'text' as const, createdAtMs, updatedAtMs: createdAtMs,
      })
      const value = (f: { id: string; brandId: string }, customerId: string, text: string, at = 5) => ({
        fieldId: f.id, brandId: f.brandId, customerId, value: text, updatedBy: '7', updatedAtMs: at,
      })

      test('a brand’s fields, oldest first; a key is unique in its brand only', async () => {
        await withStorage(async (storage) => {
          const brand = { ...account(`northwind${n}`), kind: 'brand' as const }; const other = { ...account(`southwind${n}`), kind: 'brand' as const }
          const order = field(brand.id, 'order_number', 2); const plan = field(brand.id, 'plan', 1); const elsewhere = field(other.id, 'order_number', 0)
          await storage.transaction(async (tx) => {
            await tx.accounts.insert(brand); await tx.accounts.insert(other)
            for (const f of [order, plan, elsewhere]) await tx.customFields.insert(f)
          })
          await assert.rejects(storage.transaction((tx) => tx.customFields.insert(field(brand.id, 'plan', 3))), 'two fields with one key in a brand')
          const reads = storage.reads
          assert.deepEqual(await reads.customFields.forBrand(brand.id), [plan, order])
          assert.deepEqual(await reads.customFields.byId(elsewhere.id), elsewhere)
          assert.equal(await reads.customFields.count(brand.id), 2)
          assert.equal(await reads.customFields.count(other.id), 1)
          await storage.transaction((tx) => tx.customFields.update(plan.id, { label: 'Plan', updatedAtMs: 9 }))
          assert.deepEqual(await reads.customFields.byId(plan.id), { ...plan, label: 'Plan', updatedAtMs: 9 })
        })
      })

      test('values are per brand and customer, set again in place, cleared, and gone with their field', async () => {
        await withStorage(async (storage) => {
          const { ada, ben } = await seedConversation(storage)
          const brand = { ...account(`northwind${n}`), kind: 'brand' as const }; const other = { ...account(`southwind${n}`), kind: 'brand' as const }
          const order = field(brand.id, 'order_number', 2); const plan = field(brand.id, 'plan', 1); const theirs = field(other.id, 'order_number', 0)
          await storage.transaction(async (tx) => {
            await tx.accounts.insert(brand); await tx.accounts.insert(other)
            for (const f of [order, plan, theirs]) await tx.customFields.insert(f)
            await tx.customFields.setValue(value(order, ada.id, 'A-1001'))
            await tx.customFields.setValue(value(plan, ada.id, 'Gold'))
            await tx.customFields.setValue(value(order, ben.id, 'B-7'))
            await tx.customFields.setValue(value(theirs, ada.id, 'S-1'))
          })
          const reads = storage.reads
          assert.deepEqual(await reads.customFields.valuesFor(brand.id, ada.id), [value(plan, ada.id, 'Gold'), value(order, ada.id, 'A-1001')])
          assert.deepEqual(await reads.customFields.valuesFor(other.id, ada.id), [value(theirs, ada.id, 'S-1')])
          await storage.transaction((tx) => tx.customFields.setValue(value(order, ada.id, 'A-1002', 8)))
          assert.deepEqual((await reads.customFields.valuesFor(brand.id, ada.id)).map((v) => [v.value, v.updatedAtMs]), [['Gold', 5], ['A-1002', 8]])
          await storage.transaction(async (tx) => { await tx.customFields.clearValue(plan.id, ada.id); await tx.customFields.clearValue(plan.id, ben.id) })
          assert.deepEqual((await reads.customFields.valuesFor(brand.id, ada.id)).map((v) => v.value), ['A-1002'])
          await storage.transaction((tx) => tx.customFields.delete(order.id))
          assert.equal(await reads.customFields.byId(order.id), undefined)
          assert.deepEqual(await reads.customFields.valuesFor(brand.id, ada.id), [])
          assert.deepEqual(await reads.customFields.valuesFor(brand.id, ben.id), [])
          assert.equal((await reads.customFields.valuesFor(other.id, ada.id)).length, 1, 'another brand’s value stays')
        })
      })
    })

    describe('automationLog', () => {
      test('the automation log counts by brand, conversation, kind, window and quota', async () => {
        await withStorage(async (storage) => {
          const brandId = id(); const a = id(); const b = id()
          const row = (conversationId: string, kind: 'away' | 'keyword', counted: boolean, atMs: number) => ({ id: id(), brandId, conversationId, kind, counted, atMs })
          await storage.transaction(async (tx) => {
            for (const r of [row(a, 'away', false, 100), row(a, 'keyword', true, 200), row(b, 'keyword', true, 300), row(b, 'away', true, 50)]) await tx.automationLog.insert(r)
            await tx.automationLog.insert({ ...row(a, 'away', true, 400), brandId: id() })
          })
          const count = (q: Partial<Parameters<Storage['reads']['automationLog']['count']>[0]>) => storage.reads.automationLog.count({ brandId, sinceMs: 0, ...q })
          assert.equal(await count({}), 4)
          assert.equal(await count({ sinceMs: 100 }), 2, 'the window starts after sinceMs')
          assert.equal(await count({ conversationId: a }), 2)
          assert.equal(await count({ conversationId: a, kind: 'away' }), 1)
          assert.equal(await count({ countedOnly: true }), 3)
        })
      })
    })

    describe('replyTimes', () => {
      test('answers are counted per brand, day and bucket, and summed by bucket from a day on', async () => {
        await withStorage(async (storage) => {
          const brandId = id(); const other = id()
          await storage.transaction(async (tx) => {
            for (const [day, bucket] of [[100, 'minutes'], [100, 'minutes'], [101, 'minutes'], [101, 'hours'], [99, 'slower']] as const) await tx.replyTimes.count(brandId, day, bucket)
            await tx.replyTimes.count(other, 100, 'day')
          })
          const byBucket = async (since: number) => (await storage.reads.replyTimes.since(brandId, since)).sort((a, b) => a.bucket.localeCompare(b.bucket))
          assert.deepEqual(await byBucket(100), [{ bucket: 'hours', answers: 1 }, { bucket: 'minutes', answers: 3 }])
          assert.deepEqual(await byBucket(99), [{ bucket: 'hours', answers: 1 }, { bucket: 'minutes', answers: 3 }, { bucket: 'slower', answers: 1 }])
          assert.deepEqual(await byBucket(102), [])
        })
      })
    })

    describe('apps', () => {
      test('apps, their tokens and authorization codes round-trip; revoking an app revokes its tokens; a code is used once', async () => {
        await withStorage(async (storage) => {
          const { ada, ben } = await seedConversation(storage)
          const app = { id: id(), ownerAccountId: ada.id, name: 'Bot', consumerKey: `ck${n}`, consumerSecretSealed: 'sealed', redirectUris: ['https://bot.example/cb'], createdBy: ada.id, createdAtMs: 5, revokedAtMs: null }
          const other = { ...app, id: id(), ownerAccountId: ben.id, consumerKey: `ck${n}b`, createdAtMs: 6 }
          const token = { id: id(), appId: app.id, kind: 'oauth1' as const, accountId: ada.id, grantedBy: ada.id, tokenHash: `th${n}`, secretSealed: 'ts', refreshHash: null, scopes: ['dm.read', 'dm.write'], createdAtMs: 7, expiresAtMs: null, revokedAtMs: null }
          const user = { ...token, id: id(), kind: 'oauth2-user' as const, tokenHash: `th${n}u`, secretSealed: null, refreshHash: `rh${n}`, scopes: ['dm.read'], createdAtMs: 8, expiresAtMs: 99 }
          const code = { codeHash: `code${n}`, appId: app.id, accountId: ada.id, grantedBy: ada.id, scopes: ['dm.read'], redirectUri: 'https://bot.example/cb', codeChallenge: 'c', createdAtMs: 1, expiresAtMs: 2, usedAtMs: null }
          await storage.transaction(async (tx) => {
            await tx.apps.insert(app); await tx.apps.insert(other)
            await tx.apps.insertToken(token); await tx.apps.insertToken(user)
            await tx.apps.insertAuthorizationCode(code)
          })
          const reads = storage.reads
          assert.deepEqual(await reads.apps.byId(app.id), app)
          assert.deepEqual(await reads.apps.byConsumerKey(other.consumerKey), other)
          assert.equal(await reads.apps.byConsumerKey('nope'), undefined)
          assert.deepEqual((await reads.apps.ownedBy([ada.id, ben.id])).map((a) => a.id), [app.id, other.id])
          assert.deepEqual(await reads.apps.ownedBy([]), [])
          assert.deepEqual(await reads.apps.tokenById(token.id), token)
          assert.deepEqual(await reads.apps.tokenByHash(user.tokenHash), user)
          assert.deepEqual(await reads.apps.tokenByRefreshHash(`rh${n}`), user)
          assert.deepEqual((await reads.apps.tokens(app.id)).map((t) => t.id), [token.id, user.id])
          assert.deepEqual(await reads.apps.authorizationCodeByHash(code.codeHash), code)
          await assert.rejects(storage.transaction((tx) => tx.apps.insert({ ...app, id: id() })), 'the consumer key is unique')
          assert.equal(await storage.transaction((tx) => tx.apps.useAuthorizationCode(code.codeHash, 3)), true)
          assert.equal(await storage.transaction((tx) => tx.apps.useAuthorizationCode(code.codeHash, 4)), false, 'a code works once')
          assert.equal((await reads.apps.authorizationCodeByHash(code.codeHash))?.usedAtMs, 3)
          await storage.transaction(async (tx) => { await tx.apps.update(app.id, { name: 'Bot 2', redirectUris: [] }); await tx.apps.revokeToken(user.id, 10) })
          assert.deepEqual(await reads.apps.byId(app.id), { ...app, name: 'Bot 2', redirectUris: [] })
          await storage.transaction((tx) => tx.apps.revoke(app.id, 20))
          assert.equal((await reads.apps.byId(app.id))?.revokedAtMs, 20)
          assert.deepEqual((await reads.apps.tokens(app.id)).map((t) => t.revokedAtMs), [20, 10], 'revoking the app revokes its open tokens, keeping earlier times')
          assert.equal((await reads.apps.byId(other.id))?.revokedAtMs, null)
        })
      })
    })

    describe('inbox', () => {
      const row = (brandId: string, conversationId: string, patch: Partial<InboxRecord> = {}): InboxRecord => ({
        brandId, conversationId, customerId: null, customerKind: 'person', source: null, status: 'open', snoozedUntilMs: null, assigneeId: null,
        waitingSinceMs: null, lastCustomerSeq: 0, lastCustomerAtMs: null, lastAnsweredAtMs: null, lastAnsweredBy: null, customerActiveAtMs: 10, readBaselineSeq: 0,
        labelIds: [], createdAtMs: 1, updatedAtMs: 1, ...patch,
      })

      test('rows per brand side: insert once, update fields, list views with counts, read rows and unread counts, notes, due snoozes', async () => {
        await withStorage(async (storage) => {
          const { ada, ben, c } = await seedConversation(storage)
          const brand = account(`brand${n}`)
          const extra = [conversation(null), conversation(null), conversation(null), conversation(null), conversation(null)]
          await storage.transaction(async (tx) => {
            await tx.accounts.insert(brand)
            await tx.participants.upsert(participant(c.id, brand.id))
            for (const x of extra) await tx.conversations.insert(x)
            await tx.inbox.insert(row(brand.id, c.id, { customerId: ben.id, waitingSinceMs: 50, customerActiveAtMs: 50 }))
            await tx.inbox.insert(row(brand.id, c.id, { status: 'resolved' })) // already there: nothing changes
            const [e0, e1, e2, e3, e4] = extra.map((x) => x.id) as [string, string, string, string, string]
            await tx.inbox.insert(row(brand.id, e0, { assigneeId: ada.id, customerActiveAtMs: 60 }))
            await tx.inbox.insert(row(brand.id, e1, { status: 'pending', customerActiveAtMs: 70, source: 'spring' }))
            await tx.inbox.insert(row(brand.id, e2, { status: 'snoozed', snoozedUntilMs: 100, customerActiveAtMs: 80, waitingSinceMs: 20 }))
            await tx.inbox.insert(row(brand.id, e3, { status: 'snoozed', snoozedUntilMs: null, customerActiveAtMs: 90 }))
            await tx.inbox.insert(row(brand.id, e4, { customerActiveAtMs: 0 })) // nobody wrote: in no view
            for (let seq = 1; seq <= 3; seq++) {
              await tx.conversations.nextSeq(c.id, 2)
              await tx.messages.insert({ ...message(c.id, seq === 2 ? brand.id : ben.id, seq, null), createdAtMs: seq })
            }
          })
          const reads = storage.reads
          assert.deepEqual(await reads.inbox.get(brand.id, c.id), row(brand.id, c.id, { customerId: ben.id, waitingSinceMs: 50, customerActiveAtMs: 50 }))
          assert.deepEqual((await reads.inbox.forConversation(c.id)).map((r) => r.brandId), [brand.id])
          const q = { brandId: brand.id, memberId: ada.id }
          assert.deepEqual(await reads.inbox.counts(q), { open: 2, unassigned: 1, mine: 1, pending: 1, snoozed: 2, resolved: 0 }, 'a conversation nobody wrote in is in no view')
          assert.deepEqual(await reads.inbox.counts({ ...q, source: 'spring' }), { open: 0, unassigned: 0, mine: 0, pending: 1, snoozed: 0, resolved: 0 })
          const list = (view: 'open' | 'mine' | 'snoozed', order: 'newest' | 'waiting', after: { atMs: number; id: string } | null = null) =>
            reads.inbox.list({ ...q, view, order, after, limit: 10 })
          const [e0, e1, e2, e3, e4] = extra.map((x) => x.id) as [string, string, string, string, string]
          assert.deepEqual((await list('open', 'newest')).map((r) => r.conversation.id), [e0, c.id])
          assert.deepEqual((await list('open', 'waiting')).map((r) => r.conversation.id), [c.id, e0], 'who waits first, then the answered')
          assert.deepEqual((await list('open', 'newest', { atMs: 60, id: e0 ?? '' })).map((r) => r.conversation.id), [c.id])
          assert.deepEqual((await list('open', 'waiting', { atMs: 50, id: c.id })).map((r) => r.conversation.id), [e0])
          assert.deepEqual((await list('mine', 'newest')).map((r) => r.conversation.id), [e0])
          assert.deepEqual((await list('snoozed', 'newest')).map((r) => r.conversation.id), [e3, e2])
          const first = (await list('open', 'newest')).find((r) => r.conversation.id === c.id)
          assert.equal(first?.unreadCount, 2, "the customer's messages, not the brand's")
          assert.deepEqual(first?.reader, { lastReadSeq: 0, markedUnread: false })
          assert.equal(first?.conversation.lastSeq, 3)

          await storage.transaction(async (tx) => {
            await tx.inbox.update(brand.id, c.id, { status: 'pending', assigneeId: ben.id, waitingSinceMs: null, lastAnsweredAtMs: 70, lastAnsweredBy: ada.id, updatedAtMs: 5 })
            await tx.inbox.setReader({ brandId: brand.id, conversationId: c.id, memberId: ada.id, lastReadSeq: 1, markedUnread: false })
            await tx.inbox.setReader({ brandId: brand.id, conversationId: c.id, memberId: ada.id, lastReadSeq: 2, markedUnread: true })
          })
          assert.deepEqual(await reads.inbox.get(brand.id, c.id), row(brand.id, c.id, {
            customerId: ben.id, customerActiveAtMs: 50, status: 'pending', assigneeId: ben.id, lastAnsweredAtMs: 70, lastAnsweredBy: ada.id, updatedAtMs: 5,
          }))
          assert.deepEqual(await reads.inbox.reader(brand.id, c.id, ada.id), { brandId: brand.id, conversationId: c.id, memberId: ada.id, lastReadSeq: 2, markedUnread: true })
          assert.equal(await reads.inbox.reader(brand.id, c.id, ben.id), undefined)
          assert.equal(await reads.inbox.customerMessagesAfter(brand.id, c.id, 2), 1)
          const [page3] = await reads.messages.atSeqs([{ conversationId: c.id, seq: 3 }, { conversationId: c.id, seq: 9 }])
          assert.equal(page3?.seq, 3)

          const notes = ['one', 'two', 'three'].map((text, i): NoteRecord => ({
            id: id(), brandId: brand.id, conversationId: c.id, kind: i === 1 ? 'activity' : 'note', authorId: i === 1 ? null : ada.id, text,
            mentions: i === 0 ? [ben.id] : [], activity: i === 1 ? { action: 'status.changed', status: 'open', reason: 'customer.wrote' } : null, createdAtMs: i,
          }))
          await storage.transaction(async (tx) => { for (const note of notes) await tx.inbox.insertNote(note) })
          assert.deepEqual(await reads.inbox.notes(brand.id, c.id, { limit: 10 }), notes)
          assert.deepEqual(await reads.inbox.notes(brand.id, c.id, { limit: 2 }), notes.slice(1), 'the newest page, oldest first')
          assert.deepEqual(await reads.inbox.notes(brand.id, c.id, { beforeId: notes[1]?.id ?? '', limit: 2 }), notes.slice(0, 1))
          assert.deepEqual(await reads.inbox.notes(ada.id, c.id, { limit: 10 }), [], "another brand's side sees none")
          assert.equal(await reads.inbox.noteCount(brand.id, c.id), 2, 'notes, not activity lines')
          assert.equal(await reads.inbox.noteCount(ada.id, c.id), 0)
          assert.equal((await reads.messages.firstBy(c.id, ben.id))?.seq, 1)
          assert.equal((await reads.messages.latestBy(c.id, ben.id))?.seq, 3)
          assert.equal(await reads.messages.firstBy(c.id, ada.id), undefined)
          const [g0, g1] = [extra[0]?.id ?? '', extra[1]?.id ?? '']
          await storage.transaction(async (tx) => {
            await tx.inbox.update(brand.id, g0, { customerKind: 'group' })
            await tx.inbox.update(brand.id, g1, { customerKind: 'group' })
            await tx.participants.upsert(participant(g0, ben.id))
            await tx.participants.upsert({ ...participant(g1, ben.id), leftCursor: 5 })
          })
          assert.deepEqual((await reads.inbox.groupsWith(brand.id, ben.id, 10)).map((r) => r.conversationId), [g0], 'the groups Ben is still in')
          assert.deepEqual(await reads.inbox.groupsWith(ada.id, ben.id, 10), [])

          const search = (words: string[]) => reads.inbox.search({ brandId: brand.id, words, limit: 10 })
          assert.deepEqual((await search(['m3'])).map((h) => [h.kind, h.seq, h.snippet]), [['message', 3, '\u0002m3\u0003']])
          assert.deepEqual((await search(['M'])).map((h) => h.seq), [3, 2, 1], 'the last word is a prefix, newest first, whatever the case')
          assert.deepEqual((await search(['thr'])).map((h) => [h.kind, h.id, h.authorId]), [['note', notes[2]?.id, ada.id]])
          assert.deepEqual(await search(['two']), [], 'an activity line is not a note')
          assert.deepEqual(await reads.inbox.search({ brandId: ada.id, words: ['m3'], limit: 10 }), [], 'not a conversation of that brand')
          assert.deepEqual((await reads.inbox.search({ brandId: brand.id, words: ['m3'], limit: 10, source: 'spring' })), [], 'filters apply')
          await storage.transaction((tx) => tx.messages.unsend((page3 ?? { id: '' }).id, 9))
          assert.deepEqual(await search(['m3']), [], 'an unsent message is not found any more')

          assert.equal(await reads.inbox.settings(brand.id), undefined)
          const assignment = { roundRobin: false, whenMemberLeaves: 'unassign' as const, whenMemberOffline: 'keep' as const }
          const survey: SurveyRecord = { id: id(), brandId: brand.id, conversationId: c.id, messageId: page3?.id ?? '', sentAtMs: 10, rating: null, ratedAtMs: null, comment: null }
          await storage.transaction(async (tx) => {
            await tx.inbox.setSettings(brand.id, { survey: { enabled: true, question: 'How did we do?' }, assignment }, 5)
            await tx.inbox.setSettings(brand.id, { survey: { enabled: false, question: 'Rate us' }, assignment: { ...assignment, roundRobin: true } }, 6)
            await tx.inbox.insertSurvey(survey)
            await tx.inbox.updateSurvey(survey.id, { rating: 5, ratedAtMs: 11 })
            await tx.inbox.updateSurvey(survey.id, { comment: 'Merci' })
          })
          assert.deepEqual(await reads.inbox.settings(brand.id), { survey: { enabled: false, question: 'Rate us' }, assignment: { ...assignment, roundRobin: true } })
          await storage.transaction(async (tx) => {
            await tx.inbox.setMember({ brandId: brand.id, memberId: ben.id, availability: 'away', capacity: 3, lastAssignedAtMs: null })
            await tx.inbox.setMember({ brandId: brand.id, memberId: ben.id, availability: 'online', capacity: 4, lastAssignedAtMs: 12 })
          })
          assert.deepEqual(await reads.inbox.members(brand.id), [{ brandId: brand.id, memberId: ben.id, availability: 'online', capacity: 4, lastAssignedAtMs: 12 }])
          assert.deepEqual(await reads.inbox.openAssigned(brand.id, [ada.id, ben.id]), new Map([[ada.id, 1], [ben.id, 0]]), 'e0 is open and Ada\'s; c is pending')
          assert.deepEqual((await reads.inbox.assignedTo(brand.id, ben.id, ['open', 'pending'])).map((r) => r.conversationId), [c.id])
          assert.deepEqual(await reads.inbox.surveys(brand.id, c.id), [{ ...survey, rating: 5, ratedAtMs: 11, comment: 'Merci' }])
          assert.deepEqual(await reads.inbox.surveys(ada.id, c.id), [])

          assert.deepEqual((await reads.inbox.snoozesDue(99, 10)).map((r) => r.conversationId), [])
          assert.deepEqual((await reads.inbox.snoozesDue(100, 10)).map((r) => r.conversationId), [e2])
          await storage.transaction((tx) => tx.inbox.remove(brand.id, c.id))
          assert.equal(await reads.inbox.get(brand.id, c.id), undefined)

          // Round robin's queue: open, unassigned, the customer waiting; who waited longest first.
          assert.deepEqual(await reads.inbox.unassignedWaiting(brand.id, 10), [])
          await storage.transaction(async (tx) => {
            await tx.inbox.update(brand.id, e4, { waitingSinceMs: 40 })
            await tx.inbox.update(brand.id, e0, { waitingSinceMs: 10 }) // Ada's
            await tx.inbox.update(brand.id, e2, { status: 'open', snoozedUntilMs: null })
            await tx.inbox.update(brand.id, e1, { waitingSinceMs: 5 }) // pending
          })
          assert.deepEqual((await reads.inbox.unassignedWaiting(brand.id, 10)).map((r) => r.conversationId), [e2, e4])
          assert.deepEqual((await reads.inbox.unassignedWaiting(brand.id, 1)).map((r) => r.conversationId), [e2])
          assert.deepEqual(await reads.inbox.unassignedWaiting(ada.id, 10), [])

          // Presence leases: set, renewed, ended and handled.
          assert.deepEqual(await reads.inbox.presence([ada.id, ben.id]), new Map())
          await storage.transaction(async (tx) => {
            await tx.inbox.setPresence(ada.id, 1_000)
            await tx.inbox.setPresence(ben.id, 500)
            await tx.inbox.setPresence(ben.id, 900)
          })
          assert.deepEqual(await reads.inbox.presence([ada.id, ben.id, brand.id]), new Map([[ada.id, 1_000], [ben.id, 900]]))
          assert.deepEqual(await reads.inbox.presenceLapsed(900, 10), [], 'a lease ending now has not ended')
          assert.deepEqual(await reads.inbox.presenceLapsed(1_001, 10), [ben.id, ada.id], 'oldest first')
          assert.deepEqual(await reads.inbox.presenceLapsed(1_001, 1), [ben.id])
          await storage.transaction((tx) => tx.inbox.setPresence(ben.id, null))
          assert.deepEqual(await reads.inbox.presenceLapsed(1_001, 10), [ada.id], 'handled once')
          assert.deepEqual(await reads.inbox.presence([ben.id]), new Map([[ben.id, null]]))
        })
      })
    })

    describe('collections', () => {
      const collection = (curatorId: string, createdAtMs: number): CollectionRecord => ({
        id: id(), curatorId, title: `Roasts ${createdAtMs}`, description: 'What we roast', contributionMode: 'approval', indexable: false,
        createdAtMs, updatedAtMs: createdAtMs, hiddenAtMs: null, hiddenReason: null,
      })
      const item = (collectionId: string, sectionId: string | null, position: number, patch: Partial<CollectionItemRecord> = {}): CollectionItemRecord => ({
        id: id(), collectionId, sectionId, position, kind: 'text', status: 'published', authorId: '5', addedBy: '5', title: null, text: `t${position}`,
        url: null, siteName: null, mediaId: null, createdAtMs: 1, decidedAtMs: null, decidedBy: null, hiddenAtMs: null, hiddenReason: null, ...patch,
      })

      test("a curator's collections, newest first; changes keep the other fields; moderation's columns round-trip", async () => {
        await withStorage(async (storage) => {
          const { ada, ben } = await seedConversation(storage)
          const [older, newer, bens] = [collection(ada.id, 1), collection(ada.id, 2), collection(ben.id, 3)]
          await storage.transaction(async (tx) => { for (const c of [older, newer, bens]) await tx.collections.insert(c) })
          const reads = storage.reads.collections
          assert.deepEqual(await reads.ofCurator(ada.id), [newer, older])
          assert.equal(await reads.countOfCurator(ada.id), 2)
          assert.equal(await reads.countOfCurator('404'), 0)
          await storage.transaction((tx) => tx.collections.update(older.id, { title: 'Beans', indexable: true, contributionMode: 'open', updatedAtMs: 9 }))
          assert.deepEqual(await reads.byId(older.id), { ...older, title: 'Beans', indexable: true, contributionMode: 'open', updatedAtMs: 9 })
          assert.equal(await reads.byId('404'), undefined)
        })
      })

      test('sections and items keep their places; statuses are counted; a media finds its items', async () => {
        await withStorage(async (storage) => {
          const { ada } = await seedConversation(storage)
          const c = collection(ada.id, 1)
          const [beans, gear] = [{ id: id(), collectionId: c.id, title: 'Beans', position: 1, createdAtMs: 1 }, { id: id(), collectionId: c.id, title: 'Gear', position: 0, createdAtMs: 2 }]
          const top = item(c.id, null, 0, { mediaId: '77' })
          const [b1, b0] = [item(c.id, beans.id, 1), item(c.id, beans.id, 0)]
          const waiting = item(c.id, gear.id, 5, { status: 'pending', mediaId: '77', hiddenAtMs: 4, hiddenReason: 'Off topic' })
          const declined = item(c.id, null, 6, { status: 'declined' })
          await storage.transaction(async (tx) => {
            await tx.collections.insert(c)
            await tx.collections.insertSection(beans); await tx.collections.insertSection(gear)
            for (const i of [b1, waiting, top, declined, b0]) await tx.collections.insertItem(i)
          })
          const reads = storage.reads.collections
          assert.deepEqual((await reads.sections(c.id)).map((s) => s.title), ['Gear', 'Beans'])
          assert.deepEqual(await reads.sectionById(beans.id), beans)
          const sectionOrder = [beans.id, gear.id].sort()
          const expected = [top, declined, ...sectionOrder.flatMap((s) => (s === beans.id ? [b0, b1] : [waiting]))]
          assert.deepEqual((await reads.items(c.id)).map((i) => i.id), expected.map((i) => i.id), 'the top first, then by section, by position')
          assert.deepEqual(await reads.itemById(waiting.id), waiting)
          assert.deepEqual((await reads.itemsWithMedia(c.id, '77')).map((i) => i.id).sort(), [top.id, waiting.id].sort())
          assert.deepEqual((await reads.countItems([c.id, '404'])).sort((x, y) => (x.status < y.status ? -1 : 1)), [
            { collectionId: c.id, status: 'declined', count: 1 }, { collectionId: c.id, status: 'pending', count: 1 }, { collectionId: c.id, status: 'published', count: 3 },
          ])
          assert.deepEqual(await reads.countItems([]), [])

          await storage.transaction(async (tx) => {
            await tx.collections.placeSections([{ id: beans.id, position: 0 }, { id: gear.id, position: 1 }])
            await tx.collections.renameSection(gear.id, 'Cups')
            await tx.collections.placeItems([{ id: b1.id, sectionId: null, position: 1 }])
            await tx.collections.decideItem(waiting.id, { status: 'published', decidedAtMs: 8, decidedBy: ada.id })
          })
          assert.deepEqual((await reads.sections(c.id)).map((s) => [s.title, s.position]), [['Beans', 0], ['Cups', 1]])
          assert.deepEqual(await reads.itemById(b1.id), { ...b1, sectionId: null, position: 1 })
          assert.deepEqual(await reads.itemById(waiting.id), { ...waiting, status: 'published', decidedAtMs: 8, decidedBy: ada.id })

          await storage.transaction(async (tx) => { await tx.collections.hideItem(b0.id, { atMs: 11, reason: 'Spam' }); await tx.collections.hideItem(waiting.id, null) })
          assert.deepEqual([(await reads.itemById(b0.id))?.hiddenAtMs, (await reads.itemById(b0.id))?.hiddenReason], [11, 'Spam'])
          assert.deepEqual([(await reads.itemById(waiting.id))?.hiddenAtMs, (await reads.itemById(waiting.id))?.hiddenReason], [null, null])
          await storage.transaction((tx) => tx.collections.hideCollection(c.id, { atMs: 12, reason: 'Under review' }))
          assert.deepEqual([(await reads.byId(c.id))?.hiddenAtMs, (await reads.byId(c.id))?.hiddenReason], [12, 'Under review'])
          await storage.transaction((tx) => tx.collections.hideCollection(c.id, null))
          assert.equal((await reads.byId(c.id))?.hiddenAtMs, null)
          await storage.transaction(async (tx) => { await tx.collections.deleteItem(declined.id); await tx.collections.deleteSection(gear.id) })
          assert.equal(await reads.itemById(declined.id), undefined)
          assert.deepEqual((await reads.sections(c.id)).map((s) => s.id), [beans.id])
          await storage.transaction((tx) => tx.collections.delete(c.id))
          assert.equal(await reads.byId(c.id), undefined)
          assert.deepEqual(await reads.items(c.id), [])
          assert.deepEqual(await reads.sections(c.id), [])
        })
      })

      test("a hidden item's review is asked once per hide; showing it again clears the ask", async () => {
        await withStorage(async (storage) => {
          const { ada } = await seedConversation(storage)
          const c = collection(ada.id, 1)
          const it = item(c.id, null, 0)
          await storage.transaction(async (tx) => { await tx.collections.insert(c); await tx.collections.insertItem(it) })
          const reads = storage.reads.collections
          const mark = (atMs: number) => storage.transaction((tx) => tx.collections.markItemReviewRequested(it.id, atMs))
          assert.equal(await mark(5), false, 'not hidden: nothing to review')
          assert.equal(await storage.transaction((tx) => tx.collections.markItemReviewRequested('404', 5)), false)
          await storage.transaction((tx) => tx.collections.hideItem(it.id, { atMs: 6, reason: 'A phone number' }))
          assert.equal(await mark(7), true)
          assert.equal(await mark(8), false, 'once per hide')
          assert.deepEqual(await reads.itemById(it.id), { ...it, hiddenAtMs: 6, hiddenReason: 'A phone number', reviewRequestedAtMs: 7 })
          assert.equal((await reads.items(c.id))[0]?.reviewRequestedAtMs, 7)
          await storage.transaction((tx) => tx.collections.hideItem(it.id, null))
          assert.deepEqual(await reads.itemById(it.id), it, 'shown again: as it was, the ask cleared')
          await storage.transaction((tx) => tx.collections.hideItem(it.id, { atMs: 9, reason: 'Again' }))
          assert.equal(await mark(10), true, 'a new hide may be reviewed again')
          const asked = item(c.id, null, 1, { hiddenAtMs: 3, hiddenReason: 'Spam', reviewRequestedAtMs: 4 })
          await storage.transaction((tx) => tx.collections.insertItem(asked))
          assert.deepEqual(await reads.itemById(asked.id), asked, 'inserted as given')
        })
      })
    })

    describe('labels', () => {
      const label = (brandId: string, name: string, createdAtMs: number): LabelRecord => ({
        id: id(), brandId, name, colour: 'blue', createdAtMs, updatedAtMs: createdAtMs,
      })
      const inboxRow = (brandId: string, conversationId: string, patch: Partial<InboxRecord>): InboxRecord => ({
        brandId, conversationId, customerId: null, customerKind: 'person', source: null, status: 'open', snoozedUntilMs: null, assigneeId: null,
        waitingSinceMs: null, lastCustomerSeq: 0, lastCustomerAtMs: null, lastAnsweredAtMs: null, lastAnsweredBy: null, customerActiveAtMs: 10, readBaselineSeq: 0,
        labelIds: [], createdAtMs: 1, updatedAtMs: 1, ...patch,
      })

      test("a brand's labels: insert, change, count, delete; another brand's are apart", async () => {
        await withStorage(async (storage) => {
          const brand = { ...account(`northwind${n}`), kind: 'brand' as const }; const other = { ...account(`southwind${n}`), kind: 'brand' as const }
          const [refund, vip, elsewhere] = [label(brand.id, 'Refund', 2), label(brand.id, 'VIP', 1), label(other.id, 'Refund', 0)]
          await storage.transaction(async (tx) => {
            await tx.accounts.insert(brand); await tx.accounts.insert(other)
            for (const l of [refund, vip, elsewhere]) await tx.labels.insert(l)
          })
          const reads = storage.reads
          assert.deepEqual(await reads.labels.ofBrand(brand.id), [vip, refund], 'oldest first')
          assert.deepEqual(await reads.labels.byId(elsewhere.id), elsewhere)
          assert.equal(await reads.labels.count(brand.id), 2)
          await storage.transaction((tx) => tx.labels.update(refund.id, { name: 'Refunds', updatedAtMs: 9 }))
          await storage.transaction((tx) => tx.labels.update(refund.id, { colour: 'red' }))
          assert.deepEqual(await reads.labels.byId(refund.id), { ...refund, name: 'Refunds', colour: 'red', updatedAtMs: 9 })
          await storage.transaction((tx) => tx.labels.delete(vip.id))
          assert.equal(await reads.labels.byId(vip.id), undefined)
          assert.equal(await reads.labels.count(brand.id), 1)
          assert.equal(await reads.labels.count(other.id), 1)
        })
      })

      test("a conversation's labels: kept on its row and in the filter's rows, filtered and counted exactly", async () => {
        await withStorage(async (storage) => {
          const { ada, c } = await seedConversation(storage)
          const brand = { ...account(`northwind${n}`), kind: 'brand' as const }
          const extra = [conversation(null), conversation(null), conversation(null)]
          const [refund, vip] = [label(brand.id, 'Refund', 1), label(brand.id, 'VIP', 2)]
          const [e0, e1, e2] = extra.map((x) => x.id) as [string, string, string]
          await storage.transaction(async (tx) => {
            await tx.accounts.insert(brand)
            for (const x of extra) await tx.conversations.insert(x)
            await tx.labels.insert(refund); await tx.labels.insert(vip)
            await tx.inbox.insert(inboxRow(brand.id, c.id, { customerActiveAtMs: 50 }))
            await tx.inbox.insert(inboxRow(brand.id, e0, { customerActiveAtMs: 60, assigneeId: ada.id }))
            await tx.inbox.insert(inboxRow(brand.id, e1, { customerActiveAtMs: 70, status: 'resolved' }))
            await tx.inbox.insert(inboxRow(brand.id, e2, { customerActiveAtMs: 80 }))
            await tx.labels.setOnConversation(brand.id, c.id, [vip.id, refund.id])
            await tx.labels.setOnConversation(brand.id, e0, [refund.id])
            await tx.labels.setOnConversation(brand.id, e1, [refund.id])
          })
          const reads = storage.reads
          assert.deepEqual((await reads.inbox.get(brand.id, c.id))?.labelIds, [vip.id, refund.id], 'in the order they were put on')
          assert.deepEqual((await reads.inbox.get(brand.id, e2))?.labelIds, [])
          assert.deepEqual(await reads.labels.conversationsWith(brand.id, refund.id), [c.id, e0, e1].sort())
          const q = { brandId: brand.id, memberId: ada.id }
          assert.deepEqual(await reads.inbox.counts({ ...q, label: refund.id }), { open: 2, unassigned: 1, mine: 1, pending: 0, snoozed: 0, resolved: 1 })
          assert.deepEqual(await reads.inbox.counts({ ...q, label: vip.id, assigneeId: ada.id }), { open: 0, unassigned: 0, mine: 0, pending: 0, snoozed: 0, resolved: 0 })
          const page = await reads.inbox.list({ ...q, label: refund.id, view: 'open', order: 'newest', after: null, limit: 10 })
          assert.deepEqual(page.map((r) => [r.conversation.id, r.state.labelIds]), [[e0, [refund.id]], [c.id, [vip.id, refund.id]]])
          assert.deepEqual((await reads.inbox.list({ ...q, label: refund.id, view: 'open', order: 'waiting', after: null, limit: 1 })).length, 1)
          for (const order of ['newest', 'waiting'] as const) {
            const walked = await reads.inbox.list({ ...q, label: refund.id, view: 'open', order, after: null, limit: 10 })
            const fromLabel = await reads.inbox.list({ ...q, label: refund.id, view: 'open', order, after: null, limit: 10, expectedRows: 2 })
            assert.deepEqual(fromLabel, walked, `read through the label's rows or by walking the view, the same page (${order})`)
          }
          assert.deepEqual((await reads.inbox.list({ ...q, label: refund.id, view: 'mine', order: 'newest', after: null, limit: 10, expectedRows: 1 })).map((r) => r.conversation.id), [e0])
          assert.deepEqual((await reads.inbox.list({ ...q, label: refund.id, view: 'open', order: 'newest', after: { atMs: 60, id: e0 }, limit: 10, expectedRows: 2 })).map((r) => r.conversation.id), [c.id], 'after a cursor')
          assert.deepEqual(await reads.inbox.list({ ...q, label: id(), view: 'open', order: 'newest', after: null, limit: 10 }), [], 'an unknown label finds nothing')

          await storage.transaction(async (tx) => {
            await tx.labels.setOnConversation(brand.id, c.id, [vip.id])
            await tx.inbox.update(brand.id, c.id, { status: 'pending', updatedAtMs: 3 })
          })
          assert.deepEqual((await reads.inbox.get(brand.id, c.id))?.labelIds, [vip.id], 'a change of state keeps the labels')
          assert.deepEqual(await reads.labels.conversationsWith(brand.id, refund.id), [e0, e1].sort())
          assert.deepEqual(await reads.inbox.counts({ ...q, label: vip.id }), { open: 0, unassigned: 0, mine: 0, pending: 1, snoozed: 0, resolved: 0 })
          await storage.transaction((tx) => tx.labels.setOnConversation(brand.id, c.id, []))
          assert.deepEqual(await reads.labels.conversationsWith(brand.id, vip.id), [])
          assert.deepEqual((await reads.inbox.get(brand.id, c.id))?.labelIds, [])
          await storage.transaction((tx) => tx.inbox.remove(brand.id, e1))
          assert.deepEqual(await reads.labels.conversationsWith(brand.id, refund.id), [e0], 'a side removed takes its labels with it')
        })
      })
    })

    describe('webhooks', () => {
      test('webhooks, subscriptions and the delivery outbox: round-trip, one head per webhook, claims decide once', async () => {
        await withStorage(async (storage) => {
          const { ada, ben } = await seedConversation(storage)
          const hook = (over: Partial<WebhookRecord> = {}): WebhookRecord => ({
            id: id(), kind: 'account_activity', appId: 'app1', ownerAccountId: ada.id, envName: 'prod', url: 'https://hooks.example/aa', valid: true,
            secretSealed: null, eventTypes: [], createdBy: ada.id, createdAtMs: 5, crcCheckedAtMs: 5, crcResult: 'ok', disabledAtMs: null, disabledReason: null, ...over,
          })
          const aa = hook(); const native = hook({ kind: 'native', appId: null, envName: null, secretSealed: 'sealed', eventTypes: ['message.created'], crcCheckedAtMs: null, crcResult: null, createdAtMs: 6 })
          const invalid = hook({ valid: false, createdAtMs: 7 })
          const delivery = (webhookId: string, nextAttemptAtMs: number, over: Partial<WebhookDeliveryRecord> = {}): WebhookDeliveryRecord => ({
            id: id(), webhookId, eventName: 'message.created', eventCursor: 9, forAccountId: ada.id, payload: '{"a":"é"}', status: 'pending', attempts: 0,
            nextAttemptAtMs, lastAttemptAtMs: null, lastStatusCode: null, lastError: null, lastDurationMs: null, createdAtMs: 3, deliveredAtMs: null, ...over,
          })
          const first = delivery(aa.id, 100); const second = delivery(aa.id, 50); const nativeOne = delivery(native.id, 200, { eventCursor: null, eventName: 'typing.started' })
          const onInvalid = delivery(invalid.id, 0)
          await storage.transaction(async (tx) => {
            for (const w of [aa, native, invalid]) await tx.webhooks.insert(w)
            assert.equal(await tx.webhooks.insertSubscription({ webhookId: aa.id, accountId: ada.id, createdBy: ada.id, createdAtMs: 1 }), true)
            assert.equal(await tx.webhooks.insertSubscription({ webhookId: aa.id, accountId: ada.id, createdBy: ada.id, createdAtMs: 2 }), false, 'once')
            await tx.webhooks.insertSubscription({ webhookId: aa.id, accountId: ben.id, createdBy: ben.id, createdAtMs: 3 })
            await tx.webhooks.insertSubscription({ webhookId: native.id, accountId: ada.id, createdBy: ada.id, createdAtMs: 1 })
            await tx.webhooks.insertSubscription({ webhookId: invalid.id, accountId: ada.id, createdBy: ada.id, createdAtMs: 1 })
            for (const d of [first, second, nativeOne, onInvalid]) await tx.webhooks.insertDelivery(d)
          })
          const { reads } = storage
          assert.deepEqual(await reads.webhooks.byId(aa.id), aa)
          assert.deepEqual(await reads.webhooks.byId(native.id), native)
          assert.deepEqual((await reads.webhooks.ofApp('app1')).map((w) => w.id), [aa.id, invalid.id])
          assert.deepEqual((await reads.webhooks.ofOwner(ada.id)).map((w) => w.id), [native.id], 'only webhooks without an app')
          assert.deepEqual((await reads.webhooks.subscriptions(aa.id)).map((s) => s.accountId), [ada.id, ben.id])
          const forAccounts = await reads.webhooks.forAccounts([ben.id, ada.id])
          assert.deepEqual(forAccounts.map((f) => [f.webhook.id, f.accountIds]).sort(), [[aa.id, [ada.id, ben.id].sort()], [native.id, [ada.id]]].sort(), 'valid ones only')
          assert.deepEqual(await reads.webhooks.forAccounts([]), [])
          assert.deepEqual(await reads.webhooks.deliveryById(first.id), first)
          // The head of aa's queue is `first` (the oldest), due at 100: `second` waits behind it even though it is due earlier.
          assert.deepEqual((await reads.webhooks.dueDeliveries(99, 10)).map((d) => d.id), [])
          assert.deepEqual((await reads.webhooks.dueDeliveries(100, 10)).map((d) => d.id), [first.id])
          assert.deepEqual((await reads.webhooks.dueDeliveries(1_000, 10)).map((d) => d.id), [first.id, nativeOne.id], 'invalid webhooks wait')
          assert.deepEqual((await reads.webhooks.dueDeliveries(1_000, 1)).map((d) => d.id), [first.id])
          assert.equal(await storage.transaction((tx) => tx.webhooks.claimDelivery(first.id, 100, 5_000)), true)
          assert.equal(await storage.transaction((tx) => tx.webhooks.claimDelivery(first.id, 100, 6_000)), false, 'a second claim on the same sight fails')
          assert.deepEqual((await reads.webhooks.dueDeliveries(1_000, 10)).map((d) => d.id), [nativeOne.id], 'a claimed head is not due until its lease ends')
          await storage.transaction((tx) => tx.webhooks.updateDelivery(first.id, { status: 'delivered', attempts: 1, lastAttemptAtMs: 1_001, lastStatusCode: 200, lastDurationMs: 12, deliveredAtMs: 1_001 }))
          assert.deepEqual(await reads.webhooks.deliveryById(first.id), { ...first, nextAttemptAtMs: 5_000, status: 'delivered', attempts: 1, lastAttemptAtMs: 1_001, lastStatusCode: 200, lastDurationMs: 12, deliveredAtMs: 1_001 })
          assert.deepEqual((await reads.webhooks.dueDeliveries(1_000, 10)).map((d) => d.id), [second.id, nativeOne.id], 'the next in line is the head now')
          assert.deepEqual((await reads.webhooks.deliveries(aa.id, 10)).map((d) => d.id), [second.id, first.id], 'newest first')
          assert.deepEqual((await reads.webhooks.deliveries(aa.id, 10, second.id)).map((d) => d.id), [first.id])
          await storage.transaction(async (tx) => {
            await tx.webhooks.update(aa.id, { valid: false, crcCheckedAtMs: 50, crcResult: 'timeout', disabledAtMs: 60, disabledReason: 'gone', url: 'https://hooks.example/b' })
            assert.equal(await tx.webhooks.failPendingDeliveries(aa.id, 'webhook disabled'), 1)
          })
          assert.deepEqual(await reads.webhooks.byId(aa.id), { ...aa, valid: false, crcCheckedAtMs: 50, crcResult: 'timeout', disabledAtMs: 60, disabledReason: 'gone', url: 'https://hooks.example/b' })
          assert.equal((await reads.webhooks.deliveryById(second.id))?.status, 'failed')
          assert.deepEqual((await reads.webhooks.active()).map((w) => w.id), [native.id, invalid.id])
          assert.equal(await storage.transaction((tx) => tx.webhooks.deleteSubscription(aa.id, ben.id)), true)
          assert.equal(await storage.transaction((tx) => tx.webhooks.deleteSubscription(aa.id, ben.id)), false)
          await storage.transaction((tx) => tx.webhooks.delete(aa.id))
          assert.equal(await reads.webhooks.byId(aa.id), undefined)
          assert.deepEqual(await reads.webhooks.subscriptions(aa.id), [])
          assert.equal(await reads.webhooks.deliveryById(first.id), undefined)
        })
      })
    })
    describe('visitorIdentities', () => {
      test('one secret per brand, replaced; one visitor per customer of a brand and one customer per visitor', async () => {
        await withStorage(async (storage) => {
          const brand = account(`brand${n}`); const other = account(`other${n}`)
          const v1 = account(`v1${n}`); const v2 = account(`v2${n}`)
          await storage.transaction(async (tx) => { for (const a of [brand, other, v1, v2]) await tx.accounts.insert(a) })
          const { visitorIdentities } = storage.reads
          assert.equal(await visitorIdentities.secretOf(brand.id), undefined)
          await storage.transaction((tx) => tx.visitorIdentities.saveSecret({ brandId: brand.id, sealedSecret: 'v1.a', createdAtMs: 1 }))
          await storage.transaction((tx) => tx.visitorIdentities.saveSecret({ brandId: brand.id, sealedSecret: 'v1.b', createdAtMs: 2 }))
          assert.deepEqual(await visitorIdentities.secretOf(brand.id), { brandId: brand.id, sealedSecret: 'v1.b', createdAtMs: 2 })
          const linked = { brandId: brand.id, userId: 'customer-42', visitorId: v1.id, createdAtMs: 3 }
          assert.equal(await storage.transaction((tx) => tx.visitorIdentities.link(linked)), true)
          assert.equal(await storage.transaction((tx) => tx.visitorIdentities.link({ ...linked, visitorId: v2.id })), false, 'the customer has a visitor')
          assert.equal(await storage.transaction((tx) => tx.visitorIdentities.link({ ...linked, userId: 'customer-43' })), false, 'the visitor is a customer')
          // Another brand's customer 42 is another person.
          assert.equal(await storage.transaction((tx) => tx.visitorIdentities.link({ ...linked, brandId: other.id, visitorId: v2.id })), true)
          assert.deepEqual(await visitorIdentities.visitorOf(brand.id, 'customer-42'), linked)
          assert.deepEqual(await visitorIdentities.ofVisitor(v1.id), linked)
          assert.equal((await visitorIdentities.visitorOf(other.id, 'customer-42'))?.visitorId, v2.id)
          assert.equal(await visitorIdentities.visitorOf(brand.id, 'customer-43'), undefined)
        })
      })
    })

    describe('push', () => {
      test('a session holds one subscription; an endpoint moves with its browser; only open sessions are pushed to', async () => {
        await withStorage(async (storage) => {
          const ada = account(`ada${n}`); const ben = account(`ben${n}`)
          const session = (accountId: string, expiresAtMs = 1_000) => ({ id: id(), accountId, tokenHash: `t${id()}`, csrfToken: 'c', userAgent: 'ua', createdAtMs: 1, lastSeenAtMs: 1, expiresAtMs, revokedAtMs: null })
          const [adaPhone, adaLaptop, benLaptop, adaOld] = [session(ada.id), session(ada.id), session(ben.id), session(ada.id, 50)]
          const sub = (s: { id: string; accountId: string }, endpoint: string) => ({ id: id(), accountId: s.accountId, sessionId: s.id, endpoint, p256dh: 'B'.repeat(87), auth: 'a'.repeat(22), createdAtMs: 2 })
          const phone = sub(adaPhone, 'https://push.example/phone')
          const phoneAgain = sub(adaPhone, 'https://push.example/phone-renewed')
          const laptop = sub(adaLaptop, 'https://push.example/laptop')
          const old = sub(adaOld, 'https://push.example/old')
          await storage.transaction(async (tx) => {
            await tx.accounts.insert(ada); await tx.accounts.insert(ben)
            for (const s of [adaPhone, adaLaptop, benLaptop, adaOld]) await tx.sessions.insert(s)
            for (const s of [phone, phoneAgain, laptop, old]) await tx.push.saveSubscription(s)
          })
          const { push } = storage.reads
          assert.deepEqual(await push.subscriptionOfSession(adaPhone.id), phoneAgain, 'the newest replaces the session\'s own')
          assert.deepEqual((await push.subscriptionsOf([ada.id, ben.id], 100)).map((s) => s.endpoint).sort(), ['https://push.example/laptop', 'https://push.example/phone-renewed'], 'not the expired session\'s')
          // Ben logs in on Ada's laptop browser: its endpoint is his now.
          const moved = sub(benLaptop, 'https://push.example/laptop')
          await storage.transaction(async (tx) => { await tx.push.saveSubscription(moved); await tx.sessions.revoke(adaPhone.id, 100) })
          assert.deepEqual(await push.subscriptionsOf([ada.id], 100), [], 'revoked and moved away')
          assert.deepEqual(await push.subscriptionsOf([ben.id], 100), [moved])
          assert.deepEqual(await push.subscriptionsOf([], 100), [])
          await storage.transaction(async (tx) => { await tx.push.removeSubscription(moved.id); await tx.push.removeSessionSubscription(adaPhone.id); await tx.push.removeSessionSubscription(adaPhone.id) })
          assert.equal(await push.subscriptionOfSession(benLaptop.id), undefined)
          assert.equal(await push.subscriptionOfSession(adaPhone.id), undefined)
        })
      })

      test('pending pushes come oldest first and are taken once', async () => {
        await withStorage(async (storage) => {
          const pending = (createdAtMs: number, recipientId: string | null) => ({
            id: id(), kind: 'conversation.assigned' as const, brandId: '7', conversationId: '8', recipientId, actorId: recipientId ? '9' : null, preview: recipientId ? null : 'Où est ma commande ?', createdAtMs,
          })
          const [later, first] = [pending(20, '5'), pending(10, null)]
          await storage.transaction(async (tx) => { await tx.push.queue(later); await tx.push.queue(first) })
          assert.deepEqual(await storage.reads.push.pending(10), [first, later])
          assert.deepEqual(await storage.reads.push.pending(1), [first])
          assert.equal(await storage.transaction((tx) => tx.push.take(first.id)), true)
          assert.equal(await storage.transaction((tx) => tx.push.take(first.id)), false, 'another worker took it')
          assert.deepEqual(await storage.reads.push.pending(10), [later])
        })
      })
    })

    describe('person notifications', () => {
      test('settings round-trip and are replaced whole', async () => {
        await withStorage(async (storage) => {
          const chloe = account(`chloe${n}`)
          await storage.transaction((tx) => tx.accounts.insert(chloe))
          assert.equal(await storage.reads.personNotifications.settingsOf(chloe.id), undefined)
          const settings = {
            accountId: chloe.id, showPreviews: false, email: 'chloe@example.test', emailConfirmedAtMs: 1_700_000_000_123, emailEnabled: true,
            quietStartMin: 22 * 60, quietEndMin: 7 * 60, timeZone: 'Europe/Paris', emailLastSentAtMs: null,
          }
          await storage.transaction((tx) => tx.personNotifications.saveSettings(settings))
          assert.deepEqual(await storage.reads.personNotifications.settingsOf(chloe.id), settings)
          const next = { ...settings, showPreviews: true, email: null, emailConfirmedAtMs: null, emailEnabled: false, quietStartMin: null, quietEndMin: null, emailLastSentAtMs: 5 }
          await storage.transaction((tx) => tx.personNotifications.saveSettings(next))
          assert.deepEqual(await storage.reads.personNotifications.settingsOf(chloe.id), next)
        })
      })

      test('a person is connected while a lease of any process runs; a process releases its own', async () => {
        await withStorage(async (storage) => {
          const { personNotifications: reads } = storage.reads
          await storage.transaction((tx) => tx.personNotifications.holdStreams('node-a', ['p1', 'p2', 'p1'], 100))
          await storage.transaction((tx) => tx.personNotifications.holdStreams('node-b', ['p1'], 200))
          assert.equal(await reads.connected('p1', 99), true)
          assert.equal(await reads.connected('p2', 99), true)
          assert.equal(await reads.connected('p2', 100), false, 'the lease ends at its time')
          assert.equal(await reads.connected('p3', 0), false)
          await storage.transaction((tx) => tx.personNotifications.releaseStream('node-b', 'p1'))
          assert.equal(await reads.connected('p1', 150), false, 'node-a\'s lapsed, node-b released')
          await storage.transaction((tx) => tx.personNotifications.holdStreams('node-a', ['p1'], 300))
          assert.equal(await reads.connected('p1', 150), true, 'renewed')
          await storage.transaction((tx) => tx.personNotifications.holdStreams('node-a', [], 300))
        })
      })

      test('notices come due oldest first and are taken once; an email wait keeps its first time', async () => {
        await withStorage(async (storage) => {
          const notice = (createdAtMs: number) => ({ id: id(), recipientId: '5', conversationId: '6', messageId: id(), createdAtMs })
          const [later, first] = [notice(20), notice(10)]
          await storage.transaction(async (tx) => { await tx.personNotifications.queue(later); await tx.personNotifications.queue(first) })
          const { personNotifications: reads } = storage.reads
          assert.deepEqual(await reads.due(20, 10), [first, later])
          assert.deepEqual(await reads.due(19, 10), [first], 'not the one created after')
          assert.equal(await storage.transaction((tx) => tx.personNotifications.take(first.id)), true)
          assert.equal(await storage.transaction((tx) => tx.personNotifications.take(first.id)), false, 'another worker took it')
          await storage.transaction(async (tx) => { await tx.personNotifications.awaitEmail('5', 30); await tx.personNotifications.awaitEmail('5', 40); await tx.personNotifications.awaitEmail('4', 35) })
          assert.deepEqual(await reads.emailsWaiting(10), [{ accountId: '5', sinceMs: 30 }, { accountId: '4', sinceMs: 35 }])
          assert.equal(await storage.transaction((tx) => tx.personNotifications.endEmailWait('5')), true)
          assert.equal(await storage.transaction((tx) => tx.personNotifications.endEmailWait('5')), false)
          assert.deepEqual(await reads.emailsWaiting(10), [{ accountId: '4', sinceMs: 35 }])
        })
      })
    })
    describe('moderation', () => {
      const line = (brandId: string, action: string, patch: Partial<AuditRecord> = {}): AuditRecord => ({
        id: id(), brandId, actorId: '7', action, subjectKind: 'account', subjectId: '42', personId: '42', reason: 'why', approvalId: null, reversesId: null, atMs: 5, ...patch,
      })
      const request = (brandId: string, patch: Partial<ApprovalRecord> = {}): ApprovalRecord => ({
        id: id(), brandId, kind: 'customer.block', subjectKind: 'account', subjectId: '42', personId: '42', reason: 'Rude, again', payload: { note: 'é ✓' },
        requestedBy: '7', requestedAtMs: 10, expiresAtMs: 100, status: 'pending', decidedBy: null, decidedAtMs: null, decisionReason: null, ...patch,
      })

      test("the audit log: a brand's lines newest first, filtered by action or person, paged; undos found", async () => {
        await withStorage(async (storage) => {
          const [block, other, approved, elsewhere] = [
            line('b1', 'customer.blocked'), line('b1', 'message.hidden', { personId: '43', subjectKind: 'message', subjectId: 'm1', actorId: null }),
            line('b1', 'customer.block.approved', { approvalId: '9' }), line('b2', 'customer.blocked'),
          ]
          const undo = line('b1', 'customer.unblocked', { reversesId: block.id })
          await storage.transaction(async (tx) => { for (const e of [block, other, approved, undo, elsewhere]) await tx.moderation.insertAudit(e) })
          const reads = storage.reads.moderation
          assert.deepEqual(await reads.auditPage('b1', { limit: 10 }), [undo, approved, other, block])
          assert.deepEqual(await reads.auditPage('b1', { action: 'customer.blocked', limit: 10 }), [block])
          assert.deepEqual(await reads.auditPage('b1', { personId: '43', limit: 10 }), [other])
          assert.deepEqual(await reads.auditPage('b1', { beforeId: approved.id, limit: 1 }), [other])
          assert.deepEqual(await reads.reversalsOf([block.id, other.id]), [undo])
          assert.deepEqual(await reads.reversalsOf([]), [])
          assert.deepEqual(await reads.latestAudit('b1', 'customer.blocked', 'account', '42'), block)
          assert.equal(await reads.latestAudit('b1', 'customer.blocked', 'account', '43'), undefined)
        })
      })

      test('approvals: pending until decided once; lapsed ones listed apart; the pending one of a subject found', async () => {
        await withStorage(async (storage) => {
          const [old, live, otherBrand] = [request('b1', { expiresAtMs: 50 }), request('b1', { subjectId: '43', personId: '43' }), request('b2')]
          await storage.transaction(async (tx) => { for (const a of [old, live, otherBrand]) await tx.moderation.insertApproval(a) })
          const reads = storage.reads.moderation
          assert.deepEqual(await reads.approval(live.id), live)
          assert.deepEqual(await reads.approvals('b1', { status: 'pending', nowMs: 60, limit: 10 }), [live])
          assert.deepEqual(await reads.approvals('b1', { status: 'expired', nowMs: 60, limit: 10 }), [old])
          assert.deepEqual(await reads.approvals('b1', { status: 'pending', nowMs: 40, limit: 10 }), [live, old])
          assert.deepEqual(await reads.approvals('b1', { status: 'pending', nowMs: 40, beforeId: live.id, limit: 10 }), [old])
          assert.deepEqual(await reads.pendingFor('b1', 'customer.block', '42', 60), undefined, 'lapsed')
          assert.deepEqual(await reads.pendingFor('b1', 'customer.block', '43', 60), live)
          const decision = { status: 'approved' as const, decidedBy: '8', decidedAtMs: 70, decisionReason: null }
          assert.equal(await storage.transaction((tx) => tx.moderation.decideApproval(live.id, decision)), true)
          assert.equal(await storage.transaction((tx) => tx.moderation.decideApproval(live.id, { ...decision, status: 'declined', decisionReason: 'no' })), false, 'decided once')
          assert.deepEqual(await reads.approval(live.id), { ...live, status: 'approved', decidedBy: '8', decidedAtMs: 70 })
          assert.deepEqual(await reads.approvals('b1', { status: 'approved', nowMs: 60, limit: 10 }), [{ ...live, status: 'approved', decidedBy: '8', decidedAtMs: 70 }])
        })
      })

      test('the second-approval setting: unset, then off, then on', async () => {
        await withStorage(async (storage) => {
          const reads = storage.reads.moderation
          assert.equal(await reads.secondApproval('b1'), undefined)
          await storage.transaction((tx) => tx.moderation.setSecondApproval('b1', false, 1))
          assert.equal(await reads.secondApproval('b1'), false)
          await storage.transaction((tx) => tx.moderation.setSecondApproval('b1', true, 2))
          assert.equal(await reads.secondApproval('b1'), true)
          assert.equal(await reads.secondApproval('b2'), undefined)
        })
      })

      test('hidden messages: hidden, a review asked once, shown again', async () => {
        await withStorage(async (storage) => {
          const hide = { messageId: 'm1', brandId: 'b1', conversationId: 'c1', reason: 'A phone number', hiddenAtMs: 3, reviewRequestedAtMs: null }
          await storage.transaction((tx) => tx.moderation.hideMessage(hide))
          const reads = storage.reads.moderation
          assert.deepEqual(await reads.hiddenMessages(['m1', 'm2']), [hide])
          assert.deepEqual(await reads.hiddenMessages([]), [])
          assert.equal(await storage.transaction((tx) => tx.moderation.markReviewRequested('m1', 9)), true)
          assert.equal(await storage.transaction((tx) => tx.moderation.markReviewRequested('m1', 10)), false)
          assert.equal(await storage.transaction((tx) => tx.moderation.markReviewRequested('m2', 10)), false)
          assert.deepEqual(await reads.hiddenMessages(['m1']), [{ ...hide, reviewRequestedAtMs: 9 }])
          await storage.transaction((tx) => tx.moderation.unhideMessage('m1'))
          assert.deepEqual(await reads.hiddenMessages(['m1']), [])
        })
      })
    })

    describe('discussions', () => {
      const discussion = (starterId: string, createdAtMs: number): DiscussionRecord => ({
        id: id(), starterId, createdBy: starterId, title: `Talk ${createdAtMs}`, indexable: false, closedAtMs: null, closedReason: null, closedBy: null,
        postCount: 0, participantCount: 1, createdAtMs, lastPostAtMs: createdAtMs,
      })
      const post = (discussionId: string, authorId: string, seq: number, quotePostId: string | null = null): DiscussionPostRecord => ({
        id: id(), discussionId, seq, authorId, sentBy: null, text: `post ${seq} <b>`, entities: { urls: [], mentions: [{ handle: 'ada', start: 0, end: 4 }], hashtags: [] },
        quotePostId, mediaId: null, createdAtMs: seq, hiddenAtMs: null, hiddenReason: null, hiddenBy: null,
      })

      test('a discussion, its members and their places, its posts numbered without gaps and read by range', async () => {
        await withStorage(async (storage) => {
          const { ada, ben } = await seedConversation(storage)
          const cleo = account(`cleo${n}`)
          const d = discussion(ada.id, 10)
          const posts = await storage.transaction(async (tx) => {
            await tx.accounts.insert(cleo)
            await tx.discussions.insert(d)
            await tx.discussions.putMember({ discussionId: d.id, accountId: ada.id, status: 'starter', addedBy: null, atMs: 10 })
            await tx.discussions.putMember({ discussionId: d.id, accountId: ben.id, status: 'participant', addedBy: ada.id, atMs: 11 })
            await tx.discussions.putMember({ discussionId: d.id, accountId: cleo.id, status: 'requested', addedBy: null, atMs: 12 })
            const written: DiscussionPostRecord[] = []
            for (let i = 0; i < 5; i++) {
              const seq = await tx.discussions.nextSeq(d.id, 100 + i)
              const p = post(d.id, i % 2 ? ben.id : ada.id, seq, written[0]?.id ?? null)
              await tx.discussions.insertPost(p)
              written.push(p)
            }
            return written
          })
          const reads = storage.reads
          const stored = await reads.discussions.byId(d.id)
          assert.equal(stored?.postCount, 5)
          assert.equal(stored?.lastPostAtMs, 104)
          assert.deepEqual(posts.map((p) => p.seq), [1, 2, 3, 4, 5])
          assert.deepEqual(await reads.discussions.posts(d.id, 1, 2), posts.slice(1, 3))
          assert.deepEqual(await reads.discussions.posts(d.id, 4, 50), posts.slice(4))
          assert.deepEqual((await reads.discussions.postsByIds([posts[2]?.id ?? '', '42'])).map((p) => p.id), [posts[2]?.id])
          assert.equal(await reads.discussions.countMembers(d.id, 'taking part'), 2)
          assert.equal(await reads.discussions.countMembers(d.id, 'requested'), 1)
          assert.deepEqual((await reads.discussions.members(d.id, 'taking part', 10)).map((m) => [m.accountId, m.status]), [[ada.id, 'starter'], [ben.id, 'participant']])
          assert.deepEqual(await reads.discussions.member(d.id, cleo.id), { discussionId: d.id, accountId: cleo.id, status: 'requested', addedBy: null, atMs: 12 })
          await storage.transaction(async (tx) => {
            await tx.discussions.putMember({ discussionId: d.id, accountId: cleo.id, status: 'participant', addedBy: ben.id, atMs: 13 })
            await tx.discussions.update(d.id, { participantCount: 3, closedAtMs: 200, closedReason: 'Solved, thank you', closedBy: ada.id, indexable: true })
          })
          assert.equal((await reads.discussions.member(d.id, cleo.id))?.status, 'participant')
          assert.deepEqual(await reads.discussions.byId(d.id), { ...stored, participantCount: 3, closedAtMs: 200, closedReason: 'Solved, thank you', closedBy: ada.id, indexable: true })
          await storage.transaction((tx) => tx.discussions.removeMember(d.id, cleo.id))
          assert.equal(await reads.discussions.member(d.id, cleo.id), undefined)
        })
      })

      test("an account's discussions, the latest post first, each with its place; two posts cannot share a seq", async () => {
        await withStorage(async (storage) => {
          const { ada, ben } = await seedConversation(storage)
          const older = discussion(ada.id, 10); const newer = discussion(ben.id, 20); const apart = discussion(ben.id, 30)
          await storage.transaction(async (tx) => {
            for (const d of [older, newer, apart]) await tx.discussions.insert(d)
            await tx.discussions.putMember({ discussionId: older.id, accountId: ada.id, status: 'starter', addedBy: null, atMs: 10 })
            await tx.discussions.putMember({ discussionId: newer.id, accountId: ada.id, status: 'requested', addedBy: null, atMs: 21 })
          })
          const mine = await storage.reads.discussions.ofAccounts([ada.id], 10)
          assert.deepEqual(mine.map((r) => [r.discussion.id, r.member.status]), [[newer.id, 'requested'], [older.id, 'starter']])
          assert.deepEqual(await storage.reads.discussions.ofAccounts([], 10), [])
          await storage.transaction(async (tx) => { await tx.discussions.insertPost(post(older.id, ada.id, 1)) })
          await assert.rejects(storage.transaction(async (tx) => { await tx.discussions.insertPost(post(older.id, ada.id, 1)) }))
        })
      })

      test('moderation: a post hidden and shown again, its review asked once; a removed place with its reason; a continuation remembered once', async () => {
        await withStorage(async (storage) => {
          const { ada, ben } = await seedConversation(storage)
          const d = discussion(ada.id, 10)
          const p = post(d.id, ben.id, 1)
          await storage.transaction(async (tx) => {
            await tx.discussions.insert(d)
            await tx.discussions.putMember({ discussionId: d.id, accountId: ada.id, status: 'starter', addedBy: null, atMs: 10 })
            await tx.discussions.putMember({ discussionId: d.id, accountId: ben.id, status: 'participant', addedBy: ada.id, atMs: 11 })
            await tx.discussions.insertPost(p)
          })
          const reads = storage.reads.discussions
          assert.equal(await storage.transaction((tx) => tx.discussions.markPostReviewRequested(p.id, 50)), false, 'not hidden: nothing to review')
          await storage.transaction((tx) => tx.discussions.setPostHidden(p.id, { atMs: 60, reason: 'Off topic <b>', by: ada.id }))
          assert.deepEqual(await reads.postsByIds([p.id]), [{ ...p, hiddenAtMs: 60, hiddenReason: 'Off topic <b>', hiddenBy: ada.id }])
          assert.equal(await storage.transaction((tx) => tx.discussions.markPostReviewRequested(p.id, 70)), true)
          assert.equal(await storage.transaction((tx) => tx.discussions.markPostReviewRequested(p.id, 80)), false, 'once per hide')
          assert.equal((await reads.postsByIds([p.id]))[0]?.reviewRequestedAtMs, 70)
          await storage.transaction((tx) => tx.discussions.setPostHidden(p.id, null))
          assert.deepEqual(await reads.postsByIds([p.id]), [p], 'shown again: as it was, the review request cleared')

          await storage.transaction((tx) => tx.discussions.putMember({ discussionId: d.id, accountId: ben.id, status: 'removed', addedBy: ada.id, atMs: 90, reason: 'Insults' }))
          assert.deepEqual(await reads.member(d.id, ben.id), { discussionId: d.id, accountId: ben.id, status: 'removed', addedBy: ada.id, atMs: 90, reason: 'Insults' })
          assert.equal(await reads.countMembers(d.id, 'taking part'), 1)
          assert.deepEqual((await reads.members(d.id, 'removed', 10)).map((m) => m.accountId), [ben.id])

          const continued = { brandId: ada.id, postId: p.id, discussionId: d.id, conversationId: '11', messageId: '12', replyPostId: '13', by: ada.id, atMs: 100 }
          assert.deepEqual(await reads.continuations(ada.id, [p.id]), [])
          assert.equal(await storage.transaction((tx) => tx.discussions.insertContinuation(continued)), true)
          assert.equal(await storage.transaction((tx) => tx.discussions.insertContinuation({ ...continued, messageId: '99' })), false)
          assert.deepEqual(await reads.continuations(ada.id, [p.id, '404']), [continued])
          assert.deepEqual(await reads.continuations(ben.id, [p.id]), [], 'per brand')
          assert.deepEqual(await reads.continuations(ada.id, []), [])
        })
      })

      test("media in a discussion's post is public", async () => {
        await withStorage(async (storage) => {
          const { ada } = await seedConversation(storage)
          const d = discussion(ada.id, 10)
          const media = { id: id(), ownerAccountId: ada.id, kind: 'image' as const, mimeType: 'image/png', sizeBytes: 1, width: 1, height: 1, fileName: 'a.png', storageKey: 'k', thumbnailKey: null, messageId: null, createdAtMs: 1 }
          const p = { ...post(d.id, ada.id, 1), mediaId: media.id }
          await storage.transaction(async (tx) => {
            await tx.media.insert(media)
            await tx.discussions.insert(d)
            await tx.discussions.insertPost(p)
          })
          assert.equal(await storage.reads.media.canRead(media.id, []), true)
        })
      })
    })
  })
}
