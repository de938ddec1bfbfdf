/** The slice of pino that core uses: constant messages, data in fields. */
export interface Logger {
  info(fields: Record<string, unknown>, message: string): void
  warn(fields: Record<string, unknown>, message: string): void
  error(fields: Record<string, unknown>, message: string): void
  child(fields: Record<string, unknown>): Logger
}

export const silentLogger: Logger = {
  info() {}, warn() {}, error() {},
  child() { return silentLogger },
}
