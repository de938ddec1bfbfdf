import type { FastifyRequest } from 'fastify'
import { AppError } from '@parloir/protocol'

/**
 * What a Host header may hold: a name (letters, digits, `.`, `-`, and `_` as container names
 * have), an IPv4 address or a bracketed IPv6 address, then an optional port.
 */
const HOST = /^(?:[A-Za-z0-9_](?:[A-Za-z0-9._-]{0,252})|\[[0-9A-Fa-f:.]{2,45}\])(?::([0-9]{1,5}))?$/

/**
 * The host the request was sent to (Host, or X-Forwarded-Host behind a trusted proxy), checked:
 * undefined when there is none (HTTP/1.0), HOST_INVALID when it is not a host[:port]. Every
 * request passes here first (app.ts), so nothing later builds a URL from a malformed one.
 */
export function requestHost(request: FastifyRequest): string | undefined {
  const host = request.host
  // HTTP/1.0 allows no Host at all (some load balancers' health checks): nothing to check then.
  if (host === '' && request.headers.host === undefined) return undefined
  const match = HOST.exec(host)
  if (!match || Number(match[1] ?? 0) > 65_535) throw new AppError('HOST_INVALID')
  return host.toLowerCase()
}

/**
 * The origin this server answers on, as the request saw it (`http://dm.example.com:3000`): for
 * same-origin checks and links in API answers. Pages' security policies use `'self'`, never this.
 */
export function requestOrigin(request: FastifyRequest): string {
  const host = requestHost(request)
  if (host === undefined) throw new AppError('HOST_INVALID', { reason: 'no Host header' })
  return `${request.protocol}://${host}`
}
