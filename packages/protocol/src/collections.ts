import { Type, type Static } from '@sinclair/typebox'
import { defaultLimits as L } from './limits.ts'
import { Account, Id, Media, Nullable, Timestamp } from './models.ts'
import type { RouteDef } from './route-def.ts'
import { ReasonBody, ReviewBody } from './moderation.ts'

/**
 * Collections: a person or a brand (the curator) keeps images, files, links and texts, in
 * sections, and lets others contribute, openly or with the curator's approval. Anyone with the
 * link reads the published items on a server-rendered page (`/collections/:id`).
 *
 * Moderation plugs in later: every item and collection has a stable id, its author, and
 * `hiddenAt` / `hiddenReason`, which the public page already shows as "hidden by the moderators".
 */

const def = <const R extends RouteDef>(route: R): R => route
const strict = { additionalProperties: false } as const

/** Who may add items: anyone, published at once (`open`), or anyone, waiting for the curator (`approval`). */
export const ContributionMode = Type.Union([Type.Literal('open'), Type.Literal('approval')], {
  description: 'open: others\' items are published at once; approval: they wait for the curator to approve or decline them',
})
export type ContributionMode = Static<typeof ContributionMode>

export const CollectionItemKind = Type.Union([Type.Literal('image'), Type.Literal('file'), Type.Literal('link'), Type.Literal('text')])
export type CollectionItemKind = Static<typeof CollectionItemKind>
export const CollectionItemStatus = Type.Union([Type.Literal('published'), Type.Literal('pending'), Type.Literal('declined')])
export type CollectionItemStatus = Static<typeof CollectionItemStatus>

const Title = Type.String({ minLength: 1, maxLength: L.collectionTitleChars, description: 'Spaces around it are dropped; not blank' })
const Description = Type.String({ maxLength: L.collectionDescriptionChars })

export const CollectionInput = Type.Object({
  title: Title,
  description: Type.Optional(Description),
  contributionMode: Type.Optional(ContributionMode),
  indexable: Type.Optional(Type.Boolean({ description: 'Whether search engines may index the public page (off by default)' })),
}, strict)
export type CollectionInput = Static<typeof CollectionInput>

export const CollectionPatch = Type.Object({
  title: Type.Optional(Title),
  description: Type.Optional(Description),
  contributionMode: Type.Optional(ContributionMode),
  indexable: Type.Optional(Type.Boolean()),
}, strict)
export type CollectionPatch = Static<typeof CollectionPatch>

export const Collection = Type.Object({
  id: Id,
  curatorId: Id,
  title: Type.String(),
  description: Type.String(),
  contributionMode: ContributionMode,
  indexable: Type.Boolean(),
  /** Published items. */
  itemCount: Type.Integer(),
  /** Contributions waiting for the curator (0 for readers who are not the curator). */
  pendingCount: Type.Integer(),
  /** The public page: anyone with it reads the published items, without an account. */
  publicUrl: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  hiddenAt: Nullable(Timestamp),
  hiddenReason: Nullable(Type.String()),
})
export type Collection = Static<typeof Collection>

export const CollectionSection = Type.Object({ id: Id, collectionId: Id, title: Type.String(), position: Type.Integer() })
export type CollectionSection = Static<typeof CollectionSection>

/** A picture or file of an item, served from this server (`url` reads it without an account once published). */
export const CollectionMedia = Type.Omit(Media, ['createdAt'])
export type CollectionMedia = Static<typeof CollectionMedia>

export const CollectionItem = Type.Object({
  id: Id,
  collectionId: Id,
  /** Null: at the top of the collection, before the first section. */
  sectionId: Nullable(Id),
  position: Type.Integer(),
  kind: CollectionItemKind,
  status: CollectionItemStatus,
  /** The account that added it (the brand when a team member added it as the brand). */
  authorId: Id,
  /** A caption (image, file), a title (text), or the page's title, as fetched once (link). Plain text. */
  title: Nullable(Type.String()),
  /** A text item's text, or a link's description as fetched once. Plain text, never HTML. */
  text: Nullable(Type.String()),
  /** A link's address (http or https only). */
  url: Nullable(Type.String()),
  /** A link's site, as the page names itself or its host. */
  siteName: Nullable(Type.String()),
  /** The image or file; for a link, its picture, fetched once and kept here (or null). */
  media: Nullable(CollectionMedia),
  createdAt: Timestamp,
  decidedAt: Nullable(Timestamp),
  hiddenAt: Nullable(Timestamp),
  hiddenReason: Nullable(Type.String()),
  /** Present only for those who may read a hidden item (its curator, its author): when its author asked for a review of the hide, once per hide. */
  reviewRequestedAt: Type.Optional(Nullable(Timestamp)),
})
export type CollectionItem = Static<typeof CollectionItem>

