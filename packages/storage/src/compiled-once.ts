import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely'
import type { Database } from './schema.ts'

const SLOT = '\u0000parloir-slot-'

/** The placeholder for the `index`-th value of a query built by `compiledOnce`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- stands for any column's value while the query is built
const slot = (index: number): any => `${SLOT}${index}\u0000`

interface Template<R> {
  compiled: CompiledQuery<R>
  /** For each parameter of the compiled query: the index of the value that fills it, or -1 for a constant of the query. */
  fills: number[]
}

/**
 * A query of fixed shape, built and compiled once per engine; each run only binds its values.
 * Kysely builds an operation tree and compiles it to SQL on every call (about 6.5 µs a query on
 * this machine), which a message sent paid for each of its ten queries. `build` receives `$`,
 * whose `$(i)` stands for the i-th value of a run; values `build` writes itself are constants.
 * `engine` tells the dialects apart (each repository's quirks object): the same query compiles
 * to other SQL on PostgreSQL.
 */
export function compiledOnce<R>(build: (db: Kysely<Database>, $: typeof slot) => Compilable<R>) {
  const templates = new WeakMap<object, Template<R>>()
  return async (db: Kysely<Database>, engine: object, values: readonly unknown[]): Promise<QueryResult<R>> => {
    let template = templates.get(engine)
    if (!template) {
      const compiled = build(db, slot).compile()
      const fills = compiled.parameters.map((p) => (typeof p === 'string' && p.startsWith(SLOT) ? Number.parseInt(p.slice(SLOT.length), 10) : -1))
      for (let i = 0; i < values.length; i++) if (!fills.includes(i)) throw new Error(`compiledOnce: value ${i} has no place in ${compiled.sql}`)
      template = { compiled, fills }
      templates.set(engine, template)
    }
    const { compiled, fills } = template
    const parameters = fills.map((fill, i) => (fill < 0 ? compiled.parameters[i] : values[fill]))
    return db.executeQuery({ ...compiled, parameters })
  }
}
