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

/** The server's VAPID key as bytes: moved to the browser's push module, shared with Settings. */
export { applicationServerKey } from '../../push/browser-push.ts'
