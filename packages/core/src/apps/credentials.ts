import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** `length` random letters and digits, without modulo bias: what Twitter's keys look like. */
export function randomAlphanumeric(length: number): string {
  let out = ''
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 4 × 62: bytes above it would favour the first letters.
      if (byte < 248 && out.length < length) out += ALPHANUMERIC[byte % 62]
    }
  }
  return out
}

/** App tokens are found by this hash, so a copy of the database holds no usable token. */
export function hashAppToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url')
}

/** Compares two secrets in time that does not depend on where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const x = createHash('sha256').update(a, 'utf8').digest()
  const y = createHash('sha256').update(b, 'utf8').digest()
  return timingSafeEqual(x, y) && a.length === b.length
}

/** PKCE S256: base64url(SHA-256(verifier)), as RFC 7636 §4.2 says. */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url')
}

/** Shapes of the secrets handed out (Twitter's lengths). */
export const credentialShapes = {
  consumerKey: () => randomAlphanumeric(25),
  consumerSecret: () => randomAlphanumeric(50),
  /** `<account id>-<random>`, as Twitter's access tokens start with the user id. */
  accessToken: (accountId: string) => `${accountId}-${randomAlphanumeric(40)}`,
  accessTokenSecret: () => randomAlphanumeric(45),
  bearer: () => `AAAA${randomAlphanumeric(96)}`,
  userAccessToken: () => randomAlphanumeric(86),
  refreshToken: () => randomAlphanumeric(86),
  authorizationCode: () => randomAlphanumeric(48),
} as const
