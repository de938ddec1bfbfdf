import { defaultLimits as L, customFieldValueProblem, type CustomField, type CustomerFieldValues } from '@parloir/protocol'

/** The customer panel's custom fields, without React: the form's values, its checks, what to send, what to link. */

/** The form's values: each field's stored value, or empty. */
export function valueDrafts(fields: readonly CustomField[], values: CustomerFieldValues): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [f.key, values[f.key] ?? '']))
}

export type ValueProblem = 'tooLong' | 'number' | 'date' | 'link'

/** Each field whose value would be refused, and why (the server checks the same). */
export function valueProblems(fields: readonly CustomField[], drafts: Readonly<Record<string, string>>): Map<string, ValueProblem> {
  const problems = new Map<string, ValueProblem>()
  for (const field of fields) {
    const value = (drafts[field.key] ?? '').trim()
    if ([...value].length > L.customFieldValueChars) problems.set(field.key, 'tooLong')
    else {
      const problem = customFieldValueProblem(field.type, value)
      if (problem) problems.set(field.key, problem)
    }
  }
  return problems
}

/** What a save sends: only the fields that changed, a cleared one as null. */
export function changedValues(fields: readonly CustomField[], values: CustomerFieldValues, drafts: Readonly<Record<string, string>>): Record<string, string | null> {
  const changed: Record<string, string | null> = {}
  for (const field of fields) {
    const next = (drafts[field.key] ?? '').trim()
    if (next !== (values[field.key] ?? '')) changed[field.key] = next === '' ? null : next
  }
  return changed
}

/** A link's address, only when it is an http(s) one (a value stored before a check, or of another type, is shown as text). */
export function safeHref(field: Pick<CustomField, 'type'>, value: string): string | null {
  return field.type === 'link' && customFieldValueProblem('link', value) === null ? value : null
}
