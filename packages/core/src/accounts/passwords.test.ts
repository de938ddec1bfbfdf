import { test } from 'node:test'
import assert from 'node:assert/strict'
import { decoyHash, hashPassword, verifyPassword } from './passwords.ts'

test('a password is hashed at scrypt N=2^15 by default, and a hash of any cost verifies, as its N is recorded', async () => {
  const strong = await hashPassword('correct horse battery')
  assert.match(strong, /^scrypt\$32768\$8\$1\$/)
  const cheap = await hashPassword('correct horse battery', 10)
  assert.match(cheap, /^scrypt\$1024\$8\$1\$/)
  for (const hash of [strong, cheap]) {
    assert.equal(await verifyPassword('correct horse battery', hash), true)
    assert.equal(await verifyPassword('correct horse batterY', hash), false)
  }
  assert.match(await decoyHash(), /^scrypt\$32768\$/, 'unknown handles cost what a real password costs')
  assert.match(await decoyHash(10), /^scrypt\$1024\$/)
})
