import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync, chmodSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Secrets } from '@parloir/core'

const VERSION = 'v1'
const KEY_FILE = 'secret.key'

/**
 * AES-256-GCM under the server key: `v1.<iv>.<tag>.<ciphertext>`, each base64url, a fresh 96-bit
 * IV per seal. GCM's tag makes an altered or foreign value fail to open instead of decrypting
 * to garbage.
 */
export class SecretBox implements Secrets {
  readonly #key: Buffer

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('the secret key must be 32 bytes')
    this.#key = Buffer.from(key)
  }

  seal(text: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv)
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()])
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.')
  }

  open(sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.')
    if (version !== VERSION || iv === undefined || tag === undefined || body === undefined) throw new Error('not a sealed secret')
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
  }
}

/** Parses `PARLOIR_SECRET_KEY`: base64 (or base64url) of exactly 32 bytes. */
export function parseSecretKey(raw: string): Buffer {
  const key = Buffer.from(raw.trim(), raw.includes('-') || raw.includes('_') ? 'base64url' : 'base64')
  if (key.length !== 32) throw new Error('PARLOIR_SECRET_KEY must be the base64 of 32 random bytes (e.g. `openssl rand -base64 32`)')
  return key
}

/**
 * The server key: `PARLOIR_SECRET_KEY` when set, else `<data dir>/secret.key`, created once with
 * mode 0600 (the `wx` flag: two processes starting together cannot both write one). Losing the
 * key makes every app secret unreadable: back it up with the database.
 */
export function loadSecretKey(config: { secretKey: string | null; dataDir: string }): Buffer {
  if (config.secretKey !== null) return parseSecretKey(config.secretKey)
  mkdirSync(config.dataDir, { recursive: true })
  const path = join(config.dataDir, KEY_FILE)
  try {
    writeFileSync(path, randomBytes(32).toString('base64') + '\n', { flag: 'wx', mode: 0o600 })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600)
  return parseSecretKey(readFileSync(path, 'utf8'))
}
