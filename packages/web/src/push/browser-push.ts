import type { ParloirClient } from '@parloir/client'

/**
 * This browser's Web Push subscription, shared by the console's "Turn on notifications" and the
 * person's Settings → Notifications: one subscription per browser session, whoever it tells. The
 * service worker (`/sw.js`) shows the pushes and opens their link; this module only subscribes.
 */

export const pushSupported = () => typeof navigator !== 'undefined' && 'serviceWorker' in navigator && typeof window !== 'undefined' && 'PushManager' in window && 'Notification' in window

/** The server's VAPID key (base64url) as the bytes PushManager.subscribe takes. */
export function applicationServerKey(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(base64url.length / 4) * 4, '=')
  const binary = atob(base64)
  const bytes = new Uint8Array(new ArrayBuffer(binary.length))
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** This browser's push subscription, if the service worker holds one. */
export async function currentSubscription(): Promise<PushSubscription | null> {
  if (!pushSupported()) return null
  const registration = await navigator.serviceWorker.getRegistration('/')
  return (await registration?.pushManager.getSubscription()) ?? null
}

/** Asks permission, registers the service worker, subscribes and tells the server. 'denied' or 'off' when permission was not given. */
export async function subscribeThisBrowser(client: ParloirClient): Promise<'on' | 'off' | 'denied'> {
  const permission = await Notification.requestPermission()
  if (permission !== 'granted') return permission === 'denied' ? 'denied' : 'off'
  const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' })
  await navigator.serviceWorker.ready
  const key = await client.call('getPushKey')
  const subscription = await registration.pushManager.getSubscription()
    ?? await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: applicationServerKey(key.publicKey) })
  const json = subscription.toJSON()
  await client.call('savePushSubscription', { body: { endpoint: subscription.endpoint, keys: { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' } } })
  return 'on'
}

/** Unsubscribes this browser and tells the server. */
export async function unsubscribeThisBrowser(client: ParloirClient): Promise<void> {
  await (await currentSubscription())?.unsubscribe()
  await client.call('deletePushSubscription')
}
