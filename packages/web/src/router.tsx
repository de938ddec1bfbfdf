import { createContext, useContext, useEffect, useState, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react'

/** A very small client-side router on the History API: the app has a handful of screens. */
const PathContext = createContext<string>('/')

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', to)
  else history.pushState(null, '', to)
  window.dispatchEvent(new PopStateEvent('popstate'))
}

export function RouterProvider({ children }: { children: ReactNode }) {
  const [path, setPath] = useState(() => location.pathname + location.search)
  useEffect(() => {
    const onPop = () => setPath(location.pathname + location.search)
    window.addEventListener('popstate', onPop)
    return () => window.removeEventListener('popstate', onPop)
  }, [])
  return <PathContext.Provider value={path}>{children}</PathContext.Provider>
}

export function usePath(): { pathname: string; search: URLSearchParams } {
  const path = useContext(PathContext)
  const url = new URL(path, 'http://x')
  return { pathname: url.pathname, search: url.searchParams }
}

/** Matches `/c/:id` style patterns; returns the params or null. */
export function match(pattern: string, pathname: string): Record<string, string> | null {
  const names: string[] = []
  const re = new RegExp(`^${pattern.replace(/:(\w+)/g, (_, name: string) => { names.push(name); return '([^/]+)' })}/?$`)
  const found = re.exec(pathname)
  if (!found) return null
  return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? '')]))
}

/** An in-app link: a real <a href> (works with a middle click), navigating without a reload. */
export function Link({ to, children, ...rest }: { to: string; children: ReactNode } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    rest.onClick?.(event)
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(to)
  }
  return <a href={to} {...rest} onClick={onClick}>{children}</a>
}
