/**
 * The part of `@xmpp/client` 0.14 (which ships no types) that the bench's XMPP driver uses.
 */
declare module '@xmpp/client' {
  import type { EventEmitter } from 'node:events'

  export interface Element {
    name: string
    attrs: Record<string, string | undefined>
    children: (Element | string)[]
    is(name: string, xmlns?: string): boolean
    getChild(name: string, xmlns?: string): Element | undefined
    getChildren(name: string, xmlns?: string): Element[]
    getChildText(name: string, xmlns?: string): string | null
    text(): string
    toString(): string
  }

  export interface ClientOptions {
    service: string
    domain: string
    resource?: string
    username?: string
    password?: string
    timeout?: number
    credentials?: (
      authenticate: (credentials: { username: string; password: string }, mechanism: string) => Promise<void>,
      mechanisms: string[],
    ) => Promise<void>
  }

  export interface Client extends EventEmitter {
    status: string
    reconnect: { stop(): void }
    iqCaller: { request(stanza: Element, timeoutMs?: number): Promise<Element> }
    /** The @xmpp/websocket Socket; its `socket` is the WebSocket itself. */
    socket: { socket: { send(data: string): void; close(): void } | null } | null
    start(): Promise<unknown>
    stop(): Promise<unknown>
    send(element: Element): Promise<void>
    write(text: string): Promise<void>
    /** Feeds a received WebSocket frame to the XML parser; bound as the socket's data listener when it attaches. */
    _onData(data: string | Buffer): void
  }

  export function client(options: ClientOptions): Client
  export function xml(name: string, attrs?: Record<string, string> | null, ...children: (Element | string)[]): Element
}
