import type { RawData } from 'ws'
import { AppError, ClientFrame } from '@parloir/protocol'
import { jsonValidator } from '../validation.ts'

/** A client frame read off the socket: the frame, or the refusal to answer (with the id to echo). */
export type ReadFrame = { frame: ClientFrame } | { error: AppError; id: string }

const variants = (ClientFrame as unknown as { anyOf: Array<{ properties: { op: { const: string } } }> }).anyOf
/**
 * One validator per op, the one REST bodies get: a `send` is judged exactly as the REST send's
 * body is (text length in code points, formats), and the error names the one field that is wrong.
 */
const validators = new Map(variants.map((variant) => [variant.properties.op.const, jsonValidator(variant)]))
const opMessage = `must be one of ${[...validators.keys()].join(', ')}`

/** The frame's `id` when it is a string, cut at 64; '' otherwise. */
function idOf(frame: unknown): string {
  const id = typeof frame === 'object' && frame !== null ? (frame as { id?: unknown }).id : undefined
  return typeof id === 'string' ? id.slice(0, 64) : ''
}

/** Checks parsed JSON against the op it names. */
export function checkFrame(frame: unknown): ReadFrame {
  const op = typeof frame === 'object' && frame !== null && !Array.isArray(frame) ? (frame as { op?: unknown }).op : undefined
  const validate = typeof op === 'string' ? validators.get(op) : undefined
  if (!validate) return { error: new AppError('VALIDATION_FAILED', { fields: [{ path: '/op', message: opMessage }] }), id: idOf(frame) }
  const error = validate(frame)
  return error ? { error, id: idOf(frame) } : { frame: frame as ClientFrame }
}

/** Parses and checks one WebSocket message: binary or non-JSON is MALFORMED_JSON, with no id. */
export function readFrame(raw: RawData, isBinary: boolean): ReadFrame {
  let frame: unknown
  try {
    if (isBinary) throw new Error('binary')
    frame = JSON.parse(raw.toString())
  } catch {
    return { error: new AppError('MALFORMED_JSON'), id: '' }
  }
  return checkFrame(frame)
}
