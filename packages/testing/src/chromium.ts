import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser } from 'playwright-core'

/** Debian's Chromium, headless, with the flags this closed network needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

const screenshots = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url))

/**
 * An email's HTML part as a mail app shows it: rendered in Chromium at a desktop and a phone
 * width, saved as docs/screenshots/<name>-desktop.png and -phone.png. Nothing may load: every
 * request the page makes (an image, a font, a tracking pixel) is refused and returned, so a
 * test can require there be none.
 */
export async function screenshotEmail(html: string, name: string): Promise<string[]> {
  mkdirSync(screenshots, { recursive: true })
  const browser = await launchBrowser()
  const requested: string[] = []
  try {
    for (const [viewport, size] of [['desktop', { width: 1280, height: 720 }], ['phone', { width: 390, height: 844 }]] as const) {
      const context = await browser.newContext({ viewport: size, deviceScaleFactor: 1, javaScriptEnabled: false, hasTouch: viewport === 'phone', isMobile: viewport === 'phone' })
      await context.route('**/*', (route) => { requested.push(route.request().url()); return route.abort() })
      const page = await context.newPage()
      await page.setContent(html, { waitUntil: 'load' })
      await page.screenshot({ path: `${screenshots}${name}-${viewport}.png` })
      await context.close()
    }
  } finally {
    await browser.close()
  }
  return requested
}
