import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { after, before, describe, test } from 'node:test'
import sharp from 'sharp'
import { AppError, type ErrorCode } from '@parloir/protocol'
import type { InspectedMedia, MediaCaps } from '@parloir/core'
import { DiskMediaStore } from './index.ts'

const KEY = /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{32}$/

const roomyCaps: MediaCaps = { imageBytes: 10_000_000, gifBytes: 10_000_000, videoBytes: 10_000_000, fileBytes: 10_000_000, imagePixels: 32_000_000 }

let base: string
let counter = 0
before(async () => {
  base = await mkdtemp(join(tmpdir(), 'parloir-media-'))
})
after(async () => {
  await rm(base, { recursive: true, force: true })
})

/** A fresh store in its own empty folder; no disk reserve so tests run on small disks. */
function freshStore(reserveBytes = 0) {
  const root = join(base, `store-${++counter}`)
  return { root, store: new DiskMediaStore({ root, reserveBytes }) }
}

/** A body delivered in chunks, like a request stream. */
function bodyOf(bytes: Buffer | string, chunkSize = 1024): Readable {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes)
  const chunks: Buffer[] = []
  for (let i = 0; i < buf.length; i += chunkSize) chunks.push(buf.subarray(i, i + chunkSize))
  return Readable.from(chunks, { objectMode: false })
}

/** Every regular file under a folder, as paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  let entries
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
}

async function readStored(store: DiskMediaStore, key: string): Promise<Buffer> {
  const opened = await store.open(key)
  assert.ok(opened, `key ${key} should open`)
  const chunks: Buffer[] = []
  for await (const chunk of opened.stream) chunks.push(chunk as Buffer)
  const bytes = Buffer.concat(chunks)
  assert.equal(bytes.length, opened.sizeBytes)
  return bytes
}

async function rejectsWith(promise: Promise<unknown>, code: ErrorCode, details?: Record<string, unknown>) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`)
    assert.equal(error.code, code)
    if (details) assert.deepEqual(error.details, details)
    return true
  })
}

/** True when the TIFF structure of an EXIF block has a GPS IFD pointer (tag 0x8825) in IFD0. */
function exifHasGps(exif: Buffer | undefined): boolean {
  if (!exif) return false
  const tiff = exif.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? exif.subarray(6) : exif
  const little = tiff.subarray(0, 2).toString('latin1') === 'II'
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at))
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at))
  const ifd0 = u32(4)
  const count = u16(ifd0)
  for (let i = 0; i < count; i++) if (u16(ifd0 + 2 + i * 12) === 0x8825) return true
  return false
}

const solid = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 60 } } })

async function gpsJpeg(): Promise<Buffer> {
  return solid(40, 20)
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 3/1' } })
    .toBuffer()
}

/** A two-frame GIF, each frame 30×10. */
async function animatedGif(): Promise<Buffer> {
  const width = 30
  const height = 10
  const raw = Buffer.alloc(width * height * 2 * 3, 40)
  for (let i = width * height * 3; i < raw.length; i += 3) raw[i] = 255
  return sharp(raw, { raw: { width, height: height * 2, channels: 3, pageHeight: height } }).gif().toBuffer()
}

/** A minimal ISO-BMFF (MP4) header padded to `size` bytes. */
function mp4Bytes(size: number): Buffer {
  const bytes = Buffer.alloc(size)
  bytes.writeUInt32BE(24, 0)
  bytes.write('ftypisom', 4, 'latin1')
  bytes.write('isomiso2mp41', 12, 'latin1')
  bytes.writeUInt32BE(size - 24, 24)
  bytes.write('mdat', 28, 'latin1')
  return bytes
}

/** Deterministic noise that starts with no known file signature. */
function noise(size: number): Buffer {
  const bytes = Buffer.alloc(size)
  let state = 0x2545f491
  for (let i = 0; i < size; i++) {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    bytes[i] = state & 0xff
  }
  bytes[0] = 0x13
  bytes[1] = 0x37
  return bytes
}

