#!/usr/bin/env node
import { parseArgs } from 'node:util'
import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import * as core from '@parloir/core'
import { AppError } from '@parloir/protocol'
import { loadConfig, openCoreDeps, openStorage, startServer, type Config } from '@parloir/server'
import { seedDemo } from './demo.ts'
import { createAppWithTokens, revokeAppById } from './apps.ts'

const USAGE = `parloir — self-hosted direct messages for brands and people

Usage:
  parloir start   [--port 3000] [--host 127.0.0.1] [--data ./data] [--demo]
                                                                     start the server; prints its URL
                                                                     (--demo: seed the demo brand first)
  parloir migrate [--data ./data]                                    bring the database schema up to date
  parloir user create  --handle H [--name N] [--password P] [--json] create a person (password printed if generated)
  parloir brand create --handle H [--name N] --owner HANDLE [--json] create a brand owned by a person
  parloir demo    [--data ./data] [--json]                           seed Northwind Coffee, its team and customers
  parloir app create --owner HANDLE [--name N] [--act-as BRAND] [--json]
                                                                     a developer app of a person or brand, with an OAuth 1.0a
                                                                     token (acting as the owner or BRAND) and an app-only bearer
  parloir app revoke ID                                              revoke an app and all its tokens, at once
  parloir backup  --out FILE [--data ./data]                         online copy of the database (SQLite; pg_dump for PostgreSQL)

Environment: PORT, HOST, PARLOIR_DATA_DIR, DATABASE_URL, LOG_LEVEL (see docs/operations.md).`

const options = {
  port: { type: 'string' }, host: { type: 'string' }, data: { type: 'string' }, handle: { type: 'string' },
  name: { type: 'string' }, password: { type: 'string' }, owner: { type: 'string' }, out: { type: 'string' },
  json: { type: 'boolean' }, demo: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  'act-as': { type: 'string' },
} as const

