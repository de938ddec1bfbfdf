import * as core from '@parloir/core'
import { loadConfig, openCoreDeps } from '@parloir/server'

const self = (accountId: string): core.Actor => ({ userId: accountId, accountId, sessionId: 'seed', role: 'self' })

/**
 * Fills a data folder, before its server starts, with a brand owned by an existing person and
 * `count` customers who each wrote to it once: open, unassigned conversations from a few sources.
 * Goes through core's actions (so every row is as real as one made over HTTP) in one process,
 * several at once, which is far faster than as many HTTP calls.
 */
export async function seedBusyInbox(dataDir: string, options: { ownerHandle: string; brandHandle: string; brandName: string; count: number }): Promise<{ brandId: string }> {
  // A seed that a crash would lose is simply made again: no need to sync every commit.
  const deps = await openCoreDeps(loadConfig({ PARLOIR_DATA_DIR: dataDir, PARLOIR_SQLITE_SYNCHRONOUS: 'normal' }))
  try {
    const owner = await deps.storage.reads.accounts.byHandle(options.ownerHandle)
    if (!owner) throw new Error(`no account @${options.ownerHandle}`)
    const { brand } = await core.createBrand(deps, owner.id, { handle: options.brandHandle, displayName: options.brandName })
    const sources = ['spring-poster', 'website', 'newsletter', undefined]
    let next = 0
    const worker = async () => {
      while (next < options.count) {
        const n = ++next
        const customer = await core.createAccount(deps, { kind: 'person', handle: `customer${n}`, displayName: `Customer ${n}` })
        const conversation = await core.openDirect(deps, self(customer.id), brand.id, sources[n % sources.length])
        await core.sendMessage(deps, self(customer.id), conversation.id, { text: `Question number ${n}: when does my order arrive?` })
      }
    }
    await Promise.all(Array.from({ length: 16 }, worker))
    return { brandId: brand.id }
  } finally {
    await deps.storage.close()
    await deps.fanout.close()
  }
}
