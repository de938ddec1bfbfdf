import { ParloirApiError } from '@parloir/client'
import { en, type MessageKey } from '../i18n/text.ts'

/**
 * One thing the server (or the form itself) found wrong, at a JSON pointer into the body, with
 * the rule that failed (`reason`: a schema keyword such as `pattern`, or a check's own name such
 * as `blank`) and the number it names (`limit`), when the server says them.
 */
export interface FieldProblem { path: string; message: string; reason?: string; limit?: number }

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string

/** Which rule to tell about when a field breaks several: the one to fix first. */
const reasonOrder = ['required', 'blank', 'type', 'minLength', 'maxLength', 'maxBytes', 'pattern', 'format']
const rank = (reason: string | undefined) => {
  const at = reasonOrder.indexOf(reason ?? '')
  return at < 0 ? reasonOrder.length : at
}

const isKey = (key: string): key is MessageKey => key in en

/**
 * One human sentence for a field's problem, in the reader's language: the field's own sentence
 * (`field.handle.pattern`: "A handle may use only letters, digits and _.") when there is one,
 * else the rule's (`field.maxLength`: "Write at most {limit} characters."), else a plain "is not
 * valid" (never the schema's text, which names regular expressions). A problem without a rule
 * keeps the sentence the server wrote for it.
 */
export function fieldSentence(problem: FieldProblem, t: Translate): string {
  // The server's own checks without a rule name write their sentence themselves (CALENDAR_INVALID).
  if (problem.reason === undefined) return problem.message
  const leaf = problem.path.split('/').filter((part) => part !== '' && !/^[0-9]+$/.test(part)).at(-1) ?? ''
  const reason = problem.reason ?? ''
  const limit = problem.limit ?? 0
  // A minimum length of one is "must not be empty": say that, not "at least 1 character".
  const rule = reason === 'minLength' && limit <= 1 ? 'empty' : reason
  for (const key of [`field.${leaf}.${rule}`, `field.${rule}`]) {
    if (rule !== '' && isKey(key)) return t(key, { limit })
  }
  return t('field.invalid')
}

/**
 * A path as the form names its inputs: `/quickReply/options/0/label`. The server writes
 * Fastify's `body/…` for schema failures and plain pointers for its own checks; both land here.
 */
export function normalisePath(path: string): string {
  const trimmed = path.trim().replace(/^\/+/, '')
  const body = trimmed.replace(/^body(\/|$)/, '')
  return body === '' ? '/' : `/${body}`
}

/**
 * The per-field problems a refusal carries (VALIDATION_FAILED, CALENDAR_INVALID), or none. With
 * `t`, each field keeps one problem (the one to fix first) told as a human sentence.
 */
export function problemsOf(error: unknown, t?: Translate): FieldProblem[] {
  if (!(error instanceof ParloirApiError)) return []
  const fields = error.details?.fields
  if (!Array.isArray(fields)) return []
  const raw = fields.flatMap((field: unknown): FieldProblem[] => {
    if (typeof field !== 'object' || field === null) return []
    const { path, message, reason, limit } = field as { path?: unknown; message?: unknown; reason?: unknown; limit?: unknown }
    if (typeof path !== 'string') return []
    return [{
      path: normalisePath(path), message: typeof message === 'string' && message !== '' ? message : 'is not valid',
      ...(typeof reason === 'string' ? { reason } : {}), ...(typeof limit === 'number' ? { limit } : {}),
    }]
  })
  if (!t) return raw
  const first = new Map<string, FieldProblem>()
  for (const problem of raw) {
    const kept = first.get(problem.path)
    if (!kept || rank(problem.reason) < rank(kept.reason)) first.set(problem.path, problem)
  }
  return [...first.values()].map((problem) => ({ ...problem, message: fieldSentence(problem, t) }))
}

/** One sentence per field of a refusal, by the field's name in the body (`/bio` → `bio`). */
export function fieldSentences(error: unknown, t: Translate): Record<string, string> {
  return Object.fromEntries(problemsOf(error, t).map((problem) => [problem.path.replace(/^\//, ''), problem.message]))
}

const segments = (path: string) => path.split('/').filter(Boolean)

function isPrefix(prefix: string[], of: string[]): boolean {
  return prefix.length <= of.length && prefix.every((segment, i) => segment === of[i])
}

export interface PlacedProblems {
  /** Messages by the target (input or row) they belong to. */
  byTarget: Map<string, string[]>
  /** Problems no target claims: shown once, above the form's buttons. */
  rest: FieldProblem[]
}

/**
 * Puts each problem next to the input it names: the target whose path is the longest prefix
 * of the problem's, by whole segments, so `/weekly/monday/1/end` goes to that shift's end
 * time, and `/weekly/monday/1` (an overlap) to the shift's row. `strip` drops a leading part
 * the form does not repeat in its targets, e.g. `/supportCalendar` for the calendar editor.
 */
export function placeProblems(problems: FieldProblem[], targets: Iterable<string>, strip = ''): PlacedProblems {
  const known = [...targets].map((target) => ({ target, parts: segments(target) }))
  const byTarget = new Map<string, string[]>()
  const rest: FieldProblem[] = []
  const stripped = segments(strip)
  for (const problem of problems) {
    let parts = segments(problem.path)
    if (stripped.length > 0 && isPrefix(stripped, parts)) parts = parts.slice(stripped.length)
    let best: { target: string; parts: string[] } | undefined
    for (const candidate of known) {
      if (candidate.parts.length === 0 && parts.length > 0) continue
      if (isPrefix(candidate.parts, parts) && (!best || candidate.parts.length > best.parts.length)) best = candidate
    }
    if (!best) {
      rest.push(problem)
      continue
    }
    // The part of the path below the target says which piece is wrong ("2/label" in a list).
    const below = parts.slice(best.parts.length)
    const message = below.length > 0 && !/^[0-9]+$/.test(below[0] ?? '') ? `${below.join(' › ')}: ${problem.message}` : problem.message
    byTarget.set(best.target, [...(byTarget.get(best.target) ?? []), message])
  }
  return { byTarget, rest }
}

/** Unicode code points, as the server's limits count them. */
export function codePoints(text: string): number {
  let count = 0
  for (const _ of text) count++
  return count
}

/** A refusal as a form shows it: sentences by the input they name, and one sentence for the form. */
export interface PlacedRefusal { byTarget: ReadonlyMap<string, string[]>; general: string | null }

export const noRefusal: PlacedRefusal = { byTarget: new Map(), general: null }

/**
 * A refusal placed on a form: each field's sentence beside the input it names (`targets`, as in
 * `placeProblems`), and above the buttons only "fix the marked fields" plus what no input claims.
 * A refusal that names no field is told by `whole` (the form's own sentence for it).
 */
export function placeRefusal(error: unknown, t: Translate, targets: Iterable<string>, whole: string): PlacedRefusal {
  const placed = placeProblems(problemsOf(error, t), targets)
  return { byTarget: placed.byTarget, general: sentenceAbove(placed, t, whole) }
}

/**
 * What a refused form says above its buttons once its problems are placed: "fix the marked
 * fields" and what no input claims (each field's sentence is beside its input, not repeated
 * here), or `whole` when the refusal marks no input.
 */
export function sentenceAbove(placed: { byTarget: ReadonlyMap<string, string[]>; rest: ReadonlyArray<{ message: string }> }, t: Translate, whole: string): string {
  if (placed.byTarget.size === 0) return whole
  return [t('console.problem.marked'), ...placed.rest.map((problem) => problem.message)].join(' ')
}
