import { Readable } from 'node:stream'
import {
  AppError, collectionMediaPath, collectionPagePath, type BrandAction, type Collection, type CollectionInput, type CollectionItem,
  type CollectionItemInput, type CollectionPatch, type CollectionSection, type CollectionView, type MediaKind,
} from '@parloir/protocol'
import { emit, iso, type Actor, type CoreDeps } from '../context.ts'
import { authorize } from '../authorization/authorize.ts'
import type { CollectionItemRecord, CollectionRecord, CollectionSectionRecord, ItemPlacement, MediaRecord, StorageReads, StorageTx } from '../ports/storage.ts'
import { presentAccount } from '../presenters.ts'
import { latestUnreversed, recordAudit, requireReason } from '../moderation/audit-log.ts'
import { askForReview } from '../moderation/review-request.ts'

/**
 * Collections: a person or a brand (the curator) keeps images, files, links and texts in
 * sections; others contribute, published at once (`open`) or waiting for the curator
 * (`approval`). The actor's account is the curator or the contributor: a person as themself, a
 * team member as the brand, where `collections.manage` curates and `collections.contribute` adds.
 *
 * Who sees what:
 * - anyone with the link (no account): published items; a hidden one only as its reason;
 * - the curator: also the waiting contributions, and hidden items with their content;
 * - an author: also their own waiting and declined items, and their own hidden ones.
 */

const presentCollection = (c: CollectionRecord, counts: { published: number; pending: number }): Collection => ({
  id: c.id, curatorId: c.curatorId, title: c.title, description: c.description, contributionMode: c.contributionMode, indexable: c.indexable,
  itemCount: counts.published, pendingCount: counts.pending, publicUrl: collectionPagePath(c.id),
  createdAt: iso(c.createdAtMs), updatedAt: iso(c.updatedAtMs),
  hiddenAt: c.hiddenAtMs === null ? null : iso(c.hiddenAtMs), hiddenReason: c.hiddenReason,
})

const presentSection = (s: CollectionSectionRecord): CollectionSection => ({ id: s.id, collectionId: s.collectionId, title: s.title, position: s.position })

/** An item as a reader sees it: a hidden one keeps only its place and reason unless the reader may see it. */
function presentItem(item: CollectionItemRecord, media: MediaRecord | undefined, showHidden: boolean): CollectionItem {
  const withheld = item.hiddenAtMs !== null && !showHidden
  return {
    id: item.id, collectionId: item.collectionId, sectionId: item.sectionId, position: item.position, kind: item.kind, status: item.status, authorId: item.authorId,
    title: withheld ? null : item.title, text: withheld ? null : item.text, url: withheld ? null : item.url, siteName: withheld ? null : item.siteName,
    media: withheld || !media ? null : {
      id: media.id, kind: media.kind, mimeType: media.mimeType, sizeBytes: media.sizeBytes, width: media.width, height: media.height, fileName: media.fileName,
      url: collectionMediaPath(item.collectionId, media.id), thumbnailUrl: media.thumbnailKey ? collectionMediaPath(item.collectionId, media.id, true) : null,
    },
    createdAt: iso(item.createdAtMs), decidedAt: item.decidedAtMs === null ? null : iso(item.decidedAtMs),
    hiddenAt: item.hiddenAtMs === null ? null : iso(item.hiddenAtMs), hiddenReason: item.hiddenReason,
    // Whether its author asked for a review is between them and the curator.
    ...(showHidden ? { reviewRequestedAt: (item.reviewRequestedAtMs ?? null) === null ? null : iso(item.reviewRequestedAtMs ?? 0) } : {}),
  }
}

function counts(rows: Array<{ collectionId: string; status: string; count: number }>, collectionId: string) {
  const of = (status: string) => rows.find((r) => r.collectionId === collectionId && r.status === status)?.count ?? 0
  return { published: of('published'), pending: of('pending') }
}

/** Items in reading order: the top ones, then each section's, by position. */
function inReadingOrder(items: CollectionItemRecord[], sections: CollectionSectionRecord[]): CollectionItemRecord[] {
  const rank = new Map<string | null, number>([[null, -1], ...sections.map((s) => [s.id, s.position] as const)])
  return [...items].sort((a, b) => (rank.get(a.sectionId) ?? 0) - (rank.get(b.sectionId) ?? 0) || a.position - b.position || (a.id < b.id ? -1 : 1))
}

