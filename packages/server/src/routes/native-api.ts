import type { ServerContext } from '../context.ts'
import { accountRoutes } from './accounts.ts'
import { appRoutes } from './apps.ts'
import { authRoutes } from './auth.ts'
import { brandMessagingRoutes } from './brand-messaging.ts'
import { collectionRoutes } from './collections.ts'
import { conversationRoutes } from './conversations.ts'
import { customFieldRoutes } from './custom-fields.ts'
import { discussionRoutes } from './discussions.ts'
import { mediaRoutes } from './media.ts'
import { operationRoutes } from './operations.ts'
import { savedReplyRoutes } from './saved-replies.ts'
import { streamRoutes } from './stream.ts'
import { teamInboxRoutes } from './team-inbox.ts'
import { toneRoutes } from './tone.ts'
import { moderationRoutes } from './moderation.ts'

/**
 * The native API, one plugin: the REST routes declared in `protocol` (accounts, sessions, brands,
 * brand messaging, saved replies, collections, apps, conversations, the team inbox and its custom fields,
 * messages, media), the
 * brand messaging, saved replies, apps, conversations, the team inbox and its custom fields,
 * messages, media, public discussions), the
 * WebSocket stream, and the operator's routes (health, readiness, metrics, the OpenAPI document).
 */
export function nativeApi(ctx: ServerContext): void {
  authRoutes(ctx)
  accountRoutes(ctx)
  appRoutes(ctx)
  brandMessagingRoutes(ctx)
  savedReplyRoutes(ctx)
  collectionRoutes(ctx)
  conversationRoutes(ctx)
  teamInboxRoutes(ctx)
  moderationRoutes(ctx)
  customFieldRoutes(ctx)
  toneRoutes(ctx)
  discussionRoutes(ctx)
  mediaRoutes(ctx)
  streamRoutes(ctx)
  operationRoutes(ctx)
}