/** A collection as one reader sees it: published items, and the waiting ones the reader may see. */
export const CollectionView = Type.Object({
  collection: Collection,
  sections: Type.Array(CollectionSection),
  /** In order: the items before the first section, then each section's. */
  items: Type.Array(CollectionItem),
  /** The curator and the items' authors. */
  accounts: Type.Array(Account),
  viewer: Type.Object({
    /** The reader is the curator (or acts as the curator brand). */
    curates: Type.Boolean(),
    /** Whether an item the reader adds is published at once. */
    publishesDirectly: Type.Boolean(),
  }),
})
export type CollectionView = Static<typeof CollectionView>

export const CollectionItemInput = Type.Object({
  kind: Type.Union([Type.Literal('media'), Type.Literal('link'), Type.Literal('text')], {
    description: 'media: an upload of yours (mediaId), an image or a file; link: url, fetched once; text: text, and an optional title',
  }),
  sectionId: Type.Optional(Nullable(Id)),
  mediaId: Type.Optional(Id),
  url: Type.Optional(Type.String({ maxLength: L.urlChars, pattern: '^[Hh][Tt][Tt][Pp][Ss]?://', description: 'http or https only' })),
  title: Type.Optional(Type.String({ maxLength: L.collectionItemTitleChars, description: 'A caption or a text\'s title' })),
  text: Type.Optional(Type.String({ maxLength: L.collectionTextChars })),
}, strict)
export type CollectionItemInput = Static<typeof CollectionItemInput>

const CollectionParams = Type.Object({ collectionId: Id })
const SectionParams = Type.Object({ collectionId: Id, sectionId: Id })
const ItemParams = Type.Object({ collectionId: Id, itemId: Id })
const Position = Type.Integer({ minimum: 0, maximum: L.collectionItemsMax, description: 'Where to put it, from 0; past the end is the end' })

