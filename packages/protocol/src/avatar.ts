/**
 * The one colour of an account's initials, the same on every surface (web app, console, the
 * server's pages, the widget): chosen from the account's id, so a change of handle or name keeps
 * it. The palette keeps white initials readable (contrast at least 4.5:1) in light and dark themes.
 */
export const avatarColours = ['#2f5d50', '#6b3fa0', '#9c3b2e', '#1f5f8b', '#7a5a00', '#8a2d5c', '#3d5a1e', '#55565a'] as const

/** Which of `avatarColours` an id gets (the server's pages use it as a class, their policy allowing no inline style). */
export function avatarColourIndex(accountId: string): number {
  let hash = 0
  for (const char of accountId) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0
  return hash % avatarColours.length
}

export function avatarColour(accountId: string): string {
  return avatarColours[avatarColourIndex(accountId)] ?? avatarColours[0]
}

/** The letters on an avatar without a picture: the first and last words' first letters, or one for small circles. */
export function avatarInitials(name: string, count: 1 | 2 = 2): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  const letters = words.length >= 2 && count === 2 ? [words[0], words.at(-1)] : [words[0]]
  return letters.map((word) => Array.from(word ?? '')[0] ?? '').join('').toUpperCase() || '?'
}
