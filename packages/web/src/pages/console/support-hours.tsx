import { useCallback, useId, useMemo, useRef, useState, type FormEvent } from 'react'
import type { ParloirClient } from '@parloir/client'
import type { Account, BrandMessaging, ReplyTime, SupportStatus } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { Icon } from '../messenger/icons.tsx'
import type { MessageKey } from '../../i18n/text.ts'
import { ConfirmButton, FieldMessages, describedBy, refusalMessage, useFormProblems } from './editor-parts.tsx'
import { placeProblems, problemsOf, sentenceAbove } from '../field-problems.ts'
import {
  browserTimeZone, calendarFromDraft, calendarTargets, draftFromCalendar, localCalendarProblems, nameShiftsIn, newKey, nextShift, replyTimes, shiftKind,
  starterCalendar, statusSummary, timeZones, weekdays, type CalendarDraft, type ShiftDraft, type Weekday,
} from './hours-model.ts'

type T = ReturnType<typeof useI18n>['t']

/** "Open now · closes at 18:00", from the server's card (its clock and its calendar rules). */
export function SupportSummary({ support }: { support: SupportStatus | null }) {
  const { t, locale } = useI18n()
  if (!support) return null
  const summary = statusSummary(support, Date.now())
  if (summary.state === 'none') return <p className="console-summary console-summary-none">{t('console.hours.summary.none')}</p>
  const state = t(summary.state === 'open' ? 'console.hours.summary.open' : 'console.hours.summary.closed')
  let change = ''
  if (summary.change) {
    const verb = summary.state === 'open' ? 'closes' : 'opens'
    const { time, when, weekday, date } = summary.change
    const dayName = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2024, 0, 1 + weekday))
    const dateName = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(Date.parse(`${date}T00:00:00Z`))
    change = t(`console.hours.summary.${verb}.${when}`, { time, day: dayName, date: dateName })
  }
  return (
    <p className="console-summary" data-state={summary.state}>
      <span className={`console-dot console-dot-${summary.state}`} aria-hidden="true" />
      <span>{change ? `${state} · ${change}` : state}</span>
      {support.calendar && <span className="hint"> ({t('console.hours.summary.zone', { zone: support.calendar.timeZone })})</span>}
    </p>
  )
}

/**
 * The support calendar and the "usually answers within" line, saved together. No calendar means
 * no published hours: no "Provides support" badge.
 */
