import * as core from '@parloir/core'
import { AppError } from '@parloir/protocol'

/**
 * The operator's hand on an account: the person themself, or for a brand one of its owners (the
 * CLI runs on the data folder, with the rights of whoever holds it).
 */
async function operatorFor(deps: core.CoreDeps, account: core.AccountRecord): Promise<core.Actor> {
  if (account.kind === 'person') return { userId: account.id, accountId: account.id, sessionId: 'cli', role: 'self' }
  const owner = (await deps.storage.reads.brands.members(account.id)).find((m) => m.role === 'owner')
  if (account.kind !== 'brand' || !owner) throw new AppError('ACCOUNT_NOT_FOUND', { handle: account.handle })
  return { userId: owner.accountId, accountId: owner.accountId, sessionId: 'cli', role: 'self' }
}

async function accountByHandle(deps: core.CoreDeps, handle: string): Promise<core.AccountRecord> {
  const account = await deps.storage.reads.accounts.byHandle(handle.replace(/^@/, ''))
  if (!account || account.kind === 'visitor') throw new AppError('ACCOUNT_NOT_FOUND', { handle })
  return account
}

export interface CreatedAppKeys {
  app: { id: string; name: string; ownerAccountId: string; consumerKey: string; consumerSecret: string }
  /** OAuth 1.0a user context, acting as the owner (or the `--act-as` brand). */
  accessToken: string
  accessTokenSecret: string
  actingAs: { id: string; handle: string }
  /** An app-only bearer (OAuth 2 client credentials). */
  bearerToken: string
}

/** `parloir app create --owner H [--name N] [--act-as BRAND]`: an app with its keys and tokens, shown once. */
export async function createAppWithTokens(deps: core.CoreDeps, input: { owner: string; name?: string; actAs?: string }): Promise<CreatedAppKeys> {
  const owner = await accountByHandle(deps, input.owner)
  const operator = await operatorFor(deps, owner)
  const actingAs = input.actAs === undefined ? owner : await accountByHandle(deps, input.actAs)
  const created = await core.createApp(deps, operator, { name: input.name ?? `${owner.handle} app`, ownerAccountId: owner.id })
  const oauth1 = await core.createAppToken(deps, operator, created.app.id, { kind: 'oauth1', accountId: actingAs.id })
  const bearer = await core.createAppToken(deps, operator, created.app.id, { kind: 'app-only' })
  return {
    app: { id: created.app.id, name: created.app.name, ownerAccountId: owner.id, consumerKey: created.app.consumerKey, consumerSecret: created.consumerSecret },
    accessToken: oauth1.accessToken,
    accessTokenSecret: oauth1.accessTokenSecret ?? '',
    actingAs: { id: actingAs.id, handle: actingAs.handle },
    bearerToken: bearer.accessToken,
  }
}

/** `parloir app revoke ID`: the app and all its tokens, at once. */
export async function revokeAppById(deps: core.CoreDeps, appId: string): Promise<core.AppRecord> {
  const app = await deps.storage.reads.apps.byId(appId)
  const owner = app && (await deps.storage.reads.accounts.byId(app.ownerAccountId))
  if (!app || !owner) throw new AppError('APP_NOT_FOUND', { appId })
  await core.revokeApp(deps, await operatorFor(deps, owner), app.id)
  return app
}
