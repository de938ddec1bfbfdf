import assert from 'node:assert/strict'
import fc from 'fast-check'
import { errorCatalogue } from '@parloir/protocol'

/**
 * Hostile inputs shared by the fuzz tests: values of the wrong type, strings that break naive
 * code (NUL, lone surrogates, prototype keys, huge), deep nesting, and bodies that are not JSON.
 */

/** Fixed unless FUZZ_SEED is set; fast-check prints the seed and the path of any failure. */
export const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 0x5eed
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'] as const

const HUGE = 'x'.repeat(200_000)
const HUGE_UNICODE = '💩'.repeat(20_000)

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '', ' ', '\u0000', 'a\u0000b', '\uD800', '\uDFFF', 'x\uD83D', '\uDC00\uD800', ...PROTO_KEYS,
    'null', 'undefined', 'NaN', 'true', '-1', '0', '1.5', '1e400', '1'.repeat(25), '99999999999999999999', '١٢٣', '１２３',
    '../../etc/passwd', "' OR 1=1 --", '%00', '\r\n', '\u202E', '<script>alert(1)</script>', '${x}', '{{x}}',
    HUGE, HUGE_UNICODE,
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
)

/** Nested arrays `depth` deep: small enough for JSON.stringify, deep enough for recursive checks. */
function nestedArrays(depth: number): unknown {
  let value: unknown = 1
  for (let i = 0; i < depth; i++) value = [value]
  return value
}

function nestedObjects(depth: number, key: string): unknown {
  let value: unknown = 1
  for (let i = 0; i < depth; i++) value = { [key]: value }
  return value
}

/** An object with an own key that is a prototype name (`{ __proto__: x }` literals would set the prototype instead). */
function withOwnKey(key: string, value: unknown): Record<string, unknown> {
  const object: Record<string, unknown> = {}
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true })
  return object
}

/** Any JSON value, biased toward types and shapes a schema does not expect. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, -0, 1.5, 1e308, -1e308, 2 ** 53 + 1, Number.MAX_SAFE_INTEGER, 4294967296)) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 8 }), fc.constant(null), fc.boolean()), { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>([], {}, [[]], [{}], { a: { b: {} } }, [null], ['1'], [1, 1]) },
  { weight: 1, arbitrary: fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...PROTO_KEYS)), fc.oneof(fc.integer(), fc.string({ maxLength: 8 }), fc.constant({})), { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...PROTO_KEYS), fc.constantFrom<unknown>({ polluted: true }, { prototype: { polluted: true } }, 1, 'x')).map(([k, v]) => withOwnKey(k, v)) },
  { weight: 1, arbitrary: fc.integer({ min: 20, max: 1_000 }).map(nestedArrays) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 20, max: 1_000 }), fc.constantFrom('a', '__proto__', 'constructor')).map(([d, k]) => nestedObjects(d, k)) },
)

/** Extra fields a strict schema must refuse, including prototype names. */
export const extraFields: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), hostileValue, { minKeys: 1, maxKeys: 3 }),
  fc.tuple(fc.constantFrom(...PROTO_KEYS), hostileValue).map(([k, v]) => withOwnKey(k, v)),
)

function deepRaw(depth: number, open: string, close: string, middle = '1'): string {
  return open.repeat(depth) + middle + close.repeat(depth)
}

/** Raw bodies that are not (quite) JSON, or JSON in shapes no route takes. */
export const rawGarbage: fc.Arbitrary<string | Buffer> = fc.oneof(
  fc.constantFrom(
    '{', '}', '{"a":', '{"a":1,}', "{'a':1}", '{a:1}', 'undefined', 'NaN', 'Infinity', '-', '\u0000', '\uFEFF{}', '{}x', '[] []',
    '{"a":1}{"b":2}', '"\\ud800"', '"\\u0000"', '{"\\u0000":1}', '{"a":"\\x"}', 'null', 'true', '0', '1e400', '"x"', '[]', '[1,2,3]',
    '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '{"a":1,"a":2}',
    ' ', '\n', 'a=1&b=2', '--zz\r\nContent-Disposition: form-data; name="text"\r\n\r\nhi\r\n--zz--',
  ),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
  fc.constantFrom(Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('{"text":"\xff\xfe"}', 'latin1')),
  fc.integer({ min: 1_000, max: 200_000 }).map((d) => deepRaw(d, '[', ']')),
  fc.integer({ min: 1_000, max: 100_000 }).map((d) => deepRaw(d, '{"a":', '}')),
  fc.integer({ min: 1_000, max: 50_000 }).map((d) => deepRaw(d, '{"__proto__":', '}', '{}')),
  fc.integer({ min: 1_000, max: 50_000 }).map((d) => deepRaw(d, '{"constructor":{"prototype":', '}}', '{}')),
)

/** A JSON body over the 1 MiB cap. */
export const oversizeBody = `{"text":"${'a'.repeat(1024 * 1024 + 16)}"}`

export const contentTypes: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 10, arbitrary: fc.constant('application/json') },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      undefined, 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json; charset=utf-16', 'application/json;;',
      'text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=zz',
      'application/octet-stream', 'application/vnd.api+json', 'image/png', ';;;', 'application/json, text/plain', '*/*', 'json',
    ),
  },
)

/** Percent-encodes a path segment or query part; lone surrogates become their (invalid) WTF-8 bytes. */
export function encodePart(value: string): string {
  let out = ''
  for (const ch of value) {
    try {
      out += encodeURIComponent(ch)
    } catch {
      // A lone surrogate (the only thing encodeURIComponent refuses): its WTF-8 bytes.
      out += wtf8(ch.charCodeAt(0)).map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('')
    }
  }
  return out
}

