// Renders the web app's install icons (PNG) from its logo, packages/web/public/favicon.svg, with
// the Chromium already on the machine: no image library to install, nothing downloaded. The PNGs
// are checked in; run this again after changing the logo: `npx tsx scripts/render-web-icons.ts`.
// It also writes /favicon.ico, which browsers ask for by that name on any page that names no icon
// (an image or a JSON answer opened on its own): a 32 px PNG in an ICO wrapper.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const publicDir = fileURLToPath(new URL('../packages/web/public/', import.meta.url))
const logo = readFileSync(`${publicDir}favicon.svg`, 'utf8')
/** The logo's own background, so full-bleed icons continue it to the edges. */
const logoGreen = /fill="(#[0-9a-f]{6})"/i.exec(logo)?.[1] ?? '#2f5d50'

interface Icon {
  file: string
  size: number
  /**
   * `any`: the logo as drawn, its rounded corners transparent. `full`: the logo's green to the
   * edges with the bubble at `scale` of the width, for launchers that cut their own shape (a
   * maskable icon keeps what matters within the central 80 % circle; iOS rounds the corners).
   */
  kind: 'any' | 'full'
  scale?: number
}

const icons: Icon[] = [
  { file: 'icon-192.png', size: 192, kind: 'any' },
  { file: 'icon-512.png', size: 512, kind: 'any' },
  { file: 'icon-maskable-512.png', size: 512, kind: 'full', scale: 0.8 },
  { file: 'apple-touch-icon.png', size: 180, kind: 'full', scale: 1 },
  { file: 'favicon-32.png', size: 32, kind: 'any' },
]

/** An ICO file holding one PNG image (every browser reads PNG entries). */
function icoOf(png: Buffer, size: number): Buffer {
  const header = Buffer.alloc(6 + 16)
  header.writeUInt16LE(0, 0) // reserved
  header.writeUInt16LE(1, 2) // type: icon
  header.writeUInt16LE(1, 4) // one image
  header.writeUInt8(size, 6) // width
  header.writeUInt8(size, 7) // height
  header.writeUInt8(0, 8) // no palette
  header.writeUInt8(0, 9) // reserved
  header.writeUInt16LE(1, 10) // colour planes
  header.writeUInt16LE(32, 12) // bits per pixel
  header.writeUInt32LE(png.length, 14) // image size
  header.writeUInt32LE(header.length, 18) // image offset
  return Buffer.concat([header, png])
}

function page(icon: Icon): string {
  const svg = encodeURIComponent(logo)
  const inner = Math.round(icon.size * (icon.scale ?? 1))
  const background = icon.kind === 'full' ? logoGreen : 'transparent'
  return `<!doctype html><html><body style="margin:0;width:${icon.size}px;height:${icon.size}px;background:${background};display:grid;place-items:center;overflow:hidden">
    <img src="data:image/svg+xml,${svg}" width="${inner}" height="${inner}" alt=""></body></html>`
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
try {
  mkdirSync(`${publicDir}icons`, { recursive: true })
  for (const icon of icons) {
    const context = await browser.newContext({ viewport: { width: icon.size, height: icon.size }, deviceScaleFactor: 1 })
    const tab = await context.newPage()
    await tab.setContent(page(icon))
    await tab.evaluate('document.images[0].decode()')
    await tab.screenshot({ path: `${publicDir}icons/${icon.file}`, omitBackground: icon.kind === 'any' })
    await context.close()
    console.log(`icons/${icon.file} ${icon.size}×${icon.size}`)
  }
  writeFileSync(`${publicDir}favicon.ico`, icoOf(readFileSync(`${publicDir}icons/favicon-32.png`), 32))
  console.log('favicon.ico 32×32')
} finally {
  await browser.close()
}
