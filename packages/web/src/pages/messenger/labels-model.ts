import { compareLabels, defaultLimits as L, labelNameKey, type Label } from '@parloir/protocol'

/**
 * Labels as the team's pages show them: a conversation carries label ids (its inbox state), the
 * brand's set gives each a name and colour. Pure, so the rules are tested without a page.
 */

/** The labels a conversation carries, in the brand's order (by name); ids not in the set are left out. */
export function labelsOn(ids: readonly string[], labels: readonly Label[] | null): Label[] {
  if (!labels || ids.length === 0) return []
  const on = new Set(ids)
  return labels.filter((l) => on.has(l.id)).sort(compareLabels)
}

/** Whether a conversation carries a label the set does not know yet (made since it was asked for). */
export function hasUnknownLabel(ids: readonly string[], labels: readonly Label[] | null): boolean {
  if (!labels) return false
  return ids.some((id) => !labels.some((l) => l.id === id))
}

/** The chips a row has room for, and how many more there are. */
export function chipsFor(labels: readonly Label[], room: number): { shown: Label[]; more: number } {
  return labels.length <= room ? { shown: [...labels], more: 0 } : { shown: labels.slice(0, Math.max(0, room - 1)), more: labels.length - Math.max(0, room - 1) }
}

/** The label form's inputs, as a refusal names them (`/name`, `/colour`). */
export const labelTargets = ['/name', '/colour']

export type LabelNameProblem = 'blank' | 'long' | 'taken'

/** What is wrong with a name typed for a label, before asking the server (which checks the same). */
export function labelNameProblem(name: string, labels: readonly Label[], exceptId: string | null = null): LabelNameProblem | null {
  const trimmed = name.trim()
  if (trimmed === '') return 'blank'
  if ([...trimmed].length > L.labelNameChars) return 'long'
  const key = labelNameKey(trimmed)
  return labels.some((l) => l.id !== exceptId && labelNameKey(l.name) === key) ? 'taken' : null
}

/** The set after one label was made or changed, in the brand's order. */
export function withLabel(labels: readonly Label[], label: Label): Label[] {
  return [...labels.filter((l) => l.id !== label.id), label].sort(compareLabels)
}
