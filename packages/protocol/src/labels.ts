import { Type, type Static } from '@sinclair/typebox'
import { defaultLimits as L } from './limits.ts'
import { Id, Timestamp } from './models.ts'
import type { RouteDef } from './route-def.ts'
import { InboxState } from './team-inbox.ts'
import { foldForMatching } from './text-folding.ts'

/**
 * Labels of the team inbox: a brand's own tags for its conversations ("Refund", "VIP"), put on
 * and taken off by the team, filtered on in the inbox. Like everything of the team inbox they are
 * the team's own and never shown to the customer (docs/team-inbox.md).
 */

const def = <const R extends RouteDef>(route: R): R => route
const strict = { additionalProperties: false } as const

/** The small fixed palette a label's colour comes from: the console draws each in its own tint. */
export const labelColours = ['grey', 'red', 'orange', 'yellow', 'green', 'teal', 'blue', 'purple'] as const
export const LabelColour = Type.Union(labelColours.map((c) => Type.Literal(c)), { description: 'One of the palette: the console picks the tint' })
export type LabelColour = (typeof labelColours)[number]

const LabelName = Type.String({
  minLength: 1, maxLength: L.labelNameChars,
  description: 'Unique in the brand, case and accents aside; spaces around it are dropped',
})

export const LabelInput = Type.Object({ name: LabelName, colour: LabelColour }, strict)
export type LabelInput = Static<typeof LabelInput>
export const LabelPatch = Type.Object({ name: Type.Optional(LabelName), colour: Type.Optional(LabelColour) }, strict)
export type LabelPatch = Static<typeof LabelPatch>

export const Label = Type.Object({
  id: Id,
  brandId: Id,
  name: Type.String(),
  colour: LabelColour,
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Label = Static<typeof Label>

/** What makes two label names the same: case, accents and spaces around aside ("VIP" and " vip "). */
export function labelNameKey(name: string): string {
  return foldForMatching(name.trim())
}

/** The order labels are listed in: by name, case and accents aside. */
export function compareLabels(a: Pick<Label, 'name' | 'id'>, b: Pick<Label, 'name' | 'id'>): number {
  const [x, y] = [labelNameKey(a.name), labelNameKey(b.name)]
  return x !== y ? (x < y ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

const BrandParams = Type.Object({ brandId: Id })
const LabelParams = Type.Object({ brandId: Id, labelId: Id })
const LabelOnConversationParams = Type.Object({ brandId: Id, conversationId: Id, labelId: Id })

export const labelRoutes = {
  listLabels: def({
    method: 'GET', url: '/api/v1/brands/:brandId/labels', summary: "The brand's labels, by name", tags: ['team inbox'], auth: true,
    params: BrandParams, reply: Type.Object({ labels: Type.Array(Label) }),
  }),
  createLabel: def({
    method: 'POST', url: '/api/v1/brands/:brandId/labels', summary: 'Make a label for the team inbox', tags: ['team inbox'], auth: true, status: 201,
    params: BrandParams, body: LabelInput, reply: Label,
  }),
  updateLabel: def({
    method: 'PATCH', url: '/api/v1/brands/:brandId/labels/:labelId', summary: 'Rename or recolour a label (everywhere it is)', tags: ['team inbox'], auth: true,
    params: LabelParams, body: LabelPatch, reply: Label,
  }),
  deleteLabel: def({
    method: 'DELETE', url: '/api/v1/brands/:brandId/labels/:labelId', summary: 'Delete a label: it comes off every conversation', tags: ['team inbox'], auth: true, status: 204,
    params: LabelParams, reply: null,
  }),
  addInboxLabel: def({
    method: 'PUT', url: '/api/v1/brands/:brandId/inbox/:conversationId/labels/:labelId', summary: 'Put a label on a conversation (nothing changes when it is on already)', tags: ['team inbox'], auth: true,
    params: LabelOnConversationParams, reply: InboxState,
  }),
  removeInboxLabel: def({
    method: 'DELETE', url: '/api/v1/brands/:brandId/inbox/:conversationId/labels/:labelId', summary: 'Take a label off a conversation (nothing changes when it is not on)', tags: ['team inbox'], auth: true,
    params: LabelOnConversationParams, reply: InboxState,
  }),
} as const
