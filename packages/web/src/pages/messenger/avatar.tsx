import { useState } from 'react'
import { avatarColour, avatarInitials, type Account } from '@parloir/protocol'

/** A round picture, or initials on a colour. Decorative: the name is always written beside it. */
export function Avatar({ account, size = 40, className = '' }: { account: Pick<Account, 'id' | 'displayName' | 'handle' | 'avatarUrl'>; size?: number; className?: string }) {
  // Small circles hold one letter legibly, larger ones two.
  const [broken, setBroken] = useState(false)
  const style = { width: size, height: size, fontSize: Math.round(size * 0.4) }
  if (account.avatarUrl && !broken) {
    return <img className={`msg-avatar ${className}`} src={account.avatarUrl} alt="" width={size} height={size} style={style} loading="lazy" onError={() => setBroken(true)} />
  }
  return (
    <span className={`msg-avatar msg-avatar--initials ${className}`} aria-hidden="true" style={{ ...style, background: avatarColour(account.id) }}>
      {avatarInitials(account.displayName || account.handle, size < 32 ? 1 : 2)}
    </span>
  )
}

/** A group's picture: its own, or two members' faces overlapping. */
export function GroupAvatar({ avatarUrl, members, size = 40 }: { avatarUrl: string | null; members: Array<Pick<Account, 'id' | 'displayName' | 'handle' | 'avatarUrl'>>; size?: number }) {
  const [first, second] = members
  if (avatarUrl) return <Avatar account={{ id: 'group', displayName: '', handle: '', avatarUrl }} size={size} />
  if (!first) return <Avatar account={{ id: 'group', displayName: '#', handle: '#', avatarUrl: null }} size={size} />
  if (!second) return <Avatar account={first} size={size} />
  const small = Math.round(size * 0.7)
  return (
    <span className="msg-avatar-pair" style={{ width: size, height: size }} aria-hidden="true">
      <Avatar account={first} size={small} className="msg-avatar-pair__a" />
      <Avatar account={second} size={small} className="msg-avatar-pair__b" />
    </span>
  )
}
