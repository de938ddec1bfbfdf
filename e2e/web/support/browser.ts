import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { mkdirSync } from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { repoRoot } from '../../support/parloir-process.ts'

export { launchBrowser } from '@parloir/testing/chromium'

export const viewports = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const

export async function newContext(browser: Browser, viewport: keyof typeof viewports = 'desktop', options: { colorScheme?: 'light' | 'dark'; locale?: string } = {}): Promise<BrowserContext> {
  return browser.newContext({
    viewport: viewports[viewport],
    deviceScaleFactor: 1,
    colorScheme: options.colorScheme ?? 'light',
    locale: options.locale ?? 'en-US',
    hasTouch: viewport === 'phone',
  })
}

/** Collects page errors and failed requests, to assert a journey ran clean. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    // The first visit asks for the session and gets 401 when logged out: expected, not an error.
    if (message.type() === 'error' && !/status of 401/.test(message.text())) errors.push(`console: ${message.text()}`)
  })
  return errors
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

export interface AxeViolation { id: string; impact: string | null; help: string; nodes: number }

/**
 * Runs axe-core in the page (evaluated through the devtools protocol, so the page's strict CSP
 * stays on) and returns the serious and critical violations.
 */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource)
  const results = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: unknown[] }> }> } }).axe
    return axe.run(document, { resultTypes: ['violations'] })
  })
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }))
}

/** Saves a screenshot under docs/screenshots/, where the README shows them. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = `${repoRoot}docs/screenshots`
  mkdirSync(dir, { recursive: true })
  await page.screenshot({ path: `${dir}/${name}.png` })
}

/** Errors beside those a dropped network is expected to cause (the browser logs the refused requests and sockets). */
export const beyondOffline = (errors: string[]) => errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|WebSocket connection to .* failed|Failed to load resource/.test(e))

/** Waits until the web app's service worker has installed its shell and controls the page. */
export async function shellInstalled(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 })
}
