export { MemoryFanout } from './memory.ts'
