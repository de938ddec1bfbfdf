import assert from 'node:assert/strict'
import type { ParloirProcess } from '../../support/parloir-process.ts'

/** A JSON answer, loosely typed: these tests read a few fields of many shapes. */
export type Body = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
export const password = 'correct horse battery'

/** A person signed up through the API, with its session token. */
export async function signup(server: ParloirProcess, handle: string): Promise<{ id: string; session: string }> {
  const res = await fetch(`${server.url}/api/v1/auth/signup`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ handle, displayName: handle, password }),
  })
  const body = await res.json() as Body
  assert.equal(res.status, 201, JSON.stringify(body))
  return { id: body.me.account.id, session: body.session.token }
}

/** Calls the native API with a bearer token; a 204 reads as an empty body. */
export function api(server: ParloirProcess, token: string) {
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Body }> => {
    const res = await fetch(`${server.url}${path}`, {
      method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}),
    })
    return { status: res.status, body: res.status === 204 ? {} : await res.json() as Body }
  }
}
