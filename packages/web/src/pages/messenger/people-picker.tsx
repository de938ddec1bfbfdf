import { useId, useState, type FormEvent, type KeyboardEvent } from 'react'
import { ParloirApiError } from '@parloir/client'
import type { Account } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { Avatar } from './avatar.tsx'
import { Icon } from './icons.tsx'
import { useErrorText, useStore } from './use-store.ts'

/** `@Ada` or `ada` → `ada`; null when it cannot be a handle. */
export function cleanHandle(raw: string): string | null {
  const handle = raw.trim().replace(/^@/, '')
  return /^[A-Za-z0-9_]{1,15}$/.test(handle) ? handle : null
}

/** Finds an account by handle, with errors a person can read. */
export function useLookup() {
  const { t } = useI18n()
  const store = useStore()
  return async (raw: string): Promise<Account> => {
    const handle = cleanHandle(raw)
    if (!handle) throw new Error(t('messenger.people.badHandle'))
    try {
      const account = await store.client.getAccountByHandle(handle)
      if (account.id === store.meId) throw new Error(t('messenger.people.notYourself'))
      return account
    } catch (error) {
      if (error instanceof ParloirApiError && error.status === 404) throw new Error(t('messenger.people.notFound', { handle }))
      throw error
    }
  }
}

/**
 * Adds people one handle at a time (Enter or the Add button), listed as removable chips. It
 * is not a <form>, so it can sit inside one.
 */
export function PeoplePicker({ people, onChange, exclude = [], label }: { people: Account[]; onChange(people: Account[]): void; exclude?: string[]; label: string }) {
  const describe = useErrorText()
  const { t } = useI18n()
  const lookup = useLookup()
  const id = useId()
  const [value, setValue] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function add(event?: FormEvent | KeyboardEvent) {
    event?.preventDefault()
    if (!value.trim()) return
    setBusy(true)
    setProblem(null)
    try {
      const account = await lookup(value)
      if (exclude.includes(account.id)) throw new Error(t('messenger.people.already', { name: account.displayName }))
      if (!people.some((p) => p.id === account.id)) onChange([...people, account])
      setValue('')
    } catch (error) {
      setProblem(describe(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="msg-picker">
      <label htmlFor={id} className="msg-field-label">{label}</label>
      <div className="msg-picker__row">
        <input
          id={id}
          className="msg-input"
          value={value}
          placeholder="@handle"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          aria-describedby={problem ? `${id}-problem` : undefined}
          aria-invalid={problem ? true : undefined}
          onChange={(event) => setValue(event.target.value)}
          onKeyDown={(event) => { if (event.key === 'Enter') void add(event) }}
        />
        <button type="button" className="button-quiet" disabled={busy || !value.trim()} onClick={() => void add()}>{t('messenger.people.add')}</button>
      </div>
      {problem && <p id={`${id}-problem`} className="field-error" role="alert">{problem}</p>}
      {people.length > 0 && (
        <ul className="msg-chips" aria-label={t('messenger.people.chosen')}>
          {people.map((person) => (
            <li key={person.id} className="msg-chip">
              <Avatar account={person} size={24} />
              <span>{person.displayName}</span>
              <button type="button" className="msg-chip__remove" aria-label={t('messenger.people.remove', { name: person.displayName })}
                onClick={() => onChange(people.filter((p) => p.id !== person.id))}>
                <Icon name="close" size={14} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