export function SupportHoursForm({ brand, client, messaging, canEdit, onSaved }: {
  brand: Account; client: ParloirClient; messaging: BrandMessaging; canEdit: boolean; onSaved(messaging: BrandMessaging, status: string): void
}) {
  const i18n = useI18n()
  const { t } = i18n
  const id = useId()
  const form = useRef<HTMLFormElement>(null)
  const [draft, setDraft] = useState<CalendarDraft | null>(() => (messaging.supportCalendar ? draftFromCalendar(messaging.supportCalendar) : null))
  const [replyTime, setReplyTime] = useState<ReplyTime | null>(messaging.replyTime)
  const [busy, setBusy] = useState(false)
  const zones = useMemo(() => timeZones(draft?.timeZone ?? browserTimeZone()), [draft?.timeZone])
  const published = messaging.supportCalendar !== null
  const check = useCallback((d: CalendarDraft | null) => (d ? localCalendarProblems(d).map((p) => ({ path: p.path, message: t(`console.hours.problem.${p.message}`) })) : []), [t])
  const { problems, general, begin, fail, forget } = useFormProblems(draft, check, form)
  const [refusal, setRefusal] = useState<string | null>(null)
  const problem = general ?? refusal

  /** Adding or removing rows moves indexes: problems from the last save no longer point right. */
  const restructure = (next: CalendarDraft | null) => { setDraft(next); forget() }

  async function save(event: FormEvent) {
    event.preventDefault()
    setRefusal(null)
    if (!canEdit || busy || !begin()) return
    setBusy(true)
    try {
      const saved = await client.call('updateBrandMessaging', {
        params: { brandId: brand.id }, body: { supportCalendar: draft ? calendarFromDraft(draft) : null, replyTime },
      })
      onSaved(saved, t(draft ? 'console.hours.saved' : 'console.hours.unpublished'))
    } catch (error) {
      const named = problemsOf(error, t).map((p) => ({ ...p, message: nameShiftsIn(p.message, (where) => ('day' in where
        ? t('console.hours.shiftOf', { number: where.index + 1, day: t(`console.day.${where.day}`) })
        : t('console.hours.shiftOf', { number: where.index + 1, day: draft?.exceptions[where.exception]?.date ?? t('console.hours.thisDate') }))) }))
      const placed = placeProblems(named, draft ? calendarTargets(draft) : [], '/supportCalendar')
      fail(placed.byTarget, sentenceAbove(placed, t, refusalMessage(error, i18n, 'console.problem.forbidden')))
    } finally {
      setBusy(false)
    }
  }

  async function unpublish(): Promise<boolean> {
    setBusy(true)
    setRefusal(null)
    try {
      const saved = await client.call('updateBrandMessaging', { params: { brandId: brand.id }, body: { supportCalendar: null } })
      restructure(null)
      onSaved(saved, t('console.hours.unpublished'))
      return true
    } catch (error) {
      setRefusal(refusalMessage(error, i18n, 'console.problem.forbidden'))
      return false
    } finally {
      setBusy(false)
    }
  }

  const setShifts = (day: Weekday, shifts: ShiftDraft[], structural: boolean) => {
    if (!draft) return
    const next = { ...draft, weekly: { ...draft.weekly, [day]: shifts } }
    if (structural) restructure(next)
    else setDraft(next)
  }

  return (
    <form ref={form} className="console-hours" onSubmit={(e) => void save(e)} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="visually-hidden">{t('console.hours.title')}</h3>
      {!draft && (
        <div className="console-hours-none">
          <p>{t(published ? 'console.hours.removing' : 'console.hours.none')}</p>
          {canEdit && (
            <button type="button" className="button-quiet" onClick={() => restructure(starterCalendar(browserTimeZone()))}>{t('console.hours.setUp')}</button>
          )}
        </div>
      )}
      <fieldset className="console-plain-fieldset" disabled={!canEdit}>
        {draft && (
          <>
            <div className="field console-field console-zone">
              <label htmlFor={`${id}-zone`}>{t('console.hours.zone')}</label>
              <select id={`${id}-zone`} value={draft.timeZone} onChange={(e) => setDraft({ ...draft, timeZone: e.target.value })}
                aria-describedby={describedBy(`${id}-zone-hint`, problems.has('/timeZone') && `${id}-zone-error`)} aria-invalid={problems.has('/timeZone') || undefined}>
                {zones.map((zone) => <option key={zone} value={zone}>{zone.replaceAll('_', ' ')}</option>)}
              </select>
              <p id={`${id}-zone-hint`} className="hint">{t('console.hours.zone.hint')}</p>
              <FieldMessages id={`${id}-zone-error`} messages={problems.get('/timeZone')} />
            </div>

            <fieldset className="console-fieldset">
              <legend>{t('console.hours.weekly')}</legend>
              <p className="hint console-fieldset-hint">{t('console.hours.weekly.hint')}</p>
              <FieldMessages id={`${id}-weekly-error`} messages={problems.get('/weekly')} />
              <ul className="console-week">
                {weekdays.map((day) => (
                  <DayRow key={day} day={day} shifts={draft.weekly[day]} problems={problems} base={`/weekly/${day}`}
                    onChange={(shifts, structural) => setShifts(day, shifts, structural)} />
                ))}
              </ul>
              <button type="button" className="button-quiet" onClick={() => restructure({
                ...draft,
                weekly: { ...draft.weekly, ...Object.fromEntries(weekdays.slice(1, 5).map((d) => [d, draft.weekly.monday.map((s) => ({ ...s, key: newKey() }))])) },
              })}>{t('console.hours.copyMonday')}</button>
            </fieldset>

            <fieldset className="console-fieldset">
              <legend>{t('console.hours.holidays')}</legend>
              <p className="hint console-fieldset-hint">{t('console.hours.holidays.hint')}</p>
              {draft.holidays.length > 0 && (
                <ul className="console-dated">
                  {draft.holidays.map((holiday, index) => {
                    const path = `/holidays/${index}`
                    const set = (patch: Partial<typeof holiday>) => setDraft({ ...draft, holidays: draft.holidays.map((h, i) => (i === index ? { ...h, ...patch } : h)) })
                    const dateErrors = problems.get(`${path}/date`)
                    const nameErrors = problems.get(`${path}/name`)
                    return (
                      <li key={holiday.key} className="console-dated-row">
                        <div className="field console-field">
                          <label htmlFor={`${id}-h${index}-date`}>{t('console.hours.date')}</label>
                          <input id={`${id}-h${index}-date`} type="date" value={holiday.date} onChange={(e) => set({ date: e.target.value })}
                            aria-invalid={dateErrors ? true : undefined} aria-describedby={dateErrors ? `${id}-h${index}-date-error` : undefined} />
                          <FieldMessages id={`${id}-h${index}-date-error`} messages={dateErrors} />
                        </div>
                        <div className="field console-field console-dated-name">
                          <label htmlFor={`${id}-h${index}-name`}>{t('console.hours.holidayName')}</label>
                          <input id={`${id}-h${index}-name`} value={holiday.name} onChange={(e) => set({ name: e.target.value })}
                            aria-invalid={nameErrors ? true : undefined} aria-describedby={nameErrors ? `${id}-h${index}-name-error` : undefined} />
                          <FieldMessages id={`${id}-h${index}-name-error`} messages={nameErrors} />
                        </div>
                        <FieldMessages id={`${id}-h${index}-error`} messages={problems.get(path)} />
                        <button type="button" className="button-quiet console-dated-remove" onClick={() => restructure({ ...draft, holidays: draft.holidays.filter((_, i) => i !== index) })}
                          aria-label={t('console.hours.removeHoliday', { date: holiday.date || String(index + 1) })}>{t('console.remove')}</button>
                      </li>
                    )
                  })}
                </ul>
              )}
              <button type="button" className="button-quiet" onClick={() => restructure({ ...draft, holidays: [...draft.holidays, { key: newKey(), date: '', name: '' }] })}>
                {t('console.hours.addHoliday')}
              </button>
            </fieldset>

            <fieldset className="console-fieldset">
              <legend>{t('console.hours.exceptions')}</legend>
              <p className="hint console-fieldset-hint">{t('console.hours.exceptions.hint')}</p>
              {draft.exceptions.length > 0 && (
                <ul className="console-dated">
                  {draft.exceptions.map((exception, index) => {
                    const path = `/exceptions/${index}`
                    const dateErrors = problems.get(`${path}/date`)
                    const replace = (patch: Partial<typeof exception>, structural: boolean) => {
                      const next = { ...draft, exceptions: draft.exceptions.map((x, i) => (i === index ? { ...x, ...patch } : x)) }
                      if (structural) restructure(next)
                      else setDraft(next)
                    }
                    return (
                      <li key={exception.key} className="console-dated-row console-exception">
                        <div className="field console-field">
                          <label htmlFor={`${id}-x${index}-date`}>{t('console.hours.date')}</label>
                          <input id={`${id}-x${index}-date`} type="date" value={exception.date} onChange={(e) => replace({ date: e.target.value }, false)}
                            aria-invalid={dateErrors ? true : undefined} aria-describedby={dateErrors ? `${id}-x${index}-date-error` : undefined} />
                          <FieldMessages id={`${id}-x${index}-date-error`} messages={dateErrors} />
                        </div>
                        <div className="console-exception-shifts">
                          <ShiftList shifts={exception.shifts} problems={problems} base={`${path}/shifts`} dayLabel={exception.date || t('console.hours.thisDate')}
                            onChange={(shifts, structural) => replace({ shifts }, structural)} closedText={t('console.hours.closedAllDay')} />
                          <FieldMessages id={`${id}-x${index}-error`} messages={[...(problems.get(path) ?? []), ...(problems.get(`${path}/shifts`) ?? [])]} />
                        </div>
                        <button type="button" className="button-quiet console-dated-remove" onClick={() => restructure({ ...draft, exceptions: draft.exceptions.filter((_, i) => i !== index) })}
                          aria-label={t('console.hours.removeException', { date: exception.date || String(index + 1) })}>{t('console.remove')}</button>
                      </li>
                    )
                  })}
                </ul>
              )}
              <button type="button" className="button-quiet" onClick={() => restructure({ ...draft, exceptions: [...draft.exceptions, { key: newKey(), date: '', shifts: [nextShift([])] }] })}>
                {t('console.hours.addException')}
              </button>
            </fieldset>
          </>
        )}

        <div className="field console-field console-reply-time">
          <label htmlFor={`${id}-reply`}>{t('console.hours.replyTime')}</label>
          <select id={`${id}-reply`} value={replyTime ?? ''} onChange={(e) => setReplyTime(e.target.value === '' ? null : e.target.value as ReplyTime)}
            aria-describedby={`${id}-reply-hint`}>
            <option value="">{t('console.hours.replyTime.none')}</option>
            {replyTimes.map((value) => <option key={value} value={value}>{t(`console.hours.replyTime.${value}`)}</option>)}
          </select>
          <p id={`${id}-reply-hint`} className="hint">{t('console.hours.replyTime.hint')}</p>
        </div>
      </fieldset>

      {problem && <p className="form-error console-form-problem" role="alert">{problem}</p>}
      {canEdit && (
        <div className="console-actions">
          <button type="submit" className="button-primary" disabled={busy}>{busy ? t('auth.working') : t(draft ? 'console.hours.save' : 'console.save')}</button>
          {draft && published && (
            <ConfirmButton label={t('console.hours.unpublish')} question={t('console.hours.confirmUnpublish')} confirm={t('console.hours.unpublish')} onConfirm={unpublish} />
          )}
          {draft && !published && <button type="button" className="button-quiet" onClick={() => restructure(null)}>{t('common.cancel')}</button>}
        </div>
      )}
    </form>
  )
}

