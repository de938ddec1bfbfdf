import type { EventEnvelope } from '../ports/fanout.ts'

/** The accounts a stream listens for, with whether each shares read receipts. */
export interface StreamViewer {
  /** Account id → sends read receipts. */
  accounts: Map<string, boolean>
}

/**
 * Whether an event goes to this stream. Read receipts reach others only when the reader shares
 * them and the viewing account does too (turning them off hides others' as well, as on Twitter).
 */
export function isDeliverable(envelope: Pick<EventEnvelope, 'accountIds' | 'receipt'>, viewer: StreamViewer): boolean {
  let anyAudience = false
  for (const id of envelope.accountIds) {
    if (!viewer.accounts.has(id)) continue
    anyAudience = true
    if (!envelope.receipt || id === envelope.receipt.readerId) return true
    if (envelope.receipt.shared && viewer.accounts.get(id)) return true
  }
  return anyAudience && !envelope.receipt
}
