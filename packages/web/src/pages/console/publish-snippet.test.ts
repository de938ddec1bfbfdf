import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { defaultLimits } from '@parloir/protocol'
import { buildSnippet, composeLink, downloadName, escapeHtml, hostPolicy, parseOrigin, refProblem, type PublishChoice } from './publish-snippet.ts'
import { dataUrlBytes, qrPngDataUrl, qrSvg } from './publish-qr.ts'

const choice: PublishChoice = {
  origin: 'https://chat.northwind.example', brandId: '1860000000000000001', text: 'Message us', welcomeMessageId: null, ref: '',
}

describe('the compose link', () => {
  test('names the brand by id and carries only what was chosen', () => {
    assert.equal(composeLink(choice), 'https://chat.northwind.example/messages/compose?recipient_id=1860000000000000001')
    const url = new URL(composeLink({ ...choice, welcomeMessageId: '1860000000000000042', ref: 'spring:flyer~2' }))
    assert.equal(url.pathname, '/messages/compose')
    assert.deepEqual([...url.searchParams], [['recipient_id', '1860000000000000001'], ['welcome_message_id', '1860000000000000042'], ['ref', 'spring:flyer~2']])
  })
})

describe('the snippet', () => {
  test('a link is the address alone', () => {
    assert.equal(buildSnippet('link', { ...choice, ref: 'qr' }), 'https://chat.northwind.example/messages/compose?recipient_id=1860000000000000001&ref=qr')
  })

  test('a button is one plain <a> with the chat attribute, its & escaped in the attribute', () => {
    const snippet = buildSnippet('button', { ...choice, welcomeMessageId: '42', ref: 'home' })
    assert.equal(snippet, '<a href="https://chat.northwind.example/messages/compose?recipient_id=1860000000000000001&amp;welcome_message_id=42&amp;ref=home" data-parloir-chat>Message us</a>')
    assert.doesNotMatch(snippet, /style=|<script|on\w+=/)
  })

  test('hostile link text stays text', () => {
    const snippet = buildSnippet('button', { ...choice, text: '"><img src=x onerror=alert(1)> & <b>\'hi\'</b>' })
    assert.match(snippet, />&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt; &amp; &lt;b&gt;&#39;hi&#39;&lt;\/b&gt;<\/a>$/)
    // Exactly one element: the text opened no tag and closed no attribute.
    assert.equal((snippet.match(/</g) ?? []).length, 2)
    assert.equal((snippet.match(/"/g) ?? []).length, 2)
  })

  test('an origin with a quote cannot break out of the href', () => {
    const snippet = buildSnippet('chat', { ...choice, origin: 'https://x.example"onmouseover="alert(1)' })
    assert.doesNotMatch(snippet, /" ?onmouseover="/)
    assert.match(snippet, /&quot;onmouseover=&quot;/)
  })

  test('empty text falls back to words a visitor understands', () => {
    assert.match(buildSnippet('button', { ...choice, text: '   ' }), />Message us<\/a>$/)
  })

  test('the in-page chat adds only the async loader from the Parloir origin', () => {
    const [anchor, script, extra] = buildSnippet('chat', choice).split('\n')
    assert.equal(anchor, buildSnippet('button', choice))
    assert.equal(script, '<script src="https://chat.northwind.example/widget.js" async></script>')
    assert.equal(extra, undefined)
  })

  test('the host policy names the Parloir origin for scripts and frames', () => {
    assert.equal(hostPolicy('https://chat.northwind.example'), 'script-src https://chat.northwind.example; frame-src https://chat.northwind.example')
  })

  test('escapeHtml escapes the five characters and nothing else', () => {
    assert.equal(escapeHtml(`&<>"' é 😀`), '&amp;&lt;&gt;&quot;&#39; é 😀')
  })
})

describe('the source (ref)', () => {
  test('accepts none, and letters, digits and . _ : ~ -', () => {
    for (const ref of ['', 'qr', 'spring-2026', 'flyer:paris~v2', 'a.b_c', 'A'.repeat(defaultLimits.refChars)]) assert.equal(refProblem(ref), null, ref)
  })

  test(`refuses more than ${defaultLimits.refChars} characters`, () => {
    assert.equal(refProblem('a'.repeat(defaultLimits.refChars + 1)), 'tooLong')
  })

  test('refuses spaces, slashes, ampersands and non-ASCII letters', () => {
    for (const ref of ['spring sale', 'a/b', 'a&b=c', 'café', 'a?b', '#x', '<x>']) assert.equal(refProblem(ref), 'badCharacters', ref)
  })
})

describe('a site allowed to embed', () => {
  test('becomes scheme://host[:port], lower case, with no trailing slash', () => {
    assert.deepEqual(parseOrigin('https://Shop.Northwind.example/'), { origin: 'https://shop.northwind.example' })
    assert.deepEqual(parseOrigin('  http://localhost:8080 '), { origin: 'http://localhost:8080' })
    assert.deepEqual(parseOrigin('shop.northwind.example'), { origin: 'https://shop.northwind.example' })
    assert.deepEqual(parseOrigin('https://shop.northwind.example:443'), { origin: 'https://shop.northwind.example' })
    assert.deepEqual(parseOrigin('https://café.example'), { origin: 'https://xn--caf-dma.example' })
  })

  test('refuses paths, queries, credentials, other schemes, bad ports and nothing', () => {
    assert.deepEqual(parseOrigin(''), { problem: 'empty' })
    assert.deepEqual(parseOrigin('https://shop.example/contact'), { problem: 'hasPath' })
    assert.deepEqual(parseOrigin('https://shop.example/?a=1'), { problem: 'hasPath' })
    assert.deepEqual(parseOrigin('https://shop.example?'), { problem: 'hasPath' })
    assert.deepEqual(parseOrigin('https://shop.example#top'), { problem: 'hasPath' })
    assert.deepEqual(parseOrigin('https://user:pw@shop.example'), { problem: 'hasPath' })
    assert.deepEqual(parseOrigin('ftp://shop.example'), { problem: 'badScheme' })
    assert.deepEqual(parseOrigin('javascript://alert(1)'), { problem: 'badScheme' })
    assert.deepEqual(parseOrigin('https://shop.example:65536'), { problem: 'notAnOrigin' })
    assert.deepEqual(parseOrigin('https://sh op.example'), { problem: 'notAnOrigin' })
  })

  test('at 255 characters it is kept, one past it is refused', () => {
    const host = (length: number) => Array.from({ length: Math.ceil(length / 50) }, () => 'a'.repeat(49)).join('.').slice(0, length)
    const at = `https://${host(255 - 'https://'.length)}`
    assert.equal(at.length, 255)
    assert.deepEqual(parseOrigin(at), { origin: at })
    assert.deepEqual(parseOrigin(`${at}a`), { problem: 'tooLong' })
  })
})

describe('the QR code', () => {
  const link = composeLink({ ...choice, ref: 'qr' })

  test('is an SVG document with dark modules on white', async () => {
    const svg = await qrSvg(link)
    assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*viewBox="0 0 (\d+) \1"/)
    assert.match(svg, /fill="#ffffff"/)
    assert.match(svg, /stroke="#000000" d="M[^"]{200,}"/)
    assert.doesNotMatch(svg, /<script|style=/)
  })

  test('is a PNG of the asked width', async () => {
    const bytes = dataUrlBytes(await qrPngDataUrl(link, 512))
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    const view = new DataView(bytes.buffer, bytes.byteOffset)
    assert.equal(view.getUint32(16), 512)
    assert.equal(view.getUint32(20), 512)
  })

  test('a longer link gives a denser code', async () => {
    const size = async (text: string) => Number(/viewBox="0 0 (\d+)/.exec(await qrSvg(text))?.[1])
    assert.ok(await size(composeLink({ ...choice, welcomeMessageId: '1860000000000000042', ref: 'x'.repeat(64) })) > await size('https://p.example'))
  })
})

describe('download names', () => {
  test('say the brand and the source, in safe characters', () => {
    assert.equal(downloadName('Northwind', 'spring:flyer~2', 'png'), 'northwind-qr-spring-flyer-2.png')
    assert.equal(downloadName('northwind', '', 'svg'), 'northwind-qr.svg')
  })
})
