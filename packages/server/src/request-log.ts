import type { FastifyRequest } from 'fastify'

/**
 * A URL as the logs keep it: the path and the names of its query parameters, every value
 * `[redacted]`. Values carry what must never be logged: a prefilled message (`?text=`), a file
 * name (`?name=`), a token a client put where it does not belong (`?token=`), OAuth parameters.
 */
export function loggableUrl(url: string): string {
  const mark = url.indexOf('?')
  if (mark === -1) return url
  const names = url.slice(mark + 1).split('&').filter(Boolean).map((pair) => {
    const equals = pair.indexOf('=')
    return `${equals === -1 ? pair : pair.slice(0, equals)}=[redacted]`
  })
  return `${url.slice(0, mark)}?${names.join('&')}`
}

/** Fastify's request serializer (method, URL, host, address, port), with the URL made loggable. */
export function serializeRequest(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: loggableUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  }
}
