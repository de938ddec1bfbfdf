import type { Note } from '@parloir/protocol'

/**
 * The team's side of a conversation, as the messenger shows it to a brand's team: when a snooze
 * ends, where the team's private notes sit among the messages, and what an activity line says.
 */

export type SnoozePreset = 'hour' | 'tomorrow' | 'monday' | 'customer'
export const snoozePresets: readonly SnoozePreset[] = ['hour', 'tomorrow', 'monday', 'customer']

/** The start of the working day a snooze wakes at, in the agent's own time zone. */
const MORNING_HOUR = 9

/**
 * When a preset snooze ends: in an hour; tomorrow at 9:00; next Monday at 9:00 (a week on, on a
 * Monday); or null, until the customer writes. Local time, as the agent reads the menu.
 */
export function snoozeUntil(preset: SnoozePreset, now: Date): Date | null {
  switch (preset) {
    case 'hour': return new Date(now.getTime() + 60 * 60 * 1000)
    case 'tomorrow': return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, MORNING_HOUR)
    case 'monday': {
      const ahead = ((8 - now.getDay()) % 7) || 7
      return new Date(now.getFullYear(), now.getMonth(), now.getDate() + ahead, MORNING_HOUR)
    }
    case 'customer': return null
  }
}

export type TimelineItem<R> = R | { type: 'note'; key: string; note: Note }

/**
 * The team's notes among the rows of a thread, by time: each note goes before the first row
 * (message or day) written after it; the rest follow the last row. `timeOf` answers a row's
 * time in ms, or null for rows that have none (the top of the thread). Notes are oldest first.
 */
export function interleave<R>(rows: readonly R[], timeOf: (row: R) => number | null, notes: readonly Note[]): Array<TimelineItem<R>> {
  if (notes.length === 0) return rows.slice()
  const out: Array<TimelineItem<R>> = []
  let next = 0
  const noteAt = (i: number) => Date.parse((notes[i] as Note).createdAt)
  for (const row of rows) {
    const time = timeOf(row)
    while (time !== null && next < notes.length && noteAt(next) < time) {
      const note = notes[next++] as Note
      out.push({ type: 'note', key: `note-${note.id}`, note })
    }
    out.push(row)
  }
  for (; next < notes.length; next++) {
    const note = notes[next] as Note
    out.push({ type: 'note', key: `note-${note.id}`, note })
  }
  return out
}

/** Adds notes (a page or one live) oldest first, each once. */
export function mergeNotes(notes: readonly Note[], incoming: readonly Note[]): Note[] {
  const byId = new Map(notes.map((n) => [n.id, n]))
  for (const note of incoming) byId.set(note.id, note)
  return [...byId.values()].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/** What an activity line says, as a text key and who is named in it. */
export type ActivityLine =
  | { key: 'assigned'; who: string | null; whom: string }
  | { key: 'took'; who: string }
  | { key: 'unassigned'; who: string | null }
  | { key: 'answered'; whom: string }
  | { key: 'roundRobin'; whom: string }
  | { key: 'status'; who: string | null; status: 'open' | 'pending' | 'resolved' }
  | { key: 'snoozed'; who: string | null; until: string | null }
  | { key: 'reopenedCustomer' }
  | { key: 'reopenedSnooze' }
  | { key: 'rated'; rating: number; comment: string | null }

/** The line an activity note reads as; null for a plain note. */
export function activityLine(note: Note): ActivityLine | null {
  const a = note.activity
  if (note.kind !== 'activity' || !a) return null
  const who = note.authorId
  if (a.action === 'assignee.changed') {
    const whom = a.assigneeId ?? null
    if (whom === null) return { key: 'unassigned', who }
    if (a.reason === 'answered') return { key: 'answered', whom }
    if (a.reason === 'round.robin') return { key: 'roundRobin', whom }
    return who === whom ? { key: 'took', who } : { key: 'assigned', who, whom }
  }
  if (a.action === 'survey.answered') return { key: 'rated', rating: a.rating ?? 0, comment: a.comment ?? null }
  if (a.reason === 'customer.wrote') return { key: 'reopenedCustomer' }
  if (a.reason === 'snooze.ended') return { key: 'reopenedSnooze' }
  if (a.status === 'snoozed') return { key: 'snoozed', who, until: a.snoozedUntil ?? null }
  return { key: 'status', who, status: a.status ?? 'open' }
}