async function requireCollection(reads: StorageReads, collectionId: string): Promise<CollectionRecord> {
  const collection = await reads.collections.byId(collectionId)
  if (!collection) throw new AppError('COLLECTION_NOT_FOUND', { collectionId })
  return collection
}

/** The actor, allowed to curate this collection: its curator, and for a brand a member who may `action`. */
async function requireCurator(deps: CoreDeps, actor: Actor, collectionId: string, action: BrandAction = 'collections.manage') {
  await authorize(deps, actor, action)
  const collection = await requireCollection(deps.storage.reads, collectionId)
  // Someone else's collection answers as missing for its changes: one does not learn more by trying.
  if (collection.curatorId !== actor.accountId) throw new AppError('COLLECTION_NOT_FOUND', { collectionId })
  return collection
}

function refuseBlank(fields: Record<string, string | undefined>): void {
  const blank = Object.entries(fields).filter(([, v]) => v !== undefined && v.trim() === '').map(([k]) => ({ path: `/${k}`, message: 'must not be blank' }))
  if (blank.length > 0) throw new AppError('VALIDATION_FAILED', { fields: blank })
}

const limitReached = (of: 'collections' | 'sections' | 'items' | 'pending', limit: number) => new AppError('COLLECTION_LIMIT_REACHED', { of, limit })

/** The collections the actor's account curates, newest first. */
export async function listCollections(deps: CoreDeps, actor: Actor): Promise<Collection[]> {
  await authorize(deps, actor, 'collections.read')
  const reads = deps.storage.reads.collections
  const mine = await reads.ofCurator(actor.accountId)
  const rows = await reads.countItems(mine.map((c) => c.id))
  return mine.map((c) => presentCollection(c, counts(rows, c.id)))
}

/** Starts a collection curated by the actor's account. */
export async function createCollection(deps: CoreDeps, actor: Actor, input: CollectionInput): Promise<Collection> {
  await authorize(deps, actor, 'collections.manage')
  refuseBlank({ title: input.title })
  const now = deps.clock.now()
  const record: CollectionRecord = {
    id: deps.ids.next(), curatorId: actor.accountId, title: input.title.trim(), description: (input.description ?? '').trim(),
    contributionMode: input.contributionMode ?? 'approval', indexable: input.indexable ?? false,
    createdAtMs: now, updatedAtMs: now, hiddenAtMs: null, hiddenReason: null,
  }
  const limit = deps.limits.collectionsPerAccount
  await deps.storage.transaction(async (tx) => {
    if (await tx.collections.countOfCurator(actor.accountId) >= limit) throw limitReached('collections', limit)
    await tx.collections.insert(record)
  })
  return presentCollection(record, { published: 0, pending: 0 })
}

/** Changes a collection's title, description, contribution mode or indexing. */
export async function updateCollection(deps: CoreDeps, actor: Actor, collectionId: string, patch: CollectionPatch): Promise<Collection> {
  const current = await requireCurator(deps, actor, collectionId)
  refuseBlank({ title: patch.title })
  const changes = {
    ...(patch.title === undefined ? {} : { title: patch.title.trim() }),
    ...(patch.description === undefined ? {} : { description: patch.description.trim() }),
    ...(patch.contributionMode === undefined ? {} : { contributionMode: patch.contributionMode }),
    ...(patch.indexable === undefined ? {} : { indexable: patch.indexable }),
    updatedAtMs: deps.clock.now(),
  }
  await deps.storage.transaction((tx) => tx.collections.update(collectionId, changes))
  const rows = await deps.storage.reads.collections.countItems([collectionId])
  return presentCollection({ ...current, ...changes }, counts(rows, collectionId))
}

/** Deletes a collection with its sections and items. */
export async function deleteCollection(deps: CoreDeps, actor: Actor, collectionId: string): Promise<void> {
  await requireCurator(deps, actor, collectionId)
  await deps.storage.transaction((tx) => tx.collections.delete(collectionId))
}

/**
 * A collection as `viewer` sees it (null: anyone with the link, no account). A hidden collection
 * shows its reason and no items to anyone but its curator.
 */
