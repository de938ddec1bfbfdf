export { MemoryFanout } from './memory.ts'
export { RedisFanout, type RedisFanoutOptions, type RedisFanoutStats } from './redis.ts'
export { RedisRateCounter, type RedisRateCounterOptions } from './redis-rate-counter.ts'