describe('DiskMediaStore.put for images', () => {
  test('strips GPS EXIF from a JPEG, applies its orientation and keeps it a JPEG', async () => {
    const input = await gpsJpeg()
    const inputMeta = await sharp(input).metadata()
    assert.ok(exifHasGps(inputMeta.exif), 'the fixture must carry a GPS IFD')
    assert.equal(inputMeta.orientation, 6)

    const { store } = freshStore()
    const media = await store.put(bodyOf(input), roomyCaps)
    assert.equal(media.kind, 'image')
    assert.equal(media.mimeType, 'image/jpeg')
    assert.equal(media.width, 20, 'rotated by the EXIF orientation')
    assert.equal(media.height, 40)

    const stored = await readStored(store, media.storageKey)
    assert.equal(media.sizeBytes, stored.length)
    const storedMeta = await sharp(stored).metadata()
    assert.equal(storedMeta.format, 'jpeg')
    assert.equal(storedMeta.exif, undefined, 'no EXIF at all is kept')
    assert.equal(exifHasGps(storedMeta.exif), false)
    assert.equal(stored.includes(Buffer.from('Exif\0\0', 'latin1')), false)
    assert.equal(storedMeta.width, 20)
    assert.equal(storedMeta.height, 40)
  })

  test('keeps a PNG a PNG and records its size', async () => {
    const { store } = freshStore()
    const media = await store.put(bodyOf(await solid(64, 48).png().toBuffer()), roomyCaps)
    assert.deepEqual([media.kind, media.mimeType, media.width, media.height], ['image', 'image/png', 64, 48])
    assert.equal((await sharp(await readStored(store, media.storageKey)).metadata()).format, 'png')
  })

  test('keeps a WebP a WebP and records its size', async () => {
    const { store } = freshStore()
    const media = await store.put(bodyOf(await solid(33, 17).webp().toBuffer()), roomyCaps)
    assert.deepEqual([media.kind, media.mimeType, media.width, media.height], ['image', 'image/webp', 33, 17])
    assert.equal((await sharp(await readStored(store, media.storageKey)).metadata()).format, 'webp')
  })

  test('makes a WebP thumbnail that fits inside 320×320 under its own key', async () => {
    const { store } = freshStore()
    const media = await store.put(bodyOf(await solid(800, 400).jpeg().toBuffer()), roomyCaps)
    assert.ok(media.thumbnailKey)
    assert.match(media.thumbnailKey, KEY)
    assert.notEqual(media.thumbnailKey, media.storageKey)
    const thumb = await sharp(await readStored(store, media.thumbnailKey)).metadata()
    assert.deepEqual([thumb.format, thumb.width, thumb.height], ['webp', 320, 160])
  })

  test('does not enlarge the thumbnail of a small image', async () => {
    const { store } = freshStore()
    const media = await store.put(bodyOf(await solid(20, 10).png().toBuffer()), roomyCaps)
    assert.ok(media.thumbnailKey)
    const thumb = await sharp(await readStored(store, media.thumbnailKey)).metadata()
    assert.deepEqual([thumb.width, thumb.height], [20, 10])
  })

  test('accepts an image at the pixel cap and refuses one a pixel past it', async () => {
    const png = await solid(100, 100).png().toBuffer()
    const { store, root } = freshStore()
    const ok = await store.put(bodyOf(png), { ...roomyCaps, imagePixels: 10_000 })
    assert.equal(ok.width, 100)
    await rejectsWith(store.put(bodyOf(png), { ...roomyCaps, imagePixels: 9_999 }), 'MEDIA_TOO_LARGE', { kind: 'image', limitPixels: 9_999, width: 100, height: 100 })
    assert.deepEqual((await filesUnder(root)).sort(), [ok.storageKey, ok.thumbnailKey].sort(), 'the refused upload left nothing')
  })

  test('refuses bytes that claim to be a JPEG but do not decode, leaving nothing', async () => {
    const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(300, 0x41)])
    const { store, root } = freshStore()
    await rejectsWith(store.put(bodyOf(fake), roomyCaps), 'MEDIA_UNREADABLE')
    assert.deepEqual(await filesUnder(root), [])
  })

  test('refuses a truncated JPEG as unreadable', async () => {
    const full = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).jpeg().toBuffer()
    const { store, root } = freshStore()
    await rejectsWith(store.put(bodyOf(full.subarray(0, Math.floor(full.length / 2))), roomyCaps), 'MEDIA_UNREADABLE')
    assert.deepEqual(await filesUnder(root), [])
  })
})

