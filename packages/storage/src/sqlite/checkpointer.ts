import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/**
 * The worker's whole program, run with `eval` so it needs no loader for TypeScript. It opens
 * its own connection and checkpoints in PASSIVE mode: it copies committed pages from the WAL
 * into the database and fsyncs it, never blocking the writer, which keeps committing meanwhile.
 */
const program = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.path)
db.pragma('busy_timeout = 0')
let timer = null
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)') } catch (error) { parentPort.postMessage({ error: String(error && error.message || error) }) }
  timer = setTimeout(checkpoint, workerData.intervalMs)
}
timer = setTimeout(checkpoint, workerData.intervalMs)
parentPort.on('message', () => {
  clearTimeout(timer)
  try { db.pragma('wal_checkpoint(PASSIVE)') } catch {}
  db.close()
  parentPort.close()
})
`

/**
 * Checkpoints a WAL-mode SQLite database from a worker thread. With SQLite's automatic
 * checkpoint, the commit that crosses 1,000 WAL pages copies them into the database file and
 * fsyncs it on the committing thread, which is Node's main thread: the bench measured single
 * commits of 60–100 ms that way. The writer connection turns the automatic checkpoint off
 * (`wal_autocheckpoint = 0`) when this runs.
 */
export class Checkpointer {
  readonly #worker: Worker
  readonly #exited: Promise<void>
  /** The last error the worker reported (a checkpoint that failed is retried at the next interval). */
  lastError: string | null = null

  constructor(path: string, intervalMs = 200) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3')
    this.#worker = new Worker(program, { eval: true, workerData: { path, driver, intervalMs } })
    this.#worker.on('message', (message: { error?: string }) => { if (message.error) this.lastError = message.error })
    this.#worker.on('error', (error) => { this.lastError = error.message })
    this.#worker.unref()
    this.#exited = new Promise((resolve) => this.#worker.once('exit', () => resolve()))
  }

  /** Runs a last checkpoint and stops the worker. */
  close(): Promise<void> {
    this.#worker.ref() // keep the process alive until the last checkpoint is done
    this.#worker.postMessage('close')
    return this.#exited
  }
}
