import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { defaultLimits as L, type WelcomeMessage } from '@parloir/protocol'
import {
  addKeywords, deepLink, draftFromWelcome, emptyButton, emptyOption, emptyWelcome, keywordInput, keywordProblems, move, previewLine,
  welcomeInput, welcomeProblems, type WelcomeDraft,
} from './welcome-model.ts'

const x = (n: number) => 'x'.repeat(n)
const paths = (draft: WelcomeDraft) => welcomeProblems(draft).map((p) => `${p.path} ${p.message}`)
const ready = (): WelcomeDraft => ({ ...emptyWelcome(), name: 'Hello', text: 'Hi! How can we help?' })

describe('a welcome message at its limits', () => {
  test('a name of 100 characters is fine, 101 is too long, none is required', () => {
    assert.deepEqual(paths({ ...ready(), name: x(L.welcomeMessageNameChars) }), [])
    assert.deepEqual(paths({ ...ready(), name: x(L.welcomeMessageNameChars + 1) }), ['/name tooLong'])
    assert.deepEqual(paths({ ...ready(), name: '   ' }), ['/name required'])
  })
  test('text of 10,000 code points is fine, one more is too long', () => {
    assert.deepEqual(paths({ ...ready(), text: '☕'.repeat(L.messageTextChars) }), [])
    assert.deepEqual(paths({ ...ready(), text: '☕'.repeat(L.messageTextChars + 1) }), ['/text tooLong'])
  })
  test('a message needs text or an image', () => {
    assert.deepEqual(paths({ ...ready(), text: ' ' }), ['/text emptyMessage'])
    const media = { id: '9', kind: 'image' as const, mimeType: 'image/png', sizeBytes: 1, width: 1, height: 1, fileName: 'a.png', url: '/m/9', thumbnailUrl: null, createdAt: '' }
    assert.deepEqual(paths({ ...ready(), text: '', media }), [])
  })
  test('20 quick replies are fine, 21 are too many', () => {
    const option = () => ({ ...emptyOption(), label: 'Yes' })
    assert.deepEqual(paths({ ...ready(), options: Array.from({ length: L.quickReplyOptions }, option) }), [])
    assert.deepEqual(paths({ ...ready(), options: Array.from({ length: L.quickReplyOptions + 1 }, option) }), ['/quickReply/options tooMany'])
  })
  test('an option label of 36, description of 72 and metadata of 1,000 are fine; one more each is not', () => {
    const at = { ...emptyOption(), label: x(36), description: x(72), metadata: x(1000) }
    assert.deepEqual(paths({ ...ready(), options: [at] }), [])
    const past = { ...emptyOption(), label: x(37), description: x(73), metadata: x(1001) }
    assert.deepEqual(paths({ ...ready(), options: [past] }), [
      '/quickReply/options/0/label tooLong', '/quickReply/options/0/description tooLong', '/quickReply/options/0/metadata tooLong',
    ])
    assert.deepEqual(paths({ ...ready(), options: [emptyOption()] }), ['/quickReply/options/0/label required'])
  })
  test('three buttons are fine, four are too many; each needs a label of at most 36', () => {
    const button = () => ({ ...emptyButton('phone_number'), label: x(36), phoneNumber: '+33 1 23 45 67 89' })
    assert.deepEqual(paths({ ...ready(), buttons: [button(), button(), button()] }), [])
    assert.deepEqual(paths({ ...ready(), buttons: [button(), button(), button(), button()] }), ['/buttons tooMany'])
    assert.deepEqual(paths({ ...ready(), buttons: [{ ...button(), label: x(37) }] }), ['/buttons/0/label tooLong'])
  })
  test('each kind of button checks its own target', () => {
    const buttons = [
      { ...emptyButton('web_url'), label: 'Site', url: 'javascript:alert(1)' },
      { ...emptyButton('phone_number'), label: 'Call', phoneNumber: 'call me' },
      { ...emptyButton('conversation'), label: 'Sales', handle: '@no way' },
      { ...emptyButton('web_url'), label: 'Empty' },
    ]
    assert.deepEqual(paths({ ...ready(), buttons }), [
      '/buttons tooMany', '/buttons/0/url badUrl', '/buttons/1/phoneNumber badPhone', '/buttons/2/accountId badHandle', '/buttons/3/url required',
    ])
  })

  test('a web button takes only an address the pages will link: http(s), written with its scheme, no credentials', () => {
    const problemsOf = (url: string) => paths({ ...ready(), buttons: [{ ...emptyButton('web_url'), label: 'Site', url }] })
    assert.deepEqual(problemsOf('https://northwind.example/menu'), [])
    for (const url of ['https://user:pass@evil.example', 'www.northwind.example', 'mailto:care@northwind.example', 'https://']) {
      assert.deepEqual(problemsOf(url), ['/buttons/0/url badUrl'], url)
    }
  })
})