function DayRow({ day, shifts, problems, base, onChange }: {
  day: Weekday; shifts: ShiftDraft[]; problems: ReadonlyMap<string, string[]>; base: string; onChange(shifts: ShiftDraft[], structural: boolean): void
}) {
  const { t } = useI18n()
  const id = useId()
  const dayName = t(`console.day.${day}`)
  // Closing a day keeps its shifts here, so opening it again brings them back.
  const kept = useRef<ShiftDraft[]>([])
  const open = shifts.length > 0
  return (
    <li className="console-day" aria-labelledby={`${id}-day`}>
      <div className="console-day-head">
        <span id={`${id}-day`} className="console-day-name">{dayName}</span>
        <label className="console-check">
          <input type="checkbox" checked={open} onChange={(e) => {
            if (e.target.checked) onChange(kept.current.length > 0 ? kept.current : [nextShift([])], true)
            else { kept.current = shifts; onChange([], true) }
          }} aria-describedby={`${id}-day`} />
          {t('console.hours.open')}
        </label>
      </div>
      <div className="console-day-shifts">
        <ShiftList shifts={shifts} problems={problems} base={base} dayLabel={dayName} onChange={onChange} closedText={t('console.hours.closed')} />
        <FieldMessages id={`${id}-error`} messages={problems.get(base)} />
      </div>
    </li>
  )
}

