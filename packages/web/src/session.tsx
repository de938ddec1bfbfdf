import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { ParloirApiError, ParloirClient, type ParloirStream } from '@parloir/client'
import type { Me } from '@parloir/protocol'
import { deviceStorage, forgetAccount } from './offline/saved-locally.ts'

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'closed'

interface Session {
  client: ParloirClient
  me: Me | null
  /** False until the first check of the cookie session has answered. */
  ready: boolean
  /** The server could not be reached to check the session (offline, say): asked again on its own. */
  unreachable: boolean
  stream: ParloirStream | null
  streamState: StreamState
  /** Checks the session again now (after `unreachable`). */
  retrySession(): void
  logIn(handle: string, password: string): Promise<void>
  signUp(handle: string, displayName: string, password: string): Promise<void>
  logOut(): Promise<void>
  refreshMe(): Promise<void>
}

const SessionContext = createContext<Session | null>(null)

/** How often an unreachable server is asked again, besides when the browser says it is back online. */
const SESSION_RETRY_MS = 10_000

/**
 * The browser keeps its session in the HttpOnly cookie only: the token from login is dropped at
 * once, and every change carries the session's CSRF token.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useMemo(() => new ParloirClient({ baseUrl: location.origin, credentials: 'same-origin' }), [])
  const [me, setMe] = useState<Me | null>(null)
  const [ready, setReady] = useState(false)
  const [unreachable, setUnreachable] = useState(false)
  const [stream, setStream] = useState<ParloirStream | null>(null)
  const [streamState, setStreamState] = useState<StreamState>('connecting')

  const loadSession = useCallback(async () => {
    try {
      const reply = await client.session()
      setMe(reply.me)
      setUnreachable(false)
    } catch (error) {
      if (error instanceof ParloirApiError && error.status === 401) {
        setMe(null)
        setUnreachable(false)
      } else if (error instanceof ParloirApiError && error.status < 500) {
        throw error
      } else {
        // No answer (offline), or a proxy's in front of a server that is down: the offline page, until it answers.
        setUnreachable(true)
      }
    } finally {
      setReady(true)
    }
  }, [client])

  // Any other answer leaves us logged out, and says why in the console.
  const checkSession = useCallback(() => { loadSession().catch((error: unknown) => console.error('could not load the session', error)) }, [loadSession])
  useEffect(checkSession, [checkSession])
  useEffect(() => {
    if (!unreachable) return
    const timer = setInterval(checkSession, SESSION_RETRY_MS)
    window.addEventListener('online', checkSession)
    return () => {
      clearInterval(timer)
      window.removeEventListener('online', checkSession)
    }
  }, [unreachable, checkSession])

  useEffect(() => {
    if (!me) return
    const opened = client.stream()
    setStream(opened)
    setStreamState(opened.state)
    const onState = (change: { state: StreamState }) => setStreamState(change.state)
    opened.on('state', onState)
    // The browser knows when the network goes and comes back: drop the socket at once (instead
    // of waiting two heartbeats to find it dead), and on return reconnect without the backoff wait.
    const onNetworkChange = () => opened.reconnect()
    window.addEventListener('offline', onNetworkChange)
    window.addEventListener('online', onNetworkChange)
    return () => {
      window.removeEventListener('offline', onNetworkChange)
      window.removeEventListener('online', onNetworkChange)
      opened.off('state', onState)
      void opened.close() // close() only resolves, once the socket is shut
      setStream(null)
    }
  }, [client, me?.account.id])

  const value = useMemo<Session>(() => ({
    client, me, ready, unreachable, stream, streamState, retrySession: checkSession,
    async logIn(handle, password) {
      const reply = await client.login({ handle, password })
      client.token = undefined
      setMe(reply.me)
    },
    async signUp(handle, displayName, password) {
      const reply = await client.signup({ handle, displayName, password })
      client.token = undefined
      setMe(reply.me)
    },
    async logOut() {
      await client.logout()
      // What this account left on the device (drafts, messages not yet sent) goes with it.
      if (me) forgetAccount(deviceStorage(), me.account.id)
      setMe(null)
    },
    refreshMe: async () => setMe(await client.me()),
  }), [client, me, ready, unreachable, stream, streamState, checkSession])

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

export function useSession(): Session {
  const value = useContext(SessionContext)
  if (!value) throw new Error('useSession outside SessionProvider')
  return value
}
