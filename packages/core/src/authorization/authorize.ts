import { AppError, brandMay, type BrandAction } from '@parloir/protocol'
import type { Actor, CoreDeps } from '../context.ts'

/**
 * The one permission check of an action, made when the action runs. A person acting as
 * themself passes (their own account); a team member acting as a brand passes when the role
 * they hold now, read from storage at this moment, may take `action` in `brandPolicy`. So a
 * demotion or a removal takes effect on the next action, whatever stream or page it comes from.
 * Returns the actor with its current role. Not a member (any more) answers as if the brand did
 * not exist (ACCOUNT_NOT_FOUND): other tenants look missing.
 */
export async function authorize(deps: CoreDeps, actor: Actor, action: BrandAction): Promise<Actor> {
  if (actor.role === 'self') return actor
  const role = await deps.storage.reads.brands.role(actor.accountId, actor.userId)
  if (!role) throw new AppError('ACCOUNT_NOT_FOUND', { brandId: actor.accountId })
  if (!brandMay(role, action)) throw new AppError('FORBIDDEN', { role, needs: action })
  return role === actor.role ? actor : { ...actor, role }
}

/**
 * The actor as a member of the brand `brandId`, allowed to take `action`: what brand settings,
 * welcome messages, rules and the team routes (with the brand in their path) need.
 */
export async function actAsBrand(deps: CoreDeps, actor: Actor, brandId: string, action: BrandAction): Promise<Actor> {
  // 'viewer' is a placeholder: authorize reads the real role.
  return authorize(deps, { userId: actor.userId, accountId: brandId, sessionId: actor.sessionId, role: 'viewer', ...(actor.appId ? { appId: actor.appId } : {}) }, action)
}