describe('DiskMediaStore.put for GIF, video and files', () => {
  test('keeps a GIF byte for byte, records the frame size and thumbnails the first frame', async () => {
    const gif = await animatedGif()
    const { store } = freshStore()
    const media = await store.put(bodyOf(gif, 100), roomyCaps)
    assert.deepEqual([media.kind, media.mimeType, media.width, media.height, media.sizeBytes], ['gif', 'image/gif', 30, 10, gif.length])
    assert.deepEqual(await readStored(store, media.storageKey), gif)
    assert.ok(media.thumbnailKey)
    const thumb = await sharp(await readStored(store, media.thumbnailKey), { pages: -1 }).metadata()
    assert.deepEqual([thumb.format, thumb.width, thumb.height, thumb.pages ?? 1], ['webp', 30, 10, 1])
  })

  test('refuses a GIF past the pixel cap', async () => {
    const { store, root } = freshStore()
    await rejectsWith(store.put(bodyOf(await animatedGif()), { ...roomyCaps, imagePixels: 299 }), 'MEDIA_TOO_LARGE', { kind: 'gif', limitPixels: 299, width: 30, height: 10 })
    assert.deepEqual(await filesUnder(root), [])
  })

  test('keeps an MP4 as video with no size and no thumbnail', async () => {
    const mp4 = mp4Bytes(5000)
    const { store } = freshStore()
    const media = await store.put(bodyOf(mp4), roomyCaps)
    assert.deepEqual([media.kind, media.mimeType, media.width, media.height, media.thumbnailKey], ['video', 'video/mp4', null, null, null])
    assert.deepEqual(await readStored(store, media.storageKey), mp4)
  })

  test('stores an SVG as a file, never an image, with or without an XML prolog', async () => {
    const { store } = freshStore()
    const svgs = [
      '<?xml version="1.0" encoding="UTF-8"?>\n<!-- drawn by hand -->\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
      '  \n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
      '\uFEFF<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg/>',
    ]
    for (const svg of svgs) {
      const media = await store.put(bodyOf(svg), roomyCaps)
      assert.deepEqual([media.kind, media.mimeType, media.width, media.height, media.thumbnailKey], ['file', 'image/svg+xml', null, null, null], svg)
      assert.equal((await readStored(store, media.storageKey)).toString('utf8'), svg)
    }
  })

  test('stores text, a PDF, a ZIP and unknown bytes as files with the type their bytes show', async () => {
    const { store } = freshStore()
    const cases: Array<[Buffer, string]> = [
      [Buffer.from('hello, plain text\n'), 'application/octet-stream'],
      [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n', 'latin1'), 'application/pdf'],
      [Buffer.from('PK\x03\x04\x14\x00\x00\x00\x08\x00rest-of-zip', 'latin1'), 'application/zip'],
      [noise(3000), 'application/octet-stream'],
    ]
    for (const [bytes, mimeType] of cases) {
      const media = await store.put(bodyOf(bytes), roomyCaps)
      assert.deepEqual([media.kind, media.mimeType, media.sizeBytes, media.thumbnailKey], ['file', mimeType, bytes.length, null])
      assert.deepEqual(await readStored(store, media.storageKey), bytes)
    }
  })

  test('refuses bytes that start like a GIF but do not decode, leaving nothing', async () => {
    const { store, root } = freshStore()
    await rejectsWith(store.put(bodyOf('GIF89a is how this text file happens to begin'), roomyCaps), 'MEDIA_UNREADABLE', { kind: 'gif' })
    assert.deepEqual(await filesUnder(root), [])
  })
})

describe('DiskMediaStore.put byte caps', () => {
  test('a file at the file cap passes and one byte past it is refused', async () => {
    const { store, root } = freshStore()
    const caps = { ...roomyCaps, fileBytes: 1000 }
    const ok = await store.put(bodyOf(noise(1000)), caps)
    assert.equal(ok.sizeBytes, 1000)
    await rejectsWith(store.put(bodyOf(noise(1001)), caps), 'MEDIA_TOO_LARGE', { kind: 'file', limitBytes: 1000 })
    assert.deepEqual(await filesUnder(root), [ok.storageKey])
  })

  test('an image at the image cap passes and one byte past it is refused', async () => {
    const png = await solid(50, 50).png().toBuffer()
    const { store } = freshStore()
    const ok = await store.put(bodyOf(png), { ...roomyCaps, imageBytes: png.length })
    assert.equal(ok.kind, 'image')
    await rejectsWith(store.put(bodyOf(png), { ...roomyCaps, imageBytes: png.length - 1 }), 'MEDIA_TOO_LARGE', { kind: 'image', limitBytes: png.length - 1 })
  })

  test('a GIF at the GIF cap passes and one byte past it is refused', async () => {
    const gif = await animatedGif()
    const { store } = freshStore()
    const ok = await store.put(bodyOf(gif), { ...roomyCaps, gifBytes: gif.length })
    assert.equal(ok.kind, 'gif')
    await rejectsWith(store.put(bodyOf(gif), { ...roomyCaps, gifBytes: gif.length - 1 }), 'MEDIA_TOO_LARGE', { kind: 'gif', limitBytes: gif.length - 1 })
  })

  test('a video at the video cap passes and one byte past it is refused', async () => {
    const { store } = freshStore()
    const caps = { ...roomyCaps, videoBytes: 6000 }
    const ok = await store.put(bodyOf(mp4Bytes(6000)), caps)
    assert.equal(ok.kind, 'video')
    await rejectsWith(store.put(bodyOf(mp4Bytes(6001)), caps), 'MEDIA_TOO_LARGE', { kind: 'video', limitBytes: 6000 })
  })

  test('the cap follows the kind the bytes show, not the largest cap', async () => {
    const { store } = freshStore()
    await rejectsWith(store.put(bodyOf(noise(2000)), { ...roomyCaps, fileBytes: 1500, videoBytes: 10_000 }), 'MEDIA_TOO_LARGE', { kind: 'file', limitBytes: 1500 })
  })

  test('stops reading and destroys the body as soon as it passes the cap', async () => {
    const { store, root } = freshStore()
    let pulled = 0
    const endless = new Readable({
      read() {
        pulled++
        this.push(noise(1024))
      },
    })
    await rejectsWith(store.put(endless, { ...roomyCaps, fileBytes: 20_000 }), 'MEDIA_TOO_LARGE', { kind: 'file', limitBytes: 20_000 })
    assert.equal(endless.destroyed, true)
    assert.ok(pulled < 100, `read only a little past the cap, pulled ${pulled} chunks`)
    assert.deepEqual(await filesUnder(root), [])
  })

  test('refuses an empty body', async () => {
    const { store, root } = freshStore()
    await rejectsWith(store.put(Readable.from([]), roomyCaps), 'VALIDATION_FAILED', { fields: [{ path: '/body', message: 'must not be empty' }] })
    assert.deepEqual(await filesUnder(root), [])
  })
})

describe('DiskMediaStore.put failures leave no bytes behind', () => {
  test('a body that errors midway leaves the root with no files', async () => {
    const { store, root } = freshStore()
    async function* failing() {
      yield noise(8000)
      yield noise(8000)
      throw new Error('connection reset')
    }
    await assert.rejects(store.put(Readable.from(failing()), roomyCaps), (error: unknown) => error instanceof AppError)
    assert.deepEqual(await filesUnder(root), [])
  })

  test('a client that aborts midway leaves the root with no files', async () => {
    const { store, root } = freshStore()
    const body = new Readable({ read() {} })
    const pending = store.put(body, roomyCaps)
    body.push(noise(6000))
    setTimeout(() => body.destroy(), 20)
    await assert.rejects(pending, (error: unknown) => error instanceof AppError)
    assert.deepEqual(await filesUnder(root), [])
  })

  test('refuses with STORAGE_FULL when free space is under the reserve, before writing anything', async () => {
    const { store, root } = freshStore(Number.MAX_SAFE_INTEGER)
    const body = bodyOf(noise(100))
    await rejectsWith(store.put(body, roomyCaps), 'STORAGE_FULL')
    assert.deepEqual(await filesUnder(root), [])
  })

  test('a successful upload leaves only its stored keys, no temporary files', async () => {
    const { store, root } = freshStore()
    const media = await store.put(bodyOf(await gpsJpeg()), roomyCaps)
    assert.deepEqual((await filesUnder(root)).sort(), [media.storageKey, media.thumbnailKey].sort())
  })
})

describe('DiskMediaStore keys, open and remove', () => {
  let store: DiskMediaStore
  let root: string
  let media: InspectedMedia
  const bytes = Buffer.from('attachment body\n'.repeat(50))

  before(async () => {
    ;({ store, root } = freshStore())
    media = await store.put(bodyOf(bytes), roomyCaps)
  })

  test('stores under a two-level fan-out key', async () => {
    assert.match(media.storageKey, KEY)
    const [a, b, name] = media.storageKey.split('/') as [string, string, string]
    assert.equal(name.slice(0, 4), a + b)
    assert.equal((await stat(join(root, a, b, name))).size, bytes.length)
  })

  test('gives each upload a new key', async () => {
    const again = await store.put(bodyOf(bytes), roomyCaps)
    assert.notEqual(again.storageKey, media.storageKey)
  })

  test('open returns the stored bytes and their size', async () => {
    const opened = await store.open(media.storageKey)
    assert.equal(opened?.sizeBytes, bytes.length)
    opened?.stream.destroy()
    assert.deepEqual(await readStored(store, media.storageKey), bytes)
  })

  test('open returns undefined for a well-formed key that is not stored', async () => {
    assert.equal(await store.open('ab/cd/abcd' + '0'.repeat(28)), undefined)
  })

  test('open and remove refuse keys outside the key shape, such as path traversal', async () => {
    const outside = join(root, '..', `secret-${counter}.txt`)
    await writeFile(outside, 'do not serve')
    await writeFile(join(root, 'loose.txt'), 'not a key')
    const bad = [
      `../secret-${counter}.txt`,
      `ab/cd/../../../secret-${counter}.txt`,
      outside,
      'loose.txt',
      media.storageKey.split('/').slice(0, 2).join('/'),
      `${media.storageKey}/..`,
      `./${media.storageKey}`,
      media.storageKey.toUpperCase(),
      `ab/cd/ef${media.storageKey.slice(8)}`,
      '',
    ]
    for (const key of bad) {
      assert.equal(await store.open(key), undefined, key)
      await store.remove(key)
    }
    assert.equal(await readFile(outside, 'utf8'), 'do not serve')
    assert.equal(await readFile(join(root, 'loose.txt'), 'utf8'), 'not a key')
    assert.deepEqual(await readStored(store, media.storageKey), bytes, 'the real key still opens')
  })

  test('remove deletes the bytes, and removing again is not an error', async () => {
    const other = await store.put(bodyOf('short lived'), roomyCaps)
    await store.remove(other.storageKey)
    assert.equal(await store.open(other.storageKey), undefined)
    await assert.doesNotReject(store.remove(other.storageKey))
    assert.deepEqual(await readStored(store, media.storageKey), bytes, 'other keys are untouched')
  })
})
