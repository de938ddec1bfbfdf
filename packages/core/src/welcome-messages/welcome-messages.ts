import { AppError, type WelcomeMessage, type WelcomeMessageInput } from '@parloir/protocol'
import { iso, type Actor, type CoreDeps } from '../context.ts'
import type { BrandMessagingRecord, MediaRecord, MessageRecord, StorageTx, WelcomeMessageRecord } from '../ports/storage.ts'
import { appendMessage } from '../messages/append.ts'
import { presentMedia } from '../presenters.ts'
import { extractEntities } from '../text/entities.ts'
import { actAsBrand } from '../authorization/authorize.ts'
import { requireOwnImage } from '../media/attach.ts'
import { checkRichContent } from '../messages/rich-content.ts'
import { defaultBrandMessaging } from '../brand-messaging/settings.ts'

export function presentWelcomeMessage(record: WelcomeMessageRecord, media: MediaRecord | undefined, defaultId: string | null): WelcomeMessage {
  return {
    id: record.id,
    brandId: record.brandId,
    name: record.name,
    text: record.text,
    entities: record.entities,
    quickReply: record.quickReply,
    buttons: record.buttons,
    attachment: media ? presentMedia(media) : null,
    isDefault: record.id === defaultId,
    createdAt: iso(record.createdAtMs),
    updatedAt: iso(record.updatedAtMs),
  }
}

/** Presents welcome messages with their media and default mark. */
export async function presentWelcomeMessages(deps: CoreDeps, records: WelcomeMessageRecord[], defaultId: string | null): Promise<WelcomeMessage[]> {
  const mediaIds = records.flatMap((r) => (r.mediaId ? [r.mediaId] : []))
  const media = new Map((mediaIds.length ? await deps.storage.reads.media.byIds(mediaIds) : []).map((m) => [m.id, m]))
  return records.map((r) => presentWelcomeMessage(r, r.mediaId ? media.get(r.mediaId) : undefined, defaultId))
}

/** A welcome message of this brand, or WELCOME_MESSAGE_NOT_FOUND (another brand's looks missing). */
export async function requireWelcomeMessage(deps: CoreDeps, brandId: string, id: string): Promise<WelcomeMessageRecord> {
  const record = await deps.storage.reads.welcomeMessages.byId(id)
  if (!record || record.brandId !== brandId) throw new AppError('WELCOME_MESSAGE_NOT_FOUND', { welcomeMessageId: id })
  return record
}

export async function listWelcomeMessages(deps: CoreDeps, actor: Actor, brandId: string): Promise<WelcomeMessage[]> {
  await actAsBrand(deps, actor, brandId, 'messaging.read')
  const settings = await deps.storage.reads.brandMessaging.forBrand(brandId)
  return presentWelcomeMessages(deps, await deps.storage.reads.welcomeMessages.forBrand(brandId), settings?.defaultWelcomeMessageId ?? null)
}

async function checkInput(deps: CoreDeps, brandActor: Actor, input: Partial<WelcomeMessageInput>, current?: WelcomeMessageRecord): Promise<void> {
  await checkRichContent(deps, input)
  const text = input.text ?? current?.text ?? ''
  const mediaId = input.mediaId === undefined ? current?.mediaId ?? null : input.mediaId
  if (text.trim() === '' && mediaId === null) throw new AppError('MESSAGE_EMPTY')
  if (input.mediaId) await requireOwnImage(deps, brandActor, input.mediaId)
}

/** Makes `id` the brand's default welcome message, or clears the default when it was `id`. */
async function setDefault(deps: CoreDeps, tx: StorageTx, brandId: string, id: string, isDefault: boolean): Promise<void> {
  const current: BrandMessagingRecord = (await tx.brandMessaging.forBrand(brandId)) ?? defaultBrandMessaging(brandId, deps.clock.now())
  const next = isDefault ? id : current.defaultWelcomeMessageId === id ? null : current.defaultWelcomeMessageId
  if (next !== current.defaultWelcomeMessageId) await tx.brandMessaging.upsert({ ...current, defaultWelcomeMessageId: next, updatedAtMs: deps.clock.now() })
}