async function view(deps: CoreDeps, collection: CollectionRecord, viewer: Actor | null): Promise<CollectionView> {
  const reads = deps.storage.reads
  const curates = viewer !== null && viewer.accountId === collection.curatorId
  const [sections, all] = await Promise.all([reads.collections.sections(collection.id), reads.collections.items(collection.id)])
  const mine = (item: CollectionItemRecord) => viewer !== null && item.authorId === viewer.accountId
  const visible = collection.hiddenAtMs !== null && !curates ? [] : all.filter((item) =>
    item.status === 'published' || (item.status === 'pending' && (curates || mine(item))) || (item.status === 'declined' && mine(item)))
  const mediaIds = [...new Set(visible.flatMap((item) => (item.mediaId ? [item.mediaId] : [])))]
  const media = new Map((await reads.media.byIds(mediaIds)).map((m) => [m.id, m]))
  const accountIds = [...new Set([collection.curatorId, ...visible.map((item) => item.authorId)])]
  const accounts = await reads.accounts.byIds(accountIds)
  const published = all.filter((item) => item.status === 'published').length
  const pending = curates ? all.filter((item) => item.status === 'pending').length : 0
  return {
    collection: presentCollection(collection, { published, pending }),
    sections: sections.map(presentSection),
    items: inReadingOrder(visible, sections).map((item) => presentItem(item, item.mediaId ? media.get(item.mediaId) : undefined, curates || mine(item))),
    accounts: accountIds.flatMap((id) => accounts.filter((a) => a.id === id).map(presentAccount)),
    viewer: { curates, publishesDirectly: curates || collection.contributionMode === 'open' },
  }
}

/** A collection as the acting account sees it (any signed-in account may read one; a brand member needs `collections.read`). */
export async function getCollection(deps: CoreDeps, actor: Actor, collectionId: string): Promise<CollectionView> {
  await authorize(deps, actor, 'collections.read')
  return view(deps, await requireCollection(deps.storage.reads, collectionId), actor)
}

/** A collection for anyone with the link: what the public page shows. */
export async function readPublicCollection(deps: CoreDeps, collectionId: string): Promise<CollectionView> {
  return view(deps, await requireCollection(deps.storage.reads, collectionId), null)
}

// ── Sections ────────────────────────────────────────────────────────────────────────────────

async function requireSection(deps: CoreDeps, collectionId: string, sectionId: string): Promise<CollectionSectionRecord> {
  const section = await deps.storage.reads.collections.sectionById(sectionId)
  if (!section || section.collectionId !== collectionId) throw new AppError('COLLECTION_SECTION_NOT_FOUND', { collectionId, sectionId })
  return section
}

/** Adds a section at the end. */
export async function createCollectionSection(deps: CoreDeps, actor: Actor, collectionId: string, title: string): Promise<CollectionSection> {
  await requireCurator(deps, actor, collectionId)
  refuseBlank({ title })
  const limit = deps.limits.collectionSectionsMax
  return deps.storage.transaction(async (tx) => {
    const sections = await tx.collections.sections(collectionId)
    if (sections.length >= limit) throw limitReached('sections', limit)
    const section: CollectionSectionRecord = { id: deps.ids.next(), collectionId, title: title.trim(), position: sections.length, createdAtMs: deps.clock.now() }
    await tx.collections.insertSection(section)
    await tx.collections.update(collectionId, { updatedAtMs: section.createdAtMs })
    return presentSection(section)
  })
}

/** Renames a section. */
export async function renameCollectionSection(deps: CoreDeps, actor: Actor, collectionId: string, sectionId: string, title: string): Promise<CollectionSection> {
  await requireCurator(deps, actor, collectionId)
  const section = await requireSection(deps, collectionId, sectionId)
  refuseBlank({ title })
  await deps.storage.transaction((tx) => tx.collections.renameSection(sectionId, title.trim()))
  return presentSection({ ...section, title: title.trim() })
}

