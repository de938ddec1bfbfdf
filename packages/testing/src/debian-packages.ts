import { spawnSync } from 'node:child_process'

/**
 * Installs Debian packages for the test and bench servers (redis-server, nginx, prosody…) when
 * `isInstalled` says they are missing and we are root, as CI is on a fresh machine. Waits for
 * another apt run to release its lock (up to 10 minutes) rather than fail. Nothing but Debian's
 * packages is fetched. `why` ends the message shown before installing.
 */
export function installDebianPackages(packages: readonly string[], isInstalled: () => boolean, why: string): void {
  if (isInstalled()) return
  if (process.getuid?.() !== 0) throw new Error(`${packages.join(', ')} missing: install Debian's package (apt-get install ${packages.join(' ')})`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const apt = (args: string[]) => {
    for (let attempt = 0; ; attempt++) {
      const run = spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', ...args], { env, encoding: 'utf8' })
      if (run.status === 0) return
      const output = `${run.stdout ?? ''}${run.stderr ?? ''}`
      if (!/lock/i.test(output) || attempt >= 120) throw new Error(`apt-get ${args.join(' ')} failed:\n${output}`)
      spawnSync('sleep', ['5'])
    }
  }
  console.warn(`Installing Debian ${packages.join(', ')} ${why}…`)
  // Without a fresh index the install can ask for versions the mirror no longer has.
  apt(['update', '-qq'])
  apt(['install', '-y', '-qq', '--no-install-recommends', ...packages])
  if (!isInstalled()) throw new Error(`${packages.join(', ')} still missing after apt-get install`)
}

/** Whether dpkg lists every one of `packages` as installed. */
export function dpkgHas(packages: readonly string[]): boolean {
  return packages.every((name) => spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' }).stdout?.includes('install ok installed'))
}
