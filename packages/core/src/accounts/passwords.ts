import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import { AppError } from '@parloir/protocol'

// scrypt with N=2^cost, r=8, p=1. The default cost, 15, is OWASP's floor: about 32 MiB and
// tens of ms per hash (200 ms on a busy 2-core machine). Each hash records its N, so a change
// of cost leaves existing passwords working.
export const DEFAULT_PASSWORD_COST = 15
const PARAMS = { r: 8, p: 1, maxmem: 64 * 1024 * 1024 } satisfies ScryptOptions
const KEY_BYTES = 32

function derive(password: string, salt: Buffer, params: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_BYTES, params, (error, key) => (error ? reject(error) : resolve(key)))
  })
}

/** Refuses a password over the byte cap before any hashing work starts. */
export function checkPasswordSize(password: string, maxBytes: number): void {
  if (Buffer.byteLength(password, 'utf8') > maxBytes) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: '/password', message: `must be at most ${maxBytes} bytes`, reason: 'maxBytes', limit: maxBytes }] })
  }
}

/** `scrypt$N$r$p$salt$key`, salt and key in base64; N is 2^`cost`. */
export async function hashPassword(password: string, cost = DEFAULT_PASSWORD_COST): Promise<string> {
  const salt = randomBytes(16)
  const N = 2 ** cost
  const key = await derive(password, salt, { ...PARAMS, N })
  return ['scrypt', N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !key) return false
  const expected = Buffer.from(key, 'base64')
  const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p), maxmem: PARAMS.maxmem })
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

const decoys = new Map<number, Promise<string>>()
/** A hash of nothing anyone knows, at the cost passwords are hashed with, so unknown handles cost the same time as wrong passwords. */
export function decoyHash(cost = DEFAULT_PASSWORD_COST): Promise<string> {
  let decoy = decoys.get(cost)
  if (!decoy) decoys.set(cost, decoy = hashPassword(randomBytes(32).toString('hex'), cost))
  return decoy
}