/** Puts a section at `position` (past the end: the end); the others keep their order. */
export async function moveCollectionSection(deps: CoreDeps, actor: Actor, collectionId: string, sectionId: string, position: number): Promise<CollectionSection[]> {
  await requireCurator(deps, actor, collectionId)
  await requireSection(deps, collectionId, sectionId)
  return deps.storage.transaction(async (tx) => {
    const others = (await tx.collections.sections(collectionId)).filter((s) => s.id !== sectionId)
    const moved = await tx.collections.sectionById(sectionId)
    if (!moved) throw new AppError('COLLECTION_SECTION_NOT_FOUND', { collectionId, sectionId })
    others.splice(Math.min(position, others.length), 0, moved)
    const placed = others.map((s, i) => ({ ...s, position: i }))
    await tx.collections.placeSections(placed.map((s) => ({ id: s.id, position: s.position })))
    return placed.map(presentSection)
  })
}

/** Deletes a section; its items go to the end of the top of the collection, in their order. */
export async function deleteCollectionSection(deps: CoreDeps, actor: Actor, collectionId: string, sectionId: string): Promise<void> {
  await requireCurator(deps, actor, collectionId)
  await requireSection(deps, collectionId, sectionId)
  await deps.storage.transaction(async (tx) => {
    const items = await tx.collections.items(collectionId)
    const top = items.filter((i) => i.sectionId === null && i.status === 'published').length
    const moving = items.filter((i) => i.sectionId === sectionId)
    let next = top
    await tx.collections.placeItems(moving.map((i) => ({ id: i.id, sectionId: null, position: i.status === 'published' ? next++ : i.position })))
    await tx.collections.deleteSection(sectionId)
    const rest = (await tx.collections.sections(collectionId)).map((s, i) => ({ id: s.id, position: i }))
    await tx.collections.placeSections(rest)
  })
}

// ── Items ───────────────────────────────────────────────────────────────────────────────────

/** The published items of one section (null: the top), by position. */
const publishedIn = (items: CollectionItemRecord[], sectionId: string | null) =>
  items.filter((i) => i.sectionId === sectionId && i.status === 'published').sort((a, b) => a.position - b.position)

/** Positions 0… for these items, only for those whose place changes. */
const renumber = (items: CollectionItemRecord[], sectionId: string | null): ItemPlacement[] =>
  items.flatMap((item, i) => (item.position === i && item.sectionId === sectionId ? [] : [{ id: item.id, sectionId, position: i }]))

const itemKindOf = (kind: MediaKind) => (kind === 'image' || kind === 'gif' ? 'image' as const : 'file' as const)

interface Prepared {
  kind: CollectionItemRecord['kind']
  title: string | null
  text: string | null
  url: string | null
  siteName: string | null
  media: MediaRecord | null
  /** Media made for this item (a link's picture): inserted with it, its bytes removed if it is not. */
  newMedia: MediaRecord | null
}

/** Cuts text to `max` code points, with an ellipsis when it was longer. */
function cut(text: string | null, max: number): string | null {
  if (text === null) return null
  const points = Array.from(text.trim())
  if (points.length === 0) return null
  return points.length <= max ? points.join('') : `${points.slice(0, max - 1).join('')}…`
}

