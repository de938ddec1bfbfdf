/* global self, URL, caches, fetch, Request */
// Parloir's service worker, in two separate parts:
// - the app shell, offline: the build's own files only, precached on install; pages network-first;
// - Web Push: shows notifications and opens what they link to.

// ---- App shell (offline) ------------------------------------------------------------------
// What it caches: this build's index.html (as `/`), hashed assets, icons, manifest; nothing else.
// What it never caches: /api/ (JSON, the stream, attachments and avatars of private
// conversations), server-rendered pages (compose, visitor, widget), anything not in SHELL.
// Pages go to the network first, so online the app is always the server's current one; the
// cached shell answers only when the network fails. See docs/architecture.md, "The web app".

const SHELL = { version: 'dev', urls: [] } // filled in by the build (shell-precache.ts)
const SHELL_CACHE = `parloir-shell-${SHELL.version}`
const SHELL_CACHE_PREFIX = 'parloir-shell-'
/** The web app's own page paths (router.tsx, app.tsx); other pages are the server's, never the shell. */
const APP_PAGE = /^\/(?:$|login$|signup$|requests$|settings$|c\/|console(?:\/|$)|discussions(?:\/|$)|@|i\/oauth2\/authorize$|collections$|collections\/\d+\/edit$)/

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL_CACHE)
    // `reload`: straight from the server, not from the browser's HTTP cache.
    await cache.addAll(SHELL.urls.map((url) => new Request(url, { cache: 'reload' })))
    await self.skipWaiting()
  })())
})

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(SHELL_CACHE_PREFIX) && name !== SHELL_CACHE) await caches.delete(name)
    }
    await self.clients.claim()
  })())
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return
  if (request.mode === 'navigate') {
    if (APP_PAGE.test(url.pathname)) event.respondWith(pageOrShell(request))
    return
  }
  if (SHELL.urls.includes(url.pathname) && url.pathname !== '/') event.respondWith(shellFileOrNetwork(request))
})

/** The network's page; when the network fails, the cached shell (the app routes itself). */
async function pageOrShell(request) {
  try {
    return await fetch(request)
  } catch (error) {
    const shell = await caches.match('/', { cacheName: SHELL_CACHE })
    if (shell) return shell
    throw error
  }
}

/** A file of this build: from the cache (it cannot change within a version), else the network. */
async function shellFileOrNetwork(request) {
  return (await caches.match(request, { cacheName: SHELL_CACHE, ignoreSearch: true })) ?? fetch(request)
}

// ---- Web Push -----------------------------------------------------------------------------

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
