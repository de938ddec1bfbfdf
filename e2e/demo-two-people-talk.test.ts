import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ParloirClient } from '@parloir/client'
import { freePort, repoRoot, startParloir, stopParloir } from './support/parloir-process.ts'

// The journey of the core issue: `parloir demo`, then the client lets two people talk with
// typing indicators and "Seen", against Parloir running as a real process.
test('after `parloir demo`, Chloe and Dan talk through the client with typing and Seen', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parloir-demo-'))
  const seeded = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'packages/cli/src/main.ts', 'demo', '--json', '--data', dataDir], { cwd: repoRoot, encoding: 'utf8' })) as { password: string }
  const server = await startParloir({ port: await freePort(), dataDir, env: { PARLOIR_RATE_LIMITS: 'on' } })
  const chloe = new ParloirClient({ baseUrl: server.url })
  const dan = new ParloirClient({ baseUrl: server.url })
  try {
    await chloe.login({ handle: 'chloe', password: seeded.password })
    await dan.login({ handle: 'dan', password: seeded.password })
    const chloeStream = chloe.stream()
    const danStream = dan.stream()
    await Promise.all([chloeStream.whenLive(), danStream.whenLive()])

    const requests = await chloe.listConversations({ box: 'requests' })
    const fromDan = requests.conversations.find((c) => c.participants.some((p) => p.account.handle === 'dan'))
    assert.ok(fromDan, "Dan's first message waits in Chloe's requests")
    await chloe.acceptRequest(fromDan.id)

    const typing = chloeStream.waitFor('typing.started', { timeoutMs: 5_000 })
    await danStream.typing(fromDan.id)
    const typed = await typing
    assert.equal(typed.conversationId, fromDan.id)
    assert.equal(typed.expiresInMs, 5_000)

    const arrives = chloeStream.waitFor('message.created', { timeoutMs: 5_000, filter: (e) => e.message.text === 'Coffee on Saturday?' })
    const sent = await dan.sendMessage(fromDan.id, { text: 'Coffee on Saturday?', clientMessageId: 'dan-1' })
    assert.equal((await arrives).message.id, sent.id)

    const seen = danStream.waitFor('conversation.read', { timeoutMs: 5_000, filter: (e) => e.accountId !== sent.senderId })
    await chloeStream.read(fromDan.id, sent.seq)
    const receipt = await seen
    assert.equal(receipt.seq, sent.seq, 'Dan sees "Seen" under his message')

    await chloeStream.close()
    await danStream.close()
  } finally {
    await stopParloir(server, 'SIGTERM')
    rmSync(dataDir, { recursive: true, force: true })
  }
})
