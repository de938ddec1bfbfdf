import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import type { Plugin } from 'vite'

/** The service worker's source line the build fills in (public/sw.js). */
export const SHELL_PLACEHOLDER = "const SHELL = { version: 'dev', urls: [] } // filled in by the build (shell-precache.ts)"

export interface Shell {
  /** Changes whenever any file of the shell changes, so the worker's bytes change and it updates. */
  version: string
  /** What the worker caches on install: the page (as `/`) and every file the build wrote. */
  urls: string[]
}

/**
 * The shell of a build, from its files (paths relative to the output folder, `/` separated):
 * everything but the worker itself; `index.html` is cached as `/`, the URL the server answers it at.
 */
export function shellOf(files: ReadonlyArray<{ path: string; bytes: Uint8Array }>): Shell {
  const kept = files.filter((f) => f.path !== 'sw.js').sort((a, b) => (a.path < b.path ? -1 : 1))
  const hash = createHash('sha256')
  for (const file of kept) hash.update(file.path).update('\0').update(file.bytes).update('\0')
  return { version: hash.digest('hex').slice(0, 16), urls: kept.map((f) => (f.path === 'index.html' ? '/' : `/${f.path}`)) }
}

/** The worker's source with the shell written in place of the placeholder line. */
export function withShell(workerSource: string, shell: Shell): string {
  if (!workerSource.includes(SHELL_PLACEHOLDER)) throw new Error('sw.js has lost its SHELL placeholder line')
  return workerSource.replace(SHELL_PLACEHOLDER, `const SHELL = ${JSON.stringify(shell)}`)
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? filesUnder(path) : [path]
  })
}

/**
 * Once the build has written everything (hashed assets and the public folder), lists it into
 * the service worker, so the worker precaches exactly this build's shell.
 */
export function shellPrecache(): Plugin {
  let outDir = ''
  return {
    name: 'parloir-shell-precache',
    apply: 'build',
    configResolved(config) { outDir = resolve(config.root, config.build.outDir) },
    closeBundle() {
      const files = filesUnder(outDir).map((path) => ({ path: relative(outDir, path).split(sep).join('/'), bytes: readFileSync(path) }))
      const worker = join(outDir, 'sw.js')
      writeFileSync(worker, withShell(readFileSync(worker, 'utf8'), shellOf(files)))
    },
  }
}
