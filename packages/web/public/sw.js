/* global self, URL */
// Parloir's service worker: it only shows Web Push notifications and opens what they link to.
// It caches nothing, so the web app is always the server's current one.

self.addEventListener('push', (event) => {
  let push = {}
  try { push = event.data ? event.data.json() : {} } catch { push = {} }
  const title = typeof push.title === 'string' ? push.title : 'Parloir'
  const url = typeof push.url === 'string' && push.url.startsWith('/') ? push.url : '/'
  event.waitUntil(self.registration.showNotification(title, {
    body: typeof push.body === 'string' ? push.body : '',
    tag: typeof push.tag === 'string' ? push.tag : undefined,
    icon: '/favicon.svg',
    data: { url },
  }))
})

self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  const url = new URL(event.notification.data?.url ?? '/', self.location.origin).href
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true })
    const open = windows.find((w) => w.url === url) ?? windows.find((w) => new URL(w.url).origin === self.location.origin)
    if (open) {
      if (open.url !== url && 'navigate' in open) await open.navigate(url)
      return open.focus()
    }
    return self.clients.openWindow(url)
  })())
})
