import { test } from 'node:test'
import assert from 'node:assert/strict'
import { routes } from './routes.ts'
import { eventPayloads } from './events.ts'
import { eventNames, routeTargets } from './client-tables.ts'

test('routeTargets is routes without their schemas: the same names, methods and paths', () => {
  const expected = Object.fromEntries(Object.entries(routes).map(([name, route]) => [name, { method: route.method, url: route.url }]))
  assert.deepEqual(routeTargets, expected, 'stale: run `npm run client-tables`')
})

test('eventNames is the event catalogue without its schemas', () => {
  assert.deepEqual(eventNames, Object.keys(eventPayloads), 'stale: run `npm run client-tables`')
})
