import { defaultLimits as L, foldForMatching, type CustomFieldInput, type CustomFieldType } from '@parloir/protocol'
import { textProblems, type LocalFieldProblem } from './welcome-model.ts'

/** The console's custom-field form: its state, its checks and its mapping to the API. Pure; the server still judges. */

export interface CustomFieldDraft {
  label: string
  key: string
  type: CustomFieldType
  /** Whether the key was typed by hand; until then it follows the label. */
  keyTyped: boolean
}

export const emptyFieldDraft: CustomFieldDraft = { label: '', key: '', type: 'text', keyTyped: false }

/** A key from what one types or from a label: "Numéro de commande" → `numero_de_commande`, at most the key length. */
export function keyFrom(text: string): string {
  return foldForMatching(text).replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, L.customFieldKeyChars).replace(/_+$/, '')
}

/** The draft once the label changes: the key follows it, unless typed by hand. */
export function withLabel(draft: CustomFieldDraft, label: string): CustomFieldDraft {
  return { ...draft, label, key: draft.keyTyped ? draft.key : keyFrom(label) }
}

const keyPattern = /^[a-z0-9_]+$/

/** What the form can tell before asking the server, at the paths the server would use. */
export function customFieldProblems(draft: Pick<CustomFieldDraft, 'label' | 'key'>, checkKey = true): LocalFieldProblem[] {
  const problems = textProblems('/label', draft.label.trim(), L.customFieldLabelChars, true)
  if (!checkKey) return problems
  const key = textProblems('/key', draft.key, L.customFieldKeyChars, true)
  if (key.length === 0 && !keyPattern.test(draft.key)) key.push({ path: '/key', message: 'badKey' })
  return [...problems, ...key]
}

export function customFieldInput(draft: CustomFieldDraft): CustomFieldInput {
  return { key: draft.key, label: draft.label.trim(), type: draft.type }
}

/** How a saved reply names a field. */
export const fieldPlaceholder = (key: string) => `{{custom.${key}}}`
