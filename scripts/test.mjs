// Runs node's test runner over test files found under the given folders (Node 20's --test
// takes no glob). Usage: node scripts/test.mjs [--concurrency N] <dir> [<dir> …] [-- extra args]
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'

const args = process.argv.slice(2)
let concurrency = '2'
const dirs = []
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--concurrency') concurrency = args[++i] ?? '2'
  else dirs.push(args[i])
}

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name === 'dist') return []
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return find(path)
    return /\.test\.ts$/.test(name) ? [path] : []
  })
}

const files = dirs.flatMap(find).sort()
if (files.length === 0) {
  console.error(`no test files under ${dirs.join(', ')}`)
  process.exit(1)
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files], { stdio: 'inherit' })
process.exit(result.status ?? 1)
