import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import sharp from 'sharp'
import { defaultLimits as L, type CollectionItem, type CollectionView } from '@parloir/protocol'
import { testServer, type TestServer } from '@parloir/testing/server'
import { parseAllowList } from '../webhooks/outbound.ts'

type Person = Awaited<ReturnType<TestServer['person']>>
type Res = { statusCode: number; json(): { error?: { code: string; details?: Record<string, unknown> } } }
const code = (res: Res) => (res.statusCode < 300 ? 'ok' : res.json().error?.code ?? String(res.statusCode))

const hostile = {
  script: '<script>alert("x")</script>',
  img: '<img src=x onerror=alert(1)>',
}

/** A page on loopback for links, reached with the allowance the webhook tests use; it counts what reaches it. */
async function linkSite(png: Buffer) {
  const seen: string[] = []
  const server = http.createServer((req, res) => {
    seen.push(req.url ?? '')
    if (req.url === '/beans') {
      return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<html><head>
        <meta property="og:title" content='Ethiopian beans ${hostile.script}'>
        <meta property="og:description" content="${hostile.img.replace(/"/g, '&quot;')} Fruity &amp; bright">
        <meta property="og:image" content="/beans.png"></head><body></body></html>`)
    }
    if (req.url === '/beans.png') return res.writeHead(200, { 'content-type': 'image/png' }).end(png)
    res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { seen, origin, close: () => { server.closeAllConnections(); return new Promise((resolve) => server.close(resolve)) } }
}

describe('collections', () => {
  let s: TestServer
  let ada: Person, ben: Person, chloe: Person, vera: Person, eve: Person
  let brandId: string
  let png: Buffer
  let site: Awaited<ReturnType<typeof linkSite>>
  const api = '/api/v1/collections'
  const asBrand = { 'parloir-act-as': '' }
  const call = (who: Person, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, brand = false) =>
    s.call(method, url, { token: who.token, ...(body === undefined ? {} : { body }), ...(brand ? { headers: asBrand } : {}) })
  const create = async (who: Person, body: Record<string, unknown> = {}, brand = false) => {
    const res = await call(who, 'POST', api, { title: 'Roasts', ...body }, brand)
    assert.equal(res.statusCode, 201, res.body)
    return res.json() as { id: string; publicUrl: string }
  }
  const add = (who: Person, collectionId: string, body: Record<string, unknown>, brand = false) => call(who, 'POST', `${api}/${collectionId}/items`, body, brand)
  const view = async (who: Person, collectionId: string, brand = false) => (await call(who, 'GET', `${api}/${collectionId}`, undefined, brand)).json() as unknown as CollectionView
  const publicPage = (url: string, headers: Record<string, string> = {}) => s.app.inject({ method: 'GET', url, headers })
  const upload = async (who: Person, bytes: Buffer, name: string, brand = false) => {
    const res = await s.app.inject({
      method: 'POST', url: `/api/v1/media?name=${encodeURIComponent(name)}`,
      headers: { authorization: `Bearer ${who.token}`, 'content-type': 'application/octet-stream', ...(brand ? asBrand : {}) }, payload: bytes,
    })
    assert.equal(res.statusCode, 201, res.body)
    return res.json() as { id: string }
  }

  before(async () => {
    png = await sharp({ create: { width: 80, height: 60, channels: 3, background: { r: 200, g: 120, b: 40 } } }).png().toBuffer()
    site = await linkSite(png)
    // Many requests from one address, and links on loopback (the webhook tests' allowance).
    s = await testServer({ outboundAllow: parseAllowList('127.0.0.1:*'), rateLimits: { perAddress: { max: 100_000, windowMs: 60_000 } } as never })
    ;[ada, ben, chloe, vera, eve] = [await s.person('ada', 'Ada'), await s.person('ben', 'Ben'), await s.person('chloe', 'Chloe'), await s.person('vera', 'Vera'), await s.person('eve', 'Eve')]
    brandId = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id
    asBrand['parloir-act-as'] = brandId
    await s.call('PUT', `/api/v1/brands/${brandId}/members/${ben.id}`, { token: ada.token, body: { role: 'agent' } })
    await s.call('PUT', `/api/v1/brands/${brandId}/members/${vera.id}`, { token: ada.token, body: { role: 'viewer' } })
  })
  after(async () => { await s.stop(); await site.close() })

  describe('a person curates', () => {
    test('creates a collection with sections, adds an image, a file, a link and a text, and orders them', async () => {
      const c = await create(chloe, { title: '  Cafés I love ', description: 'Where I drink coffee', contributionMode: 'open' })
      const got = await view(chloe, c.id)
      assert.deepEqual([got.collection.title, got.collection.contributionMode, got.collection.indexable, got.collection.publicUrl], ['Cafés I love', 'open', false, `/collections/${c.id}`])
      const paris = (await call(chloe, 'POST', `${api}/${c.id}/sections`, { title: 'Paris' })).json() as { id: string }
      const lyon = (await call(chloe, 'POST', `${api}/${c.id}/sections`, { title: 'Lyon' })).json() as { id: string }
      const image = await upload(chloe, png, 'terrace.png')
      const file = await upload(chloe, Buffer.from('Espresso 2.00\n'), 'menu.txt')
      const img = (await add(chloe, c.id, { kind: 'media', mediaId: image.id, title: 'The terrace', sectionId: paris.id })).json() as CollectionItem
      assert.deepEqual([img.kind, img.status, img.title, img.media?.url], ['image', 'published', 'The terrace', `/collections/${c.id}/media/${image.id}`])
      const menu = (await add(chloe, c.id, { kind: 'media', mediaId: file.id, sectionId: lyon.id })).json() as CollectionItem
      assert.equal(menu.kind, 'file')
      const link = (await add(chloe, c.id, { kind: 'link', url: `${site.origin}/beans`, sectionId: paris.id })).json() as CollectionItem
      assert.equal(link.kind, 'link')
      assert.equal(link.title, `Ethiopian beans ${hostile.script}`)
      assert.equal(link.text, `${hostile.img} Fruity & bright`)
      assert.equal(link.siteName, '127.0.0.1')
      assert.ok(link.media?.url.startsWith(`/collections/${c.id}/media/`), 'the picture is kept here, not linked from the other site')
      const text = (await add(chloe, c.id, { kind: 'text', title: 'Why', text: 'Because\nthey roast well.' })).json() as CollectionItem
      assert.deepEqual([text.sectionId, text.position], [null, 0])

      assert.equal((await call(chloe, 'POST', `${api}/${c.id}/sections/${lyon.id}/move`, { position: 0 })).statusCode, 200)
      assert.equal((await call(chloe, 'PATCH', `${api}/${c.id}/sections/${lyon.id}`, { title: 'Lyon & around' })).statusCode, 200)
      assert.equal((await call(chloe, 'POST', `${api}/${c.id}/items/${link.id}/move`, { sectionId: paris.id, position: 0 })).json().position, 0)
      assert.equal((await call(chloe, 'POST', `${api}/${c.id}/items/${text.id}/move`, { sectionId: lyon.id, position: 99 })).json().position, 1, 'past the end is the end')
      const after = await view(chloe, c.id)
      assert.deepEqual(after.sections.map((x) => [x.title, x.position]), [['Lyon & around', 0], ['Paris', 1]])
      assert.deepEqual(after.items.map((i) => [i.id, i.sectionId, i.position]), [
        [menu.id, lyon.id, 0], [text.id, lyon.id, 1], [link.id, paris.id, 0], [img.id, paris.id, 1],
      ])

      // Deleting a section puts its items at the top, in their order.
      assert.equal((await call(chloe, 'DELETE', `${api}/${c.id}/sections/${lyon.id}`)).statusCode, 204)
      const flat = await view(chloe, c.id)
      assert.deepEqual(flat.sections.map((x) => [x.title, x.position]), [['Paris', 0]])
      assert.deepEqual(flat.items.map((i) => [i.id, i.sectionId, i.position]), [[menu.id, null, 0], [text.id, null, 1], [link.id, paris.id, 0], [img.id, paris.id, 1]])
      assert.deepEqual((await call(chloe, 'GET', api)).json().collections.map((x: { id: string; itemCount: number }) => [x.id, x.itemCount]), [[c.id, 4]])
    })

    test('only one\'s own uploads go in; someone else\'s collection cannot be changed', async () => {
      const c = await create(chloe)
      const evesPicture = await upload(eve, png, 'eve.png')
      assert.equal(code(await add(chloe, c.id, { kind: 'media', mediaId: evesPicture.id })), 'MEDIA_NOT_FOUND')
      assert.equal(code(await call(eve, 'PATCH', `${api}/${c.id}`, { title: 'Mine now' })), 'COLLECTION_NOT_FOUND')
      assert.equal(code(await call(eve, 'POST', `${api}/${c.id}/sections`, { title: 'x' })), 'COLLECTION_NOT_FOUND')
      assert.equal(code(await call(eve, 'DELETE', `${api}/${c.id}`)), 'COLLECTION_NOT_FOUND')
      assert.equal(code(await call(eve, 'GET', `${api}/9999999999999999999`)), 'COLLECTION_NOT_FOUND')
    })

    test('an item takes only its own fields', async () => {
      const c = await create(chloe)
      assert.equal(code(await add(chloe, c.id, { kind: 'text' })), 'VALIDATION_FAILED')
      assert.equal(code(await add(chloe, c.id, { kind: 'text', text: '  \n ' })), 'VALIDATION_FAILED')
      assert.equal(code(await add(chloe, c.id, { kind: 'text', text: 'x', url: 'https://example.com/' })), 'VALIDATION_FAILED')
      assert.equal(code(await add(chloe, c.id, { kind: 'link', url: `${site.origin}/beans`, title: 'mine' })), 'VALIDATION_FAILED')
      assert.equal(code(await add(chloe, c.id, { kind: 'media' })), 'VALIDATION_FAILED')
      assert.equal(code(await add(chloe, c.id, { kind: 'text', text: 'x', sectionId: '123' })), 'COLLECTION_SECTION_NOT_FOUND')
      assert.equal(code(await add(chloe, c.id, { kind: 'poll', text: 'x' })), 'VALIDATION_FAILED')
    })
  })

  describe('links', () => {
    test('only http and https: javascript:, data:, file: and others are refused before any request', async () => {
      const c = await create(chloe)
      const before = site.seen.length
      for (const url of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd',
        'ftp://example.com/', 'vbscript:msgbox(1)', `http://user:pw@127.0.0.1:9/`, 'http://', 'https:/example.com']) {
        assert.equal(code(await add(chloe, c.id, { kind: 'link', url })), 'VALIDATION_FAILED', url)
      }
      assert.equal(site.seen.length, before)
    })

    test('a private address is refused with its reason, and nothing is kept', async () => {
      const c = await create(chloe)
      for (const url of ['http://10.0.0.1/', 'http://192.168.1.1/', 'http://172.16.0.1/', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/', 'http://[fe80::1]/']) {
        const res = await add(chloe, c.id, { kind: 'link', url })
        assert.equal(code(res), 'LINK_FETCH_FAILED', url)
        assert.equal(res.json().error?.details?.reason, 'refused_address', url)
      }
      assert.deepEqual((await view(chloe, c.id)).items, [])
    })

    test('without the allowance, the loopback page itself is refused and hears nothing', async () => {
      const strict = await testServer()
      try {
        const dan = await strict.person('dan')
        const id = (await strict.call('POST', api, { token: dan.token, body: { title: 'Links' } })).json().id
        const before = site.seen.length
        for (const url of [`${site.origin}/beans`, `http://localhost:${new URL(site.origin).port}/beans`]) {
          const res = await strict.call('POST', `${api}/${id}/items`, { token: dan.token, body: { kind: 'link', url } })
          assert.equal(res.json().error?.code, 'LINK_FETCH_FAILED', url)
          assert.equal(res.json().error?.details?.reason, 'refused_address', url)
        }
        assert.equal(site.seen.length, before)
      } finally {
        await strict.stop()
      }
    })
  })

  describe('contributions', () => {
    let c: { id: string; publicUrl: string }
    before(async () => { c = await create(chloe, { title: 'Best espresso', contributionMode: 'approval' }) })

    test('in an approval collection, others\' items wait: the curator and the author see them, readers do not', async () => {
      const sent = await add(eve, c.id, { kind: 'text', text: 'Try Northwind!' })
      assert.equal(sent.statusCode, 201)
      const item = sent.json() as CollectionItem
      assert.equal(item.status, 'pending')
      assert.deepEqual((await view(chloe, c.id)).items.map((i) => [i.id, i.status]), [[item.id, 'pending']])
      assert.equal((await view(chloe, c.id)).collection.pendingCount, 1)
      assert.deepEqual((await view(eve, c.id)).items.map((i) => i.id), [item.id])
      assert.deepEqual((await view(ben, c.id)).items, [], 'another reader')
      assert.equal((await view(ben, c.id)).collection.pendingCount, 0)
      assert.doesNotMatch((await publicPage(c.publicUrl)).body, /Try Northwind/)
      assert.equal(code(await call(eve, 'POST', `${api}/${c.id}/items/${item.id}/approve`)), 'COLLECTION_NOT_FOUND', 'only the curator decides')

      const approved = await call(chloe, 'POST', `${api}/${c.id}/items/${item.id}/approve`)
      assert.equal(approved.json().status, 'published')
      assert.match((await publicPage(c.publicUrl)).body, /Try Northwind/)
      assert.match((await publicPage(c.publicUrl)).body, /Added by Eve/)
      assert.equal(code(await call(chloe, 'POST', `${api}/${c.id}/items/${item.id}/decline`)), 'CONTRIBUTION_NOT_PENDING')
    })

    test('a declined contribution stays its author\'s, marked declined; its author may take back a waiting one', async () => {
      const item = (await add(eve, c.id, { kind: 'text', text: 'Buy my mugs' })).json() as CollectionItem
      assert.equal((await call(chloe, 'POST', `${api}/${c.id}/items/${item.id}/decline`)).json().status, 'declined')
      assert.deepEqual((await view(eve, c.id)).items.filter((i) => i.id === item.id).map((i) => i.status), ['declined'])
      assert.deepEqual((await view(chloe, c.id)).items.filter((i) => i.id === item.id), [], 'the curator does not keep seeing it')
      assert.equal(code(await call(chloe, 'POST', `${api}/${c.id}/items/${item.id}/approve`)), 'CONTRIBUTION_NOT_PENDING')
      const waiting = (await add(eve, c.id, { kind: 'text', text: 'Oops' })).json() as CollectionItem
      assert.equal(code(await call(ben, 'DELETE', `${api}/${c.id}/items/${waiting.id}`)), 'COLLECTION_ITEM_NOT_FOUND')
      assert.equal((await call(eve, 'DELETE', `${api}/${c.id}/items/${waiting.id}`)).statusCode, 204)
      const published = (await view(chloe, c.id)).items.find((i) => i.status === 'published')!
      assert.equal(code(await call(eve, 'DELETE', `${api}/${c.id}/items/${published.id}`)), 'COLLECTION_ITEM_NOT_FOUND', 'a published one is the curator\'s to remove')
    })

    test('in an open collection, others\' items are published at once', async () => {
      const open = await create(chloe, { contributionMode: 'open' })
      assert.equal((await add(eve, open.id, { kind: 'text', text: 'Hello' })).json().status, 'published')
    })

    test('a waiting picture is shown to its curator and author only', async () => {
      const picture = await upload(eve, png, 'cup.png')
      const item = (await add(eve, c.id, { kind: 'media', mediaId: picture.id })).json() as CollectionItem
      const url = item.media!.url
      assert.equal((await publicPage(url)).statusCode, 404)
      assert.equal((await s.call('GET', url, { token: ben.token })).statusCode, 404)
      assert.equal((await s.call('GET', url, { token: chloe.token })).statusCode, 200)
      assert.equal((await s.call('GET', url, { token: eve.token })).statusCode, 200)
      await call(chloe, 'POST', `${api}/${c.id}/items/${item.id}/approve`)
      const open = await publicPage(url)
      assert.equal(open.statusCode, 200)
      assert.equal(open.headers['content-type'], 'image/png')
      assert.equal(open.headers['set-cookie'], undefined)
      assert.equal((await publicPage(`/collections/${c.id}/media/${(await upload(eve, png, 'other.png')).id}`)).statusCode, 404, 'media of no item here')
    })
  })

  describe('a brand curates, its team acting as the brand', () => {
    test('admins curate, agents add, viewers read; the brand is the author', async () => {
      const c = await create(ada, { title: 'Our roasts' }, true)
      assert.equal((await call(ada, 'GET', api, undefined, true)).json().collections[0].curatorId, brandId)
      assert.equal(code(await call(ben, 'POST', api, { title: 'x' }, true)), 'FORBIDDEN', 'an agent does not curate')
      const picture = await upload(ben, png, 'beans.png', true)
      const added = (await add(ben, c.id, { kind: 'media', mediaId: picture.id }, true)).json() as CollectionItem
      assert.deepEqual([added.status, added.authorId], ['published', brandId])
      assert.equal(code(await add(vera, c.id, { kind: 'text', text: 'x' }, true)), 'FORBIDDEN')
      assert.equal((await view(vera, c.id, true)).items.length, 1)
      assert.equal(code(await add(eve, c.id, { kind: 'text', text: 'x' }, true)), 'ACCOUNT_NOT_FOUND', 'not on the team')
      const waiting = (await add(eve, c.id, { kind: 'text', text: 'Love the Sidamo' })).json() as CollectionItem
      assert.equal(code(await call(ben, 'POST', `${api}/${c.id}/items/${waiting.id}/approve`, undefined, true)), 'FORBIDDEN')
      assert.equal((await call(ada, 'POST', `${api}/${c.id}/items/${waiting.id}/approve`, undefined, true)).statusCode, 200)
      assert.equal(code(await call(ada, 'POST', `${api}/${c.id}/sections`, { title: 'x' })), 'COLLECTION_NOT_FOUND', 'as herself, Ada curates none of the brand\'s')
    })
  })

  describe('the public page', () => {
    test('reads without an account, sets no cookie, runs no script, and loads nothing from elsewhere', async () => {
      const c = await create(chloe, { title: `Mine ${hostile.script}`, description: `About ${hostile.img}` })
      await add(chloe, c.id, { kind: 'text', title: hostile.img, text: `${hostile.script} and javascript:alert(1)` })
      await add(chloe, c.id, { kind: 'link', url: `${site.origin}/beans` })
      const page = await publicPage(c.publicUrl)
      assert.equal(page.statusCode, 200)
      assert.equal(page.headers['set-cookie'], undefined)
      assert.match(String(page.headers['content-security-policy']), /default-src 'none'/)
      assert.doesNotMatch(String(page.headers['content-security-policy']), /script-src/)
      assert.doesNotMatch(page.body, /<script|<img src=x/i, 'hostile words are escaped')
      for (const tag of page.body.matchAll(/<([a-z]+)((?:[^>"']|"[^"]*"|'[^']*')*)>/gi)) {
        assert.doesNotMatch(tag[2]!.replace(/"[^"]*"|'[^']*'/g, '""'), /\son\w+\s*=/i, `no event handler attribute: ${tag[0]}`)
      }
      assert.match(page.body, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/)
      assert.match(page.body, /&lt;img src=x onerror=alert\(1\)&gt;/)
      assert.doesNotMatch(page.body, /href="javascript:/i)
      assert.doesNotMatch(page.body, new RegExp(site.origin.replace(/[.:/]/g, '\\$&') + '/beans\\.png'), 'the link\'s picture is not loaded from the other site')
      for (const src of page.body.matchAll(/\ssrc="([^"]*)"/g)) assert.match(src[1]!, /^\/(?!\/)/, `only this origin: ${src[1]}`)
      assert.match(page.body, /<meta property="og:title" content="Mine &lt;script&gt;/)
      assert.match(page.body, /<meta property="og:url" content="http:\/\/localhost(:\d+)?\/collections\/\d+">/)
      assert.match(page.body, /<meta name="robots" content="noindex">/)
      assert.equal(page.headers['x-robots-tag'], 'noindex')
    })

    test('the curator chooses whether search engines may index it; French readers read French', async () => {
      const c = await create(chloe, { title: 'Indexed', indexable: true })
      const page = await publicPage(c.publicUrl, { 'accept-language': 'fr-FR,fr;q=0.9' })
      assert.doesNotMatch(page.body, /<meta name="robots"/)
      assert.equal(page.headers['x-robots-tag'], undefined)
      assert.match(page.body, /Organisée par Chloe/)
      await call(chloe, 'PATCH', `${api}/${c.id}`, { indexable: false })
      assert.match((await publicPage(c.publicUrl)).body, /content="noindex"/)
    })

    test('a hidden item shows the moderators\' reason and nothing of itself', async () => {
      const c = await create(chloe)
      const item = (await add(chloe, c.id, { kind: 'text', text: 'Rude words here' })).json() as CollectionItem
      await s.deps.storage.transaction((tx) => tx.collections.hideItem(item.id, { atMs: 1, reason: 'Insulting <b>language</b>' }))
      const page = await publicPage(c.publicUrl)
      assert.match(page.body, /Hidden by the moderators: Insulting &lt;b&gt;language&lt;\/b&gt;/)
      assert.doesNotMatch(page.body, /Rude words/)
      const reader = (await view(eve, c.id)).items[0]!
      assert.deepEqual([reader.text, reader.hiddenReason], [null, 'Insulting <b>language</b>'])
      assert.equal((await view(chloe, c.id)).items[0]!.text, 'Rude words here', 'the curator still sees it')
      await s.deps.storage.transaction((tx) => tx.collections.hideCollection(c.id, { atMs: 2, reason: 'Under review' }))
      const hidden = await publicPage(c.publicUrl)
      assert.match(hidden.body, /Hidden by the moderators: Under review/)
      assert.match(hidden.body, /content="noindex"/)
    })

    test('a missing collection is a page that says so', async () => {
      for (const url of ['/collections/9999999999999999999', '/collections/nope']) {
        const res = await publicPage(url)
        assert.equal(res.statusCode, 404)
        assert.match(res.body, /No such collection/)
      }
    })
  })

  describe('limits', () => {
    test(`a title of ${L.collectionTitleChars} characters, a description of ${L.collectionDescriptionChars}; one more is refused`, async () => {
      assert.equal((await call(eve, 'POST', api, { title: 'é'.repeat(L.collectionTitleChars), description: 'd'.repeat(L.collectionDescriptionChars) })).statusCode, 201)
      assert.equal(code(await call(eve, 'POST', api, { title: 'é'.repeat(L.collectionTitleChars + 1) })), 'VALIDATION_FAILED')
      assert.equal(code(await call(eve, 'POST', api, { title: 'ok', description: 'd'.repeat(L.collectionDescriptionChars + 1) })), 'VALIDATION_FAILED')
      assert.equal(code(await call(eve, 'POST', api, { title: '   ' })), 'VALIDATION_FAILED')
      const c = await create(eve)
      assert.equal(code(await call(eve, 'PATCH', `${api}/${c.id}`, { title: 't'.repeat(L.collectionTitleChars + 1) })), 'VALIDATION_FAILED')
      assert.equal(code(await call(eve, 'POST', `${api}/${c.id}/sections`, { title: 's'.repeat(L.collectionTitleChars + 1) })), 'VALIDATION_FAILED')
      assert.equal((await call(eve, 'POST', `${api}/${c.id}/sections`, { title: 's'.repeat(L.collectionTitleChars) })).statusCode, 201)
    })

    test(`a text item of ${L.collectionTextChars} characters is kept, one more is refused; a title of ${L.collectionItemTitleChars} too`, async () => {
      const c = await create(eve)
      assert.equal((await add(eve, c.id, { kind: 'text', text: 'x'.repeat(L.collectionTextChars), title: 't'.repeat(L.collectionItemTitleChars) })).statusCode, 201)
      assert.equal(code(await add(eve, c.id, { kind: 'text', text: 'x'.repeat(L.collectionTextChars + 1) })), 'VALIDATION_FAILED')
      assert.equal(code(await add(eve, c.id, { kind: 'text', text: 'x', title: 't'.repeat(L.collectionItemTitleChars + 1) })), 'VALIDATION_FAILED')
    })

    test(`${L.collectionSectionsMax} sections in a collection; one more is COLLECTION_LIMIT_REACHED`, async () => {
      const c = await create(eve)
      for (let i = 0; i < L.collectionSectionsMax; i++) assert.equal((await call(eve, 'POST', `${api}/${c.id}/sections`, { title: `S${i}` })).statusCode, 201)
      const over = await call(eve, 'POST', `${api}/${c.id}/sections`, { title: 'one more' })
      assert.equal(code(over), 'COLLECTION_LIMIT_REACHED')
      assert.deepEqual(over.json().error?.details, { of: 'sections', limit: L.collectionSectionsMax })
    })

    test(`${L.collectionItemsMax} items in a collection (waiting ones count); one more is refused, before any link is fetched`, async () => {
      const c = await create(eve, { contributionMode: 'approval' })
      for (let i = 0; i < L.collectionItemsMax - 1; i++) assert.equal((await add(eve, c.id, { kind: 'text', text: `t${i}` })).statusCode, 201)
      assert.equal((await add(ben, c.id, { kind: 'text', text: 'waiting' })).json().status, 'pending')
      const over = await add(eve, c.id, { kind: 'text', text: 'one more' })
      assert.deepEqual([code(over), over.json().error?.details], ['COLLECTION_LIMIT_REACHED', { of: 'items', limit: L.collectionItemsMax }])
      const before = site.seen.length
      assert.equal(code(await add(eve, c.id, { kind: 'link', url: `${site.origin}/beans` })), 'COLLECTION_LIMIT_REACHED')
      assert.equal(site.seen.length, before)
    })

    test(`${L.collectionPendingMax} contributions wait at most; one more is refused`, async () => {
      const c = await create(eve, { contributionMode: 'approval' })
      for (let i = 0; i < L.collectionPendingMax; i++) assert.equal((await add(ben, c.id, { kind: 'text', text: `p${i}` })).statusCode, 201)
      const over = await add(chloe, c.id, { kind: 'text', text: 'one more' })
      assert.deepEqual([code(over), over.json().error?.details], ['COLLECTION_LIMIT_REACHED', { of: 'pending', limit: L.collectionPendingMax }])
      assert.equal((await add(eve, c.id, { kind: 'text', text: 'the curator still adds' })).statusCode, 201)
    })

    test(`an account curates ${L.collectionsPerAccount} collections; one more is refused`, async () => {
      const fresh = await s.person('fresh')
      for (let i = 0; i < L.collectionsPerAccount; i++) assert.equal((await call(fresh, 'POST', api, { title: `C${i}` })).statusCode, 201)
      const over = await call(fresh, 'POST', api, { title: 'one more' })
      assert.deepEqual([code(over), over.json().error?.details], ['COLLECTION_LIMIT_REACHED', { of: 'collections', limit: L.collectionsPerAccount }])
    })
  })
})
