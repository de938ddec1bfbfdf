import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { avatarColourIndex, type Account, type Message, type SupportStatus, type WelcomeMessage } from '@parloir/protocol'
import { extractEntities } from '@parloir/core'
import { composePage, type ComposeView } from './compose-page.ts'
import { visitorPage, type VisitorView } from './visitor-page.ts'
import { errorPage } from './error-page.ts'
import { pickLang, say, texts } from './text.ts'

const hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
const brand: Account = { id: '1000000000000000001', kind: 'brand', handle: 'northwind', displayName: 'Northwind <b>Coffee</b>', bio: '', avatarUrl: null, createdAt: '2026-01-01T00:00:00.000Z' }
const support: SupportStatus = { providesSupport: true, openNow: false, nextChangeAt: '2026-11-23T08:00:00.000Z', replyTime: 'hour', usualReplyTime: null, calendar: {
  timeZone: 'Europe/Paris', weekly: { monday: [], tuesday: [], wednesday: [], thursday: [], friday: [], saturday: [], sunday: [] }, holidays: [], exceptions: [],
} }
const welcome: WelcomeMessage = {
  id: '2000000000000000002', brandId: brand.id, name: 'Orders', text: `Hello ${hostile} https://northwind.example/help`, entities: extractEntities(`Hello ${hostile} https://northwind.example/help`),
  quickReply: { type: 'options', options: [{ label: 'Where is my order?', metadata: 'order"<>' }, { label: 'Returns', description: 'Send something back' }] },
  buttons: [
    { type: 'web_url', label: 'Track', url: 'https://northwind.example/track' },
    { type: 'web_url', label: 'Evil', url: 'javascript:alert(1)' },
    { type: 'phone_number', label: 'Call us', phoneNumber: '+33 1 23 45 67 89' },
    { type: 'conversation', label: 'Talk to Ben', accountId: '3000000000000000003' },
  ],
  attachment: null, isDefault: false, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
}
/** Every tag of a page; escaped text never holds a `<`, so this finds only real markup. */
const tags = (out: string) => out.match(/<[a-z][^>]*>/gi) ?? []
const handlers = (out: string) => tags(out).map((tag) => tag.replace(/"[^"]*"/g, '""')).filter((tag) => /\son[a-z]+\s*=|\sstyle\s*=/i.test(tag))
const composeView = (over: Partial<ComposeView> = {}): ComposeView => ({
  lang: 'en', recipient: brand, support, welcome, sender: null,
  form: { text: `Hi ${hostile}</textarea><script>x</script>`, displayName: hostile, email: '', ref: 'spring_campaign', clientMessageId: 'c1' },
  error: null, loginHref: '/login', signupHref: '/signup', nowMs: Date.parse('2026-11-23T00:50:00Z'), ...over,
})

describe('the compose page', () => {
  test('has no script, no inline style and no event handler, whatever the text', () => {
    const out = composePage(composeView({ error: hostile })).value
    assert.doesNotMatch(out, /<script/i)
    assert.deepEqual(handlers(out), [])
    assert.doesNotMatch(out, /<img src=x/i)
    assert.match(out, /<textarea[^>]*>Hi &lt;script&gt;alert\(1\)&lt;\/script&gt;.*&lt;\/textarea&gt;&lt;script&gt;x&lt;\/script&gt;<\/textarea>/s)
    assert.match(out, /<h1 class="pg-name"><span>Northwind &lt;b&gt;Coffee&lt;\/b&gt;<\/span><span class="pg-badge">Provides support<\/span><\/h1>/)
  })

  test('shows the welcome message with its quick replies as submit buttons of the form and its buttons as links', () => {
    const out = composePage(composeView()).value
    assert.match(out, /<button class="pg-quick-option" type="submit" form="compose" name="quick_reply" value="order&quot;&lt;&gt;"><span class="pg-quick-label">Where is my order\?<\/span><\/button>/)
    assert.match(out, /name="quick_reply" value="Returns"><span class="pg-quick-label">Returns<\/span><span class="pg-quick-description">Send something back<\/span>/)
    assert.match(out, /<a class="pg-cta-button" href="https:\/\/northwind.example\/track" target="_blank" rel="noopener noreferrer">/)
    assert.match(out, /<a class="pg-cta-button" href="tel:\+33123456789">/)
    assert.match(out, /<a class="pg-cta-button" href="\/messages\/compose\?recipient_id=3000000000000000003">/)
    assert.doesNotMatch(out, /javascript:/)
    assert.match(out, /<input type="hidden" name="welcome_message_id" value="2000000000000000002">/)
    assert.match(out, /<input type="hidden" name="ref" value="spring_campaign">/)
    // 01:50 on a Monday in Paris: the brand is back today, in its own time, its zone named.
    assert.match(out, /Away · back today at 09:00 \(Europe\/Paris time\)/)
    assert.match(out, /Usually answers within an hour/)
  })

  test('Enter in a field sends the message, not the first quick reply: a hidden Send is the form\'s first button', () => {
    const out = composePage(composeView()).value
    const firstSubmit = tags(out).find((tag) => /type="submit"/.test(tag))
    assert.equal(firstSubmit, '<button class="pg-default-submit" type="submit" form="compose" tabindex="-1" aria-hidden="true">')
  })

  test('a person to a person without an account is asked to log in, and sees no visitor form', () => {
    const person: Account = { ...brand, kind: 'person', handle: 'ben', displayName: 'Ben' }
    const out = composePage(composeView({ recipient: person, welcome: null, support: null })).value
    assert.match(out, /Log in to write/)
    assert.doesNotMatch(out, /<form/)
    assert.doesNotMatch(out, /Provides support/)
  })
})

describe('the visitor page', () => {
  const base = { conversationId: '4000000000000000004', senderId: brand.id, kind: 'text' as const, entities: { urls: [], mentions: [], hashtags: [] }, quickReply: null, quickReplyResponse: null, buttons: [], attachment: null, system: null, customProfile: null, automation: null, clientMessageId: null, createdAt: '2026-01-01T00:00:00.000Z', unsentAt: null }
  const me = '5000000000000000005'
  const messages: Message[] = [
    { ...base, id: '6000000000000000001', seq: 1, text: welcome.text, entities: welcome.entities, quickReply: welcome.quickReply, automation: 'welcome' },
    { ...base, id: '6000000000000000002', seq: 2, senderId: me, text: `Hi ${hostile}`, quickReplyResponse: { type: 'options', messageId: '6000000000000000001', metadata: 'Returns' } },
    { ...base, id: '6000000000000000003', seq: 3, text: 'Sure, which order?', customProfile: { id: '7', name: 'Ada at Northwind', avatarUrl: null }, quickReply: { type: 'options', options: [{ label: 'The last one', metadata: 'last' }] } },
  ]
  const view: VisitorView = {
    lang: 'en', conversationId: '4000000000000000004', brand, support, me: { accountId: me, email: null }, messages, earlierHref: null,
    csrf: 'csrf-token', clientMessageId: 'c2', checkToken: 'k1', reply: { text: '', error: null }, email: { value: '', error: null },
  }

  test('lists the messages as bubbles: automatic replies say so, custom profiles show their name, my choice is noted', () => {
    const out = visitorPage(view).value
    assert.doesNotMatch(out, /<script/i)
    assert.deepEqual(handlers(out), [])
    assert.match(out, /<p class="pg-sender">Northwind &lt;b&gt;Coffee&lt;\/b&gt; <span class="pg-auto">· Automatic reply<\/span><\/p>/)
    assert.match(out, /<p class="pg-sender">Ada at Northwind<\/p>/)
    assert.match(out, /Chose “Returns”/)
    assert.match(out, /Hi &lt;script&gt;/)
  })

  test('only the last message offers its quick replies, as buttons of the reply form that name it', () => {
    const out = visitorPage(view).value
    assert.equal((out.match(/class="pg-quick-option"/g) ?? []).length, 1)
    assert.match(out, /form="reply" name="quick_reply" value="last"/)
    assert.match(out, /<input type="hidden" name="quick_reply_message_id" value="6000000000000000003">/)
    assert.match(out, /<input type="hidden" name="csrf" value="csrf-token">/)
    assert.match(out, /href="\/messages\/visitor\/4000000000000000004\?check=k1#latest">Check for answers<\/a>/)
  })
})

describe('words', () => {
  test('French has every English key, and no text is empty', () => {
    assert.deepEqual(Object.keys(texts.fr).sort(), Object.keys(texts.en).sort())
    for (const [key, value] of Object.entries(texts.fr)) assert.ok(value.trim() !== '', key)
  })

  test('the language follows Accept-Language, English otherwise', () => {
    assert.equal(pickLang('fr-FR,fr;q=0.9,en;q=0.8'), 'fr')
    assert.equal(pickLang('de-DE, en;q=0.5, fr;q=0.7'), 'fr')
    assert.equal(pickLang('de'), 'en')
    assert.equal(pickLang(undefined), 'en')
    assert.equal(pickLang('fr;q=0, en'), 'en')
    assert.equal(say('fr', 'compose.title', { name: 'Northwind' }), 'Écrire à Northwind')
  })

  test('the error page escapes what it is told', () => {
    const out = errorPage({ lang: 'en', title: hostile, lines: [hostile], links: [] }).value
    assert.doesNotMatch(out, /<script|<img/i)
    assert.match(out, /href="\/">Parloir home</)
  })
})

describe('the mark and avatars of every page', () => {
  test('the logo is the app\'s own drawing, inline: nothing loaded for it, from anywhere', async () => {
    const { readFile } = await import('node:fs/promises')
    const favicon = await readFile(new URL('../../../web/public/favicon.svg', import.meta.url), 'utf8')
    const out = composePage(composeView()).value
    const drawing = (svg: string) => svg.replace(/^<svg[^>]*>|<\/svg>\s*$/g, '')
    assert.ok(out.includes(drawing(favicon.trim())), 'the inline logo draws what favicon.svg draws')
    assert.match(out, /<a class="pg-mark" href="\/" aria-label="Parloir home"><svg class="pg-mark-logo"[^>]*aria-hidden="true"/)
    assert.doesNotMatch(out, /src="(https?:)?\/\/|<link[^>]*href="(https?:)?\/\//, 'nothing loaded from another site')
  })

  test('initials wear the colour protocol gives the account id', () => {
    const out = composePage(composeView()).value
    assert.match(out, new RegExp(`pg-avatar-c${avatarColourIndex(brand.id)}"`))
  })
})