async function prepareItem(deps: CoreDeps, actor: Actor, input: CollectionItemInput): Promise<Prepared> {
  const missing = (field: string) => new AppError('VALIDATION_FAILED', { fields: [{ path: `/${field}`, message: `is required for a ${input.kind} item` }] })
  const stray = (['mediaId', 'url', 'text'] as const).filter((f) => input[f] !== undefined && !(
    (f === 'mediaId' && input.kind === 'media') || (f === 'url' && input.kind === 'link') || (f === 'text' && input.kind === 'text')))
  if (stray.length > 0 || (input.kind === 'link' && input.title !== undefined)) {
    const fields = [...stray, ...(input.kind === 'link' && input.title !== undefined ? ['title'] : [])]
    throw new AppError('VALIDATION_FAILED', { fields: fields.map((f) => ({ path: `/${f}`, message: `is not taken by a ${input.kind} item` })) })
  }
  const title = input.title === undefined || input.title.trim() === '' ? null : input.title.trim()
  if (input.kind === 'media') {
    if (input.mediaId === undefined) throw missing('mediaId')
    const media = await deps.storage.reads.media.byId(input.mediaId)
    // Only one's own uploads (the brand's, acting as the brand): another's media answers as missing.
    if (!media || media.ownerAccountId !== actor.accountId) throw new AppError('MEDIA_NOT_FOUND', { mediaId: input.mediaId })
    return { kind: itemKindOf(media.kind), title, text: null, url: null, siteName: null, media, newMedia: null }
  }
  if (input.kind === 'text') {
    if (input.text === undefined) throw missing('text')
    refuseBlank({ text: input.text })
    return { kind: 'text', title, text: input.text, url: null, siteName: null, media: null, newMedia: null }
  }
  if (input.url === undefined) throw missing('url')
  let parsed: URL
  try { parsed = new URL(input.url) } catch { throw new AppError('VALIDATION_FAILED', { fields: [{ path: '/url', message: 'is not a URL' }] }) }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.username || parsed.password) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: '/url', message: 'must be an http or https address without credentials' }] })
  }
  if (!deps.linkPreviews) throw new AppError('LINK_FETCH_FAILED', { reason: 'disabled' })
  const preview = await deps.linkPreviews.fetch(parsed.toString())
  const l = deps.limits
  let newMedia: MediaRecord | null = null
  if (preview.image) newMedia = await keepLinkImage(deps, actor, preview.image, new URL(preview.url).hostname)
  return {
    kind: 'link',
    title: cut(preview.title, l.collectionItemTitleChars) ?? cut(parsed.hostname + parsed.pathname.replace(/\/$/, ''), l.collectionItemTitleChars),
    text: cut(preview.description, l.collectionDescriptionChars),
    url: preview.url,
    siteName: cut(preview.siteName, l.collectionTitleChars) ?? new URL(preview.url).hostname,
    media: newMedia, newMedia,
  }
}

/**
 * A link's picture, kept in the media store like an upload (its type read from its bytes, its
 * metadata stripped) so the public page loads nothing from the other site. Anything but an image
 * within the caps is left out, not refused: the link stays without a picture.
 */
async function keepLinkImage(deps: CoreDeps, actor: Actor, bytes: Buffer, host: string): Promise<MediaRecord | null> {
  const l = deps.limits
  try {
    const inspected = await deps.mediaStore.put(Readable.from([bytes]), { imageBytes: l.imageBytes, gifBytes: l.imageBytes, videoBytes: 0, fileBytes: 0, imagePixels: l.imagePixels })
    if (inspected.kind !== 'image' && inspected.kind !== 'gif') {
      await removeBytes(deps, inspected)
      return null
    }
    return { id: deps.ids.next(), ownerAccountId: actor.accountId, ...inspected, fileName: `${host}-preview`, messageId: null, createdAtMs: deps.clock.now() }
  } catch (error) {
    if (error instanceof AppError) return null
    throw error
  }
}

async function removeBytes(deps: CoreDeps, media: { storageKey: string; thumbnailKey: string | null }): Promise<void> {
  await deps.mediaStore.remove(media.storageKey)
  if (media.thumbnailKey) await deps.mediaStore.remove(media.thumbnailKey)
}

/** The limits an item meets when it is added, read in the transaction that adds it. */
async function refuseWhenFull(deps: CoreDeps, tx: StorageReads | StorageTx, collectionId: string, status: 'published' | 'pending'): Promise<CollectionItemRecord[]> {
  const items = await tx.collections.items(collectionId)
  const kept = items.filter((i) => i.status !== 'declined')
  if (kept.length >= deps.limits.collectionItemsMax) throw limitReached('items', deps.limits.collectionItemsMax)
  if (status === 'pending' && kept.filter((i) => i.status === 'pending').length >= deps.limits.collectionPendingMax) {
    throw limitReached('pending', deps.limits.collectionPendingMax)
  }
  return items
}

/**
 * Adds an image or file (an upload of the actor's account), a link (its title, description and
 * picture fetched once) or a text. The curator's items and those in an open collection are
 * published at the end of their section; others wait for the curator.
 */
