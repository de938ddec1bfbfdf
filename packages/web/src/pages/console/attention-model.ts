import type { InboxItem } from '@parloir/protocol'
import { isUnread } from './inbox-model.ts'

/**
 * What the tab tells a member of the team without being looked at: how many conversations need
 * them (the title count), whether something new came in (a sound, a notification), and the
 * settings of these, kept in this browser.
 */

/** The conversations waiting for someone to take them, plus the member's own that they have not read. */
export function attentionCount(unassigned: number, mine: readonly InboxItem[]): number {
  return unassigned + mine.filter(isUnread).length
}

/** "(3) Team inbox · Northwind Coffee"; nothing added at 0, and "(99+)" past 99. */
export function titleWithCount(count: number, title: string): string {
  if (count <= 0) return title
  return `(${count > 99 ? '99+' : count}) ${title}`
}

/** Something new came in: the count grew since it was last known (not on the first load). */
export function cameIn(before: number | null, after: number): boolean {
  return before !== null && after > before
}

/** The localStorage key of the sound setting: off unless the member turned it on. */
export const SOUND_KEY = 'parloir.inbox.sound'
export const soundIsOn = (stored: string | null): boolean => stored === 'on'

/** The VAPID key as PushManager.subscribe wants it: bytes from base64url. */
export function applicationServerKey(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(base64url.length / 4) * 4, '=')
  const binary = atob(base64)
  const bytes = new Uint8Array(new ArrayBuffer(binary.length))
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}