function ShiftList({ shifts, problems, base, dayLabel, onChange, closedText }: {
  shifts: ShiftDraft[]; problems: ReadonlyMap<string, string[]>; base: string; dayLabel: string; closedText: string
  onChange(shifts: ShiftDraft[], structural: boolean): void
}) {
  const { t } = useI18n()
  const id = useId()
  return (
    <div className="console-shifts">
      {shifts.length === 0 && <p className="console-closed">{closedText}</p>}
      {shifts.length > 0 && (
        <ol className="console-shift-list">
          {shifts.map((shift, index) => {
            const path = `${base}/${index}`
            const set = (patch: Partial<ShiftDraft>) => onChange(shifts.map((s, i) => (i === index ? { ...s, ...patch } : s)), false)
            const kind = shiftKind(shift)
            const note = shiftNote(t, kind)
            const startErrors = problems.get(`${path}/start`)
            const endErrors = problems.get(`${path}/end`)
            const rowErrors = problems.get(path)
            const label = t('console.hours.shiftOf', { number: index + 1, day: dayLabel })
            return (
              <li key={shift.key} className={`console-shift${rowErrors || startErrors || endErrors ? ' console-shift-invalid' : ''}`}>
                <div className="console-shift-times" role="group" aria-label={label}>
                  <label className="console-time">
                    <span className="visually-hidden">{t('console.hours.startOf', { shift: label })}</span>
                    <input type="time" value={shift.start} required onChange={(e) => set({ start: e.target.value })}
                      aria-invalid={startErrors || rowErrors ? true : undefined} aria-describedby={describedBy(startErrors && `${id}-${index}-start`, rowErrors && `${id}-${index}-row`, note && `${id}-${index}-note`)} />
                  </label>
                  <span aria-hidden="true">–</span>
                  <label className="console-time">
                    <span className="visually-hidden">{t('console.hours.endOf', { shift: label })}</span>
                    <input type="time" value={shift.end} required onChange={(e) => set({ end: e.target.value })}
                      aria-invalid={endErrors || rowErrors ? true : undefined} aria-describedby={describedBy(endErrors && `${id}-${index}-end`, rowErrors && `${id}-${index}-row`, note && `${id}-${index}-note`)} />
                  </label>
                  {note && <span id={`${id}-${index}-note`} className={`console-shift-note console-shift-${kind}`}>{note}</span>}
                  <button type="button" className="msg-icon-button console-icon-button" onClick={() => onChange(shifts.filter((_, i) => i !== index), true)}
                    aria-label={t('console.hours.removeShift', { shift: label })} title={t('console.hours.removeShift', { shift: label })}><Icon name="close" size={16} /></button>
                </div>
                <FieldMessages id={`${id}-${index}-start`} messages={startErrors?.map((m) => t('console.hours.startSays', { message: m }))} />
                <FieldMessages id={`${id}-${index}-end`} messages={endErrors?.map((m) => t('console.hours.endSays', { message: m }))} />
                <FieldMessages id={`${id}-${index}-row`} messages={rowErrors} />
              </li>
            )
          })}
        </ol>
      )}
      <button type="button" className="button-quiet button-small console-add-shift" onClick={() => onChange([...shifts, nextShift(shifts)], true)}
        aria-label={t(shifts.length > 0 ? 'console.hours.addSplitTo' : 'console.hours.addShiftTo', { day: dayLabel })}>
        {t(shifts.length > 0 ? 'console.hours.addSplit' : 'console.hours.addShift')}
      </button>
    </div>
  )
}

function shiftNote(t: T, kind: ReturnType<typeof shiftKind>): string | null {
  const keys: Partial<Record<ReturnType<typeof shiftKind>, MessageKey>> = {
    overnight: 'console.hours.overnight', untilMidnight: 'console.hours.untilMidnight', allDay: 'console.hours.allDay',
  }
  const key = keys[kind]
  return key ? t(key) : null
}
