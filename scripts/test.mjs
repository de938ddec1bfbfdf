// Runs node's test runner over test files found under the given folders (Node 20's --test
// takes no glob). Usage: node scripts/test.mjs [--concurrency N] [--extended] [--list] <dir> [<dir> …]
// (--list prints the files in the order they start, and runs nothing).
//
// Two tiers (docs/reliability.md, "Test tiers"). The gate (`npm test`, CI) runs `*.test.ts` but not
// `*.extended.test.ts`. `--extended` (`npm run test:extended`) runs both, with EXTENDED=1 in the
// environment, which the load and fault tests read to run longer and larger.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'

const args = process.argv.slice(2)
let concurrency = '2'
let listOnly = false
let extended = false
const dirs = []
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--concurrency') concurrency = args[++i] ?? '2'
  else if (args[i] === '--list') listOnly = true
  else if (args[i] === '--extended') extended = true
  else dirs.push(args[i])
}

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name === 'dist') return []
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return find(path)
    if (!/\.test\.ts$/.test(name)) return []
    return extended || !/\.extended\.test\.ts$/.test(name) ? [path] : []
  })
}

/** The heaviest files first (scripts/heavy-tests.txt), the rest in name order: with N at a time, the run ends together. */
function heavyFirst(found) {
  const listed = new URL('./heavy-tests.txt', import.meta.url)
  const heavy = existsSync(listed)
    ? readFileSync(listed, 'utf8').split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'))
    : []
  for (const path of heavy) if (!existsSync(path)) console.error(`scripts/heavy-tests.txt names ${path}, which is not there: update the list`)
  const rank = new Map(heavy.map((path, i) => [path, i]))
  const key = (file) => rank.get(file.split('\\').join('/')) ?? Infinity
  return [...found].sort((a, b) => key(a) - key(b) || (a < b ? -1 : a > b ? 1 : 0))
}

const files = heavyFirst(dirs.flatMap(find))
if (files.length === 0) {
  console.error(`no test files under ${dirs.join(', ')}`)
  process.exit(1)
}
if (listOnly) {
  console.log(files.join('\n'))
  process.exit(0)
}
const env = extended ? { ...process.env, EXTENDED: '1' } : process.env
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files], { stdio: 'inherit', env })
process.exit(result.status ?? 1)
