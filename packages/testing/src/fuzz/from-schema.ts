import fc from 'fast-check'
import { extraFields, hostileString, hostileValue } from './hostile.ts'

/** The parts of a (TypeBox) JSON schema the generators read. */
export interface SchemaNode {
  type?: string
  anyOf?: SchemaNode[]
  const?: unknown
  pattern?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  items?: SchemaNode
  minItems?: number
  maxItems?: number
  uniqueItems?: boolean
  properties?: Record<string, SchemaNode>
  required?: string[]
}

/** Values that exist on the server for a field name (ids, handles), so generated input reaches past the lookups. */
export type KnownValues = (field: string) => readonly string[]

const MISSING = Symbol('missing')

/** Copies keys with defineProperty, so a `__proto__` key stays an own field instead of setting the prototype. */
export function mergeOwn(target: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(extra)) Object.defineProperty(target, key, { value: extra[key], enumerable: true, writable: true, configurable: true })
  return target
}

function recordOf(entries: Array<[string, fc.Arbitrary<unknown>]>): fc.Arbitrary<Record<string, unknown>> {
  return fc.tuple(...entries.map(([, arb]) => arb)).map((values) => {
    const out: Record<string, unknown> = {}
    values.forEach((value, i) => {
      const key = entries[i]?.[0]
      if (key !== undefined && value !== MISSING) mergeOwn(out, { [key]: value })
    })
    return out
  })
}

/** Values the schema accepts (mostly), with boundary values and known ids mixed in. */
export function validOf(schema: SchemaNode, known: KnownValues, field = ''): fc.Arbitrary<unknown> {
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s) => validOf(s, known, field)))
  if (schema.const !== undefined) return fc.constant(schema.const)
  switch (schema.type) {
    case 'string': {
      const min = schema.minLength ?? 0
      const max = schema.maxLength ?? 40
      const free = schema.pattern
        ? fc.stringMatching(new RegExp(schema.pattern)).map((s) => s.slice(0, max)).filter((s) => s.length >= min)
        : fc.oneof(
          fc.string({ minLength: min, maxLength: Math.max(min, Math.min(max, 40)) }),
          // The right type with hostile content: NUL, lone surrogates, prototype names, right-to-left marks.
          // Padded to the minimum: a filter alone would search forever when the minimum is long.
          hostileString.map((s) => s.padEnd(min, 'y')).filter((s) => [...s].length <= max),
        )
      const options: Array<fc.Arbitrary<unknown>> = [free, fc.constant((schema.pattern ? '1' : 'y').repeat(max))]
      const values = known(field)
      if (values.length) options.push(fc.constantFrom(...values), fc.constantFrom(...values))
      return fc.oneof(...options)
    }
    case 'integer': {
      const min = schema.minimum ?? -1_000_000
      const max = schema.maximum ?? 1_000_000
      return fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max))
    }
    case 'number': return fc.double({ noNaN: true, noDefaultInfinity: true })
    case 'boolean': return fc.boolean()
    case 'null': return fc.constant(null)
    case 'array': {
      const items = schema.items ? validOf(schema.items, known, field) : hostileValue
      const size = { minLength: schema.minItems ?? 0, maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 4, 4)) }
      return schema.uniqueItems ? fc.uniqueArray(items, { ...size, selector: (v) => JSON.stringify(v) }) : fc.array(items, size)
    }
    case 'object': {
      const required = new Set(schema.required ?? [])
      const entries = Object.entries(schema.properties ?? {}).map(([key, child]): [string, fc.Arbitrary<unknown>] => {
        const value = validOf(child, known, key)
        return [key, required.has(key) ? value : fc.oneof(value, fc.constant(MISSING))]
      })
      return recordOf(entries)
    }
    default: return hostileValue
  }
}

/**
 * Values near the schema: each field valid, of a wrong type, missing, or itself mutated, plus
 * unknown and prototype-named fields. Some happen to be valid; most are not.
 */
export function mutatedOf(schema: SchemaNode, known: KnownValues, field = ''): fc.Arbitrary<unknown> {
  const isObject = schema.type === 'object'
  const isArray = schema.type === 'array'
  if (isObject) {
    const entries = Object.entries(schema.properties ?? {}).map(([key, child]): [string, fc.Arbitrary<unknown>] => {
      const choices: Array<fc.WeightedArbitrary<unknown>> = [
        { weight: 4, arbitrary: validOf(child, known, key) },
        { weight: 2, arbitrary: hostileValue },
        { weight: 1, arbitrary: fc.constant(MISSING) },
      ]
      if (child.type === 'object' || child.type === 'array' || child.anyOf) choices.push({ weight: 2, arbitrary: mutatedOf(child, known, key) })
      return [key, fc.oneof(...choices)]
    })
    const body = fc.tuple(recordOf(entries), fc.option(extraFields, { freq: 4 })).map(([object, extra]) => (extra ? mergeOwn(object, extra) : object))
    return fc.oneof({ weight: 8, arbitrary: body }, { weight: 1, arbitrary: hostileValue })
  }
  if (isArray && schema.items) {
    const max = (schema.maxItems ?? 4) + 2
    return fc.oneof(
      fc.array(mutatedOf(schema.items, known, field), { maxLength: Math.min(max, 8) }),
      fc.array(validOf(schema.items, known, field), { minLength: Math.min(max, 60), maxLength: Math.min(max, 60) }),
      hostileValue,
    )
  }
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s) => mutatedOf(s, known, field)))
  return fc.oneof(validOf(schema, known, field), hostileValue)
}

/**
 * A valid object with exactly one defect: one field of a wrong type, removed, broken further
 * down, or one unknown field added. These get past everything but the one check under test.
 */
export function oneDefectOf(schema: SchemaNode, known: KnownValues, field = ''): fc.Arbitrary<unknown> {
  const properties = Object.entries(schema.properties ?? {})
  if (schema.type !== 'object' || properties.length === 0) return fc.oneof(hostileValue, mutatedOf(schema, known, field))
  const defect = fc.oneof(
    fc.constant({ kind: 'extra' as const }),
    fc.constantFrom(...properties).chain(([key, child]) => fc.oneof(
      fc.constant(MISSING),
      hostileValue,
      child.type === 'object' || child.type === 'array' || child.anyOf ? mutatedOf(child, known, key) : hostileValue,
    ).map((value) => ({ kind: 'field' as const, key, value }))),
  )
  return fc.tuple(validOf(schema, known, field), defect, extraFields).map(([valid, d, extra]) => {
    const body = mergeOwn({}, valid as Record<string, unknown>)
    if (d.kind === 'extra') return mergeOwn(body, extra)
    if (d.value === MISSING) delete body[d.key]
    else mergeOwn(body, { [d.key]: d.value })
    return body
  })
}
