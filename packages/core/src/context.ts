import type { BrandRole, EventName, EventPayload, Limits, StreamEvent } from '@parloir/protocol'
import type { Clock } from './ports/clock.ts'
import type { EventEnvelope, Fanout } from './ports/fanout.ts'
import type { Logger } from './ports/logger.ts'
import type { MediaStore } from './ports/media-store.ts'
import type { Secrets } from './ports/secrets.ts'
import type { NewEvent, Storage, StorageTx } from './ports/storage.ts'
import type { IdGenerator } from './ids.ts'
import type { OutboxWriter } from './ports/outbox.ts'
import type { LinkPreviews } from './ports/link-previews.ts'

/** What core needs from the outside world; only the server wires real adapters in. */
export interface CoreDeps {
  storage: Storage
  fanout: Fanout
  mediaStore: MediaStore
  clock: Clock
  ids: IdGenerator
  logger: Logger
  limits: Limits
  /** How long a session lasts without use. */
  sessionTtlMs: number
  /** scrypt's cost for new password hashes, as log2 N (default 15). */
  passwordCost?: number
  /** Seals app secrets that must be read back (developer apps). */
  secrets: Secrets
  /** Write outbox rows (webhook deliveries) in the transaction of each durable event: see webhooks/outbox.ts. */
  outboxWriters?: OutboxWriter[]
  /** Reads a link's title, description and picture once (collections); without it, links are refused. */
  linkPreviews?: LinkPreviews
}

/**
 * Who is acting. A person acts as themself; a brand team member acts as the brand
 * (`accountId` is the brand's, `userId` the person's) with their role in its team.
 */
export interface Actor {
  userId: string
  accountId: string
  sessionId: string
  role: 'self' | BrandRole
  /**
   * The developer app acting, when the request came through an app token; recorded on the
   * messages it sends. `sessionId` is then `app-token:<token id>`.
   */
  appId?: string
}

/** A durable event to emit: its name from the protocol catalogue, and that name's payload. */
export type CatalogueEvent<N extends EventName> = Omit<NewEvent, 'name' | 'data'> & { name: N; data: EventPayload<N> }

/**
 * Appends a durable event in the transaction and publishes it to open streams once the commit
 * is durable (events after commit, never before).
 */
export async function emit<N extends EventName>(deps: CoreDeps, tx: StorageTx, event: CatalogueEvent<N>, accountIds: string[]): Promise<number> {
  const cursor = await tx.events.append(event)
  // A name and its payload, as `CatalogueEvent<N>` pairs them (TypeScript cannot follow N into the union).
  const named = { name: event.name, data: event.data } as StreamEvent
  // The outbox rows this event carries commit with it, or not at all (docs/reliability.md, D1 and D6).
  for (const writer of deps.outboxWriters ?? []) {
    await writer.write(tx, { ...named, cursor, conversationId: event.conversationId ?? null, accountId: event.accountId ?? null, receipt: event.receipt ?? null, atMs: deps.clock.now() }, accountIds)
  }
  const envelope: EventEnvelope = { ...named, cursor, accountIds }
  if (event.receipt) envelope.receipt = event.receipt
  tx.afterCommit(() => deps.fanout.publish({ type: 'event', event: envelope }))
  return cursor
}

export const iso = (ms: number) => new Date(ms).toISOString()
