import type { Config } from './config.ts'
import { buildApp, type BuildOptions, type Parloir } from './app.ts'

export interface RunningServer extends Parloir {
  url: string
}

/** Starts listening; SIGTERM and SIGINT shut down gracefully, losing no acknowledged message. */
export async function startServer(config: Config, options: BuildOptions & { handleSignals?: boolean } = {}): Promise<RunningServer> {
  const parloir = await buildApp(config, options)
  const address = await parloir.app.listen({ host: config.host, port: config.port })
  const url = address.replace('[::1]', 'localhost')
  if (options.handleSignals) {
    let stopping = false
    const stop = (signal: string) => {
      if (stopping) return
      stopping = true
      parloir.app.log.info({ signal }, 'shutting down')
      const force = setTimeout(() => process.exit(1), config.shutdownGraceMs)
      force.unref()
      parloir.close().then(() => process.exit(0), (error: unknown) => {
        parloir.app.log.error({ err: error }, 'shutdown failed')
        process.exit(1)
      })
    }
    process.once('SIGTERM', () => stop('SIGTERM'))
    process.once('SIGINT', () => stop('SIGINT'))
  }
  return { ...parloir, url }
}
