export * from './client.ts'
export * from './errors.ts'
export * from './stream.ts'
export * from './urls.ts'
