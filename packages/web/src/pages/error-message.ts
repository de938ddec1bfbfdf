import { ParloirApiError } from '@parloir/client'
import { en, type MessageKey } from '../i18n/text.ts'
import type { Locale } from '../i18n/i18n.tsx'
import { fieldSentences, problemsOf } from './field-problems.ts'

/**
 * What to tell a person when a call fails: the server's own message (it names the rule that
 * refused, e.g. LAST_OWNER), translated when we know that code in the reader's language, and a
 * plain sentence when the server could not be reached at all.
 */
export function errorMessage(error: unknown, i18n: { locale: Locale; t(key: MessageKey, values?: Record<string, string | number>): string }): string {
  if (error instanceof ParloirApiError) {
    // A form that does not place each field's sentence beside it still says each one.
    const fields = error.code === 'VALIDATION_FAILED' ? problemsOf(error, i18n.t) : []
    if (fields.length > 0) return fields.map((field) => field.message).join(' ')
    const key = `error.${error.code}`
    if (i18n.locale !== 'en' && key in en) return i18n.t(key as MessageKey)
    return error.message
  }
  // fetch rejects with a TypeError when the network fails.
  if (error instanceof TypeError) return i18n.t('error.network')
  return error instanceof Error ? error.message : String(error)
}

/** One human sentence per field of a VALIDATION_FAILED answer, by body field name (`body/bio` → `bio`). */
export const fieldErrors = fieldSentences