function configFrom(values: { port?: string; host?: string; data?: string }): Config {
  const env = { ...process.env }
  if (values.port !== undefined) env.PORT = values.port
  if (values.host !== undefined) env.HOST = values.host
  if (values.data !== undefined) env.PARLOIR_DATA_DIR = resolve(values.data)
  return loadConfig(env)
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required`)
  return value
}

class UsageError extends Error {}

async function withDeps<T>(config: Config, fn: (deps: core.CoreDeps) => Promise<T>): Promise<T> {
  const deps = await openCoreDeps(config)
  try {
    return await fn(deps)
  } finally {
    await deps.storage.close()
    await deps.fanout.close()
  }
}

function print(json: boolean | undefined, value: unknown, text: string): void {
  console.log(json ? JSON.stringify(value, null, 2) : text)
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true })
  const [command, sub] = positionals
  if (values.help || !command) {
    console.log(USAGE)
    return command || values.help ? 0 : 1
  }
  const config = configFrom(values)
  switch (command) {
    case 'start': {
      const server = await startServer(config, { handleSignals: true })
      if (values.demo) {
        // Idempotent: an existing demo (or a database that already has these handles) is kept.
        const seeded = await seedDemo(server.deps)
        console.log(`Demo: brand @${seeded.brand.handle} (Northwind Coffee) with ${seeded.people.map((p) => `@${p.handle}`).join(', ')}; password ${seeded.password}`)
        console.log('Sign up and message @northwind, or log in as chloe.')
      }
      console.log(`Parloir is running at ${server.url}  (data: ${config.dataDir})`)
      console.log(`Open ${server.url} in a browser; the API is described at ${server.url}/api/v1/openapi.json. Stop with Ctrl+C.`)
      return -1 // keep running
    }
    case 'migrate': {
      const storage = await openStorage(config)
      await storage.close()
      console.log(`Database at ${config.databaseUrl === null ? config.databasePath : 'DATABASE_URL'} is up to date.`)
      return 0
    }
    case 'user': {
      if (sub !== 'create') throw new UsageError('try: parloir user create --handle H')
      const handle = required(values.handle, '--handle')
      const password = values.password ?? randomBytes(12).toString('base64url')
      const account = await withDeps(config, (deps) => core.createAccount(deps, { kind: 'person', handle, displayName: values.name ?? handle, password }))
      const shown = { ...core.presentAccount(account), ...(values.password === undefined ? { password } : {}) }
      print(values.json, shown, `Created @${account.handle} (id ${account.id})${values.password === undefined ? `, password: ${password}` : ''}`)
      return 0
    }
    case 'brand': {
      if (sub !== 'create') throw new UsageError('try: parloir brand create --handle H --owner HANDLE')
      const handle = required(values.handle, '--handle')
      const ownerHandle = required(values.owner, '--owner')
      const membership = await withDeps(config, async (deps) => {
        const owner = await deps.storage.reads.accounts.byHandle(ownerHandle)
        if (!owner || owner.kind !== 'person') throw new AppError('ACCOUNT_NOT_FOUND', { handle: ownerHandle })
        const created = await core.createBrand(deps, owner.id, { handle, displayName: values.name ?? handle })
        return { ...created, ownerId: owner.id }
      })
      print(values.json, { ...membership.brand, ownerId: membership.ownerId }, `Created brand @${membership.brand.handle} (id ${membership.brand.id}), owned by @${ownerHandle}`)
      return 0
    }
    case 'demo': {
      const seeded = await withDeps(config, seedDemo)
      print(values.json, seeded, [
        `Seeded brand @${seeded.brand.handle} (Northwind Coffee) with:`,
        ...seeded.people.map((p) => `  @${p.handle.padEnd(6)} ${p.role}`),
        `Every demo account's password is: ${seeded.password}`,
      ].join('\n'))
      return 0
    }
    case 'app': {
      if (sub === 'create') {
        const owner = required(values.owner, '--owner')
        const keys = await withDeps(config, (deps) => createAppWithTokens(deps, { owner, ...(values.name ? { name: values.name } : {}), ...(values['act-as'] ? { actAs: values['act-as'] } : {}) }))
        print(values.json, keys, [
          `Created app "${keys.app.name}" (id ${keys.app.id}); these secrets are not shown again:`,
          `  consumer key:        ${keys.app.consumerKey}`,
          `  consumer secret:     ${keys.app.consumerSecret}`,
          `  access token:        ${keys.accessToken}  (acts as @${keys.actingAs.handle})`,
          `  access token secret: ${keys.accessTokenSecret}`,
          `  bearer token:        ${keys.bearerToken}`,
        ].join('\n'))
        return 0
      }
      if (sub === 'revoke') {
        const id = required(positionals[2], 'the app id')
        const app = await withDeps(config, (deps) => revokeAppById(deps, id))
        print(values.json, { id: app.id, revoked: true }, `Revoked app "${app.name}" (id ${app.id}) and all its tokens`)
        return 0
      }
      throw new UsageError('try: parloir app create --owner HANDLE, or parloir app revoke ID')
    }
    case 'backup': {
      const out = resolve(required(values.out, '--out'))
      // On PostgreSQL (DATABASE_URL) this refuses and points to pg_dump.
      const storage = await openStorage(config)
      try { await storage.backup(out) } finally { await storage.close() }
      console.log(`Backed up ${config.databasePath} to ${out}`)
      return 0
    }
    default:
      throw new UsageError(`unknown command: ${command}`)
  }
}

main(process.argv.slice(2)).then((code) => {
  if (code >= 0) process.exitCode = code
}, (error: unknown) => {
  if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
    console.error(`parloir: ${error.message}\n\n${USAGE}`)
    process.exitCode = 2
  } else if (error instanceof AppError) {
    console.error(`parloir: ${error.code}: ${error.message}${error.details ? ` ${JSON.stringify(error.details)}` : ''}`)
    process.exitCode = 1
  } else {
    console.error(error)
    process.exitCode = 1
  }
})
