import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import webpush from 'web-push'
import type { PushConfig } from '../config.ts'

const KEY_FILE = 'vapid.json'

export interface VapidKeys {
  /** base64url of the uncompressed P-256 public key: what browsers subscribe with. */
  publicKey: string
  privateKey: string
}

/**
 * The server's VAPID keys: from `PARLOIR_VAPID_PUBLIC_KEY`/`PARLOIR_VAPID_PRIVATE_KEY` when set,
 * else `<data dir>/vapid.json`, made on first start with mode 0600 (the `wx` flag: two processes
 * starting together cannot both write one). Browsers subscribed with the public key: a new pair
 * ends every subscription, so back the file up with the database, and give every process of one
 * installation the same keys.
 */
export function loadVapidKeys(config: { push: PushConfig; dataDir: string }): VapidKeys {
  const { vapidPublicKey, vapidPrivateKey } = config.push
  if (vapidPublicKey !== null && vapidPrivateKey !== null) return { publicKey: vapidPublicKey, privateKey: vapidPrivateKey }
  mkdirSync(config.dataDir, { recursive: true })
  const path = join(config.dataDir, KEY_FILE)
  try {
    writeFileSync(path, `${JSON.stringify(webpush.generateVAPIDKeys())}\n`, { flag: 'wx', mode: 0o600 })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600)
  const keys = JSON.parse(readFileSync(path, 'utf8')) as Partial<VapidKeys>
  if (typeof keys.publicKey !== 'string' || typeof keys.privateKey !== 'string') throw new Error(`${path} does not hold a VAPID key pair`)
  return { publicKey: keys.publicKey, privateKey: keys.privateKey }
}
