import { AppError } from '@parloir/protocol'
import { checkTone, type ToneLanguage, type ToneVerdict } from '@parloir/protocol/tone'
import type { Actor, CoreDeps } from '../context.ts'
import { actAsBrand } from '../authorization/authorize.ts'

/**
 * The tone check's dry run for a member of the brand's team: the same pure check the composer
 * runs, so the API and the page always agree. Whoever may send as the brand may ask
 * (`messages.send`); nothing is written, and a warning never stops a send.
 */
export async function checkToneAsBrand(deps: CoreDeps, actor: Actor, brandId: string, text: string, language?: ToneLanguage): Promise<ToneVerdict> {
  await actAsBrand(deps, actor, brandId, 'messages.send')
  // The schema caps the length; spaces only have no tone to check.
  if (text.trim() === '') throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'body/text', message: 'must not be blank', reason: 'blank' }] })
  return checkTone(text, language ? { language } : {})
}
