import { AppError, type FieldProblem, type Me, type Session } from '@parloir/protocol'
import type { Actor, CoreDeps } from '../context.ts'
import { hashPassword } from '../accounts/passwords.ts'
import { newSession } from '../accounts/sessions.ts'
import { loadMe } from '../accounts/profile.ts'
import { codePointLength } from '../text/entities.ts'
import { pairKey } from '../conversations/access.ts'
import { saveInboxState } from '../team-inbox/inbox-state.ts'

const HANDLE = /^[A-Za-z0-9_]+$/

/** Sign-up's rules for these fields (protocol's `signup` body), every problem at once. */
function problemsOf(deps: CoreDeps, input: { handle: string; displayName: string; password: string }): FieldProblem[] {
  const { limits } = deps
  const problems: FieldProblem[] = []
  if (input.handle.length < 1 || input.handle.length > limits.handleChars || !HANDLE.test(input.handle)) {
    problems.push({ path: '/handle', message: `must be 1 to ${limits.handleChars} letters, digits or underscores` })
  }
  const name = codePointLength(input.displayName)
  if (name < 1 || name > limits.displayNameChars) problems.push({ path: '/displayName', message: `must be 1 to ${limits.displayNameChars} characters` })
  if (codePointLength(input.password) < limits.passwordMinChars || Buffer.byteLength(input.password, 'utf8') > limits.passwordBytes) {
    problems.push({ path: '/password', message: `must be at least ${limits.passwordMinChars} characters and at most ${limits.passwordBytes} bytes` })
  }
  return problems
}

/**
 * A visitor keeps its conversations by becoming a person: the same account, turned into a person
 * in place (a handle, a name, a password), so every conversation, message, note, label and
 * custom field the brands' teams hold about it stays theirs, under the same customer, with nothing
 * to move. Its visitor sessions end (the widget and pages of every browser it wrote from stop
 * acting as it, their streams close) and a person's session opens, for the web app.
 */
export async function keepVisitorConversations(
  deps: CoreDeps, actor: Actor, input: { handle: string; displayName: string; password: string }, userAgent: string,
): Promise<{ me: Me; session: Session }> {
  const visitor = await deps.storage.reads.accounts.byId(actor.userId)
  if (visitor?.kind !== 'visitor') throw new AppError('FORBIDDEN', { needs: 'visitor' })
  const problems = problemsOf(deps, input)
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', { fields: problems })
  const passwordHash = await hashPassword(input.password, deps.passwordCost)
  const opened = newSession(deps, visitor.id, userAgent)
  await deps.storage.transaction(async (tx) => {
    if (await tx.accounts.byHandle(input.handle)) throw new AppError('HANDLE_TAKEN', { handle: input.handle })
    if (!(await tx.accounts.becomePerson(visitor.id, { handle: input.handle, displayName: input.displayName.trim() || input.handle, passwordHash }))) {
      throw new AppError('FORBIDDEN', { needs: 'visitor' })
    }
    // The brand's inbox shows its customer as a person from now on (its views filter by kind), and its team is told.
    const conversation = visitor.issuedByBrandId ? await tx.conversations.byPairKey(pairKey(visitor.id, visitor.issuedByBrandId)) : undefined
    const row = conversation && visitor.issuedByBrandId ? await tx.inbox.get(visitor.issuedByBrandId, conversation.id) : undefined
    if (row) await saveInboxState(deps, tx, row, { customerKind: 'person' })
    const now = deps.clock.now()
    const ended = await tx.sessions.openOf(visitor.id, now)
    for (const session of ended) await tx.sessions.revoke(session.id, now)
    await tx.sessions.insert(opened.record)
    tx.afterCommit(() => { for (const session of ended) deps.fanout.publish({ type: 'session.revoked', sessionId: session.id }) })
  })
  const person = await deps.storage.reads.accounts.byId(visitor.id)
  if (!person) throw new AppError('ACCOUNT_NOT_FOUND')
  return { me: await loadMe(deps, person), session: opened.session }
}