export async function addCollectionItem(deps: CoreDeps, actor: Actor, collectionId: string, input: CollectionItemInput): Promise<CollectionItem> {
  await authorize(deps, actor, 'collections.contribute')
  const collection = await requireCollection(deps.storage.reads, collectionId)
  const curates = collection.curatorId === actor.accountId
  const status = curates || collection.contributionMode === 'open' ? 'published' as const : 'pending' as const
  const sectionId = input.sectionId ?? null
  if (sectionId !== null) await requireSection(deps, collectionId, sectionId)
  // Checked before a link is fetched, so a full collection costs no request to another site.
  await refuseWhenFull(deps, deps.storage.reads, collectionId, status)
  const prepared = await prepareItem(deps, actor, input)
  const now = deps.clock.now()
  try {
    const item = await deps.storage.transaction(async (tx) => {
      const items = await refuseWhenFull(deps, tx, collectionId, status)
      if (sectionId !== null && !(await tx.collections.sectionById(sectionId))) throw new AppError('COLLECTION_SECTION_NOT_FOUND', { collectionId, sectionId })
      const record: CollectionItemRecord = {
        id: deps.ids.next(), collectionId, sectionId, position: status === 'published' ? publishedIn(items, sectionId).length : items.length,
        kind: prepared.kind, status, authorId: actor.accountId, addedBy: actor.userId,
        title: prepared.title, text: prepared.text, url: prepared.url, siteName: prepared.siteName, mediaId: prepared.media?.id ?? null,
        createdAtMs: now, decidedAtMs: null, decidedBy: null, hiddenAtMs: null, hiddenReason: null,
      }
      if (prepared.newMedia) await tx.media.insert(prepared.newMedia)
      await tx.collections.insertItem(record)
      await tx.collections.update(collectionId, { updatedAtMs: now })
      if (!curates) {
        await emit(deps, tx, { name: 'contribution.submitted', data: { collectionId, itemId: record.id, authorId: actor.accountId, status } }, [collection.curatorId])
      }
      return record
    })
    return presentItem(item, prepared.media ?? undefined, true)
  } catch (error) {
    if (prepared.newMedia) await removeBytes(deps, prepared.newMedia)
    throw error
  }
}

async function requireItem(reads: StorageReads, collectionId: string, itemId: string): Promise<CollectionItemRecord> {
  const item = await reads.collections.itemById(itemId)
  if (!item || item.collectionId !== collectionId) throw new AppError('COLLECTION_ITEM_NOT_FOUND', { collectionId, itemId })
  return item
}

/** Moves a published item to a section (null: the top) at `position`; both sections are renumbered. */
export async function moveCollectionItem(deps: CoreDeps, actor: Actor, collectionId: string, itemId: string, to: { sectionId: string | null; position: number }): Promise<CollectionItem> {
  await requireCurator(deps, actor, collectionId)
  const item = await requireItem(deps.storage.reads, collectionId, itemId)
  if (item.status !== 'published') throw new AppError('COLLECTION_ITEM_NOT_FOUND', { collectionId, itemId })
  if (to.sectionId !== null) await requireSection(deps, collectionId, to.sectionId)
  const moved = await deps.storage.transaction(async (tx) => {
    const items = await tx.collections.items(collectionId)
    const from = publishedIn(items, item.sectionId).filter((i) => i.id !== itemId)
    const target = item.sectionId === to.sectionId ? from : publishedIn(items, to.sectionId)
    const position = Math.min(to.position, target.length)
    target.splice(position, 0, { ...item, sectionId: to.sectionId, position: -1 })
    const placements = [...(item.sectionId === to.sectionId ? [] : renumber(from, item.sectionId)), ...renumber(target, to.sectionId)]
    await tx.collections.placeItems(placements)
    await tx.collections.update(collectionId, { updatedAtMs: deps.clock.now() })
    return { ...item, sectionId: to.sectionId, position }
  })
  const media = moved.mediaId ? await deps.storage.reads.media.byId(moved.mediaId) : undefined
  return presentItem(moved, media, true)
}

/**
 * Removes an item: the curator any (`collections.manage`), an author their own while it waits
 * (`collections.contribute`, as it was added). Published items after it move up.
 */