function wtf8(unit: number): number[] {
  return [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
}

/** Path parameter values no id or handle looks like. */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'abc', '-1', '0', '00000000000000000000', '1'.repeat(25), '9'.repeat(20), '18446744073709551616', '1e5', '0x10', '1.0', ' 1', '1 ',
    '١٢٣', '１２３', '💩', 'null', 'undefined', ...PROTO_KEYS, '..', '.', '\u0000', '\uD800', 'a'.repeat(5_000), '1'.repeat(5_000),
  ).map(encodePart),
  fc.constantFrom('%', '%zz', '%E0%A4%A', '%FF', '%ED%A0%80', '%00', '%2F', '%2e%2e', '..%2F..', '%C0%AF', '1%00', ';x=1', '%20'),
  fc.string({ unit: 'binary', maxLength: 30 }).map(encodePart),
  fc.stringMatching(/^-?[0-9]{1,30}$/),
)

/** Query strings: wrong types, repeats, prototype keys, broken encoding. */
export function hostileQuery(knownKeys: string[]): fc.Arbitrary<string> {
  const key = fc.oneof(
    { weight: 3, arbitrary: knownKeys.length ? fc.constantFrom(...knownKeys) : fc.constant('x') },
    { weight: 1, arbitrary: fc.constantFrom(...PROTO_KEYS, '__proto__[polluted]', 'constructor[prototype][polluted]', 'a[]', 'a[b]', '', 'cursor') },
    { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
  )
  const value = fc.oneof(
    hostileString.filter((s) => s.length < 10_000),
    fc.integer().map(String),
    fc.constantFrom('1', '200', '201', '1e400', '-1', '0x10', '1.5', 'inbox', 'requests', 'true', ''),
  )
  const pairs = fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 4 })
    .map((list) => list.map(([k, v]) => `${encodePart(k)}=${encodePart(v)}`).join('&'))
  const raw = fc.constantFrom(
    'limit=1&limit=2', 'box=inbox&box=requests', '__proto__[x]=1', 'constructor[prototype][x]=1', '%', '%zz', 'a=%E0%A4%A', '&&&==', '?',
    'limit', 'limit=', 'beforeSeq=99999999999999999999999', 'afterSeq=0x10', 'name=%00', `name=${'a'.repeat(300)}`, 'cursor[]=1',
    'limit[]=1', 'limit[a]=1', 'before=%ED%A0%80', `before=${'9'.repeat(70)}`, 'before=1.1', 'before=abc.def',
  )
  return fc.oneof({ weight: 3, arbitrary: pairs }, { weight: 1, arbitrary: raw })
}

interface Answer { statusCode: number; headers: Record<string, unknown>; body: string }

/**
 * The promise under test: never ≥ 500, and every refusal is the one error shape with a code from
 * the catalogue and the catalogue's status.
 */
export function assertHandled(res: Answer, label: string): void {
  const where = `${label} → ${res.statusCode} ${res.body.slice(0, 300)}`
  assert.ok(res.statusCode < 500, `server error: ${where}`)
  if (res.statusCode < 400) return
  assert.match(String(res.headers['content-type'] ?? ''), /^application\/json/, `error not JSON: ${where}`)
  let body: unknown
  try {
    body = JSON.parse(res.body)
  } catch {
    assert.fail(`error body does not parse: ${where}`)
  }
  assertErrorObject((body as { error?: unknown } | null)?.error, where)
  assert.deepEqual(Object.keys(body as object), ['error'], `error body has other keys: ${where}`)
  const code = (body as { error: { code: keyof typeof errorCatalogue } }).error.code
  assert.equal(res.statusCode, errorCatalogue[code].status, `status differs from the catalogue's for ${code}: ${where}`)
}

/** `{ code, message, details? }` with a catalogue code. */
export function assertErrorObject(error: unknown, where: string): void {
  assert.ok(typeof error === 'object' && error !== null, `no error object: ${where}`)
  const { code, message, details } = error as { code?: unknown; message?: unknown; details?: unknown }
  assert.ok(typeof code === 'string' && Object.hasOwn(errorCatalogue, code), `unknown error code ${String(code)}: ${where}`)
  assert.ok(typeof message === 'string' && message.length > 0, `error without message: ${where}`)
  assert.ok(details === undefined || (typeof details === 'object' && details !== null && !Array.isArray(details)), `details not an object: ${where}`)
}

/** Long runs of one character (huge strings, deep nesting) shortened so a failure report stays readable. */
export function shorten(text: string): string {
  return text.replace(/(.)\1{60,}/gsu, (run, ch: string) => `${ch.repeat(8)}…(${[...run].length}×)`).slice(0, 4_000)
}

/**
 * fast-check options: a fixed seed per property, and a report that keeps the seed, the path to
 * replay, the failing input (shortened) and the assertion that failed.
 */
export function fuzzOptions(seed: number, numRuns: number): fc.Parameters<unknown> {
  return {
    seed,
    numRuns,
    reporter(details) {
      if (!details.failed) return
      const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)
      throw new Error(shorten([
        `Property failed after ${details.numRuns} runs (seed ${details.seed}, path "${details.counterexamplePath ?? ''}"; replay with FUZZ_SEED or fc's seed/path).`,
        `Input: ${fc.stringify(details.counterexample)}`,
        `Cause: ${cause}`,
      ].join('\n')))
    },
  }
}
