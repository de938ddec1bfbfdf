import { Type, type Static } from '@sinclair/typebox'
import { defaultLimits as L } from './limits.ts'
import { Id } from './models.ts'
import type { RouteDef } from './route-def.ts'

/**
 * The tone check's dry run: the verdict the composer shows as a team member types, asked of the
 * server (for programs, bots and other clients). The check itself is `@parloir/protocol/tone`,
 * kept off this entry so that bundles which never check carry none of its word lists.
 */

const def = <const R extends RouteDef>(route: R): R => route

const ToneLanguage = Type.Union([Type.Literal('en'), Type.Literal('fr')])

export const ToneFinding = Type.Object({
  kind: Type.Union(['curt', 'blaming', 'sarcastic', 'hostile', 'shouting', 'exclamations', 'tone'].map((k) => Type.Literal(k)), {
    description: "What was flagged: a rule's kind, or 'tone' for a sentence the model reads as harsh where no rule fired",
  }),
  start: Type.Integer({ minimum: 0, description: 'Where the flagged words start in the text, in UTF-16 code units' }),
  end: Type.Integer({ minimum: 0, description: 'Where they end (excluded)' }),
  excerpt: Type.String({ description: 'The flagged words, as written' }),
})

export const ToneVerdictReply = Type.Object({
  verdict: Type.Union([Type.Literal('fine'), Type.Literal('warn')], { description: 'A warning only: nothing refuses a send for its tone' }),
  language: ToneLanguage,
  findings: Type.Array(ToneFinding),
  suggestion: Type.Optional(Type.String({ description: 'A calmer version of the text, with `warn` only' })),
})
export type ToneVerdictReply = Static<typeof ToneVerdictReply>

export const ToneCheckBody = Type.Object({
  text: Type.String({ minLength: 1, maxLength: L.messageTextChars, description: 'What the team member is about to send or post as the brand' }),
  language: Type.Optional(ToneLanguage),
}, { additionalProperties: false })

export const toneCheckRoutes = {
  checkTone: def({
    method: 'POST', url: '/api/v1/brands/:brandId/tone-check', summary: 'Check the tone of a draft before sending it as the brand (a dry run: nothing is sent)', tags: ['messages'], auth: true,
    params: Type.Object({ brandId: Id }), body: ToneCheckBody, reply: ToneVerdictReply,
  }),
} as const
