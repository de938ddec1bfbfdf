import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { safeWebHref, telHref } from './links.ts'

describe('a link someone else wrote', () => {
  test('an absolute http or https address passes, normalised', () => {
    assert.equal(safeWebHref('https://northwind.example/track?o=4512'), 'https://northwind.example/track?o=4512')
    assert.equal(safeWebHref('http://northwind.example'), 'http://northwind.example/')
    assert.equal(safeWebHref('  https://northwind.example/decaf '), 'https://northwind.example/decaf')
  })

  test('a bare www. link becomes https', () => {
    assert.equal(safeWebHref('www.northwind.example/menu'), 'https://www.northwind.example/menu')
  })

  test('any other scheme is refused, however it is written', () => {
    for (const raw of [
      'javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'java\nscript:alert(1)',
      'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', 'file:///etc/passwd', 'blob:https://x/y',
      'mailto:care@northwind.example', 'tel:+33123456789', 'ftp://northwind.example',
    ]) assert.equal(safeWebHref(raw), null, JSON.stringify(raw))
  })

  test('a relative path, a scheme-relative or hostless address, or no address is refused', () => {
    for (const raw of ['/api/v1/auth/logout', '//evil.example', 'northwind.example', 'https://', 'http://', 'https:// x', '', ' ']) {
      assert.equal(safeWebHref(raw), null, JSON.stringify(raw))
    }
  })

  test('credentials in the address are refused', () => {
    for (const raw of ['https://user:pass@evil.example', 'https://northwind.example@evil.example', 'http://:secret@evil.example/']) {
      assert.equal(safeWebHref(raw), null, raw)
    }
  })

  test('control characters anywhere are refused', () => {
    for (const raw of ['\u0000https://x.example', 'https://a.example/\u0000', 'https://a.example/\u007f']) assert.equal(safeWebHref(raw), null, JSON.stringify(raw))
  })
})

describe('a call button’s phone number', () => {
  test('becomes a tel: link of its digits and a leading +', () => {
    assert.equal(telHref('+33 1 23 45 67 89'), 'tel:+33123456789')
    assert.equal(telHref('(555) 010-9999'), 'tel:5550109999')
    assert.equal(telHref('01.23.45.67.89'), 'tel:0123456789')
  })

  test('anything but separators between the digits gives no link', () => {
    for (const raw of ['call me', '12', '+33 1 23"><script>', 'tel:+331234', '+33 1 23 45 ext 6', '++33123456']) assert.equal(telHref(raw), null, raw)
  })
})
