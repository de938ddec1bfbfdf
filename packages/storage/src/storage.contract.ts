import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { AccountRecord, ConversationRecord, MessageRecord, ParticipantRecord, Storage } from '@parloir/core'
import type { WebhookDeliveryRecord, WebhookRecord } from '@parloir/core'

/** Makes a fresh, empty storage; `reopen` opens the same database again. */
export interface StorageFactory {
  open(): Promise<{ storage: Storage; reopen(): Promise<Storage>; cleanup(): Promise<void> }>
}

let n = 0
const id = () => String(1_000_000_000_000_000_000n + BigInt(++n))
const account = (handle: string): AccountRecord => ({
  id: id(), kind: 'person', handle, displayName: handle, bio: '', avatarMediaId: null, passwordHash: null, email: null,
  settings: { receiveMessagesFromAnyone: false, sendReadReceipts: true }, createdAtMs: 1,
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
        await tx.insertAccount(ada); await tx.insertAccount(ben)
        await tx.insertConversation(c)
        await tx.upsertParticipant(participant(c.id, ada.id)); await tx.upsertParticipant(participant(c.id, ben.id))
      })
      return { ada, ben, c }
    }

    test('concurrent transactions share commits and are all durable after a reopen', async () => {
      await withStorage(async (storage, reopen) => {
        const { ada, c } = await seedConversation(storage)
        const sends = Array.from({ length: 200 }, () => storage.transaction(async (tx) => {
          const seq = await tx.nextSeq(c.id, 2)
          await tx.insertMessage(message(c.id, ada.id, seq, null))
          return seq
        }))
        const seqs = await Promise.all(sends)
        assert.deepEqual([...seqs].sort((a, b) => a - b), Array.from({ length: 200 }, (_, i) => i + 1))
        const stats = (storage as { commitStats?: { commits: number; transactions: number } }).commitStats
        if (stats) assert.ok(stats.commits < stats.transactions / 4, `200 sends took ${stats.commits} commits`)
        await storage.close()
        const again = await reopen()
        const page = await again.reads.listMessages(c.id, ada.id, { visibleFromSeq: 0, limit: 500 })
        assert.deepEqual(page.map((m) => m.seq), Array.from({ length: 200 }, (_, i) => i + 1))
        await again.close()
      })
    })

    test('a transaction that throws rolls back only its own writes, and its hooks never run', async () => {
      await withStorage(async (storage) => {
        const { ada, c } = await seedConversation(storage)
        const ran: string[] = []
        const ok1 = storage.transaction(async (tx) => {
          await tx.insertMessage(message(c.id, ada.id, await tx.nextSeq(c.id, 2), null)); tx.afterCommit(() => ran.push('one'))
        })
        const bad = storage.transaction(async (tx) => {
          await tx.insertMessage(message(c.id, ada.id, await tx.nextSeq(c.id, 2), null)); tx.afterCommit(() => ran.push('bad'))
          throw new Error('refused')
        })
        const ok2 = storage.transaction(async (tx) => {
          await tx.insertMessage(message(c.id, ada.id, await tx.nextSeq(c.id, 2), null)); tx.afterCommit(() => ran.push('two'))
        })
        await ok1; await assert.rejects(bad, /refused/); await ok2
        assert.deepEqual(ran, ['one', 'two'])
        const page = await storage.reads.listMessages(c.id, ada.id, { visibleFromSeq: 0, limit: 10 })
        assert.deepEqual(page.map((m) => m.seq), [1, 2], 'seq stays gapless: the failed one gave its number back')
        assert.equal((await storage.reads.conversationById(c.id))?.lastSeq, 2)
      })
    })

    test('the unique pair key decides between two creations of the same 1:1', async () => {
      await withStorage(async (storage) => {
        const results = await Promise.all([0, 1].map(() => storage.transaction((tx) => tx.insertConversation(conversation('9:8')))))
        assert.deepEqual(results.sort(), [false, true])
      })
    })

    test('the unique client id index refuses a second message with the same id and writes nothing', async () => {
      await withStorage(async (storage) => {
        const { ada, c } = await seedConversation(storage)
        assert.equal(await storage.transaction((tx) => tx.insertMessage(message(c.id, ada.id, 1, 'same'))), true)
        assert.equal(await storage.transaction((tx) => tx.insertMessage(message(c.id, ada.id, 2, 'same'))), false)
        const page = await storage.reads.listMessages(c.id, ada.id, { visibleFromSeq: 0, limit: 10 })
        assert.equal(page.length, 1)
      })
    })

    test('events replay to a participant only while it takes part, and account events only to that account', async () => {
      await withStorage(async (storage) => {
        const { ada, ben, c } = await seedConversation(storage)
        const cursors = await storage.transaction(async (tx) => {
          const first = await tx.appendEvent({ name: 'conversation.removed', data: { conversationId: 'x' }, conversationId: c.id })
          await tx.updateParticipant(c.id, ben.id, { leftCursor: first + 1 })
          const second = await tx.appendEvent({ name: 'conversation.removed', data: { conversationId: 'y' }, conversationId: c.id })
          const mine = await tx.appendEvent({ name: 'message.hidden', data: { conversationId: c.id, messageId: '1' }, accountId: ada.id })
          return [first, second, mine]
        })
        const forBen = await storage.reads.eventsAfter(0, [ben.id], 100)
        assert.deepEqual(forBen.map((e) => e.cursor), [cursors[0]])
        const forAda = await storage.reads.eventsAfter(0, [ada.id], 100)
        assert.deepEqual(forAda.map((e) => e.cursor), cursors)
        assert.deepEqual(forAda[2]?.audience, [ada.id])
        assert.equal(await storage.reads.latestCursor(), cursors[2])
      })
    })

    test('records read back exactly as written, numbers as numbers', async () => {
      await withStorage(async (storage) => {
        const at = 1_767_225_600_000 // 2026-01-01, past 32 bits as every stored time is
        const chloe: AccountRecord = { ...account(`chloe${n}`), bio: 'Regular at Northwind', passwordHash: 'hash', createdAtMs: at,
          settings: { receiveMessagesFromAnyone: true, sendReadReceipts: false } }
        const ada = account(`ada${n}`)
        const session = { id: id(), accountId: chloe.id, tokenHash: `t${n}`, csrfToken: 'c', userAgent: 'ua', createdAtMs: at, lastSeenAtMs: at + 1, expiresAtMs: at + 2, revokedAtMs: null }
        const c: ConversationRecord = { ...conversation(null), name: 'Northwind Coffee', createdBy: ada.id, createdAtMs: at, updatedAtMs: at, lastMessageAtMs: at }
        const media = { id: id(), ownerAccountId: chloe.id, kind: 'image' as const, mimeType: 'image/png', sizeBytes: 5_000_000_000, width: 640, height: 480,
          fileName: 'latte.png', storageKey: 'k', thumbnailKey: null, messageId: null, createdAtMs: at }
        const m: MessageRecord = { ...message(c.id, ada.id, 1, 'first'), sentBy: ada.id, createdAtMs: at, attachmentMediaId: media.id,
          entities: { urls: [], mentions: [], hashtags: [] }, quickReply: { type: 'options', options: [{ label: 'Latte', metadata: 'latte' }] },
          buttons: [{ type: 'web_url', label: 'Menu', url: 'https://northwind.example/menu' }] }
        const cursor = await storage.transaction(async (tx) => {
          await tx.insertAccount(chloe); await tx.insertAccount(ada); await tx.insertSession(session)
          await tx.insertConversation(c); await tx.insertMedia(media)
          await tx.upsertParticipant(participant(c.id, chloe.id)); await tx.upsertParticipant({ ...participant(c.id, ada.id), lastReadSeq: 1 })
          assert.equal(await tx.nextSeq(c.id, at), 1)
          await tx.insertMessage(m)
          return tx.appendEvent({ name: 'message.hidden', data: { conversationId: c.id, messageId: m.id }, accountId: chloe.id })
        })
        const reads = storage.reads
        assert.deepEqual(await reads.accountById(chloe.id), chloe)
        assert.deepEqual(await reads.accountById(ada.id), ada)
        assert.deepEqual(await reads.sessionById(session.id), session)
        assert.deepEqual(await reads.conversationById(c.id), { ...c, lastSeq: 1 })
        assert.deepEqual(await reads.mediaById(media.id), media)
        assert.deepEqual(await reads.messageById(m.id), m)
        assert.deepEqual(await reads.participant(c.id, chloe.id), participant(c.id, chloe.id))
        const [item] = await reads.listConversations(chloe.id, 'accepted', 10, null)
        assert.deepEqual(item, { conversation: { ...c, lastSeq: 1 }, viewer: participant(c.id, chloe.id), unreadCount: 1 })
        assert.equal(await reads.unreadCount(c.id, participant(c.id, chloe.id)), 1)
        const [event] = await reads.eventsAfter(0, [chloe.id], 10)
        assert.deepEqual(event, { cursor, name: 'message.hidden', conversationId: null, accountId: chloe.id, data: { conversationId: c.id, messageId: m.id }, receipt: null, audience: [chloe.id] })
        assert.equal(await reads.latestCursor(), cursor)
        assert.equal(await reads.oldestCursor(), cursor)
      })
    })

    test('a duplicate client id is refused without spoiling the rest of its transaction', async () => {
      await withStorage(async (storage) => {
        const { ada, c } = await seedConversation(storage)
        const original = message(c.id, ada.id, 1, 'same')
        await storage.transaction(async (tx) => {
          assert.equal(await tx.insertMessage(original), true)
          assert.equal(await tx.insertMessage(message(c.id, ada.id, 2, 'same')), false)
          assert.equal((await tx.messageByClientId(c.id, ada.id, 'same'))?.id, original.id)
          assert.equal(await tx.insertMessage(message(c.id, ada.id, 2, 'other')), true)
        })
        const page = await storage.reads.listMessages(c.id, ada.id, { visibleFromSeq: 0, limit: 10 })
        assert.deepEqual(page.map((m) => m.clientMessageId), ['same', 'other'])
      })
    })

    test('event cursors stay gapless when a transaction that appended events rolls back', async () => {
      await withStorage(async (storage) => {
        const { ada } = await seedConversation(storage)
        const event = { name: 'message.hidden' as const, data: {}, accountId: ada.id }
        const first = storage.transaction((tx) => tx.appendEvent(event))
        const failed = storage.transaction(async (tx) => { await tx.appendEvent(event); throw new Error('refused') })
        const second = storage.transaction((tx) => tx.appendEvent(event))
        const [a, b] = [await first, await second]
        await assert.rejects(failed, /refused/)
        const third = await storage.transaction((tx) => tx.appendEvent(event))
        assert.deepEqual([b - a, third - b], [1, 1])
        assert.deepEqual((await storage.reads.eventsAfter(0, [ada.id], 10)).map((e) => e.cursor), [a, b, third])
      })
    })

    test('close waits for queued transactions to commit', async () => {
      await withStorage(async (storage, reopen) => {
        const { ada, c } = await seedConversation(storage)
        const pending = Array.from({ length: 20 }, () => storage.transaction(async (tx) => {
          await tx.insertMessage(message(c.id, ada.id, await tx.nextSeq(c.id, 2), null))
        }))
        await storage.close()
        await Promise.all(pending)
        const again = await reopen()
        assert.equal((await again.reads.conversationById(c.id))?.lastSeq, 20)
        await again.close()
      })
    })

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
          await tx.insertAccount(brand); await tx.insertAccount(visitor)
          await tx.insertWelcomeMessage(welcome)
          await tx.upsertBrandMessaging(settings)
          for (const rule of rules) await tx.insertKeywordRule(rule)
          await tx.insertCustomProfile(profile)
        })
        const reads = storage.reads
        assert.deepEqual(await reads.welcomeMessageById(welcome.id), welcome)
        assert.deepEqual(await reads.brandMessaging(brand.id), settings)
        assert.deepEqual(await reads.keywordRules(brand.id), rules)
        assert.deepEqual(await reads.customProfiles(brand.id), [profile])
        assert.equal((await reads.accountById(visitor.id))?.email, 'chloe@example.com')
        assert.equal(await reads.canReadMedia('42', []), true, 'welcome message media is public')
        assert.equal(await reads.canReadMedia('43', []), true, 'custom profile avatars are public')
        assert.equal(await reads.canReadMedia('44', []), false)

        await storage.transaction(async (tx) => {
          await tx.upsertBrandMessaging({ ...settings, defaultWelcomeMessageId: null, embedOrigins: [] })
          await tx.updateWelcomeMessage(welcome.id, { quickReply: null, text: 'Hi' })
          await tx.updateKeywordRule(rules[1]?.id ?? '', { enabled: true })
        })
        assert.equal((await reads.brandMessaging(brand.id))?.defaultWelcomeMessageId, null)
        assert.deepEqual(await reads.welcomeMessageById(welcome.id), { ...welcome, quickReply: null, text: 'Hi' })
        assert.deepEqual((await reads.keywordRules(brand.id)).map((r) => r.enabled), [true, true])
        await storage.transaction(async (tx) => { await tx.deleteWelcomeMessage(welcome.id); await tx.deleteCustomProfile(profile.id) })
        assert.equal(await reads.welcomeMessageById(welcome.id), undefined)
        assert.equal(await reads.canReadMedia('42', []), false)
      })
    })

    test('the automation log counts by brand, conversation, kind, window and quota', async () => {
      await withStorage(async (storage) => {
        const brandId = id(); const a = id(); const b = id()
        const row = (conversationId: string, kind: 'away' | 'keyword', counted: boolean, atMs: number) => ({ id: id(), brandId, conversationId, kind, counted, atMs })
        await storage.transaction(async (tx) => {
          for (const r of [row(a, 'away', false, 100), row(a, 'keyword', true, 200), row(b, 'keyword', true, 300), row(b, 'away', true, 50)]) await tx.insertAutomationLog(r)
          await tx.insertAutomationLog({ ...row(a, 'away', true, 400), brandId: id() })
        })
        const count = (q: Partial<Parameters<Storage['reads']['automationCount']>[0]>) => storage.reads.automationCount({ brandId, sinceMs: 0, ...q })
        assert.equal(await count({}), 4)
        assert.equal(await count({ sinceMs: 100 }), 2, 'the window starts after sinceMs')
        assert.equal(await count({ conversationId: a }), 2)
        assert.equal(await count({ conversationId: a, kind: 'away' }), 1)
        assert.equal(await count({ countedOnly: true }), 3)
      })
    })

    test('email notifications: one pending per conversation is found, due ones come oldest first, updates stick', async () => {
      await withStorage(async (storage) => {
        const note = (conversationId: string, atMs: number) => ({
          id: id(), accountId: '7', conversationId, brandId: '8', status: 'pending' as const, attempts: 0, nextAttemptAtMs: atMs,
          lastError: null, createdAtMs: atMs, sentAtMs: null,
        })
        const [a, b, c] = [note('100', 30), note('200', 10), note('300', 50)]
        await storage.transaction(async (tx) => { for (const n of [a, b, c]) await tx.insertEmailNotification(n) })
        assert.deepEqual(await storage.reads.pendingEmailNotification('7', '100'), a)
        assert.deepEqual((await storage.reads.dueEmailNotifications(40, 10)).map((n) => n.id), [b.id, a.id])
        await storage.transaction((tx) => tx.updateEmailNotification(b.id, { status: 'sent', sentAtMs: 41, attempts: 1 }))
        assert.deepEqual((await storage.reads.dueEmailNotifications(100, 10)).map((n) => n.id), [a.id, c.id])
        await storage.transaction((tx) => tx.updateEmailNotification(a.id, { attempts: 2, nextAttemptAtMs: 500, lastError: '451' }))
        assert.deepEqual((await storage.reads.dueEmailNotifications(100, 10)).map((n) => n.id), [c.id])
        assert.equal((await storage.reads.pendingEmailNotification('7', '100'))?.lastError, '451')
        assert.equal(await storage.reads.pendingEmailNotification('7', '200'), undefined, 'a sent one is not pending')
      })
    })

    test('the latest message by a sender is the one with the highest seq', async () => {
      await withStorage(async (storage) => {
        const { ada, ben, c } = await seedConversation(storage)
        await storage.transaction(async (tx) => {
          for (const sender of [ada, ben, ada, ben, ben]) await tx.insertMessage(message(c.id, sender.id, await tx.nextSeq(c.id, 2), null))
        })
        assert.equal((await storage.reads.latestMessageBy(c.id, ada.id))?.seq, 3)
        assert.equal((await storage.reads.latestMessageBy(c.id, ben.id))?.seq, 5)
        assert.equal(await storage.reads.latestMessageBy(c.id, '1'), undefined)
      })
    })

    // ---- Twitter-compatible DM events ----
    test('account messages: newest first across conversations, only what the account sees, each filter narrows', async () => {
      await withStorage(async (storage) => {
        const { ada, ben, c } = await seedConversation(storage)
        const cy = account(`cy${n}`)
        const g = conversation(null)
        const d = conversation(`${ben.id}:${cy.id}`)
        const at = (m: MessageRecord, ms: number): MessageRecord => ({ ...m, createdAtMs: ms })
        const written: MessageRecord[] = []
        await storage.transaction(async (tx) => {
          await tx.insertAccount(cy)
          await tx.insertConversation(g); await tx.insertConversation(d)
          for (const p of [ada, ben, cy]) await tx.upsertParticipant(participant(g.id, p.id))
          for (const p of [ben, cy]) await tx.upsertParticipant(participant(d.id, p.id))
          const add = async (conv: ConversationRecord, sender: AccountRecord, ms: number, system = false) => {
            const base = at(message(conv.id, sender.id, await tx.nextSeq(conv.id, ms), null), ms)
            const m: MessageRecord = system ? { ...base, kind: 'system', system: { action: 'group.created', actorId: sender.id, accountIds: [] } } : base
            await tx.insertMessage(m)
            written.push(m)
          }
          await add(c, ada, 10); await add(c, ben, 20); await add(c, ben, 30)
          await add(g, ada, 40, true); await add(g, cy, 50); await add(d, cy, 60)
          await tx.hideMessage(ada.id, written[2]!.id)
        })
        const [m1, m2, , s4, m5, m6] = written.map((m) => m.id)
        const ids = async (accountId: string, q: Partial<Parameters<Storage['reads']['accountMessages']>[1]> = {}) =>
          (await storage.reads.accountMessages(accountId, { sinceMs: 0, limit: 10, ...q })).map((m) => m.id)
        assert.deepEqual(await ids(ada.id), [m5, s4, m2, m1], 'hidden and others\' conversations are left out')
        assert.deepEqual(await ids(ada.id, { limit: 2 }), [m5, s4])
        assert.deepEqual(await ids(ada.id, { beforeId: s4!, limit: 2 }), [m2, m1])
        assert.deepEqual(await ids(ada.id, { kind: 'text' }), [m5, m2, m1])
        assert.deepEqual(await ids(ada.id, { directOnly: true }), [m2, m1])
        assert.deepEqual(await ids(ada.id, { conversationId: g.id }), [m5, s4])
        assert.deepEqual(await ids(ada.id, { sinceMs: 20 }), [m5, s4, m2])
        assert.deepEqual(await ids(ben.id), [m6, m5, s4, written[2]!.id, m2, m1])
        const full = await storage.reads.accountMessages(cy.id, { sinceMs: 0, limit: 1 })
        const pick = (m: MessageRecord | undefined) => m && [m.id, m.conversationId, m.seq, m.senderId, m.kind, m.text, m.createdAtMs]
        assert.deepEqual(full.map(pick), [pick(written[5])], 'records read back as written')
        await storage.transaction(async (tx) => {
          await tx.updateParticipant(c.id, ada.id, { visibleFromSeq: 1 })
          await tx.updateParticipant(g.id, ben.id, { leftCursor: 5 })
        })
        assert.deepEqual(await ids(ada.id), [m5, s4, m2], 'seqs before where the account may see are left out')
        assert.deepEqual(await ids(ben.id), [m6, written[2]!.id, m2, m1], 'a conversation left is left out')
      })
    })

    // ---- chunked media uploads ----
    test('media uploads: sessions and segments read back, segments replace by index, expiry and open counts', async () => {
      await withStorage(async (storage) => {
        const owner = account(`uploader${n}`)
        const upload = (expiresAtMs: number, state: 'pending' | 'succeeded' = 'pending') => ({
          id: id(), ownerAccountId: owner.id, mediaType: 'image/png', kind: 'image' as const, totalBytes: 3_000_000, shared: false,
          state, error: null, createdAtMs: 1, expiresAtMs,
        })
        const live = upload(10_000); const done = upload(10_000, 'succeeded'); const old = upload(500); const older = upload(400)
        await storage.transaction(async (tx) => {
          await tx.insertAccount(owner)
          for (const u of [live, done, old, older]) await tx.insertMediaUpload(u)
          await tx.putMediaUploadSegment({ uploadId: live.id, index: 1, sizeBytes: 20, segmentKey: `${live.id}/b`, createdAtMs: 2 })
          await tx.putMediaUploadSegment({ uploadId: live.id, index: 0, sizeBytes: 10, segmentKey: `${live.id}/a`, createdAtMs: 2 })
          await tx.putMediaUploadSegment({ uploadId: old.id, index: 0, sizeBytes: 5, segmentKey: `${old.id}/a`, createdAtMs: 2 })
        })
        const { reads } = storage
        assert.deepEqual(await reads.mediaUploadById(live.id), live)
        assert.equal(await reads.mediaUploadById(id()), undefined)
        assert.deepEqual((await reads.mediaUploadSegments(live.id)).map((s) => [s.index, s.sizeBytes, s.segmentKey]), [[0, 10, `${live.id}/a`], [1, 20, `${live.id}/b`]])
        await storage.transaction(async (tx) => {
          await tx.putMediaUploadSegment({ uploadId: live.id, index: 1, sizeBytes: 7, segmentKey: `${live.id}/c`, createdAtMs: 3 })
          await tx.updateMediaUpload(live.id, { state: 'failed', error: 'MEDIA_UNREADABLE' })
        })
        assert.deepEqual((await reads.mediaUploadSegments(live.id)).map((s) => [s.index, s.sizeBytes, s.segmentKey]), [[0, 10, `${live.id}/a`], [1, 7, `${live.id}/c`]])
        assert.deepEqual(await reads.mediaUploadById(live.id), { ...live, state: 'failed', error: 'MEDIA_UNREADABLE' })
        assert.equal(await reads.openMediaUploadCount(owner.id, 0), 2, 'pending ones count; succeeded and failed do not')
        assert.equal(await reads.openMediaUploadCount(owner.id, 450), 1, 'an expired one does not count')
        assert.deepEqual((await reads.expiredMediaUploads(500, 10)).map((u) => u.id), [older.id, old.id])
        assert.deepEqual((await reads.expiredMediaUploads(500, 1)).map((u) => u.id), [older.id])
        await storage.transaction(async (tx) => { await tx.deleteMediaUpload(old.id) })
        assert.equal(await reads.mediaUploadById(old.id), undefined)
        assert.deepEqual(await reads.mediaUploadSegments(old.id), [])
      })
    })
    // ---- Developer apps (migration 0004, storage/src/apps.ts) ----
    test('apps, their tokens and authorization codes round-trip; revoking an app revokes its tokens; a code is used once', async () => {
      await withStorage(async (storage) => {
        const { ada, ben } = await seedConversation(storage)
        const app = { id: id(), ownerAccountId: ada.id, name: 'Bot', consumerKey: `ck${n}`, consumerSecretSealed: 'sealed', redirectUris: ['https://bot.example/cb'], createdBy: ada.id, createdAtMs: 5, revokedAtMs: null }
        const other = { ...app, id: id(), ownerAccountId: ben.id, consumerKey: `ck${n}b`, createdAtMs: 6 }
        const token = { id: id(), appId: app.id, kind: 'oauth1' as const, accountId: ada.id, grantedBy: ada.id, tokenHash: `th${n}`, secretSealed: 'ts', refreshHash: null, scopes: ['dm.read', 'dm.write'], createdAtMs: 7, expiresAtMs: null, revokedAtMs: null }
        const user = { ...token, id: id(), kind: 'oauth2-user' as const, tokenHash: `th${n}u`, secretSealed: null, refreshHash: `rh${n}`, scopes: ['dm.read'], createdAtMs: 8, expiresAtMs: 99 }
        const code = { codeHash: `code${n}`, appId: app.id, accountId: ada.id, grantedBy: ada.id, scopes: ['dm.read'], redirectUri: 'https://bot.example/cb', codeChallenge: 'c', createdAtMs: 1, expiresAtMs: 2, usedAtMs: null }
        await storage.transaction(async (tx) => {
          await tx.insertApp(app); await tx.insertApp(other)
          await tx.insertAppToken(token); await tx.insertAppToken(user)
          await tx.insertAuthorizationCode(code)
        })
        const reads = storage.reads
        assert.deepEqual(await reads.appById(app.id), app)
        assert.deepEqual(await reads.appByConsumerKey(other.consumerKey), other)
        assert.equal(await reads.appByConsumerKey('nope'), undefined)
        assert.deepEqual((await reads.appsOwnedBy([ada.id, ben.id])).map((a) => a.id), [app.id, other.id])
        assert.deepEqual(await reads.appsOwnedBy([]), [])
        assert.deepEqual(await reads.appTokenById(token.id), token)
        assert.deepEqual(await reads.appTokenByHash(user.tokenHash), user)
        assert.deepEqual(await reads.appTokenByRefreshHash(`rh${n}`), user)
        assert.deepEqual((await reads.appTokens(app.id)).map((t) => t.id), [token.id, user.id])
        assert.deepEqual(await reads.authorizationCodeByHash(code.codeHash), code)
        await assert.rejects(storage.transaction((tx) => tx.insertApp({ ...app, id: id() })), 'the consumer key is unique')
        assert.equal(await storage.transaction((tx) => tx.useAuthorizationCode(code.codeHash, 3)), true)
        assert.equal(await storage.transaction((tx) => tx.useAuthorizationCode(code.codeHash, 4)), false, 'a code works once')
        assert.equal((await reads.authorizationCodeByHash(code.codeHash))?.usedAtMs, 3)
        await storage.transaction(async (tx) => { await tx.updateApp(app.id, { name: 'Bot 2', redirectUris: [] }); await tx.revokeAppToken(user.id, 10) })
        assert.deepEqual(await reads.appById(app.id), { ...app, name: 'Bot 2', redirectUris: [] })
        await storage.transaction((tx) => tx.revokeApp(app.id, 20))
        assert.equal((await reads.appById(app.id))?.revokedAtMs, 20)
        assert.deepEqual((await reads.appTokens(app.id)).map((t) => t.revokedAtMs), [20, 10], 'revoking the app revokes its open tokens, keeping earlier times')
        assert.equal((await reads.appById(other.id))?.revokedAtMs, null)
      })
    })

    test('countMessages counts text messages after a time by sender, app and conversation; appId round-trips', async () => {
      await withStorage(async (storage) => {
        const { ada, ben, c } = await seedConversation(storage)
        const at = (m: MessageRecord, createdAtMs: number, appId: string | null) => ({ ...m, createdAtMs, appId })
        await storage.transaction(async (tx) => {
          await tx.insertMessage(at(message(c.id, ada.id, 1, null), 100, null))
          await tx.insertMessage(at(message(c.id, ada.id, 2, null), 200, 'app1'))
          await tx.insertMessage(at(message(c.id, ada.id, 3, null), 300, 'app1'))
          await tx.insertMessage(at(message(c.id, ben.id, 4, null), 300, 'app2'))
          await tx.insertMessage({ ...at(message(c.id, ada.id, 5, null), 300, 'app1'), kind: 'system' })
        })
        const reads = storage.reads
        assert.equal(await reads.countMessages({ sinceMs: 0 }), 4, 'system lines do not count')
        assert.equal(await reads.countMessages({ senderId: ada.id, sinceMs: 100 }), 2, 'strictly after sinceMs')
        assert.equal(await reads.countMessages({ senderId: ada.id, sinceMs: 99 }), 3)
        assert.equal(await reads.countMessages({ appId: 'app1', sinceMs: 0 }), 2)
        assert.equal(await reads.countMessages({ appId: 'app1', senderId: ben.id, sinceMs: 0 }), 0)
        assert.equal(await reads.countMessages({ conversationId: c.id, senderId: ben.id, sinceMs: 0 }), 1)
        assert.equal(await reads.countMessages({ conversationId: 'nope', sinceMs: 0 }), 0)
        const list = await reads.listMessages(c.id, ada.id, { visibleFromSeq: 0, limit: 10 })
        assert.deepEqual(list.map((m) => m.appId), [null, 'app1', 'app1', 'app2', 'app1'])
      })
    })
    // ---- end of developer apps ----
    // ---- Webhooks (migration 0005, storage/src/webhooks.ts) ----
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
          for (const w of [aa, native, invalid]) await tx.insertWebhook(w)
          assert.equal(await tx.insertWebhookSubscription({ webhookId: aa.id, accountId: ada.id, createdBy: ada.id, createdAtMs: 1 }), true)
          assert.equal(await tx.insertWebhookSubscription({ webhookId: aa.id, accountId: ada.id, createdBy: ada.id, createdAtMs: 2 }), false, 'once')
          await tx.insertWebhookSubscription({ webhookId: aa.id, accountId: ben.id, createdBy: ben.id, createdAtMs: 3 })
          await tx.insertWebhookSubscription({ webhookId: native.id, accountId: ada.id, createdBy: ada.id, createdAtMs: 1 })
          await tx.insertWebhookSubscription({ webhookId: invalid.id, accountId: ada.id, createdBy: ada.id, createdAtMs: 1 })
          for (const d of [first, second, nativeOne, onInvalid]) await tx.insertWebhookDelivery(d)
        })
        const { reads } = storage
        assert.deepEqual(await reads.webhookById(aa.id), aa)
        assert.deepEqual(await reads.webhookById(native.id), native)
        assert.deepEqual((await reads.webhooksOfApp('app1')).map((w) => w.id), [aa.id, invalid.id])
        assert.deepEqual((await reads.webhooksOfOwner(ada.id)).map((w) => w.id), [native.id], 'only webhooks without an app')
        assert.deepEqual((await reads.webhookSubscriptions(aa.id)).map((s) => s.accountId), [ada.id, ben.id])
        const forAccounts = await reads.webhooksForAccounts([ben.id, ada.id])
        assert.deepEqual(forAccounts.map((f) => [f.webhook.id, f.accountIds]).sort(), [[aa.id, [ada.id, ben.id].sort()], [native.id, [ada.id]]].sort(), 'valid ones only')
        assert.deepEqual(await reads.webhooksForAccounts([]), [])
        assert.deepEqual(await reads.webhookDeliveryById(first.id), first)
        // The head of aa's queue is `first` (the oldest), due at 100: `second` waits behind it even though it is due earlier.
        assert.deepEqual((await reads.dueWebhookDeliveries(99, 10)).map((d) => d.id), [])
        assert.deepEqual((await reads.dueWebhookDeliveries(100, 10)).map((d) => d.id), [first.id])
        assert.deepEqual((await reads.dueWebhookDeliveries(1_000, 10)).map((d) => d.id), [first.id, nativeOne.id], 'invalid webhooks wait')
        assert.deepEqual((await reads.dueWebhookDeliveries(1_000, 1)).map((d) => d.id), [first.id])
        assert.equal(await storage.transaction((tx) => tx.claimWebhookDelivery(first.id, 100, 5_000)), true)
        assert.equal(await storage.transaction((tx) => tx.claimWebhookDelivery(first.id, 100, 6_000)), false, 'a second claim on the same sight fails')
        assert.deepEqual((await reads.dueWebhookDeliveries(1_000, 10)).map((d) => d.id), [nativeOne.id], 'a claimed head is not due until its lease ends')
        await storage.transaction((tx) => tx.updateWebhookDelivery(first.id, { status: 'delivered', attempts: 1, lastAttemptAtMs: 1_001, lastStatusCode: 200, lastDurationMs: 12, deliveredAtMs: 1_001 }))
        assert.deepEqual(await reads.webhookDeliveryById(first.id), { ...first, nextAttemptAtMs: 5_000, status: 'delivered', attempts: 1, lastAttemptAtMs: 1_001, lastStatusCode: 200, lastDurationMs: 12, deliveredAtMs: 1_001 })
        assert.deepEqual((await reads.dueWebhookDeliveries(1_000, 10)).map((d) => d.id), [second.id, nativeOne.id], 'the next in line is the head now')
        assert.deepEqual((await reads.webhookDeliveries(aa.id, 10)).map((d) => d.id), [second.id, first.id], 'newest first')
        assert.deepEqual((await reads.webhookDeliveries(aa.id, 10, second.id)).map((d) => d.id), [first.id])
        await storage.transaction(async (tx) => {
          await tx.updateWebhook(aa.id, { valid: false, crcCheckedAtMs: 50, crcResult: 'timeout', disabledAtMs: 60, disabledReason: 'gone', url: 'https://hooks.example/b' })
          assert.equal(await tx.failPendingWebhookDeliveries(aa.id, 'webhook disabled'), 1)
        })
        assert.deepEqual(await reads.webhookById(aa.id), { ...aa, valid: false, crcCheckedAtMs: 50, crcResult: 'timeout', disabledAtMs: 60, disabledReason: 'gone', url: 'https://hooks.example/b' })
        assert.equal((await reads.webhookDeliveryById(second.id))?.status, 'failed')
        assert.deepEqual((await reads.activeWebhooks()).map((w) => w.id), [native.id, invalid.id])
        assert.equal(await storage.transaction((tx) => tx.deleteWebhookSubscription(aa.id, ben.id)), true)
        assert.equal(await storage.transaction((tx) => tx.deleteWebhookSubscription(aa.id, ben.id)), false)
        await storage.transaction((tx) => tx.deleteWebhook(aa.id))
        assert.equal(await reads.webhookById(aa.id), undefined)
        assert.deepEqual(await reads.webhookSubscriptions(aa.id), [])
        assert.equal(await reads.webhookDeliveryById(first.id), undefined)
      })
    })
    // ---- end of webhooks ----
  })
}
