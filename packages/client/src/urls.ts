/** A value a URL may carry: path params and query values are written as text. */
export type UrlValue = string | number | boolean

/**
 * Fills `:name` segments of a route template, each percent-encoded, so an id can never add a
 * path segment or a query. A missing param is a bug in the caller: it throws rather than
 * sending a request to the wrong route.
 */
export function fillPath(template: string, params: Record<string, UrlValue | undefined> | undefined): string {
  return template.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => {
    const value = params?.[name]
    if (value === undefined || value === '') throw new TypeError(`Route ${template} needs the path param "${name}".`)
    return encodeURIComponent(String(value))
  })
}

/**
 * Encodes a query object; undefined and null values are left out, arrays repeat their key.
 * Answers "" or "?a=1&b=2".
 */
export function encodeQuery(query: Record<string, UrlValue | readonly UrlValue[] | null | undefined> | undefined): string {
  if (!query) return ''
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue
    if (Array.isArray(value)) for (const item of value as readonly UrlValue[]) search.append(key, String(item))
    else search.append(key, String(value))
  }
  const text = search.toString()
  return text === '' ? '' : `?${text}`
}

/** `baseUrl` may end with a slash or carry a path prefix (`https://example.com/parloir`). */
export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`
}

export function buildUrl(
  baseUrl: string,
  template: string,
  params?: Record<string, UrlValue | undefined>,
  query?: Record<string, UrlValue | readonly UrlValue[] | null | undefined>,
): string {
  return joinUrl(baseUrl, fillPath(template, params)) + encodeQuery(query)
}

/** The stream's address: http becomes ws and https wss; `cursor` resumes after that event. */
export function streamUrl(baseUrl: string, cursor?: number): string {
  const url = new URL(joinUrl(baseUrl, '/api/v1/stream'))
  if (url.protocol === 'http:') url.protocol = 'ws:'
  else if (url.protocol === 'https:') url.protocol = 'wss:'
  else if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new TypeError(`baseUrl must be http(s) or ws(s), got ${url.protocol}`)
  if (cursor !== undefined) url.searchParams.set('cursor', String(cursor))
  return url.toString()
}
