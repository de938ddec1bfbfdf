import { AppError, type Account, type BrandMessaging, type ReplyTime, type SupportStatus } from '@parloir/protocol'
import { iso, type Actor, type CoreDeps } from '../context.ts'
import type { BrandMessagingRecord } from '../ports/storage.ts'
import { presentAccount } from '../presenters.ts'
import { actAsBrand } from '../authorization/authorize.ts'
import { requireBrand } from '../brands/brands.ts'
import { requireOwnImage } from '../media/attach.ts'
import { calendarProblems, isOpen, nextChange } from '../support/calendar.ts'

/** What a brand that never set anything has: no hours, no away message, no embedding site. */
export function defaultBrandMessaging(brandId: string, nowMs: number): BrandMessagingRecord {
  return {
    brandId, supportCalendar: null, replyTime: null, awayMessage: { enabled: false, text: '' }, embedOrigins: [],
    defaultWelcomeMessageId: null, updatedAtMs: nowMs,
  }
}

/** The brand's settings, or the defaults when it never set any. */
export async function brandMessagingOf(deps: CoreDeps, brandId: string): Promise<BrandMessagingRecord> {
  return (await deps.storage.reads.brandMessaging.forBrand(brandId)) ?? defaultBrandMessaging(brandId, deps.clock.now())
}

const present = (r: BrandMessagingRecord): BrandMessaging => ({
  supportCalendar: r.supportCalendar, replyTime: r.replyTime, awayMessage: r.awayMessage, embedOrigins: r.embedOrigins,
})

export async function getBrandMessaging(deps: CoreDeps, actor: Actor, brandId: string): Promise<BrandMessaging> {
  await actAsBrand(deps, actor, brandId, 'messaging.read')
  return present(await brandMessagingOf(deps, brandId))
}

export async function updateBrandMessaging(deps: CoreDeps, actor: Actor, brandId: string, patch: Partial<BrandMessaging>): Promise<BrandMessaging> {
  await actAsBrand(deps, actor, brandId, 'messaging.manage')
  if (patch.supportCalendar) {
    const problems = calendarProblems(patch.supportCalendar, { shiftsPerDay: deps.limits.shiftsPerDay, datedEntries: deps.limits.calendarDatedEntries })
    if (problems.length) throw new AppError('CALENDAR_INVALID', { fields: problems.map((p) => ({ path: `/supportCalendar${p.path}`, message: p.message })) })
  }
  if (patch.awayMessage?.enabled && patch.awayMessage.text.trim() === '') {
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: '/awayMessage/text', message: 'must not be empty while the away message is on', reason: 'blank' }] })
  }
  const embedOrigins = patch.embedOrigins?.map((origin) => origin.toLowerCase())
  if (embedOrigins && new Set(embedOrigins).size !== embedOrigins.length) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: '/embedOrigins', message: 'must not list a site twice', reason: 'duplicate' }] })
  }
  const saved = await deps.storage.transaction(async (tx) => {
    const current = (await tx.brandMessaging.forBrand(brandId)) ?? defaultBrandMessaging(brandId, deps.clock.now())
    const next: BrandMessagingRecord = {
      ...current,
      ...(patch.supportCalendar === undefined ? {} : { supportCalendar: patch.supportCalendar }),
      ...(patch.replyTime === undefined ? {} : { replyTime: patch.replyTime }),
      ...(patch.awayMessage === undefined ? {} : { awayMessage: patch.awayMessage }),
      ...(embedOrigins === undefined ? {} : { embedOrigins }),
      updatedAtMs: deps.clock.now(),
    }
    await tx.brandMessaging.upsert(next)
    return next
  })
  return present(saved)
}

/** Whether the brand is open now and when that changes, and how fast it answers; anyone may know it. */
export function supportStatus(settings: BrandMessagingRecord, nowMs: number, usualReplyTime: ReplyTime | null = null): SupportStatus {
  const calendar = settings.supportCalendar
  if (!calendar) return { providesSupport: false, openNow: false, nextChangeAt: null, replyTime: settings.replyTime, usualReplyTime, calendar: null }
  const next = nextChange(calendar, nowMs)
  return { providesSupport: true, openNow: isOpen(calendar, nowMs), nextChangeAt: next === null ? null : iso(next), replyTime: settings.replyTime, usualReplyTime, calendar }
}

/** Changes the brand's public profile; admins and owners only. */
export async function updateBrandProfile(
  deps: CoreDeps, actor: Actor, brandId: string, patch: { displayName?: string; bio?: string; avatarMediaId?: string | null },
): Promise<Account> {
  const brandActor = await actAsBrand(deps, actor, brandId, 'messaging.manage')
  if (patch.avatarMediaId) await requireOwnImage(deps, brandActor, patch.avatarMediaId)
  await deps.storage.transaction((tx) => tx.accounts.update(brandId, patch))
  return presentAccount(await requireBrand(deps, brandId))
}
