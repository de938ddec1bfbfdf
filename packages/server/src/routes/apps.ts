import * as core from '@parloir/core'
import type { ServerContext } from '../context.ts'
import { addRoute } from '../http.ts'

const authorizationInput = (q: { client_id: string; redirect_uri: string; scope: string; code_challenge: string; code_challenge_method: string }) => ({
  clientId: q.client_id, redirectUri: q.redirect_uri, scope: q.scope, codeChallenge: q.code_challenge, codeChallengeMethod: q.code_challenge_method,
})

/** Developer apps of a person or of their brands: create (secret shown once), tokens, revocation. */
export function appRoutes({ app, deps, auth }: ServerContext): void {
  addRoute(app, auth, 'listApps', async ({ actor }) => ({ apps: await core.listApps(deps, actor) }))
  addRoute(app, auth, 'createApp', ({ actor, body }) => core.createApp(deps, actor, body))
  addRoute(app, auth, 'getApp', ({ actor, params }) => core.getApp(deps, actor, params.appId))
  addRoute(app, auth, 'updateApp', ({ actor, params, body }) => core.updateApp(deps, actor, params.appId, body))
  addRoute(app, auth, 'revokeApp', ({ actor, params }) => core.revokeApp(deps, actor, params.appId))
  addRoute(app, auth, 'createAppToken', ({ actor, params, body }) => core.createAppToken(deps, actor, params.appId, body))
  addRoute(app, auth, 'describeAuthorization', async ({ actor, query }) => {
    const { app: client, scopes } = await core.describeAuthorization(deps, authorizationInput(query))
    const owner = await deps.storage.reads.accounts.byId(client.ownerAccountId)
    return {
      app: { name: client.name, clientId: client.consumerKey, ...(owner ? { owner: { handle: owner.handle, displayName: owner.displayName } } : {}) },
      scopes, accounts: await core.grantableAccounts(deps, actor),
    }
  })
  addRoute(app, auth, 'approveAuthorization', async ({ actor, body }) => {
    const input = authorizationInput(body)
    // Checked before anything is sent back: a redirect URI the app did not register gets no code and no error redirect.
    await core.describeAuthorization(deps, input)
    const target = new URL(body.redirect_uri)
    if (!body.approve) {
      target.searchParams.set('error', 'access_denied')
    } else {
      const { code } = await core.approveAuthorization(deps, actor, { ...input, ...(body.actAsAccountId ? { actAsAccountId: body.actAsAccountId } : {}) })
      target.searchParams.set('code', code)
    }
    target.searchParams.set('state', body.state)
    return { redirectTo: target.toString() }
  })
  addRoute(app, auth, 'revokeAppToken', ({ actor, params }) => core.revokeAppToken(deps, actor, params.appId, params.tokenId))
}
