import { AppError, moderationLimits, type Account, type AuditEntry } from '@parloir/protocol'
import { iso, type Actor, type CoreDeps } from '../context.ts'
import { actAsBrand } from '../authorization/authorize.ts'
import type { AuditRecord, StorageReads, StorageTx } from '../ports/storage.ts'
import { presentAccount } from '../presenters.ts'

/**
 * A brand's audit log: one line per moderation action, written in the transaction of the action
 * it records (so there is no action without its line, nor a line for an action that rolled back),
 * never changed afterwards. An undo is a line of its own that names the line it undoes.
 *
 * Any feature records itself with one call, inside its transaction:
 *
 *   await recordAudit(deps, tx, { brandId, actorId: actor.userId, action: 'post.hidden',
 *     subject: { kind: 'post', id: post.id }, personId: post.authorId, reason })
 *
 * and lists the actions it writes in docs/moderation.md (the console shows unknown ones as written).
 */
export interface AuditLine {
  brandId: string
  /** The member who acted as the brand (their own account id); null when Parloir did. */
  actorId: string | null
  /** `noun.pastVerb`, or `kind.requested` / `.approved` / `.declined` / `.cancelled` for approvals. */
  action: string
  subject: { kind: string; id: string }
  personId?: string | null
  reason?: string
  approvalId?: string | null
  /** The line this one undoes (see `latestUnreversed`). */
  reverses?: string | null
}

export async function recordAudit(deps: CoreDeps, tx: StorageTx, line: AuditLine): Promise<AuditRecord> {
  const entry: AuditRecord = {
    id: deps.ids.next(), brandId: line.brandId, actorId: line.actorId, action: line.action, subjectKind: line.subject.kind, subjectId: line.subject.id,
    personId: line.personId ?? null, reason: line.reason ?? '', approvalId: line.approvalId ?? null, reversesId: line.reverses ?? null, atMs: deps.clock.now(),
  }
  await tx.moderation.insertAudit(entry)
  return entry
}

/** The newest line of `action` about a subject that nothing undid yet: what an undo names. */
export async function latestUnreversed(tx: StorageTx, brandId: string, action: string, subject: { kind: string; id: string }): Promise<AuditRecord | undefined> {
  const line = await tx.moderation.latestAudit(brandId, action, subject.kind, subject.id)
  if (!line) return undefined
  return (await tx.moderation.reversalsOf([line.id])).length ? undefined : line
}

export function presentAudit(entry: AuditRecord, reversedBy: string | null): AuditEntry {
  return {
    id: entry.id, brandId: entry.brandId, actorId: entry.actorId, action: entry.action, subjectKind: entry.subjectKind, subjectId: entry.subjectId,
    personId: entry.personId, reason: entry.reason, approvalId: entry.approvalId, reverses: entry.reversesId, reversedBy, at: iso(entry.atMs),
  }
}

/**
 * A reason a member must give: trimmed, and not blank. (Its length is the route's schema's:
 * `moderationLimits.reasonChars`.)
 */
export function requireReason(reason: string | undefined): string {
  const trimmed = reason?.trim() ?? ''
  if (trimmed === '') throw new AppError('MODERATION_REASON_REQUIRED')
  return trimmed
}

/** A page of the brand's audit log, newest first, optionally of one action or about one person. */
export async function listAuditLog(
  deps: CoreDeps, asked: Actor, brandId: string, query: { action?: string; personId?: string; before?: string; limit?: number },
): Promise<{ entries: AuditEntry[]; accounts: Account[]; nextCursor: string | null }> {
  await actAsBrand(deps, asked, brandId, 'audit.read')
  const limit = query.limit ?? moderationLimits.auditPage
  const rows = await deps.storage.reads.moderation.auditPage(brandId, {
    ...(query.action !== undefined ? { action: query.action } : {}),
    ...(query.personId !== undefined ? { personId: query.personId } : {}),
    ...(query.before !== undefined ? { beforeId: query.before } : {}),
    limit: limit + 1,
  })
  const page = rows.slice(0, limit)
  const reversals = new Map((await deps.storage.reads.moderation.reversalsOf(page.map((e) => e.id))).map((r) => [r.reversesId, r.id]))
  return {
    entries: page.map((e) => presentAudit(e, reversals.get(e.id) ?? null)),
    accounts: await accountsNamed(deps.storage.reads, page.flatMap((e) => [e.actorId, e.personId])),
    nextCursor: rows.length > limit ? page.at(-1)?.id ?? null : null,
  }
}

/** The accounts a page of the log or of approvals names, each once. */
export async function accountsNamed(reads: StorageReads, ids: ReadonlyArray<string | null>): Promise<Account[]> {
  const unique = [...new Set(ids.filter((id): id is string => id !== null))]
  return unique.length ? (await reads.accounts.byIds(unique)).map(presentAccount) : []
}
