import * as core from '@parloir/core'
import type { ServerContext } from '../context.ts'
import { addRoute } from '../http.ts'

/** A brand's custom fields, and its customers' values of them (set from a conversation with the customer). */
export function customFieldRoutes(ctx: ServerContext): void {
  const { app, deps, auth } = ctx
  addRoute(app, auth, 'listCustomFields', async ({ actor, params }) => ({ customFields: await core.listCustomFields(deps, actor, params.brandId) }))
  addRoute(app, auth, 'createCustomField', ({ actor, params, body }) => core.createCustomField(deps, actor, params.brandId, body))
  addRoute(app, auth, 'updateCustomField', ({ actor, params, body }) => core.updateCustomField(deps, actor, params.brandId, params.fieldId, body))
  addRoute(app, auth, 'deleteCustomField', ({ actor, params }) => core.deleteCustomField(deps, actor, params.brandId, params.fieldId))
  addRoute(app, auth, 'updateCustomerFields', async ({ actor, params, body }) => ({
    fields: await core.updateCustomerFields(deps, actor, params.brandId, params.conversationId, body.values),
  }))
}
