import type { Selectable } from 'kysely'
import type { Database } from './schema.ts'

/** A row of a table as read back. */
export type Row<T extends keyof Database> = Selectable<Database[T]>

/** JSON columns are text in both engines: parsed on the way out, null stays null. */
export const json = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T))
