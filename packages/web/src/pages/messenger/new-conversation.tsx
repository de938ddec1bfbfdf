import { useEffect, useId, useState, type FormEvent, type KeyboardEvent } from 'react'
import type { Account } from '@parloir/protocol'
import { defaultLimits } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { navigate } from '../../router.tsx'
import { Avatar } from './avatar.tsx'
import { Dialog } from './dialog.tsx'
import { PeoplePicker, useLookup } from './people-picker.tsx'
import { useErrorText, useStore } from './use-store.ts'
import { href } from './acting.ts'
import { movedActive, peopleQuery, peopleShown, PEOPLE_SEARCH_DEBOUNCE_MS } from './people-search-model.ts'

/**
 * Runs a dialog's "open a conversation" step: while it works the form is busy; on success the
 * dialog closes and the conversation opens; on failure the reason shows and the form is free.
 */
function useOpenConversation(onClose: () => void) {
  const describe = useErrorText()
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  async function open(conversationId: () => Promise<string>) {
    setBusy(true)
    setProblem(null)
    try {
      const id = await conversationId()
      onClose()
      navigate(href(`/c/${id}`))
    } catch (error) {
      setProblem(describe(error))
      setBusy(false)
    }
  }
  return { busy, problem, setProblem, open }
}

/**
 * New 1:1: type a name or a handle. Results come as the person types (debounced; discoverable
 * people and brands, and whoever has exactly the handle typed), as a combobox: arrows move the
 * highlight, Enter or a tap opens the conversation with the highlighted account. Enter with no
 * highlight looks the text up as a complete handle, as it always did.
 */
export function NewDirectDialog({ onClose }: { onClose(): void }) {
  const { t } = useI18n()
  const store = useStore()
  const lookup = useLookup()
  const id = useId()
  const listId = `${id}-results`
  const [handle, setHandle] = useState('')
  const [results, setResults] = useState<{ query: string; accounts: Account[] } | null>(null)
  const [active, setActive] = useState(-1)
  const [dismissed, setDismissed] = useState(false)
  const { busy, problem, setProblem, open } = useOpenConversation(onClose)
  const query = peopleQuery(handle)

  useEffect(() => {
    if (query === null) return
    let stale = false
    const timer = setTimeout(() => {
      store.client.searchPeople(query, peopleShown).then(
        (accounts) => { if (!stale) { setResults({ query, accounts }); setActive(-1) } },
        // The list is a help: when it fails, Enter still looks the handle up and says why.
        () => { if (!stale) setResults({ query, accounts: [] }) },
      )
    }, PEOPLE_SEARCH_DEBOUNCE_MS)
    return () => { stale = true; clearTimeout(timer) }
  }, [store, query])

  // The last answer stays up while the next is asked, so the list does not flicker as one types.
  const shown = query === null || dismissed ? [] : results?.accounts ?? []
  const expanded = shown.length > 0
  const searched = query !== null && !dismissed && results?.query === query
  const chosen = expanded && active >= 0 ? shown[active] : undefined

  function choose(account: Account) {
    void open(() => store.openDirect(account.id))
  }
  async function submit(event: FormEvent) {
    event.preventDefault()
    if (chosen) return choose(chosen)
    await open(async () => store.openDirect((await lookup(handle)).id))
  }
  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      setDismissed(false)
      setActive(movedActive(active, event.key === 'ArrowDown' ? 1 : -1, shown.length))
    } else if (event.key === 'Escape' && expanded) {
      // The first Escape closes the list; the next one the dialog.
      event.preventDefault()
      setDismissed(true)
      setActive(-1)
    }
  }

  return (
    <Dialog title={t('messenger.new.directTitle')} onClose={onClose}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor={id}>{t('messenger.new.to')}</label>
          <input id={id} value={handle} placeholder={t('messenger.new.toPlaceholder')} autoComplete="off" autoCapitalize="none" spellCheck={false} required
            role="combobox" aria-autocomplete="list" aria-expanded={expanded} aria-controls={listId}
            aria-activedescendant={chosen ? `${listId}-${chosen.id}` : undefined}
            aria-describedby={`${id}-hint${problem ? ` ${id}-problem` : ''}`} aria-invalid={problem ? true : undefined}
            onChange={(event) => { setHandle(event.target.value); setActive(-1); setDismissed(false); setProblem(null) }}
            onKeyDown={onKeyDown} />
          <ul id={listId} role="listbox" className="msg-people" aria-label={t('messenger.new.results')} hidden={!expanded}>
            {shown.map((account, index) => (
              <li key={account.id} id={`${listId}-${account.id}`} role="option" aria-selected={index === active}
                className={`msg-people__option${index === active ? ' msg-people__option--active' : ''}`}
                // Keeps the focus in the text field, where the keys work.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => choose(account)}>
                <Avatar account={account} size={36} />
                <span className="msg-people__text">
                  <span className="msg-people__name">
                    {account.displayName}
                    {account.kind === 'brand' && <span className="msg-brand-tag">{t('messenger.new.brand')}</span>}
                  </span>
                  <span className="msg-people__handle">@{account.handle}</span>
                </span>
              </li>
            ))}
          </ul>
          <p id={`${id}-hint`} className="hint" aria-live="polite">
            {searched && !expanded ? t('messenger.new.noneFound') : t('messenger.new.toHint')}
          </p>
          {problem && <p id={`${id}-problem`} className="field-error" role="alert">{problem}</p>}
        </div>
        <div className="msg-request__actions">
          <button type="submit" className="button-primary" disabled={busy || !handle.trim()}>{t('messenger.new.start')}</button>
          <button type="button" className="button-quiet" onClick={onClose}>{t('common.cancel')}</button>
        </div>
      </form>
    </Dialog>
  )
}

/** New group: an optional name and the people in it. */
export function NewGroupDialog({ onClose }: { onClose(): void }) {
  const { t } = useI18n()
  const store = useStore()
  const nameId = useId()
  const [name, setName] = useState('')
  const [people, setPeople] = useState<Account[]>([])
  const { busy, problem, setProblem, open } = useOpenConversation(onClose)
  async function submit(event: FormEvent) {
    event.preventDefault()
    if (people.length === 0) { setProblem(t('messenger.new.groupNeedsPeople')); return }
    await open(() => store.createGroup(name.trim() || undefined, people.map((p) => p.id)))
  }
  return (
    <Dialog title={t('messenger.new.groupTitle')} onClose={onClose}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor={nameId}>{t('messenger.new.groupName')}</label>
          <input id={nameId} value={name} maxLength={defaultLimits.groupNameChars} onChange={(event) => setName(event.target.value)} placeholder={t('messenger.details.namePlaceholder')} />
        </div>
        <PeoplePicker label={t('messenger.new.groupPeople')} people={people} onChange={setPeople} />
        {problem && <p className="form-error" role="alert">{problem}</p>}
        <div className="msg-request__actions">
          <button type="submit" className="button-primary" disabled={busy}>{t('messenger.new.groupCreate')}</button>
          <button type="button" className="button-quiet" onClick={onClose}>{t('common.cancel')}</button>
        </div>
      </form>
    </Dialog>
  )
}
