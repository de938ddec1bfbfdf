/**
 * Seals secrets that must be read back to check an HMAC (an app's consumer secret, an OAuth 1.0a
 * token secret), so they cannot be stored hashed. The server implements it with AES-256-GCM under
 * its own key (`PARLOIR_SECRET_KEY`, or a key file in the data folder).
 */
export interface Secrets {
  /** Encrypts `text`; the result is printable, and differs at each call. */
  seal(text: string): string
  /** Decrypts what `seal` returned; throws when it was altered or sealed under another key. */
  open(sealed: string): string
}
