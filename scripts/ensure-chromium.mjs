// Browser tests drive Debian's Chromium: install it when it is missing (CI runs as root on a
// fresh Debian machine). Nothing is downloaded but Debian's own packages.
import { existsSync } from 'node:fs'
import { execFileSync } from 'node:child_process'

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (!existsSync(path)) {
  if (process.getuid?.() !== 0) {
    console.error(`Chromium is missing at ${path}: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH.`)
    process.exit(1)
  }
  console.log('Installing Debian chromium for the browser tests…')
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-noto-color-emoji', 'fonts-dejavu-core'], { stdio: 'inherit', env })
}
