import { ParloirApiError } from '@parloir/client'
import { en, type MessageKey } from '../i18n/text.ts'
import type { Locale } from '../i18n/i18n.tsx'

/**
 * What to tell a person when a call fails: the server's own message (it names the rule that
 * refused, e.g. LAST_OWNER), translated when we know that code in the reader's language, and a
 * plain sentence when the server could not be reached at all.
 */
export function errorMessage(error: unknown, i18n: { locale: Locale; t(key: MessageKey): string }): string {
  if (error instanceof ParloirApiError) {
    const key = `error.${error.code}`
    if (i18n.locale !== 'en' && key in en) return i18n.t(key as MessageKey)
    return error.message
  }
  // fetch rejects with a TypeError when the network fails.
  if (error instanceof TypeError) return i18n.t('error.network')
  return error instanceof Error ? error.message : String(error)
}

/** Per-field messages of a VALIDATION_FAILED answer, by body field name (`body/bio` → `bio`). */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ParloirApiError)) return {}
  const list = (error.details?.fields ?? []) as Array<{ path: string; message: string }>
  return Object.fromEntries(list.map((f) => [f.path.replace(/^\/?body\//, ''), f.message]))
}