export async function removeCollectionItem(deps: CoreDeps, actor: Actor, collectionId: string, itemId: string): Promise<void> {
  await authorize(deps, actor, 'collections.read')
  const collection = await requireCollection(deps.storage.reads, collectionId)
  const item = await requireItem(deps.storage.reads, collectionId, itemId)
  const curates = collection.curatorId === actor.accountId
  const ownWaiting = item.authorId === actor.accountId && item.status !== 'published'
  if (!curates && !ownWaiting) throw new AppError('COLLECTION_ITEM_NOT_FOUND', { collectionId, itemId })
  await authorize(deps, actor, curates ? 'collections.manage' : 'collections.contribute')
  await deps.storage.transaction(async (tx) => {
    await tx.collections.deleteItem(itemId)
    if (item.status === 'published') await tx.collections.placeItems(renumber(publishedIn(await tx.collections.items(collectionId), item.sectionId), item.sectionId))
  })
}

/** The curator approves or declines a waiting contribution; its author is told. */
async function decide(deps: CoreDeps, actor: Actor, collectionId: string, itemId: string, status: 'published' | 'declined'): Promise<CollectionItem> {
  await requireCurator(deps, actor, collectionId)
  const item = await requireItem(deps.storage.reads, collectionId, itemId)
  const now = deps.clock.now()
  const decided = await deps.storage.transaction(async (tx) => {
    const current = await tx.collections.itemById(itemId)
    if (!current || current.status !== 'pending') throw new AppError('CONTRIBUTION_NOT_PENDING', { itemId, status: current?.status ?? item.status })
    await tx.collections.decideItem(itemId, { status, decidedAtMs: now, decidedBy: actor.userId })
    let position = current.position
    if (status === 'published') {
      position = publishedIn(await tx.collections.items(collectionId), current.sectionId).length
      await tx.collections.placeItems([{ id: itemId, sectionId: current.sectionId, position }])
      await tx.collections.update(collectionId, { updatedAtMs: now })
    }
    await emit(deps, tx, { name: 'contribution.decided', data: { collectionId, itemId, decision: status === 'published' ? 'approved' : 'declined' } }, [current.authorId])
    return { ...current, status, position, decidedAtMs: now, decidedBy: actor.userId }
  })
  const media = decided.mediaId ? await deps.storage.reads.media.byId(decided.mediaId) : undefined
  return presentItem(decided, media, true)
}

export const approveContribution = (deps: CoreDeps, actor: Actor, collectionId: string, itemId: string) => decide(deps, actor, collectionId, itemId, 'published')
export const declineContribution = (deps: CoreDeps, actor: Actor, collectionId: string, itemId: string) => decide(deps, actor, collectionId, itemId, 'declined')

/**
 * Tells the item's author and the curator (a brand: its team) that it changed, as they read it:
 * whole, with its reason and whether a review was asked. Returns it so.
 */
async function announceItem(deps: CoreDeps, tx: StorageTx, collection: CollectionRecord, itemId: string): Promise<CollectionItem> {
  const record = await tx.collections.itemById(itemId)
  if (!record) throw new AppError('COLLECTION_ITEM_NOT_FOUND', { collectionId: collection.id, itemId })
  const item = presentItem(record, record.mediaId ? await tx.media.byId(record.mediaId) : undefined, true)
  await emit(deps, tx, { name: 'collectionItem.updated', data: { item } }, [...new Set([record.authorId, collection.curatorId])])
  return item
}

const itemSubject = (itemId: string) => ({ kind: 'collectionItem', id: itemId })

/**
 * Moderation, as for a discussion's posts: the curator hides an item with a reason, never
 * destroying it, or shows it again with a reason. Anyone else reads only the reason; its author
 * and the curator still read the item, and are told at once. For a brand each is a line in its audit log.
 */
async function moderateItem(deps: CoreDeps, asked: Actor, collectionId: string, itemId: string, reasonGiven: string | undefined, hide: boolean): Promise<CollectionItem> {
  const actor = await authorize(deps, asked, 'collections.manage')
  const collection = await requireCurator(deps, actor, collectionId)
  const reason = requireReason(reasonGiven)
  await requireItem(deps.storage.reads, collectionId, itemId)
  const now = deps.clock.now()
  return deps.storage.transaction(async (tx) => {
    const current = await tx.collections.itemById(itemId)
    if (!current) throw new AppError('COLLECTION_ITEM_NOT_FOUND', { collectionId, itemId })
    if (hide && current.hiddenAtMs !== null) throw new AppError('POST_ALREADY_HIDDEN', { itemId })
    if (!hide && current.hiddenAtMs === null) throw new AppError('POST_NOT_HIDDEN', { itemId })
    await tx.collections.hideItem(itemId, hide ? { atMs: now, reason } : null)
    if (actor.role !== 'self') {
      const subject = itemSubject(itemId)
      const undoes = hide ? undefined : await latestUnreversed(tx, actor.accountId, 'collectionItem.hidden', subject)
      await recordAudit(deps, tx, {
        brandId: actor.accountId, actorId: actor.userId, action: hide ? 'collectionItem.hidden' : 'collectionItem.unhidden', subject, personId: current.authorId, reason,
        reverses: undoes?.id ?? null,
      })
    }
    return announceItem(deps, tx, collection, itemId)
  })
}