export async function createWelcomeMessage(deps: CoreDeps, actor: Actor, brandId: string, input: WelcomeMessageInput): Promise<WelcomeMessage> {
  const brandActor = await actAsBrand(deps, actor, brandId, 'messaging.manage')
  await checkInput(deps, brandActor, input)
  const now = deps.clock.now()
  const record: WelcomeMessageRecord = {
    id: deps.ids.next(), brandId, name: input.name, text: input.text, entities: extractEntities(input.text),
    quickReply: input.quickReply ?? null, buttons: input.buttons ?? [], mediaId: input.mediaId ?? null, createdAtMs: now, updatedAtMs: now,
  }
  await deps.storage.transaction(async (tx) => {
    // Counted inside the transaction so two concurrent creations cannot both pass the limit.
    if ((await tx.welcomeMessages.forBrand(brandId)).length >= deps.limits.welcomeMessagesPerBrand) {
      throw new AppError('COLLECTION_FULL', { limit: deps.limits.welcomeMessagesPerBrand })
    }
    await tx.welcomeMessages.insert(record)
    if (input.isDefault) await setDefault(deps, tx, brandId, record.id, true)
  })
  return getWelcomeMessage(deps, brandId, record.id)
}

export async function updateWelcomeMessage(
  deps: CoreDeps, actor: Actor, brandId: string, id: string, patch: Partial<WelcomeMessageInput>,
): Promise<WelcomeMessage> {
  const brandActor = await actAsBrand(deps, actor, brandId, 'messaging.manage')
  const current = await requireWelcomeMessage(deps, brandId, id)
  await checkInput(deps, brandActor, patch, current)
  await deps.storage.transaction(async (tx) => {
    const { isDefault, ...fields } = patch
    await tx.welcomeMessages.update(id, {
      ...fields,
      ...(fields.text === undefined ? {} : { entities: extractEntities(fields.text) }),
      updatedAtMs: deps.clock.now(),
    })
    if (isDefault !== undefined) await setDefault(deps, tx, brandId, id, isDefault)
  })
  return getWelcomeMessage(deps, brandId, id)
}

export async function deleteWelcomeMessage(deps: CoreDeps, actor: Actor, brandId: string, id: string): Promise<void> {
  await actAsBrand(deps, actor, brandId, 'messaging.manage')
  await requireWelcomeMessage(deps, brandId, id)
  await deps.storage.transaction(async (tx) => {
    await setDefault(deps, tx, brandId, id, false)
    await tx.welcomeMessages.delete(id)
  })
}

async function getWelcomeMessage(deps: CoreDeps, brandId: string, id: string): Promise<WelcomeMessage> {
  const record = await requireWelcomeMessage(deps, brandId, id)
  const settings = await deps.storage.reads.brandMessaging.forBrand(brandId)
  const [presented] = await presentWelcomeMessages(deps, [record], settings?.defaultWelcomeMessageId ?? null)
  if (!presented) throw new AppError('WELCOME_MESSAGE_NOT_FOUND')
  return presented
}

/** The client id a written welcome message carries: each is written at most once per conversation. */
export const welcomeClientId = (welcomeMessageId: string) => `welcome:${welcomeMessageId}`

/**
 * Writes a welcome message into a conversation as the brand's message, unless it is already
 * there; returns the message that holds it. Called in the transaction of the person's first
 * message, never on its own: showing a welcome message sends nothing.
 */
export async function writeWelcomeMessage(
  deps: CoreDeps, tx: StorageTx, welcome: WelcomeMessageRecord, conversationId: string, audience: string[],
): Promise<MessageRecord> {
  const clientId = welcomeClientId(welcome.id)
  const existing = await tx.messages.byClientId(conversationId, welcome.brandId, clientId)
  if (existing) return existing
  const media = welcome.mediaId ? await tx.media.byId(welcome.mediaId) : undefined
  return appendMessage(deps, tx, {
    conversationId,
    senderId: welcome.brandId,
    sentBy: null,
    kind: 'text',
    text: welcome.text,
    entities: welcome.entities,
    quickReply: welcome.quickReply,
    quickReplyResponse: null,
    buttons: welcome.buttons,
    attachmentMediaId: media?.id ?? null,
    system: null,
    customProfile: null,
    automation: 'welcome',
    clientMessageId: clientId,
    bodyHash: null,
  }, audience, media ?? null)
}
