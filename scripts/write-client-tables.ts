// Writes packages/protocol/src/client-tables.ts: what the typed client needs of the route and
// event catalogues (each route's method and path, the event names), without their schemas, so
// a browser bundle that uses the client (the widget frame has a 40 KB budget) carries none.
// packages/protocol/src/client-tables.test.ts fails when the committed copy is stale.
import { writeFileSync } from 'node:fs'
import { eventPayloads, routes } from '@parloir/protocol'

const file = new URL('../packages/protocol/src/client-tables.ts', import.meta.url)
const routeLines = Object.entries(routes).map(([name, route]) => `  ${name}: { method: '${route.method}', url: '${route.url}' },`)
const eventLines = Object.keys(eventPayloads).map((name) => `  '${name}',`)
writeFileSync(file, `// Generated from routes.ts and events.ts by \`npm run client-tables\` (scripts/write-client-tables.ts): do not edit.
// What a client needs to call a route and to know an event, without the schemas the server validates with.
import type { RouteDef } from './route-def.ts'
import type { RouteName } from './routes.ts'
import type { EventName } from './events.ts'

export type RouteTarget = Pick<RouteDef, 'method' | 'url'>

export const routeTargets: Record<RouteName, RouteTarget> = {
${routeLines.join('\n')}
}

export const eventNames: readonly EventName[] = [
${eventLines.join('\n')}
]
`)
console.log(`wrote ${file.pathname} (${routeLines.length} routes, ${eventLines.length} events)`)
