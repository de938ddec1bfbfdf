import * as core from '@parloir/core'
import type { ServerContext } from '../context.ts'
import { addRoute } from '../http.ts'

export function accountRoutes({ app, deps, auth }: ServerContext): void {
  addRoute(app, auth, 'getMe', ({ actor }) => core.getMe(deps, actor))
  addRoute(app, auth, 'updateProfile', ({ actor, body }) => core.updateProfile(deps, actor, body))
  addRoute(app, auth, 'updateSettings', ({ actor, body }) => core.updateSettings(deps, actor, body))
  // Public routes: the actor is whoever is logged in, or null (core hides visitors from strangers).
  addRoute(app, auth, 'getAccount', ({ actor, params }) => core.getAccount(deps, actor as core.Actor | null, { id: params.accountId }))
  addRoute(app, auth, 'getAccountByHandle', ({ actor, params }) => core.getAccount(deps, actor as core.Actor | null, { handle: params.handle }))
  addRoute(app, auth, 'searchPeople', async ({ actor, query }) => ({ accounts: await core.searchPeople(deps, actor, query) }))
  addRoute(app, auth, 'block', ({ actor, params }) => core.block(deps, actor, params.accountId))
  addRoute(app, auth, 'unblock', ({ actor, params }) => core.unblock(deps, actor, params.accountId))
  addRoute(app, auth, 'listBlocks', async ({ actor }) => ({ accounts: await core.listBlocks(deps, actor) }))
  addRoute(app, auth, 'report', ({ actor, params, body }) => core.report(deps, actor, params.accountId, body))
  addRoute(app, auth, 'createBrand', ({ actor, body }) => core.createBrand(deps, actor.userId, body))
  addRoute(app, auth, 'listBrandMembers', async ({ actor, params }) => ({ members: await core.listBrandMembers(deps, actor, params.brandId) }))
  addRoute(app, auth, 'setBrandMember', ({ actor, params, body }) => core.setBrandMember(deps, actor, params.brandId, params.accountId, body.role))
  addRoute(app, auth, 'removeBrandMember', ({ actor, params }) => core.removeBrandMember(deps, actor, params.brandId, params.accountId))
}
