import { avatarColour, avatarInitials, type Account } from '@parloir/protocol'

/**
 * An account's picture, or its initials on a colour of its own. Decorative by default (the name
 * is written beside it); pass `alt` where the picture stands alone.
 */
export function Avatar({ account, size = 40, alt = '' }: { account: Pick<Account, 'id' | 'handle' | 'displayName' | 'avatarUrl' | 'kind'>; size?: number; alt?: string }) {
  const shape = account.kind === 'brand' ? ' profile-avatar-brand' : ''
  if (account.avatarUrl) {
    return <img className={`profile-avatar${shape}`} src={account.avatarUrl} alt={alt} width={size} height={size} loading="lazy" decoding="async" />
  }
  return (
    <span className={`profile-avatar profile-avatar-initials${shape}`} role={alt ? 'img' : undefined} aria-label={alt || undefined} aria-hidden={alt ? undefined : true}
      style={{ width: size, height: size, fontSize: Math.round(size * 0.4), backgroundColor: avatarColour(account.id) }}>
      {avatarInitials(account.displayName || account.handle)}
    </span>
  )
}
