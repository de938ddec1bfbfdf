import { useEffect } from 'react'

/** Names the tab after the screen (`Settings · Parloir`), and gives the old title back on leaving. */
export function useDocumentTitle(title: string | undefined): void {
  useEffect(() => {
    if (!title) return
    const before = document.title
    document.title = `${title} · Parloir`
    return () => { document.title = before }
  }, [title])
}
