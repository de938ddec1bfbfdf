import type { Message } from '@parloir/protocol'
import { NetworkError, type JsonClient } from './http-client.ts'

export interface Person { index: number; id: string; token: string; handle: string }
export interface DirectConversation { index: number; id: string; members: [Person, Person] }

export const PASSWORD = 'correct horse battery staple'

/** Signs `count` people up through the API, a few at a time (each signup hashes a password). */
export async function signUpPeople(client: JsonClient, count: number, prefix: string, concurrency = 4): Promise<Person[]> {
  const people: Person[] = []
  let next = 0
  const worker = async () => {
    for (let index = next++; index < count; index = next++) {
      const handle = `${prefix}${index}`
      const body = await client.expect<{ me: { account: { id: string } }; session: { token: string } }>(201, 'POST', '/api/v1/auth/signup', {
        body: { handle, displayName: handle, password: PASSWORD },
      })
      people[index] = { index, id: body.me.account.id, token: body.session.token, handle }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return people
}

/** Opens one direct conversation per pair of people (by index); the first of each pair opens it. */
export async function openConversations(client: JsonClient, people: Person[], pairs: Array<[number, number]>): Promise<DirectConversation[]> {
  const conversations: DirectConversation[] = []
  for (const [index, [a, b]] of pairs.entries()) {
    const first = people[a]
    const second = people[b]
    if (!first || !second) throw new Error(`no person ${a} or ${b}`)
    const conversation = await client.expect<{ id: string }>(200, 'POST', '/api/v1/conversations/direct', { token: first.token, body: { accountId: second.id } })
    conversations.push({ index, id: conversation.id, members: [first, second] })
  }
  return conversations
}

/** One message as a sender meant it, and what the server answered once it acknowledged it. */
export interface SentMessage {
  conversation: DirectConversation
  sender: Person
  /** Position in this sender's sends to this conversation, from 1. */
  n: number
  clientMessageId: string
  text: string
  /** Set once the server answered 201 (new) or 200 (a retry found the original). */
  ack?: { id: string; seq: number; status: 200 | 201; attempts: number; conversationId: string; text: string }
}

export interface LoadStats {
  requests: number
  created: number
  /** Retries the server answered with the original message: the first try committed but its answer was lost. */
  replayed: number
  networkErrors: number
  /** Answers ≥ 500 (503 while shutting down). */
  unavailable: number
  rateLimited: number
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Concurrent senders: both members of every conversation send numbered messages, one at a
 * time each, so a sender's messages must appear in its send order. A send that fails or goes
 * unanswered is retried with the same clientMessageId until the server acknowledges it.
 */
export class SendLoad {
  /** Every message any sender tried to send, by clientMessageId. */
  readonly sent = new Map<string, SentMessage>()
  readonly stats: LoadStats = { requests: 0, created: 0, replayed: 0, networkErrors: 0, unavailable: 0, rateLimited: 0 }
  /** Answers no retry can fix (4xx other than 429): each fails the run. */
  readonly refused: string[] = []
  /** Requests sent and not yet answered. */
  inFlight = 0
  acknowledged = 0
  #stopping = false
  #aborted = false
  #lanes: Array<Promise<void>> = []

  constructor(
    private readonly client: JsonClient,
    private readonly runId: string,
    private readonly conversations: DirectConversation[],
    private readonly options: { requestTimeoutMs?: number; retryDelayMs?: number; giveUpAfterMs?: number; pauseMs?: number } = {},
  ) {}

  start(): void {
    for (const conversation of this.conversations) {
      for (const sender of conversation.members) {
        const lane = this.#lane(conversation, sender)
        lane.catch(() => undefined) // reported by stop(), not as an unhandled rejection
        this.#lanes.push(lane)
      }
    }
  }

  /** Lets every sender finish the message it is on (acknowledged), then resolves. */
  async stop(): Promise<void> {
    this.#stopping = true
    await Promise.all(this.#lanes)
  }

  /** Stops every sender at once, acknowledged or not: for clean-up after a failure. */
  abort(): void {
    this.#stopping = true
    this.#aborted = true
  }

  async #lane(conversation: DirectConversation, sender: Person): Promise<void> {
    for (let n = 1; !this.#stopping; n++) {
      const clientMessageId = `${this.runId}-c${conversation.index}-s${sender.index}-n${n}`
      const message: SentMessage = { conversation, sender, n, clientMessageId, text: `${this.runId} c${conversation.index} s${sender.index} n${n}` }
      this.sent.set(clientMessageId, message)
      if (!(await this.#send(message))) return
      if (this.options.pauseMs) await sleep(this.options.pauseMs)
    }
  }

  /** Sends until acknowledged; false if refused for good. */
  async #send(message: SentMessage): Promise<boolean> {
    const started = Date.now()
    const giveUpAfterMs = this.options.giveUpAfterMs ?? 60_000
    const retryDelayMs = this.options.retryDelayMs ?? 100
    for (let attempt = 1; ; attempt++) {
      if (this.#aborted) return false
      if (Date.now() - started > giveUpAfterMs) throw new Error(`${message.clientMessageId}: not acknowledged after ${giveUpAfterMs} ms and ${attempt - 1} attempts`)
      this.inFlight++
      this.stats.requests++
      let wait = retryDelayMs / 2 + Math.random() * retryDelayMs
      try {
        const res = await this.client.request<Message & { error?: { details?: { retryAfterMs?: number } } }>('POST', `/api/v1/conversations/${message.conversation.id}/messages`, {
          token: message.sender.token,
          body: { text: message.text, clientMessageId: message.clientMessageId },
          timeoutMs: this.options.requestTimeoutMs ?? 5_000,
        })
        if (res.status === 201 || res.status === 200) {
          const m = res.body
          message.ack = { id: m.id, seq: m.seq, status: res.status, attempts: attempt, conversationId: m.conversationId, text: m.text }
          if (res.status === 201) this.stats.created++
          else this.stats.replayed++
          this.acknowledged++
          return true
        }
        if (res.status === 429) {
          this.stats.rateLimited++
          wait = res.body.error?.details?.retryAfterMs ?? wait
        } else if (res.status >= 500) {
          this.stats.unavailable++
        } else {
          this.refused.push(`${message.clientMessageId}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`)
          return false
        }
      } catch (error) {
        if (!(error instanceof NetworkError)) throw error
        this.stats.networkErrors++
      } finally {
        this.inFlight--
      }
      await sleep(wait)
    }
  }
}
