/**
 * Installs the service worker (public/sw.js) once the page has loaded, so the app shell opens
 * offline next time. Under `vite dev` its shell is empty: pages still come from the network.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error: unknown) => console.warn('the service worker did not install', error))
  }, { once: true })
}
