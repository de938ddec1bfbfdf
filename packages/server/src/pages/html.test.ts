import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { extractEntities } from '@parloir/core'
import { codePoints, escapeHtml, html, richText, SafeHtml } from './html.ts'

describe('escaping', () => {
  test('every character that can open markup or close an attribute is escaped', () => {
    assert.equal(escapeHtml(`<script>alert("x")</script> & 'y'`), '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;')
  })

  test('values in a template are escaped, SafeHtml and arrays are not escaped twice, empty values vanish', () => {
    const hostile = '"><img src=x onerror=alert(1)>'
    const out = html`<p title="${hostile}">${hostile}${[html`<b>${'&'}</b>`, null, undefined, false]}${3}</p>`.value
    assert.equal(out, '<p title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;<b>&amp;</b>3</p>')
    assert.ok(html`${new SafeHtml('<i>')}`.value === '<i>')
  })
})

describe('links in text someone else wrote', () => {
  test('rich text escapes everything and links only its http(s) entities, in a new tab that cannot reach back', () => {
    const text = '<script>alert(1)</script> see https://northwind.example/a?b=1&c=2 🙂 or www.northwind.example, not javascript:alert(1)'
    const out = richText(text, extractEntities(text)).value
    assert.doesNotMatch(out, /<script/)
    assert.match(out, /^&lt;script&gt;alert\(1\)&lt;\/script&gt; see /)
    assert.match(out, /<a href="https:\/\/northwind.example\/a\?b=1&amp;c=2" target="_blank" rel="noopener noreferrer nofollow ugc">https:\/\/northwind.example\/a\?b=1&amp;c=2<\/a> 🙂 or /)
    assert.match(out, /<a href="https:\/\/www.northwind.example\/" target="_blank" rel="noopener noreferrer nofollow ugc">www.northwind.example<\/a>, not javascript:alert\(1\)$/)
    assert.equal((out.match(/<a /g) ?? []).length, 2)
  })

  test('entities that are unsafe, overlap or fall outside the text stay text', () => {
    const text = 'click here please'
    const out = richText(text, { urls: [
      { url: 'javascript:alert(1)', start: 0, end: 5 },
      { url: 'https://ok.example', start: 6, end: 10 },
      { url: 'https://overlap.example', start: 8, end: 12 },
      { url: 'https://outside.example', start: 15, end: 99 },
    ] }).value
    assert.equal(out, 'click <a href="https://ok.example/" target="_blank" rel="noopener noreferrer nofollow ugc">here</a> please')
  })

  test('lengths count code points, as every text limit does', () => {
    assert.equal(codePoints('🙂a'), 2)
  })
})
