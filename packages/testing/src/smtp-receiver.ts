import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

export interface Received { to: string[]; body: string }

/** A real SMTP server on loopback that keeps what it receives, or refuses it while `refusing`. */
export async function smtpReceiver() {
  const received: Received[] = []
  const state = { refusing: false }
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        if (state.refusing) { callback(Object.assign(new Error('try again later'), { responseCode: 451 })); return }
        // Bodies come quoted-printable: soft line breaks and =XX bytes are undone here.
        const raw = Buffer.concat(chunks).toString('latin1').replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), body: Buffer.from(raw, 'latin1').toString('utf8') })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as AddressInfo).port
  return { received, state, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}