describe('to and from the API', () => {
  test('the body leaves out empty descriptions and metadata, and names the account of a conversation button', () => {
    const draft: WelcomeDraft = {
      ...ready(), isDefault: true,
      options: [{ ...emptyOption(), label: ' Order ', metadata: 'order' }, { ...emptyOption(), label: 'Other', description: 'Anything else' }],
      buttons: [
        { ...emptyButton('phone_number'), label: 'Call us', phoneNumber: ' +33 1 23 45 67 89 ' },
        { ...emptyButton('conversation'), label: 'Sales', handle: '@Northwind_Sales' },
      ],
    }
    assert.deepEqual(welcomeInput(draft, new Map([['northwind_sales', '42']])), {
      name: 'Hello', text: 'Hi! How can we help?', mediaId: null, isDefault: true,
      quickReply: { type: 'options', options: [{ label: 'Order', metadata: 'order' }, { label: 'Other', description: 'Anything else' }] },
      buttons: [{ type: 'phone_number', label: 'Call us', phoneNumber: '+33 1 23 45 67 89' }, { type: 'conversation', label: 'Sales', accountId: '42' }],
    })
  })
  test('no options at all clears the quick reply', () => {
    assert.equal(welcomeInput(ready(), new Map()).quickReply, null)
  })
  test('a saved message comes back into the editor with the handle of its conversation button', () => {
    const saved: WelcomeMessage = {
      id: '7', brandId: '1', name: 'Default', text: 'Hi', entities: { urls: [], mentions: [], hashtags: [] },
      quickReply: { type: 'options', options: [{ label: 'A', metadata: 'a' }] },
      buttons: [{ type: 'conversation', label: 'Sales', accountId: '42' }, { type: 'web_url', label: 'Site', url: 'https://example.com' }],
      attachment: null, isDefault: true, createdAt: '', updatedAt: '',
    }
    const draft = draftFromWelcome(saved, new Map([['42', 'sales']]))
    assert.equal(draft.buttons[0]?.handle, 'sales')
    assert.equal(draft.buttons[1]?.url, 'https://example.com')
    assert.deepEqual(welcomeInput(draft, new Map([['sales', '42']])).buttons, saved.buttons)
    assert.deepEqual(welcomeInput(draft, new Map()).quickReply, saved.quickReply)
  })
})

describe('keyword rules', () => {
  test('commas separate keywords; blanks and repeats are dropped', () => {
    assert.deepEqual(addKeywords(['price'], ' Price, opening  hours ,, refund'), ['price', 'opening hours', 'refund'])
  })
  test('20 keywords of 50 characters are fine; 21, or 51 characters, are not; one is required', () => {
    const fine = { keywords: Array.from({ length: 20 }, (_, i) => `${x(48)}${String(i).padStart(2, '0')}`), replyText: 'Hi', options: [], enabled: true }
    assert.deepEqual(keywordProblems(fine), [])
    assert.deepEqual(keywordProblems({ ...fine, keywords: [...fine.keywords, 'more'] }).map((p) => p.path), ['/keywords'])
    assert.deepEqual(keywordProblems({ ...fine, keywords: [x(51)] }).map((p) => `${p.path} ${p.message}`), ['/keywords/0 tooLong'])
    assert.deepEqual(keywordProblems({ ...fine, keywords: [], replyText: '' }).map((p) => `${p.path} ${p.message}`), ['/keywords required', '/replyText required'])
  })
  test('the body carries the quick replies or null', () => {
    assert.deepEqual(keywordInput({ keywords: ['hours'], replyText: 'We open at 9.', options: [], enabled: false }), {
      keywords: ['hours'], replyText: 'We open at 9.', quickReply: null, enabled: false,
    })
  })
})

describe('small helpers', () => {
  test('moving an item up and down, and not past the ends', () => {
    assert.deepEqual(move(['a', 'b', 'c'], 2, -1), ['a', 'c', 'b'])
    assert.deepEqual(move(['a', 'b', 'c'], 0, 1), ['b', 'a', 'c'])
    assert.deepEqual(move(['a', 'b', 'c'], 0, -1), ['a', 'b', 'c'])
    assert.deepEqual(move(['a', 'b', 'c'], 2, 1), ['a', 'b', 'c'])
  })
  test('the deep link names the brand and the welcome message', () => {
    assert.equal(deepLink('https://dm.example.com', '12', '345'), 'https://dm.example.com/messages/compose?recipient_id=12&welcome_message_id=345')
  })
  test('the preview is the first non-empty line, cut on a word', () => {
    assert.equal(previewLine('\n  Hello there  \nsecond'), 'Hello there')
    assert.equal(previewLine(`${'word '.repeat(30)}`, 20), 'word word word word…')
    assert.equal(previewLine(''), '')
  })
})
