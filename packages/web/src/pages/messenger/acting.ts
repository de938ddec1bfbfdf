/**
 * Whom the messenger acts as: the person, or a brand they are on the team of, named by
 * `?as=<brandId>` (the console links with it). Links inside the messenger keep it.
 */
export function actingAs(): string | null {
  return new URLSearchParams(location.search).get('as')
}

/** An in-messenger path that keeps acting as the same account. */
export function href(path: string): string {
  const as = actingAs()
  return as ? `${path}?as=${encodeURIComponent(as)}` : path
}
