import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { ParloirApiError, type ParloirClient } from '@parloir/client'
import { defaultLimits as L, type Account, type BrandMembership, type WelcomeMessage } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { Link, navigate, usePath } from '../../router.tsx'
import { Avatar } from '../avatar.tsx'
import { errorMessage } from '../error-message.ts'
import { Icon } from '../messenger/icons.tsx'
import { thumbSize } from '../messenger/media.tsx'
import {
  ConfirmButton, FieldMessages, ImagePicker, QuickRepliesEditor, Switch, TextField, canChangeBrand, describedBy, localMessage, refusalMessage, useBrandClient,
  useFormProblems,
} from './editor-parts.tsx'
import { placeProblems, problemsOf, sentenceAbove } from '../field-problems.ts'
import {
  deepLink, draftFromWelcome, emptyButton, emptyWelcome, move, normaliseHandle, previewLine, welcomeInput, welcomeProblems,
  type ButtonDraft, type ButtonType, type WelcomeDraft,
} from './welcome-model.ts'

/**
 * `/console/<brand>/welcome`: the brand's welcome messages. The list shows each with its deep
 * link; `?edit=<id>` (or `?edit=new`) opens the editor with a live preview of the bubble.
 */
export function WelcomeMessagesSection({ membership }: { membership: BrandMembership }) {
  const i18n = useI18n()
  const { t } = i18n
  const brand = membership.brand
  const canEdit = canChangeBrand(membership.role)
  const client = useBrandClient(brand)
  const { pathname, search } = usePath()
  const editing = search.get('edit')
  const [list, setList] = useState<WelcomeMessage[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [status, setStatus] = useState('')

  const load = useCallback(async () => {
    try {
      const reply = await client.call('listWelcomeMessages', { params: { brandId: brand.id } })
      setList(reply.welcomeMessages)
      setProblem(null)
    } catch (error) {
      setProblem(errorMessage(error, i18n))
    }
  }, [client, brand.id, i18n])
  // Again on coming back from the editor: someone else may have changed the list meanwhile.
  const showingList = editing === null
  useEffect(() => { void load() }, [load, showingList])

  async function remove(message: WelcomeMessage): Promise<boolean> {
    setStatus('')
    setProblem(null)
    try {
      await client.call('deleteWelcomeMessage', { params: { brandId: brand.id, welcomeMessageId: message.id } })
      setList((l) => l?.filter((m) => m.id !== message.id) ?? null)
      setStatus(t('console.welcome.deleted', { name: message.name }))
      return true
    } catch (error) {
      setProblem(refusalMessage(error, i18n, 'console.welcome.full'))
      return false
    }
  }

  if (editing !== null) {
    const message = editing === 'new' ? null : list?.find((m) => m.id === editing)
    if (list === null && !problem) return <Frame><p className="muted" role="status">{t('common.loading')}</p></Frame>
    if (message === undefined || (editing === 'new' && !canEdit)) {
      return (
        <Frame>
          <p className="console-empty">{t('console.welcome.notFound')}</p>
          <Link to={pathname}>{t('console.welcome.back')}</Link>
        </Frame>
      )
    }
    return (
      <WelcomeEditor key={editing} brand={brand} client={client} message={message} canEdit={canEdit} isFirst={(list?.length ?? 0) === 0}
        onSaved={(saved, created) => {
          setStatus(t(created ? 'console.welcome.created' : 'console.welcome.saved', { name: saved.name }))
          navigate(pathname)
          void load()
        }} />
    )
  }

  const full = (list?.length ?? 0) >= L.welcomeMessagesPerBrand
  return (
    <Frame>
      <p className="muted">{t('console.welcome.hint', { brand: brand.displayName })}</p>
      {!canEdit && <p className="console-notice">{t('console.readOnly', { role: t(`console.role.${membership.role}`) })}</p>}
      {canEdit && (
        <div className="console-add-row">
          {full
            ? <button type="button" className="button-primary" disabled>{t('console.welcome.new')}</button>
            : <Link to={`${pathname}?edit=new`} className="button-primary console-button-link">{t('console.welcome.new')}</Link>}
          {full && <span className="hint">{t('console.welcome.full')}</span>}
        </div>
      )}
      <p className="console-status" role="status">{status}</p>
      {problem && (
        <div className="console-problem">
          <p className="form-error" role="alert">{problem}</p>
          {list === null && <button type="button" className="button-quiet" onClick={() => void load()}>{t('common.retry')}</button>}
        </div>
      )}
      {list === null && !problem && <p className="muted">{t('common.loading')}</p>}
      {list && list.length === 0 && <p className="console-empty">{t('console.welcome.empty', { brand: brand.displayName })}</p>}
      {list && list.length > 0 && (
        <ul className="console-cards" aria-label={t('console.nav.welcome')}>
          {[...list].sort((a, b) => Number(b.isDefault) - Number(a.isDefault)).map((message) => (
            <WelcomeCard key={message.id} message={message} brandId={brand.id} canEdit={canEdit} editTo={`${pathname}?edit=${message.id}`}
              onDelete={() => remove(message)} onCopied={setStatus} />
          ))}
        </ul>
      )}
    </Frame>
  )
}

function Frame({ children }: { children: ReactNode }) {
  const { t } = useI18n()
  return (
    <section className="console-section console-wide" aria-labelledby="console-welcome-title">
      <h1 id="console-welcome-title">{t('console.nav.welcome')}</h1>
      {children}
    </section>
  )
}

function WelcomeCard({ message, brandId, canEdit, editTo, onDelete, onCopied }: {
  message: WelcomeMessage; brandId: string; canEdit: boolean; editTo: string; onDelete(): Promise<boolean>; onCopied(status: string): void
}) {
  const { t } = useI18n()
  const id = useId()
  const link = deepLink(location.origin, brandId, message.id)
  const parts = [
    message.quickReply && t('console.welcome.count.quick', { count: message.quickReply.options.length }),
    message.buttons.length > 0 && t('console.welcome.count.buttons', { count: message.buttons.length }),
    message.attachment && t('console.welcome.count.image'),
  ].filter(Boolean)
  return (
    <li className="console-card" aria-labelledby={`${id}-name`}>
      <div className="console-card-head">
        <h2 id={`${id}-name`} className="console-card-title">{message.name}</h2>
        {message.isDefault && <span className="console-badge">{t('console.welcome.default')}</span>}
      </div>
      <p className="console-card-preview">{previewLine(message.text) || <span className="muted">{t('console.welcome.noText')}</span>}</p>
      {parts.length > 0 && <p className="hint console-card-facts">{parts.join(' · ')}</p>}
      <CopyLink link={link} label={t('console.welcome.link', { name: message.name })} onCopied={onCopied} />
      <div className="console-card-actions">
        <Link to={editTo} className="button-quiet console-button-link" aria-label={t(canEdit ? 'console.welcome.editWho' : 'console.welcome.viewWho', { name: message.name })}>
          {t(canEdit ? 'console.edit' : 'console.view')}
        </Link>
        {canEdit && (
          <ConfirmButton label={t('console.welcome.deleteWho', { name: message.name })} question={t('console.welcome.confirmDelete', { name: message.name })}
            confirm={t('console.delete')} onConfirm={onDelete} />
        )}
      </div>
    </li>
  )
}

/** A link in a read-only box, selected on focus, with a Copy button. */
export function CopyLink({ link, label, onCopied }: { link: string; label: string; onCopied(status: string): void }) {
  const { t } = useI18n()
  const id = useId()
  const input = useRef<HTMLInputElement>(null)
  async function copy() {
    try {
      await navigator.clipboard.writeText(link)
    } catch {
      // Without the clipboard API (an insecure origin), select the text for the person to copy.
      input.current?.select()
      onCopied(t('console.copy.select'))
      return
    }
    onCopied(t('console.copy.done'))
  }
  return (
    <div className="console-link-row">
      <label htmlFor={id} className="console-link-label">{label}</label>
      <div className="console-link-box">
        <input id={id} ref={input} readOnly value={link} onFocus={(e) => e.target.select()} spellCheck={false} />
        <button type="button" className="button-quiet" onClick={() => void copy()} aria-describedby={id}>{t('console.copy')}</button>
      </div>
    </div>
  )
}

const welcomeTargets = (draft: WelcomeDraft): string[] => [
  '/name', '/text', '/mediaId', '/isDefault', '/quickReply/options', '/buttons',
  ...draft.options.flatMap((_, i) => [`/quickReply/options/${i}`, `/quickReply/options/${i}/label`, `/quickReply/options/${i}/description`, `/quickReply/options/${i}/metadata`]),
  ...draft.buttons.flatMap((_, i) => [`/buttons/${i}`, `/buttons/${i}/label`, `/buttons/${i}/url`, `/buttons/${i}/phoneNumber`, `/buttons/${i}/accountId`, `/buttons/${i}/type`]),
]

function WelcomeEditor({ brand, client, message, canEdit, isFirst, onSaved }: {
  brand: Account; client: ParloirClient; message: WelcomeMessage | null; canEdit: boolean; isFirst: boolean
  onSaved(message: WelcomeMessage, created: boolean): void
}) {
  const i18n = useI18n()
  const { t } = i18n
  const { pathname } = usePath()
  const [draft, setDraft] = useState<WelcomeDraft>(() => (message ? draftFromWelcome(message, new Map()) : emptyWelcome(isFirst)))
  const [busy, setBusy] = useState(false)
  const form = useRef<HTMLFormElement>(null)
  const check = useCallback((d: WelcomeDraft) => welcomeProblems(d).map((p) => ({ path: p.path, message: localMessage(t, p) })), [t])
  const { problems, general: problem, begin, fail } = useFormProblems(draft, check, form)

  // A conversation button knows its account by id: look the handles up for the editor.
  useEffect(() => {
    if (!message) return
    let live = true
    message.buttons.forEach((button, index) => {
      if (button.type !== 'conversation') return
      client.getAccount(button.accountId).then((account) => {
        if (!live) return
        setDraft((d) => ({ ...d, buttons: d.buttons.map((b, i) => (i === index && b.handle === '' ? { ...b, handle: account.handle } : b)) }))
      }, () => undefined)
    })
    return () => { live = false }
  }, [client, message])

  const change = (patch: Partial<WelcomeDraft>) => setDraft((d) => ({ ...d, ...patch }))

  async function save(event: FormEvent) {
    event.preventDefault()
    if (!canEdit || busy || !begin()) return
    setBusy(true)
    try {
      // Conversation buttons are typed by handle; the API takes the account's id.
      const accountIds = new Map<string, string>()
      const missing = new Map<string, string[]>()
      for (const [index, button] of draft.buttons.entries()) {
        if (button.type !== 'conversation') continue
        const handle = normaliseHandle(button.handle)
        if (accountIds.has(handle.toLowerCase())) continue
        try {
          accountIds.set(handle.toLowerCase(), (await client.getAccountByHandle(handle)).id)
        } catch (error) {
          if (!(error instanceof ParloirApiError && error.status === 404)) throw error
          missing.set(`/buttons/${index}/accountId`, [t('console.team.noSuchHandle', { handle })])
        }
      }
      if (missing.size > 0) {
        fail(missing, t('console.problem.marked'))
        return
      }
      const body = welcomeInput(draft, accountIds)
      const saved = message
        ? await client.call('updateWelcomeMessage', { params: { brandId: brand.id, welcomeMessageId: message.id }, body })
        : await client.call('createWelcomeMessage', { params: { brandId: brand.id }, body })
      onSaved(saved, message === null)
    } catch (error) {
      const placed = placeProblems(problemsOf(error, t), welcomeTargets(draft))
      const options = placed.byTarget.get('/quickReply')
      if (options) placed.byTarget.set('/quickReply/options', [...options, ...(placed.byTarget.get('/quickReply/options') ?? [])])
      fail(placed.byTarget, sentenceAbove(placed, t, refusalMessage(error, i18n, 'console.welcome.full')))
    } finally {
      setBusy(false)
    }
  }

  const title = message ? t(canEdit ? 'console.welcome.editTitle' : 'console.welcome.viewTitle', { name: message.name }) : t('console.welcome.newTitle')
  return (
    <section className="console-section console-wide" aria-labelledby="console-welcome-title">
      <p className="console-crumb"><Link to={pathname}>{t('console.welcome.back')}</Link></p>
      <h1 id="console-welcome-title">{title}</h1>
      {!canEdit && <p className="console-notice">{t('console.readOnly.welcome')}</p>}
      <form ref={form} className="console-editor" onSubmit={(e) => void save(e)} noValidate aria-labelledby="console-welcome-title">
        <div className="console-editor-form">
          <fieldset className="console-plain-fieldset" disabled={!canEdit}>
            <TextField label={t('console.welcome.name')} hint={t('console.welcome.name.hint')} value={draft.name} onChange={(name) => change({ name })}
              max={L.welcomeMessageNameChars} required messages={problems.get('/name')} />
            <TextField label={t('console.welcome.text')} hint={t('console.welcome.text.hint')} value={draft.text} onChange={(text) => change({ text })}
              max={L.messageTextChars} multiline rows={5} messages={problems.get('/text')} />
            <ImagePicker client={client} media={draft.media} onChange={(media) => change({ media })} label={t('console.welcome.image')}
              hint={t('console.welcome.image.hint')} messages={problems.get('/mediaId')} />
            <QuickRepliesEditor options={draft.options} onChange={(options) => change({ options })} problems={problems} />
            <ButtonsEditor buttons={draft.buttons} onChange={(buttons) => change({ buttons })} problems={problems} />
            <Switch label={t('console.welcome.useDefault')} hint={t('console.welcome.useDefault.hint', { brand: brand.displayName })}
              checked={draft.isDefault} onChange={(isDefault) => change({ isDefault })} disabled={!canEdit} />
          </fieldset>
          {problem && <p className="form-error console-form-problem" role="alert">{problem}</p>}
          <div className="console-actions">
            {canEdit && <button type="submit" className="button-primary" disabled={busy}>{busy ? t('auth.working') : t(message ? 'console.save' : 'console.welcome.create')}</button>}
            <Link to={pathname} className="button-quiet console-button-link">{t(canEdit ? 'common.cancel' : 'console.welcome.back')}</Link>
          </div>
        </div>
        <div className="console-editor-preview">
          <WelcomePreview brand={brand} draft={draft} />
          {message && <CopyLink link={deepLink(location.origin, brand.id, message.id)} label={t('console.welcome.linkShort')} onCopied={() => undefined} />}
        </div>
      </form>
    </section>
  )
}

const buttonTypes: ButtonType[] = ['web_url', 'phone_number', 'conversation']

function ButtonsEditor({ buttons, onChange, problems }: { buttons: ButtonDraft[]; onChange(buttons: ButtonDraft[]): void; problems: ReadonlyMap<string, string[]> }) {
  const { t } = useI18n()
  const id = useId()
  const full = buttons.length >= L.buttonsMax
  const set = (index: number, patch: Partial<ButtonDraft>) => onChange(buttons.map((b, i) => (i === index ? { ...b, ...patch } : b)))
  const listProblems = problems.get('/buttons')
  return (
    <fieldset className="console-fieldset" aria-describedby={describedBy(`${id}-hint`, listProblems && `${id}-error`)}>
      <legend>{t('console.buttons.title')}</legend>
      <p id={`${id}-hint`} className="hint console-fieldset-hint">{t('console.buttons.hint', { max: L.buttonsMax })}</p>
      <FieldMessages id={`${id}-error`} messages={listProblems} />
      {buttons.length > 0 && (
        <ol className="console-options">
          {buttons.map((button, index) => {
            const number = index + 1
            const path = `/buttons/${index}`
            return (
              <li key={button.key} className="console-option">
                <div className="console-option-head">
                  <span className="console-option-title">{t('console.buttons.button', { number })}</span>
                  <div className="console-row-tools">
                    <button type="button" className="button-quiet button-small" disabled={index === 0} onClick={() => onChange(move(buttons, index, -1))}
                      aria-label={t('console.buttons.up', { number })}>↑</button>
                    <button type="button" className="button-quiet button-small" disabled={index === buttons.length - 1} onClick={() => onChange(move(buttons, index, 1))}
                      aria-label={t('console.buttons.down', { number })}>↓</button>
                    <button type="button" className="button-quiet button-small" onClick={() => onChange(buttons.filter((_, i) => i !== index))}
                      aria-label={t('console.buttons.remove', { number })}>{t('console.remove')}</button>
                  </div>
                </div>
                <FieldMessages id={`${id}-${index}-error`} messages={[...(problems.get(path) ?? []), ...(problems.get(`${path}/type`) ?? [])]} />
                <div className="console-option-fields">
                  <div className="field console-field">
                    <label htmlFor={`${id}-${index}-type`}>{t('console.buttons.type')}</label>
                    <select id={`${id}-${index}-type`} value={button.type} onChange={(e) => set(index, { type: e.target.value as ButtonType })}>
                      {buttonTypes.map((type) => <option key={type} value={type}>{t(`console.buttons.type.${type}`)}</option>)}
                    </select>
                  </div>
                  <TextField label={t('console.buttons.label')} value={button.label} onChange={(label) => set(index, { label })} max={L.buttonLabelChars} required
                    messages={problems.get(`${path}/label`)} />
                  {button.type === 'web_url' && (
                    <TextField className="console-option-wide" type="url" label={t('console.buttons.url')} placeholder="https://" value={button.url}
                      onChange={(url) => set(index, { url })} messages={problems.get(`${path}/url`)} />
                  )}
                  {button.type === 'phone_number' && (
                    <TextField className="console-option-wide" type="tel" label={t('console.buttons.phone')} hint={t('console.buttons.phone.hint')} value={button.phoneNumber}
                      onChange={(phoneNumber) => set(index, { phoneNumber })} messages={problems.get(`${path}/phoneNumber`)} autoComplete="off" />
                  )}
                  {button.type === 'conversation' && (
                    <TextField className="console-option-wide" prefix="@" label={t('console.buttons.handle')} hint={t('console.buttons.handle.hint')} value={button.handle}
                      onChange={(handle) => set(index, { handle })} messages={problems.get(`${path}/accountId`)} autoComplete="off" />
                  )}
                </div>
              </li>
            )
          })}
        </ol>
      )}
      <div className="console-add-row">
        <button type="button" className="button-quiet" disabled={full} onClick={() => onChange([...buttons, emptyButton()])}>{t('console.buttons.add')}</button>
        <span className="hint" role="status">{full ? t('console.buttons.full', { max: L.buttonsMax }) : ''}</span>
      </div>
    </fieldset>
  )
}

/** The bubble as the customer will see it: the messenger's own classes, nothing clickable. */
export function WelcomePreview({ brand, draft }: { brand: Account; draft: Pick<WelcomeDraft, 'text' | 'media' | 'options' | 'buttons'> }) {
  const { t } = useI18n()
  const size = useMemo(() => (draft.media ? thumbSize(draft.media, 220) : null), [draft.media])
  const empty = draft.text.trim() === '' && !draft.media
  return (
    <figure className="console-preview">
      <figcaption className="console-preview-caption">{t('console.preview')}</figcaption>
      <div className="console-preview-screen">
        <div className="console-preview-head">
          <Avatar account={brand} size={32} />
          <span className="console-preview-name">{brand.displayName}</span>
        </div>
        <div className="console-preview-thread">
          <div className="msg-row msg-row--theirs msg-row--start msg-row--end">
            <div className="msg-row__body">
              <div className="msg-row__line">
                <div className={`msg-bubble${draft.media && draft.text.trim() === '' ? ' msg-bubble--media' : ''}${empty ? ' console-preview-empty' : ''}`}>
                  {draft.media && size && (
                    <span className="msg-thumb console-preview-thumb" style={size}>
                      <img src={draft.media.thumbnailUrl ?? draft.media.url} alt="" width={size.width} height={size.height} />
                    </span>
                  )}
                  {draft.text.trim() !== '' && <p className="msg-text">{draft.text}</p>}
                  {empty && <p className="msg-text">{t('console.preview.empty')}</p>}
                </div>
              </div>
              {draft.options.length > 0 && (
                <div className="msg-quick">
                  {draft.options.map((option, i) => (
                    <span key={option.key} className="msg-quick__option">
                      <span className="msg-quick__label">{option.label.trim() || t('console.quick.option', { number: i + 1 })}</span>
                      {option.description.trim() && <span className="msg-quick__description">{option.description}</span>}
                    </span>
                  ))}
                </div>
              )}
              {draft.buttons.length > 0 && (
                <div className="msg-cta">
                  {draft.buttons.map((button, i) => (
                    <span key={button.key} className="msg-cta__button">
                      <Icon name={button.type === 'web_url' ? 'link' : button.type === 'phone_number' ? 'phone' : 'chat'} size={18} />
                      {button.label.trim() || t('console.buttons.button', { number: i + 1 })}
                    </span>
                  ))}
                </div>
              )}
            </div>
          </div>
        </div>
        <div className="console-preview-composer" aria-hidden="true">{t('messenger.composer.placeholder')}</div>
      </div>
    </figure>
  )
}
