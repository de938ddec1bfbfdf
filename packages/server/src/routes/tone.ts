import * as core from '@parloir/core'
import type { ServerContext } from '../context.ts'
import { addRoute } from '../http.ts'

/** The tone check's dry run: what the composer would warn about, asked of the server. */
export function toneRoutes(ctx: ServerContext): void {
  const { app, deps, auth } = ctx
  addRoute(app, auth, 'checkTone', ({ actor, params, body }) => core.checkToneAsBrand(deps, actor, params.brandId, body.text, body.language))
}
