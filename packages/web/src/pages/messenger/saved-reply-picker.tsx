import { useEffect, useId, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react'
import { brandMay, renderSavedReply, type SavedReply } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { useSession } from '../../session.tsx'
import { useSelect, useStore } from './use-store.ts'
import { useTeam } from './team-bar.tsx'
import { useTeamSelect } from './team-store.ts'
import { insertReply, movedHighlight, pickerChoices, pickerQuery, replyValues } from './saved-reply-picker-model.ts'

export interface SavedReplyPicker {
  /** The list above the message box, or null while it is shut. */
  element: ReactNode
  /** The message box's keys while the list is open (arrows, Enter, Tab, Escape); true when it took the key. */
  onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): boolean
  /** For the message box: which option is highlighted, for screen readers. */
  inputProps: { 'aria-autocomplete'?: 'list'; 'aria-controls'?: string; 'aria-activedescendant'?: string }
}

/**
 * Saved replies in the composer, when writing as a brand one may use them with: a `/` that
 * starts the draft opens a list filtered by what follows, and choosing one puts it, filled in,
 * in the draft in place of what was typed. It never sends: the agent reads it and sends.
 */
export function useSavedReplyPicker(conversationId: string, draft: string, setDraft: (text: string) => void, box: RefObject<HTMLTextAreaElement | null>): SavedReplyPicker {
  const { t } = useI18n()
  const { client, me } = useSession()
  const store = useStore()
  const conversation = useSelect((s) => s.conversations.get(conversationId))
  const listId = useId()
  const membership = me?.brands.find((b) => b.brand.id === store.meId)
  const usable = membership !== undefined && brandMay(membership.role, 'savedReplies.use')
  const query = usable ? pickerQuery(draft) : null
  const [dismissed, setDismissed] = useState(false)
  const [replies, setReplies] = useState<{ brandId: string; list: SavedReply[] } | null>(null)
  const [highlight, setHighlight] = useState(0)
  const open = query !== null && !dismissed
  const team = useTeam()?.team ?? null
  const customerFields = useTeamSelect(team, (s) => s.customerFields, null)

  // Asked again each time the list opens, so a reply saved in the console meanwhile is there,
  // with the customer's custom fields as they are now (a blank one then shows as a placeholder).
  useEffect(() => {
    if (!open || !membership) return
    let stale = false
    const brandId = membership.brand.id
    Promise.all([client.call('listSavedReplies', { params: { brandId }, query: {} }), team?.customer(conversationId).catch(() => null)]).then(
      ([reply]) => { if (!stale) setReplies({ brandId, list: reply.savedReplies }) },
      () => { if (!stale) setReplies({ brandId, list: [] }) },
    )
    return () => { stale = true }
  }, [open, client, membership, team, conversationId])
  // Escape shuts the list until the draft no longer starts with `/`.
  useEffect(() => { if (query === null) setDismissed(false) }, [query])
  useEffect(() => setHighlight(0), [query])

  const loaded = replies !== null && replies.brandId === membership?.brand.id ? replies.list : null
  const choices = open && loaded ? pickerChoices(loaded, query) : []
  const current = Math.max(0, Math.min(highlight, choices.length - 1))
  const values = me && membership ? replyValues(conversation, membership.brand.id, me, (id) => customerFields?.get(id)) : {}
  const optionId = (index: number) => `${listId}-${index}`

  function choose(reply: SavedReply) {
    const chosen = insertReply(reply, values)
    setDraft(chosen.text)
    requestAnimationFrame(() => {
      box.current?.focus()
      box.current?.setSelectionRange(...chosen.selection)
    })
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): boolean {
    if (!open || event.nativeEvent.isComposing) return false
    const take = () => { event.preventDefault(); return true }
    if (event.key === 'Escape') { setDismissed(true); return take() }
    // Until the list has loaded, Enter does not send the half-typed `/…`.
    if (loaded === null) return event.key === 'Enter' ? take() : false
    if (choices.length === 0) return false
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      setHighlight((i) => movedHighlight(i, event.key === 'ArrowDown' ? 1 : -1, choices.length))
      return take()
    }
    const chosen = choices[current]
    if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
      if (chosen) choose(chosen)
      return take()
    }
    return false
  }

  const element = open ? (
    <div className="msg-replies">
      <p className="msg-replies__head" id={`${listId}-label`}>{t('messenger.replies.label')}</p>
      {loaded === null && <p className="msg-replies__note" role="status">{t('messenger.replies.loading')}</p>}
      {loaded !== null && choices.length === 0 && (
        <p className="msg-replies__note" role="status">{loaded.length === 0 ? t('messenger.replies.empty') : t('messenger.replies.none', { query })}</p>
      )}
      {choices.length > 0 && (
        <ul className="msg-replies__list" id={listId} role="listbox" aria-labelledby={`${listId}-label`}>
          {choices.map((reply, index) => (
            <li key={reply.id} id={optionId(index)} role="option" aria-selected={index === current}
              className={`msg-replies__option${index === current ? ' msg-replies__option--on' : ''}`}
              onMouseDown={(event) => event.preventDefault()} onMouseEnter={() => setHighlight(index)} onClick={() => choose(reply)}>
              <span className="msg-replies__shortcut">/{reply.shortcut}</span>
              <span className="msg-replies__title">{reply.title}</span>
              {reply.scope === 'personal' && <span className="msg-replies__mine">{t('messenger.replies.mine')}</span>}
              <span className="msg-replies__text">{renderSavedReply(reply.text, values)}</span>
            </li>
          ))}
        </ul>
      )}
      {choices.length > 0 && <p className="msg-replies__keys" aria-hidden="true">{t('messenger.replies.keys')}</p>}
    </div>
  ) : null

  return {
    element,
    onKeyDown,
    inputProps: {
      ...(usable ? { 'aria-autocomplete': 'list' as const } : {}),
      ...(choices.length > 0 ? { 'aria-controls': listId, 'aria-activedescendant': optionId(current) } : {}),
    },
  }
}
