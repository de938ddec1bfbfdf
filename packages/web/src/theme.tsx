import { createContext, useContext, useEffect, useState, type ReactNode } from 'react'

export type ThemeChoice = 'system' | 'light' | 'dark'
const STORAGE_KEY = 'parloir.theme'
const ThemeContext = createContext<{ theme: ThemeChoice; setTheme(theme: ThemeChoice): void } | null>(null)

/** Light and dark themes: CSS variables switched by `data-theme` on <html>. */
export function ThemeProvider({ children }: { children: ReactNode }) {
  const [theme, setTheme] = useState<ThemeChoice>(() => {
    const saved = localStorage.getItem(STORAGE_KEY)
    return saved === 'light' || saved === 'dark' ? saved : 'system'
  })
  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset.theme
    else document.documentElement.dataset.theme = theme
  }, [theme])
  // Stored only when the person chooses: a first visit writes nothing.
  const choose = (next: ThemeChoice) => {
    localStorage.setItem(STORAGE_KEY, next)
    setTheme(next)
  }
  return <ThemeContext.Provider value={{ theme, setTheme: choose }}>{children}</ThemeContext.Provider>
}

export function useTheme() {
  const value = useContext(ThemeContext)
  if (!value) throw new Error('useTheme outside ThemeProvider')
  return value
}
