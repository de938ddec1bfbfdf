import { useState } from 'react'
import type { Account } from '@parloir/protocol'

/** Background colours that keep white initials readable (contrast ≥ 4.5:1), in light and dark. */
const COLOURS = ['#2f5d50', '#6b3fa0', '#9c3b2e', '#1f5f8b', '#7a5a00', '#8a2d5c', '#3d5a1e', '#55565a']

function colourOf(id: string): string {
  let hash = 0
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  return COLOURS[hash % COLOURS.length] as string
}

function initialsOf(name: string, count: 1 | 2): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  const letters = words.length >= 2 && count === 2 ? [words[0], words.at(-1)] : [words[0]]
  return letters.map((w) => Array.from(w ?? '')[0] ?? '').join('').toUpperCase() || '?'
}

/** A round picture, or initials on a colour. Decorative: the name is always written beside it. */
export function Avatar({ account, size = 40, className = '' }: { account: Pick<Account, 'id' | 'displayName' | 'handle' | 'avatarUrl'>; size?: number; className?: string }) {
  // Small circles hold one letter legibly, larger ones two.
  const [broken, setBroken] = useState(false)
  const style = { width: size, height: size, fontSize: Math.round(size * 0.4) }
  if (account.avatarUrl && !broken) {
    return <img className={`msg-avatar ${className}`} src={account.avatarUrl} alt="" width={size} height={size} style={style} loading="lazy" onError={() => setBroken(true)} />
  }
  return (
    <span className={`msg-avatar msg-avatar--initials ${className}`} aria-hidden="true" style={{ ...style, background: colourOf(account.id) }}>
      {initialsOf(account.displayName || account.handle, size < 32 ? 1 : 2)}
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
