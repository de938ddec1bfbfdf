import { ParloirApiError } from '@parloir/client'

/** One thing the server (or the form itself) found wrong, at a JSON pointer into the body. */
export interface FieldProblem { path: string; message: string }

/**
 * A path as the form names its inputs: `/quickReply/options/0/label`. The server writes
 * Fastify's `body/…` for schema failures and plain pointers for its own checks; both land here.
 */
export function normalisePath(path: string): string {
  const trimmed = path.trim().replace(/^\/+/, '')
  const body = trimmed.replace(/^body(\/|$)/, '')
  return body === '' ? '/' : `/${body}`
}

/** The per-field problems a refusal carries (VALIDATION_FAILED, CALENDAR_INVALID), or none. */
export function problemsOf(error: unknown): FieldProblem[] {
  if (!(error instanceof ParloirApiError)) return []
  const fields = error.details?.fields
  if (!Array.isArray(fields)) return []
  return fields.flatMap((field: unknown) => {
    if (typeof field !== 'object' || field === null) return []
    const { path, message } = field as { path?: unknown; message?: unknown }
    if (typeof path !== 'string') return []
    return [{ path: normalisePath(path), message: typeof message === 'string' && message !== '' ? message : 'is not valid' }]
  })
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
