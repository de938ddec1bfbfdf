// Fails when a package in package-lock.json asks for a newer Node than the project promises
// (package.json engines.node, whose lowest version is checked): npm only warns (EBADENGINE) and
// installs it anyway, and the first to notice would be someone running Node 20.
// Fix by pinning an older release of the package, or an npm `overrides` entry.
import { readFileSync } from 'node:fs'
import semver from 'semver'

const read = (name) => JSON.parse(readFileSync(new URL(`../${name}`, import.meta.url), 'utf8'))
const oldest = semver.minVersion(read('package.json').engines.node)
const refused = []
for (const [path, entry] of Object.entries(read('package-lock.json').packages)) {
  const range = entry.engines?.node
  if (path === '' || typeof range !== 'string') continue
  if (!semver.satisfies(oldest, range)) refused.push(`${path.replace(/^(.*\/)?node_modules\//, '')}@${entry.version} needs node ${range}`)
}
if (refused.length > 0) {
  console.error(`Every installed package must run on Node ${oldest}, the oldest package.json accepts:\n  ${refused.join('\n  ')}`)
  process.exit(1)
}
console.log(`engines: every package in package-lock.json runs on Node ${oldest}`)
