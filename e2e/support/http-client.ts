import { Agent, request } from 'node:http'

export interface JsonResponse<T = unknown> {
  status: number
  body: T
}

/** A network failure (refused, reset, timed out): the request may or may not have been processed. */
export class NetworkError extends Error {
  constructor(readonly code: string, message: string) {
    super(message)
  }
}

/**
 * A small JSON-over-HTTP client on a keep-alive agent: cheap enough to drive thousands of
 * requests a second from one process, and it reports network failures apart from answers.
 */
export class JsonClient {
  readonly agent: Agent
  readonly timeoutMs: number
  readonly #url: URL

  constructor(baseUrl: string, options: { maxSockets?: number; timeoutMs?: number } = {}) {
    this.#url = new URL(baseUrl)
    this.agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64, scheduling: 'lifo' })
    this.timeoutMs = options.timeoutMs ?? 10_000
  }

  request<T = unknown>(method: string, path: string, options: { token?: string; body?: unknown; timeoutMs?: number } = {}): Promise<JsonResponse<T>> {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body)
    const headers: Record<string, string> = { accept: 'application/json' }
    if (payload !== undefined) {
      headers['content-type'] = 'application/json'
      headers['content-length'] = String(Buffer.byteLength(payload))
    }
    if (options.token) headers.authorization = `Bearer ${options.token}`
    return new Promise<JsonResponse<T>>((resolve, reject) => {
      const req = request({ host: this.#url.hostname, port: this.#url.port, method, path, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', (error: NodeJS.ErrnoException) => reject(new NetworkError(error.code ?? 'ERESPONSE', error.message)))
        res.on('end', () => {
          clearTimeout(timer)
          const text = Buffer.concat(chunks).toString('utf8')
          let body: unknown = text
          if (text !== '' && (res.headers['content-type'] ?? '').includes('json')) {
            try { body = JSON.parse(text) } catch { body = text }
          }
          resolve({ status: res.statusCode ?? 0, body: body as T })
        })
      })
      const timeoutMs = options.timeoutMs ?? this.timeoutMs
      const timer = setTimeout(() => req.destroy(new NetworkError('ETIMEDOUT', `${method} ${path}: no answer in ${timeoutMs} ms`)), timeoutMs)
      req.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer)
        reject(error instanceof NetworkError ? error : new NetworkError(error.code ?? 'ENETWORK', `${method} ${path}: ${error.message}`))
      })
      req.end(payload)
    })
  }

  /** Like `request`, but any answer other than `expected` is an error. */
  async expect<T = unknown>(expected: number | number[], method: string, path: string, options: { token?: string; body?: unknown; timeoutMs?: number } = {}): Promise<T> {
    const res = await this.request<T>(method, path, options)
    const ok = Array.isArray(expected) ? expected.includes(res.status) : res.status === expected
    if (!ok) throw new Error(`${method} ${path}: expected ${String(expected)}, got ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`)
    return res.body
  }

  close(): void {
    this.agent.destroy()
  }
}
