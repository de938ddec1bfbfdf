/**
 * The tone check, on its own entry (`@parloir/protocol/tone`) so that only what uses it carries
 * its word lists: the server's dry run, and the web app's composer, which loads it on demand.
 */
export { checkTone, detectLanguage, type ToneFinding, type ToneKind, type ToneLanguage, type ToneVerdict } from './check-tone.ts'
