import { AppError, type Button, type QuickReply } from '@parloir/protocol'
import type { CoreDeps } from '../context.ts'
import { codePointLength } from '../text/entities.ts'

const SAFE_URL = /^https?:\/\//i

/**
 * Business limits beyond the schema for anything a message can carry (sent messages, welcome
 * messages, keyword replies): configured sizes, link schemes, accounts that buttons name.
 * `textPath` is where the text sits in the request body, for the error's field path.
 */
export async function checkRichContent(
  deps: CoreDeps,
  content: { text?: string; buttons?: Button[]; quickReply?: QuickReply | null },
  textPath = '/text',
): Promise<void> {
  const limits = deps.limits
  const problems: Array<{ path: string; message: string }> = []
  if (codePointLength(content.text ?? '') > limits.messageTextChars) {
    problems.push({ path: textPath, message: `must be at most ${limits.messageTextChars} characters` })
  }
  content.buttons?.forEach((button: Button, i) => {
    if (button.type === 'web_url' && !SAFE_URL.test(button.url)) problems.push({ path: `/buttons/${i}/url`, message: 'must be an http or https URL' })
  })
  if (content.quickReply && content.quickReply.options.length > limits.quickReplyOptions) {
    problems.push({ path: '/quickReply/options', message: `must have at most ${limits.quickReplyOptions} options` })
  }
  if (problems.length) throw new AppError('VALIDATION_FAILED', { fields: problems })
  for (const button of content.buttons ?? []) {
    if (button.type === 'conversation' && !(await deps.storage.reads.accounts.byId(button.accountId))) {
      throw new AppError('ACCOUNT_NOT_FOUND', { accountId: button.accountId })
    }
  }
}
