import { useEffect, useId, useState } from 'react'
import type { Availability, InboxMember } from '@parloir/protocol'
import type { ParloirClient } from '@parloir/client'
import { useI18n } from '../../i18n/i18n.tsx'
import { useSession } from '../../session.tsx'
import { errorMessage } from '../error-message.ts'

const choices: readonly Availability[] = ['online', 'away', 'offline']

// Named, as the typed client's call nests too deep for the checker inside a component's closure.
function setAvailability(client: ParloirClient, brandId: string, memberId: string, availability: Availability) {
  return client.call('updateInboxMember', { params: { brandId, memberId }, body: { availability } })
}

/**
 * The member's own availability for the team inbox (online, away, offline), as they set it; round
 * robin also needs them present, which having this page open is. Shown to the members who may be
 * given conversations (the server lists only them).
 */
export function MyAvailability({ brandId, memberId }: { brandId: string; memberId: string }) {
  const i18n = useI18n()
  const { t } = i18n
  const { client } = useSession()
  const id = useId()
  const [mine, setMine] = useState<InboxMember | null>(null)
  const [problem, setProblem] = useState<string | null>(null)

  useEffect(() => {
    let stale = false
    client.call('listInboxMembers', { params: { brandId } }).then(
      ({ members }) => { if (!stale) setMine(members.find((m) => m.memberId === memberId) ?? null) },
      (error: unknown) => { if (!stale) setProblem(errorMessage(error, i18n)) },
    )
    return () => { stale = true }
  }, [client, brandId, memberId, i18n])

  if (!mine) return problem ? <p className="form-error" role="alert">{problem}</p> : null
  const change = async (availability: Availability) => {
    setProblem(null)
    const before = mine
    setMine({ ...mine, availability })
    try {
      setMine(await setAvailability(client, brandId, memberId, availability))
    } catch (error) {
      setMine(before)
      setProblem(errorMessage(error, i18n))
    }
  }
  return (
    <section className="inbox-notify inbox-me" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="inbox-notify__title">{t('console.inbox.me.title')}</h2>
      <label className="inbox-me__availability">
        <span className={`inbox-me__dot inbox-me__dot--${mine.availability}`} aria-hidden="true" />
        <span className="visually-hidden">{t('console.inbox.me.label')}</span>
        <select value={mine.availability} onChange={(e) => void change(e.target.value as Availability)}>
          {choices.map((c) => <option key={c} value={c}>{t(`console.inbox.me.${c}`)}</option>)}
        </select>
      </label>
      <p className="hint">{t('console.inbox.me.load', { count: mine.openAssigned, capacity: mine.capacity })}</p>
      {problem && <p className="form-error" role="alert">{problem}</p>}
    </section>
  )
}