export const collectionRoutes = {
  listCollections: def({
    method: 'GET', url: '/api/v1/collections', summary: 'The collections the acting account curates, newest first', tags: ['collections'], auth: true,
    reply: Type.Object({ collections: Type.Array(Collection) }),
  }),
  createCollection: def({
    method: 'POST', url: '/api/v1/collections', summary: 'Start a collection, curated by the acting account', tags: ['collections'], auth: true, status: 201,
    body: CollectionInput, reply: Collection,
  }),
  getCollection: def({
    method: 'GET', url: '/api/v1/collections/:collectionId', summary: 'A collection with its sections and items, as the acting account sees it', tags: ['collections'], auth: true,
    params: CollectionParams, reply: CollectionView,
  }),
  updateCollection: def({
    method: 'PATCH', url: '/api/v1/collections/:collectionId', summary: 'Change a collection\'s title, description, contribution mode or indexing', tags: ['collections'], auth: true,
    params: CollectionParams, body: CollectionPatch, reply: Collection,
  }),
  deleteCollection: def({
    method: 'DELETE', url: '/api/v1/collections/:collectionId', summary: 'Delete a collection, its sections and items (the uploads stay their owners\')', tags: ['collections'], auth: true, status: 204,
    params: CollectionParams, reply: null,
  }),
  createCollectionSection: def({
    method: 'POST', url: '/api/v1/collections/:collectionId/sections', summary: 'Add a section at the end', tags: ['collections'], auth: true, status: 201,
    params: CollectionParams, body: Type.Object({ title: Title }, strict), reply: CollectionSection,
  }),
  updateCollectionSection: def({
    method: 'PATCH', url: '/api/v1/collections/:collectionId/sections/:sectionId', summary: 'Rename a section', tags: ['collections'], auth: true,
    params: SectionParams, body: Type.Object({ title: Title }, strict), reply: CollectionSection,
  }),
  moveCollectionSection: def({
    method: 'POST', url: '/api/v1/collections/:collectionId/sections/:sectionId/move', summary: 'Put a section at another place; the others keep their order', tags: ['collections'], auth: true,
    params: SectionParams, body: Type.Object({ position: Position }, strict), reply: Type.Object({ sections: Type.Array(CollectionSection) }),
  }),
  deleteCollectionSection: def({
    method: 'DELETE', url: '/api/v1/collections/:collectionId/sections/:sectionId', summary: 'Delete a section; its items go to the top of the collection', tags: ['collections'], auth: true, status: 204,
    params: SectionParams, reply: null,
  }),
  addCollectionItem: def({
    method: 'POST', url: '/api/v1/collections/:collectionId/items',
    summary: 'Add an image or file, a link (fetched once) or a text: published at once for the curator and in open collections, else waiting for the curator',
    tags: ['collections'], auth: true, status: 201,
    params: CollectionParams, body: CollectionItemInput, reply: CollectionItem,
  }),
  moveCollectionItem: def({
    method: 'POST', url: '/api/v1/collections/:collectionId/items/:itemId/move', summary: 'Move a published item to a section (null: the top) and a place in it', tags: ['collections'], auth: true,
    params: ItemParams, body: Type.Object({ sectionId: Nullable(Id), position: Position }, strict), reply: CollectionItem,
  }),
  removeCollectionItem: def({
    method: 'DELETE', url: '/api/v1/collections/:collectionId/items/:itemId', summary: 'Remove an item: the curator any, a contributor their own while it waits', tags: ['collections'], auth: true, status: 204,
    params: ItemParams, reply: null,
  }),
  approveContribution: def({
    method: 'POST', url: '/api/v1/collections/:collectionId/items/:itemId/approve', summary: 'Publish a waiting contribution, at the end of its section', tags: ['collections'], auth: true,
    params: ItemParams, reply: CollectionItem,
  }),
  declineContribution: def({
    method: 'POST', url: '/api/v1/collections/:collectionId/items/:itemId/decline', summary: 'Decline a waiting contribution: its author still sees it, marked declined', tags: ['collections'], auth: true,
    params: ItemParams, reply: CollectionItem,
  }),
  hideCollectionItem: def({
    method: 'PUT', url: '/api/v1/collections/:collectionId/items/:itemId/moderation', tags: ['collections'], auth: true,
    summary: 'The curator hides an item with a reason (never destroyed): others read only the reason; its author still reads it (POST_ALREADY_HIDDEN)',
    params: ItemParams, body: ReasonBody, reply: CollectionItem,
  }),
  unhideCollectionItem: def({
    method: 'DELETE', url: '/api/v1/collections/:collectionId/items/:itemId/moderation', tags: ['collections'], auth: true,
    summary: 'The curator shows a hidden item again, with a reason (POST_NOT_HIDDEN)',
    params: ItemParams, body: ReasonBody, reply: CollectionItem,
  }),
  requestCollectionItemReview: def({
    method: 'POST', url: '/api/v1/collections/:collectionId/items/:itemId/review', tags: ['collections'], auth: true, status: 204,
    summary: 'The author of a hidden item asks the curator to review the hide, once per hide (NOT_POST_AUTHOR, POST_NOT_HIDDEN, REVIEW_ALREADY_REQUESTED); a brand curator\'s team gets the case in its inbox',
    params: ItemParams,
    body: ReviewBody,
    reply: null,
  }),
} as const

/** The public page of a collection (server-rendered, no account). */
export const collectionPagePath = (collectionId: string) => `/collections/${collectionId}`
/** An item's picture or file, for the public page and the app. */
export const collectionMediaPath = (collectionId: string, mediaId: string, thumbnail = false) =>
  `/collections/${collectionId}/media/${mediaId}${thumbnail ? '?thumbnail=1' : ''}`