export const hideCollectionItem = (deps: CoreDeps, actor: Actor, collectionId: string, itemId: string, reason: string | undefined) =>
  moderateItem(deps, actor, collectionId, itemId, reason, true)
export const unhideCollectionItem = (deps: CoreDeps, actor: Actor, collectionId: string, itemId: string, reason: string | undefined) =>
  moderateItem(deps, actor, collectionId, itemId, reason, false)

/**
 * The author of a hidden item asks the curator to look again, once per hide (showing it again
 * clears the ask). For a brand curator the ask is a line in its audit log and the author's case
 * opens in the team inbox, with a link to the collection; a person curator sees it on the item.
 */
export async function requestCollectionItemReview(deps: CoreDeps, asked: Actor, collectionId: string, itemId: string, text: string | undefined): Promise<void> {
  const actor = await authorize(deps, asked, 'collections.contribute')
  const collection = await requireCollection(deps.storage.reads, collectionId)
  const item = await requireItem(deps.storage.reads, collectionId, itemId)
  if (item.authorId !== actor.accountId) throw new AppError('NOT_POST_AUTHOR', { itemId })
  const curator = await deps.storage.reads.accounts.byId(collection.curatorId)
  const added = text?.trim() ?? ''
  await deps.storage.transaction(async (tx) => {
    await askForReview(deps, tx, {
      mark: () => tx.collections.markItemReviewRequested(itemId, deps.clock.now()),
      hidden: async () => ((await tx.collections.itemById(itemId))?.hiddenAtMs ?? null) !== null,
      moderator: curator, authorId: item.authorId, text: added, details: { itemId },
      audit: { action: 'collectionItem.review.requested', subject: itemSubject(itemId) },
      activity: { action: 'review.requested', collectionId, itemId, moderationReason: added },
    })
    await announceItem(deps, tx, collection, itemId)
  })
}

/**
 * Opens an item's picture or file. A published item's (not hidden) is anyone's; a waiting or
 * hidden one's only for the curator and the author: `readerAccountIds` are the accounts the reader
 * is (their own, and the brands they are on the team of), empty for anyone. Else MEDIA_NOT_FOUND.
 */
export async function openCollectionMedia(deps: CoreDeps, collectionId: string, mediaId: string, variant: 'original' | 'thumbnail', readerAccountIds: () => Promise<readonly string[]>) {
  const reads = deps.storage.reads
  const collection = await reads.collections.byId(collectionId)
  if (!collection) throw new AppError('MEDIA_NOT_FOUND')
  const items = await reads.collections.itemsWithMedia(collectionId, mediaId)
  const publicly = collection.hiddenAtMs === null && items.some((i) => i.status === 'published' && i.hiddenAtMs === null)
  if (!publicly) {
    const readers = items.length === 0 ? [] : await readerAccountIds()
    const allowed = items.some((i) => i.status !== 'declined' && (readers.includes(collection.curatorId) || readers.includes(i.authorId)))
    if (!allowed) throw new AppError('MEDIA_NOT_FOUND')
  }
  const media = await reads.media.byId(mediaId)
  const key = variant === 'thumbnail' ? media?.thumbnailKey : media?.storageKey
  const stored = media && key ? await deps.mediaStore.open(key) : undefined
  if (!media || !stored) throw new AppError('MEDIA_NOT_FOUND')
  return { media, stream: stored.stream, sizeBytes: stored.sizeBytes, mimeType: variant === 'thumbnail' ? 'image/webp' : media.mimeType, publicly }
}
