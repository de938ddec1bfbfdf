import { MemoryFanout } from './memory.ts'
import { fanoutContract } from './fanout.contract.ts'

fanoutContract('memory', async () => new MemoryFanout())
