import { AppError, type Me, type Session, type Settings } from '@parloir/protocol'
import type { CoreDeps } from '../context.ts'
import type { AccountRecord } from '../ports/storage.ts'
import { checkPasswordSize, hashPassword } from './passwords.ts'
import { openSession } from './sessions.ts'
import { loadMe } from './profile.ts'

export interface NewAccountInput {
  kind: 'person' | 'brand'
  handle: string
  displayName: string
  bio?: string
  password?: string
}

/**
 * People accept requests by default; brands hear from anyone (the point of a "Message us" button).
 * People are not found by name in search until they choose to be (only their exact handle finds
 * them, as before); brands always are: their profiles are public.
 */
export function defaultSettings(kind: 'person' | 'brand'): Settings {
  return { receiveMessagesFromAnyone: kind === 'brand', sendReadReceipts: true, discoverable: kind === 'brand' }
}

/**
 * Creates an account. The unique index on the handle decides between two concurrent sign-ups
 * with the same handle; the loser gets HANDLE_TAKEN.
 */
export async function createAccount(deps: CoreDeps, input: NewAccountInput): Promise<AccountRecord> {
  if (input.password !== undefined) checkPasswordSize(input.password, deps.limits.passwordBytes)
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password, deps.passwordCost)
  const account: AccountRecord = {
    id: deps.ids.next(),
    kind: input.kind,
    handle: input.handle,
    displayName: input.displayName.trim() || input.handle,
    bio: input.bio ?? '',
    avatarMediaId: null,
    passwordHash,
    email: null,
    settings: defaultSettings(input.kind),
    createdAtMs: deps.clock.now(),
  }
  await deps.storage.transaction(async (tx) => {
    if (await tx.accounts.byHandle(input.handle)) throw new AppError('HANDLE_TAKEN', { handle: input.handle })
    await tx.accounts.insert(account)
  })
  return account
}

export async function signUp(
  deps: CoreDeps,
  input: { handle: string; displayName: string; password: string },
  userAgent: string,
): Promise<{ me: Me; session: Session }> {
  const account = await createAccount(deps, { kind: 'person', ...input })
  const session = await openSession(deps, account.id, userAgent)
  return { me: await loadMe(deps, account), session }
}
