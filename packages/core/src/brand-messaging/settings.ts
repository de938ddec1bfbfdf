import { AppError, type Account, type BrandCard, type BrandMessaging, type SupportStatus } from '@parloir/protocol'
import { iso, type Actor, type CoreDeps } from '../context.ts'
import type { AccountRecord, BrandMessagingRecord } from '../ports/storage.ts'
import { presentAccount } from '../presenters.ts'
import { actAsBrand } from '../authorization/authorize.ts'
import { requireOwnImage } from '../media/attach.ts'
import { calendarProblems, isOpen, nextChange } from '../support/calendar.ts'
import { presentWelcomeMessages } from '../welcome-messages/welcome-messages.ts'

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
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: '/awayMessage/text', message: 'must not be empty while the away message is on' }] })
  }
  const embedOrigins = patch.embedOrigins?.map((origin) => origin.toLowerCase())
  if (embedOrigins && new Set(embedOrigins).size !== embedOrigins.length) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: '/embedOrigins', message: 'must not list a site twice' }] })
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

/** Whether the brand is open now and when that changes; anyone may know it. */
export function supportStatus(settings: BrandMessagingRecord, nowMs: number): SupportStatus {
  const calendar = settings.supportCalendar
  if (!calendar) return { providesSupport: false, openNow: false, nextChangeAt: null, replyTime: settings.replyTime, calendar: null }
  const next = nextChange(calendar, nowMs)
  return { providesSupport: true, openNow: isOpen(calendar, nowMs), nextChangeAt: next === null ? null : iso(next), replyTime: settings.replyTime, calendar }
}

async function requireBrand(deps: CoreDeps, brandId: string): Promise<AccountRecord> {
  const brand = await deps.storage.reads.accounts.byId(brandId)
  if (!brand || brand.kind !== 'brand') throw new AppError('ACCOUNT_NOT_FOUND', { brandId })
  return brand
}

/**
 * A brand's public face: profile, support status and the welcome message a new conversation
 * shows — the one asked for when it is the brand's, else the default. An unknown or foreign
 * welcome message id falls back to the default: a stale link still opens a conversation.
 */
export async function getBrandCard(deps: CoreDeps, brandId: string, welcomeMessageId?: string): Promise<BrandCard> {
  const brand = await requireBrand(deps, brandId)
  const settings = await brandMessagingOf(deps, brandId)
  const asked = welcomeMessageId === undefined ? undefined : await deps.storage.reads.welcomeMessages.byId(welcomeMessageId)
  const chosenId = asked?.brandId === brandId ? asked.id : settings.defaultWelcomeMessageId
  const chosen = chosenId === null ? undefined : asked?.id === chosenId ? asked : await deps.storage.reads.welcomeMessages.byId(chosenId)
  const [welcomeMessage] = chosen ? await presentWelcomeMessages(deps, [chosen], settings.defaultWelcomeMessageId) : []
  return { brand: presentAccount(brand), support: supportStatus(settings, deps.clock.now()), welcomeMessage: welcomeMessage ?? null }
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
