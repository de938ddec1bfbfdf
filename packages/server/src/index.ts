export { buildApp, type BuildOptions, type Parloir } from './app.ts'
export { startServer, type RunningServer } from './main.ts'
export { loadConfig, defaultRateLimits, type Config, type RateLimits, type RateRule } from './config.ts'
export { openCoreDeps, type AdapterOptions } from './deps.ts'
