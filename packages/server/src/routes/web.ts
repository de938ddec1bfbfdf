import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyReply, FastifyRequest } from 'fastify'
import fastifyStatic from '@fastify/static'
import type { ServerContext } from '../context.ts'

/**
 * The pages' security policy: scripts and styles only from this origin (no inline, no eval),
 * never framed, no plugins, forms and connections to this origin only.
 */
export const pageSecurityPolicy = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' blob: data:", "media-src 'self' blob:",
  "connect-src 'self'", "font-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ')

const securityHeaders = {
  'content-security-policy': pageSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
}

/** Serves the built web app; every other page path gets index.html (the app routes itself). */
export async function webRoutes({ app, config }: ServerContext): Promise<(request: FastifyRequest, reply: FastifyReply) => boolean> {
  const index = join(config.webDir, 'index.html')
  if (!existsSync(index)) {
    app.log.warn({ webDir: config.webDir }, 'web app not built: run npm run build:web')
    return (request, reply) => {
      if (request.method !== 'GET' || request.url.startsWith('/api/')) return false
      reply.code(503).headers(securityHeaders).type('text/plain; charset=utf-8').send('The web app is not built yet: run `npm run build:web` (npm start does it).')
      return true
    }
  }
  const html = readFileSync(index)
  await app.register(fastifyStatic, {
    root: config.webDir,
    prefix: '/',
    index: false,
    wildcard: false,
    cacheControl: false,
    setHeaders(res, path) {
      for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value)
      // Hashed assets never change; everything else is revalidated.
      res.setHeader('cache-control', path.includes(`${join('/', 'assets', '/')}`) ? 'public, max-age=31536000, immutable' : 'no-cache')
    },
  })
  return (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false
    const path = request.url.split('?')[0] ?? ''
    if (path.startsWith('/api/') || /\.[a-z0-9]+$/i.test(path)) return false
    reply.code(200).headers({ ...securityHeaders, 'cache-control': 'no-cache' }).type('text/html; charset=utf-8').send(html)
    return true
  }
}
