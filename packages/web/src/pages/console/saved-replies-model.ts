import { defaultLimits as L, type SavedReply, type SavedReplyInput, type SavedReplyScope } from '@parloir/protocol'
import { textProblems, type LocalFieldProblem } from './welcome-model.ts'

/** The saved-reply editor's state, its checks and its mapping to the API. Pure; the server still judges. */

export interface SavedReplyDraft { shortcut: string; title: string; text: string }

export const draftFromReply = (reply: SavedReply | null): SavedReplyDraft =>
  ({ shortcut: reply?.shortcut ?? '', title: reply?.title ?? '', text: reply?.text ?? '' })

/** What one types as a shortcut, as it is kept: without a leading `/`, in lower case. */
export const shortcutFrom = (typed: string) => typed.trim().replace(/^\/+/, '').toLowerCase()

const shortcutPattern = /^[a-z0-9_-]+$/

/** What the form can tell before asking the server, at the paths the server would use. */
export function savedReplyProblems(draft: SavedReplyDraft): LocalFieldProblem[] {
  const shortcut = shortcutFrom(draft.shortcut)
  const problems = textProblems('/shortcut', shortcut, L.savedReplyShortcutChars, true)
  if (problems.length === 0 && !shortcutPattern.test(shortcut)) problems.push({ path: '/shortcut', message: 'badShortcut' })
  return [
    ...problems,
    ...textProblems('/title', draft.title.trim(), L.savedReplyTitleChars, true),
    ...textProblems('/text', draft.text, L.messageTextChars, true),
  ]
}

export function savedReplyInput(draft: SavedReplyDraft, scope: SavedReplyScope): SavedReplyInput {
  return { scope, shortcut: shortcutFrom(draft.shortcut), title: draft.title.trim(), text: draft.text }
}
