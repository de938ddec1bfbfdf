// Runs shell command lines side by side, one lane each, and fails if any fails. Each lane's
// output is held and printed whole when it ends, so lanes do not interleave.
// Usage: node scripts/lanes.mjs "<command line>" "<command line>" …
//
// `npm test` runs the type check in one lane and the web build then the linters in the other:
// each of tsc and eslint keeps a single core busy, and CI has two.
import { spawn } from 'node:child_process'

const lanes = process.argv.slice(2)
if (lanes.length === 0) {
  console.error('usage: node scripts/lanes.mjs "<command line>" …')
  process.exit(2)
}

function run(command) {
  const started = Date.now()
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] })
    const output = []
    child.stdout.on('data', (chunk) => output.push(chunk))
    child.stderr.on('data', (chunk) => output.push(chunk))
    child.on('close', (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(0)
      process.stdout.write(`\n── ${command} (${seconds} s, ${signal ?? `exit ${code}`})\n`)
      process.stdout.write(Buffer.concat(output))
      resolve(code === 0)
    })
  })
}

const results = await Promise.all(lanes.map(run))
process.exit(results.every(Boolean) ? 0 : 1)
