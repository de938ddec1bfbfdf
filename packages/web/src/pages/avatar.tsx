import type { Account } from '@parloir/protocol'

/** A steady colour per handle, dark enough for white initials in both themes (contrast ≥ 4.5). */
function hueOf(handle: string): number {
  let hash = 0
  for (const char of handle.toLowerCase()) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  return hash % 360
}

function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words
  return letters.map((word) => [...(word ?? '')][0] ?? '').join('').toUpperCase() || '?'
}

/**
 * An account's picture, or its initials on a colour of its own. Decorative by default (the name
 * is written beside it); pass `alt` where the picture stands alone.
 */
export function Avatar({ account, size = 40, alt = '' }: { account: Pick<Account, 'handle' | 'displayName' | 'avatarUrl' | 'kind'>; size?: number; alt?: string }) {
  const shape = account.kind === 'brand' ? ' profile-avatar-brand' : ''
  if (account.avatarUrl) {
    return <img className={`profile-avatar${shape}`} src={account.avatarUrl} alt={alt} width={size} height={size} loading="lazy" decoding="async" />
  }
  return (
    <span className={`profile-avatar profile-avatar-initials${shape}`} role={alt ? 'img' : undefined} aria-label={alt || undefined} aria-hidden={alt ? undefined : true}
      style={{ width: size, height: size, fontSize: Math.round(size * 0.4), backgroundColor: `hsl(${hueOf(account.handle)} 45% 30%)` }}>
      {initialsOf(account.displayName || account.handle)}
    </span>
  )
}
