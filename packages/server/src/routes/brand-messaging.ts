import * as core from '@parloir/core'
import type { ServerContext } from '../context.ts'
import { addRoute } from '../http.ts'
import { startVisitorConversation } from './send-message.ts'

/** Welcome messages, support hours and automation, custom profiles, the brand card, visitors. */
export function brandMessagingRoutes(ctx: ServerContext): void {
  const { app, deps, auth, rates, config } = ctx
  addRoute(app, auth, 'updateBrandProfile', ({ actor, params, body }) => core.updateBrandProfile(deps, actor, params.brandId, body))
  addRoute(app, auth, 'getBrandCard', ({ params, query }) => core.getBrandCard(deps, params.brandId, query.welcomeMessageId))
  addRoute(app, auth, 'getBrandMessaging', ({ actor, params }) => core.getBrandMessaging(deps, actor, params.brandId))
  addRoute(app, auth, 'updateBrandMessaging', ({ actor, params, body }) => core.updateBrandMessaging(deps, actor, params.brandId, body))

  addRoute(app, auth, 'listWelcomeMessages', async ({ actor, params }) => ({ welcomeMessages: await core.listWelcomeMessages(deps, actor, params.brandId) }))
  addRoute(app, auth, 'createWelcomeMessage', ({ actor, params, body }) => core.createWelcomeMessage(deps, actor, params.brandId, body))
  addRoute(app, auth, 'updateWelcomeMessage', ({ actor, params, body }) => core.updateWelcomeMessage(deps, actor, params.brandId, params.welcomeMessageId, body))
  addRoute(app, auth, 'deleteWelcomeMessage', ({ actor, params }) => core.deleteWelcomeMessage(deps, actor, params.brandId, params.welcomeMessageId))

  addRoute(app, auth, 'listKeywordRules', async ({ actor, params }) => ({ rules: await core.listKeywordRules(deps, actor, params.brandId) }))
  addRoute(app, auth, 'createKeywordRule', ({ actor, params, body }) => core.createKeywordRule(deps, actor, params.brandId, body))
  addRoute(app, auth, 'updateKeywordRule', ({ actor, params, body }) => core.updateKeywordRule(deps, actor, params.brandId, params.ruleId, body))
  addRoute(app, auth, 'deleteKeywordRule', ({ actor, params }) => core.deleteKeywordRule(deps, actor, params.brandId, params.ruleId))

  addRoute(app, auth, 'listCustomProfiles', async ({ actor, params }) => ({ customProfiles: await core.listCustomProfiles(deps, actor, params.brandId) }))
  addRoute(app, auth, 'createCustomProfile', ({ actor, params, body }) => core.createCustomProfile(deps, actor, params.brandId, body))
  addRoute(app, auth, 'deleteCustomProfile', ({ actor, params }) => core.deleteCustomProfile(deps, actor, params.brandId, params.profileId))

  addRoute(app, auth, 'startVisitorConversation', async ({ body, request }) => {
    // Keyed on the address and the site, so one busy site cannot lock out visitors of another.
    await rates.require(`visitor-start:${request.ip}:${body.site ?? ''}`, config.rateLimits.visitorStartsPerAddressAndSite, 'per-node')
    return startVisitorConversation(ctx, body, { userAgent: request.headers['user-agent'] ?? '' })
  })
  addRoute(app, auth, 'updateVisitor', ({ actor, body }) => core.updateVisitor(deps, actor, body))

  // Identity verification: the brand's secret (owner and admin) and the widget's exchange.
  addRoute(app, auth, 'getIdentityVerification', ({ actor, params }) => core.getIdentityVerification(deps, actor, params.brandId))
  addRoute(app, auth, 'regenerateIdentitySecret', ({ actor, params }) => core.regenerateIdentitySecret(deps, actor, params.brandId))
  addRoute(app, auth, 'identifyVisitor', async ({ actor, body, request }) => {
    await rates.require(`visitor-identify:${request.ip}`, config.rateLimits.visitorStartsPerAddressAndSite, 'per-node')
    return core.identifyVisitor(deps, actor as core.Actor | null, body, { userAgent: request.headers['user-agent'] ?? '' })
  })
}
