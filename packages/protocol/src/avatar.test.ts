import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { avatarColour, avatarColourIndex, avatarColours, avatarInitials } from './avatar.ts'

describe('the one avatar colour', () => {
  test('is steady per account id and spreads over the palette', () => {
    assert.equal(avatarColour('1900000000000000001'), avatarColour('1900000000000000001'))
    const seen = new Set(Array.from({ length: 200 }, (_, i) => avatarColourIndex(String(1_900_000_000_000_000_000n + BigInt(i)))))
    assert.equal(seen.size, avatarColours.length)
    assert.ok(avatarColours.includes(avatarColour('x') as (typeof avatarColours)[number]))
  })

  test('initials: first and last words, one letter for small circles, a question mark for nothing', () => {
    assert.equal(avatarInitials('Northwind Coffee Roasters'), 'NR')
    assert.equal(avatarInitials('chloé'), 'C')
    assert.equal(avatarInitials('Northwind Coffee', 1), 'N')
    assert.equal(avatarInitials('  '), '?')
  })

  test('no other surface computes a colour of its own', () => {
    const root = new URL('../../', import.meta.url).pathname
    const offenders: string[] = []
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.name === 'node_modules' || entry.name === 'dist') continue
        const path = join(dir, entry.name)
        if (entry.isDirectory()) walk(path)
        else if (/\.(ts|tsx|css)$/.test(entry.name) && !path.endsWith('protocol/src/avatar.ts') && !path.endsWith('.test.ts')) {
          const text = readFileSync(path, 'utf8')
          if (/function (hueOf|colourOf|colorOf)\b|pg-hue-|avatar[^\n]*hsl\(/i.test(text)) offenders.push(path.slice(root.length))
        }
      }
    }
    for (const pkg of ['web', 'widget', 'server', 'client']) walk(join(root, pkg, 'src'))
    assert.deepEqual(offenders, [])
  })
})
