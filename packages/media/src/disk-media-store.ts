import { randomBytes } from 'node:crypto'
import { constants as fsConstants, createReadStream } from 'node:fs'
import { mkdir, open, readdir, rename, rm, stat, statfs, unlink, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { fileTypeFromBuffer } from 'file-type'
import sharp from 'sharp'
import { AppError, type MediaKind } from '@parloir/protocol'
import type { InspectedMedia, MediaCaps, MediaStore } from '@parloir/core'

export interface DiskMediaStoreOptions {
  /** Folder that holds the media; created on first use. */
  root: string
  /** Uploads are refused with STORAGE_FULL while free disk space is below this. Default 512 MiB. */
  reserveBytes?: number
}

/** How many leading bytes the type sniffing looks at. */
const SNIFF_BYTES = 4100
const DEFAULT_RESERVE_BYTES = 512 * 1024 * 1024
const THUMBNAIL_SIZE = 320
/** Temporary files older than this, left by a crash, are removed when the store starts. */
const STALE_TEMP_MS = 60 * 60 * 1000
const TEMP_DIR = '.tmp'
/** `ab/cd/abcd…` with 32 lowercase hex digits; the two folders are the first four digits. */
const KEY_SHAPE = /^([0-9a-f]{2})\/([0-9a-f]{2})\/\1\2[0-9a-f]{28}$/

const IMAGE_MIMES = new Set(['image/jpeg', 'image/png', 'image/webp'])
const VIDEO_MIMES = new Set(['video/mp4', 'video/webm', 'video/quicktime'])

interface Sniffed {
  kind: MediaKind
  mimeType: string
}

/** Tells an upload's kind and MIME type from its first bytes only. */
export async function sniffMedia(head: Buffer): Promise<Sniffed> {
  if (looksLikeSvg(head)) return { kind: 'file', mimeType: 'image/svg+xml' }
  const detected = await fileTypeFromBuffer(head.subarray(0, SNIFF_BYTES))
  if (!detected) return { kind: 'file', mimeType: 'application/octet-stream' }
  if (IMAGE_MIMES.has(detected.mime)) return { kind: 'image', mimeType: detected.mime }
  if (detected.mime === 'image/gif') return { kind: 'gif', mimeType: detected.mime }
  if (VIDEO_MIMES.has(detected.mime)) return { kind: 'video', mimeType: detected.mime }
  return { kind: 'file', mimeType: detected.mime }
}

/**
 * True when the bytes open (after a BOM, whitespace, an XML prolog, comments or a doctype) with
 * an `<svg` element. SVG can carry script, so it is never treated as an image.
 */
export function looksLikeSvg(head: Buffer): boolean {
  let text = head.subarray(0, SNIFF_BYTES).toString('utf8').replace(/^\uFEFF/, '')
  const skippable = /^(?:\s+|<\?xml[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>)/i
  for (let guard = 0; guard < 64; guard++) {
    const match = skippable.exec(text)
    if (!match) break
    text = text.slice(match[0].length)
  }
  return /^<svg[\s>/]/i.test(text) || /^<svg$/i.test(text)
}

function capFor(kind: MediaKind, caps: MediaCaps): number {
  switch (kind) {
    case 'image':
      return caps.imageBytes
    case 'gif':
      return caps.gifBytes
    case 'video':
      return caps.videoBytes
    case 'file':
      return caps.fileBytes
  }
}

function isNoSpace(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  return code === 'ENOSPC' || code === 'EDQUOT'
}

/** Turns any failure into an AppError, keeping AppErrors as they are. */
function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error
  if (isNoSpace(error)) return new AppError('STORAGE_FULL')
  const wrapped = new AppError('INTERNAL')
  wrapped.cause = error
  return wrapped
}

/** Decoding problems of sharp: the pixel limit is a size problem, anything else unreadable bytes. */
function decodeError(error: unknown, kind: MediaKind, limitPixels: number): AppError {
  if (error instanceof AppError) return error
  if (isNoSpace(error)) return new AppError('STORAGE_FULL')
  const message = error instanceof Error ? error.message : String(error)
  if (/pixel limit/i.test(message)) return new AppError('MEDIA_TOO_LARGE', { kind, limitPixels })
  return new AppError('MEDIA_UNREADABLE', { kind })
}

async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Makes a rename durable; some platforms cannot open a folder, which is fine to skip. */
async function fsyncDir(path: string): Promise<void> {
  let handle: FileHandle | undefined
  try {
    handle = await open(path, fsConstants.O_RDONLY)
    await handle.sync()
  } catch {
    // best effort
  } finally {
    await handle?.close().catch(() => undefined)
  }
}

async function removeQuietly(path: string): Promise<void> {
  await rm(path, { force: true }).catch(() => undefined)
}

/**
 * Keeps media as files under `root`, fanned out in two levels of folders (`ab/cd/abcd…`).
 * Every upload is streamed to a temporary file, checked by its bytes, re-encoded if it is an
 * image, and moved into place with fsync + rename, so a key either has all its bytes or none.
 */
export class DiskMediaStore implements MediaStore {
  private readonly root: string
  private readonly tempDir: string
  private readonly reserveBytes: number
  private ready: Promise<void> | undefined

  constructor(options: DiskMediaStoreOptions) {
    this.root = options.root
    this.tempDir = join(options.root, TEMP_DIR)
    this.reserveBytes = options.reserveBytes ?? DEFAULT_RESERVE_BYTES
  }

  async put(body: Readable, caps: MediaCaps): Promise<InspectedMedia> {
    const temps: string[] = []
    const newTemp = (suffix: string) => {
      const path = join(this.tempDir, `${randomBytes(16).toString('hex')}${suffix}`)
      temps.push(path)
      return path
    }
    try {
      await this.prepare()
      await this.checkFreeSpace()

      const upload = newTemp('.upload')
      const { sniffed, sizeBytes } = await this.receive(body, upload, caps)

      let sourcePath = upload
      let storedSize = sizeBytes
      let width: number | null = null
      let height: number | null = null
      let thumbnailPath: string | null = null

      if (sniffed.kind === 'image') {
        const reencoded = newTemp('.image')
        const result = await this.reencodeImage(upload, reencoded, sniffed.mimeType, caps.imagePixels)
        sourcePath = reencoded
        storedSize = result.sizeBytes
        width = result.width
        height = result.height
        await removeQuietly(upload)
        thumbnailPath = newTemp('.thumb')
        await this.thumbnail(reencoded, thumbnailPath, 'image', caps.imagePixels)
      } else if (sniffed.kind === 'gif') {
        const size = await this.checkPixels(upload, 'gif', caps.imagePixels)
        width = size.width
        height = size.height
        thumbnailPath = newTemp('.thumb')
        await this.thumbnail(upload, thumbnailPath, 'gif', caps.imagePixels)
      }

      const thumbnailKey = thumbnailPath ? await this.commit(thumbnailPath) : null
      let storageKey: string
      try {
        storageKey = await this.commit(sourcePath)
      } catch (error) {
        if (thumbnailKey) await this.remove(thumbnailKey).catch(() => undefined)
        throw error
      }
      return { kind: sniffed.kind, mimeType: sniffed.mimeType, sizeBytes: storedSize, width, height, storageKey, thumbnailKey }
    } catch (error) {
      if (!body.destroyed) body.destroy()
      throw asAppError(error)
    } finally {
      await Promise.all(temps.map(removeQuietly))
    }
  }

  async open(storageKey: string): Promise<{ stream: Readable; sizeBytes: number } | undefined> {
    const path = this.pathOf(storageKey)
    if (!path) return undefined
    let handle: FileHandle
    try {
      handle = await open(path, 'r')
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return undefined
      throw error
    }
    try {
      const info = await handle.stat()
      if (!info.isFile()) {
        await handle.close()
        return undefined
      }
      return { stream: handle.createReadStream({ autoClose: true }), sizeBytes: info.size }
    } catch (error) {
      await handle.close().catch(() => undefined)
      throw error
    }
  }

  async remove(storageKey: string): Promise<void> {
    const path = this.pathOf(storageKey)
    if (!path) return
    try {
      await unlink(path)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error
    }
  }

  // ---- Chunked uploads --------------------------------------------------------------------
  // Segments live in `.tmp/chunks/<uploadId>/<random>` until FINALIZE streams them into `put`.
  // The stale-temp sweep of `prepare` looks only at files directly in `.tmp`, so it leaves
  // these folders alone; core removes them when an upload finishes or expires.

  async putSegment(uploadId: string, body: Readable, maxBytes: number): Promise<{ segmentKey: string; sizeBytes: number }> {
    const dir = this.segmentDir(uploadId)
    if (!dir) throw new AppError('MEDIA_NOT_FOUND')
    const name = randomBytes(16).toString('hex')
    const path = join(dir, name)
    let handle: FileHandle | undefined
    try {
      await this.prepare()
      await this.checkFreeSpace()
      await mkdir(dir, { recursive: true })
      handle = await open(path, 'wx', 0o600)
      let total = 0
      for await (const piece of body as AsyncIterable<Buffer | string>) {
        const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece
        total += chunk.length
        if (total > maxBytes) throw new AppError('MEDIA_TOO_LARGE', { limitBytes: maxBytes })
        await writeAll(handle, chunk)
      }
      if (total === 0) throw new AppError('VALIDATION_FAILED', { fields: [{ path: '/media', message: 'must not be empty' }] })
      await handle.sync()
      await handle.close()
      handle = undefined
      return { segmentKey: `${uploadId}/${name}`, sizeBytes: total }
    } catch (error) {
      await handle?.close().catch(() => undefined)
      await removeQuietly(path)
      if (!body.destroyed) body.destroy()
      throw asAppError(error)
    }
  }

  openSegments(segmentKeys: readonly string[]): Readable {
    const paths = segmentKeys.map((key) => this.segmentPathOf(key))
    return Readable.from((async function* () {
      for (const path of paths) {
        if (!path) throw new AppError('MEDIA_NOT_FOUND')
        for await (const chunk of createReadStream(path)) yield chunk as Buffer
      }
    })())
  }

  async removeSegment(segmentKey: string): Promise<void> {
    const path = this.segmentPathOf(segmentKey)
    if (path) await removeQuietly(path)
  }

  async removeSegments(uploadId: string): Promise<void> {
    const dir = this.segmentDir(uploadId)
    if (dir) await rm(dir, { recursive: true, force: true })
  }

  private segmentDir(uploadId: string): string | undefined {
    return typeof uploadId === 'string' && /^[0-9]{1,20}$/.test(uploadId) ? join(this.tempDir, 'chunks', uploadId) : undefined
  }

  private segmentPathOf(segmentKey: string): string | undefined {
    const match = typeof segmentKey === 'string' ? /^([0-9]{1,20})\/([0-9a-f]{32})$/.exec(segmentKey) : null
    return match ? join(this.tempDir, 'chunks', match[1] as string, match[2] as string) : undefined
  }
  // ---- end of chunked uploads ------------------------------------------------------------------

  /** The file of a key, or undefined when the key is not one this store makes. */
  private pathOf(storageKey: string): string | undefined {
    if (typeof storageKey !== 'string' || !KEY_SHAPE.test(storageKey)) return undefined
    const [a, b, name] = storageKey.split('/') as [string, string, string]
    return join(this.root, a, b, name)
  }

  /** Creates the folders once and clears temporary files a crash may have left. */
  private prepare(): Promise<void> {
    this.ready ??= (async () => {
      await mkdir(this.tempDir, { recursive: true })
      const now = Date.now()
      for (const name of await readdir(this.tempDir)) {
        const path = join(this.tempDir, name)
        const info = await stat(path).catch(() => undefined)
        if (info?.isFile() && now - info.mtimeMs > STALE_TEMP_MS) await removeQuietly(path)
      }
    })().catch((error: unknown) => {
      this.ready = undefined
      throw error
    })
    return this.ready
  }

  private async checkFreeSpace(): Promise<void> {
    const info = await statfs(this.root)
    const freeBytes = Number(info.bavail) * Number(info.bsize)
    if (freeBytes < this.reserveBytes) throw new AppError('STORAGE_FULL')
  }

  /**
   * Streams the body into `path`, telling its type from the first bytes and enforcing the byte
   * cap of that type as soon as it is known. Only the sniffing window is held in memory.
   */
  private async receive(body: Readable, path: string, caps: MediaCaps): Promise<{ sniffed: Sniffed; sizeBytes: number }> {
    const handle = await open(path, 'wx', 0o600)
    let closed = false
    try {
      let head: Buffer[] = []
      let headBytes = 0
      let sniffed: Sniffed | undefined
      let total = 0
      const tooLarge = (kind: MediaKind) => new AppError('MEDIA_TOO_LARGE', { kind, limitBytes: capFor(kind, caps) })

      const decide = async (): Promise<Sniffed> => {
        const found = await sniffMedia(Buffer.concat(head, headBytes))
        head = []
        if (total > capFor(found.kind, caps)) throw tooLarge(found.kind)
        return found
      }

      for await (const piece of body as AsyncIterable<Buffer | string>) {
        const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece
        if (chunk.length === 0) continue
        total += chunk.length
        if (!sniffed) {
          head.push(chunk)
          headBytes += chunk.length
          if (headBytes >= SNIFF_BYTES) sniffed = await decide()
        } else if (total > capFor(sniffed.kind, caps)) {
          throw tooLarge(sniffed.kind)
        }
        // Only bytes within the cap reach the disk; before the type is known that is at most the sniff window.
        await writeAll(handle, chunk)
      }
      if (total === 0) throw new AppError('VALIDATION_FAILED', { fields: [{ path: '/body', message: 'must not be empty' }] })
      sniffed ??= await decide()
      await handle.sync()
      closed = true
      await handle.close()
      return { sniffed, sizeBytes: total }
    } finally {
      if (!closed) await handle.close().catch(() => undefined)
    }
  }

  /** Reads an image's size from its header only; refuses it before decoding if over the pixel cap. */
  private async checkPixels(path: string, kind: MediaKind, limitPixels: number): Promise<{ width: number; height: number }> {
    let width: number | undefined
    let height: number | undefined
    try {
      const meta = await sharp(path, { limitInputPixels: false }).metadata()
      width = meta.width
      height = meta.pageHeight ?? meta.height
    } catch (error) {
      throw decodeError(error, kind, limitPixels)
    }
    if (!width || !height) throw new AppError('MEDIA_UNREADABLE', { kind })
    if (width * height > limitPixels) throw new AppError('MEDIA_TOO_LARGE', { kind, limitPixels, width, height })
    return { width, height }
  }

  /** Decodes the image (within the pixel cap), applies its orientation and writes it without metadata. */
  private async reencodeImage(input: string, output: string, mimeType: string, limitPixels: number): Promise<{ width: number; height: number; sizeBytes: number }> {
    await this.checkPixels(input, 'image', limitPixels)
    try {
      // sharp keeps no metadata (EXIF, GPS, XMP, comments) unless asked to.
      const pipeline = sharp(input, { limitInputPixels: limitPixels, failOn: 'truncated' }).rotate()
      const encoded = mimeType === 'image/png' ? pipeline.png() : mimeType === 'image/webp' ? pipeline.webp({ quality: 90 }) : pipeline.jpeg({ quality: 90, mozjpeg: false })
      const info = await encoded.toFile(output)
      return { width: info.width, height: info.height, sizeBytes: info.size }
    } catch (error) {
      throw decodeError(error, 'image', limitPixels)
    }
  }

  /** A WebP of the first frame, oriented, fitting inside 320×320. */
  private async thumbnail(input: string, output: string, kind: MediaKind, limitPixels: number): Promise<void> {
    try {
      await sharp(input, { limitInputPixels: limitPixels, failOn: 'truncated', pages: 1 })
        .rotate()
        .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 80 })
        .toFile(output)
    } catch (error) {
      throw decodeError(error, kind, limitPixels)
    }
  }

  /** Moves a finished, fsynced temporary file to a new key. */
  private async commit(tempPath: string): Promise<string> {
    const hex = randomBytes(16).toString('hex')
    const key = `${hex.slice(0, 2)}/${hex.slice(2, 4)}/${hex}`
    const dir = join(this.root, hex.slice(0, 2), hex.slice(2, 4))
    await mkdir(dir, { recursive: true })
    await fsyncFile(tempPath)
    await rename(tempPath, join(dir, hex))
    await fsyncDir(dir)
    return key
  }
}

async function writeAll(handle: FileHandle, chunk: Buffer): Promise<void> {
  let offset = 0
  while (offset < chunk.length) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset)
    offset += bytesWritten
  }
}
