import { useCallback, useEffect, useId, useState, type FormEvent, type ReactNode } from 'react'
import {
  brandMay, safeWebHref, webLinkRel, defaultLimits as L, type Account, type CollectionItem, type CollectionItemInput, type CollectionSection,
  type CollectionView,
} from '@parloir/protocol'
import type { ParloirClient } from '@parloir/client'
import { useI18n } from '../../i18n/i18n.tsx'
import { ReasonAction } from '../messenger/reason-action.tsx'
import { useSession } from '../../session.tsx'
import { Link, navigate } from '../../router.tsx'
import { errorMessage } from '../error-message.ts'
import { fileSize, groupItems, mergeItem, myUnpublished, stepItem, stepSection, waitingItems, type ItemGroup } from './collections-model.ts'
import { CollectionFields, withAs, type CollectionSettings } from './collection-parts.tsx'

type Props = { client: ParloirClient; collectionId: string; as: string | undefined }

async function fetchView(client: ParloirClient, collectionId: string): Promise<CollectionView> {
  const got = await client.call('getCollection', { params: { collectionId } })
  return got
}

/**
 * One collection in the app. Its curator (a person, or a brand's owners and admins acting as it)
 * sets it up, orders sections and items, and approves or declines contributions; anyone else
 * reads it and contributes, and sees their own waiting and declined items. Everything others
 * wrote, links' fetched words included, is rendered as text by React.
 */
export function CollectionScreen({ client, collectionId, as }: Props) {
  const i18n = useI18n()
  const { t } = i18n
  const { me, stream } = useSession()
  const [view, setView] = useState<CollectionView | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [status, setStatus] = useState('')
  const membership = me?.brands.find((b) => b.brand.id === as)
  const may = (action: 'collections.manage' | 'collections.contribute') => !membership || brandMay(membership.role, action)
  const actingId = as ?? me?.account.id ?? ''

  const load = useCallback(async () => {
    try {
      setView(await fetchView(client, collectionId))
      setProblem(null)
    } catch (error) {
      setProblem(`${t('collection.loadFailed')} ${errorMessage(error, i18n)}`)
    }
  }, [client, collectionId, i18n, t])
  useEffect(() => { void load() }, [load])
  // Hidden, shown again, a review asked: its author and the curator are told at once.
  useEffect(() => stream?.on('collectionItem.updated', (data) => setView((v) => (v ? mergeItem(v, data.item, actingId) : v))), [stream, actingId])

  /** Runs a change, says how it went, and reloads the collection. */
  const act = useCallback(async (change: () => Promise<unknown>, done?: string): Promise<boolean> => {
    setProblem(null)
    try {
      await change()
      if (done) setStatus(done)
      await load()
      return true
    } catch (error) {
      setProblem(errorMessage(error, i18n))
      return false
    }
  }, [i18n, load])

  if (!view) {
    return (
      <section className="page collection-page">
        <Link to={withAs('/collections', as)}>{t('collection.back')}</Link>
        {problem ? <p className="form-error" role="alert">{problem}</p> : <p className="muted">{t('common.loading')}</p>}
      </section>
    )
  }

  const c = view.collection
  const curates = view.viewer.curates && may('collections.manage')
  const accounts = new Map(view.accounts.map((a) => [a.id, a]))
  const curator = accounts.get(c.curatorId)
  const groups = groupItems(view)
  const publicUrl = `${location.origin}${c.publicUrl}`

  return (
    <section className="page collection-page" aria-labelledby="collection-title">
      <Link to={withAs('/collections', as)} className="collection-back">{t('collection.back')}</Link>
      <header className="collection-head">
        <h1 id="collection-title">{c.title}</h1>
        {c.description && <p className="collection-description">{c.description}</p>}
        <p className="hint">
          {curator && t('collection.curatedBy', { name: curator.displayName })}
          {' · '}{t(c.contributionMode === 'open' ? 'collection.mode.open' : 'collection.mode.approval')}
          {' · '}{t(c.indexable ? 'collection.indexed' : 'collection.notIndexed')}
        </p>
        <p className="collection-share">
          <span className="hint">{t('collection.copyHint')}</span>{' '}
          <a href={c.publicUrl} target="_blank" rel="noopener" className="collection-public-link">{publicUrl}</a>
        </p>
      </header>
      <p className="console-status" role="status">{status}</p>
      {problem && <p className="form-error" role="alert">{problem}</p>}

      {curates && <Settings client={client} view={view} onSaved={() => void act(async () => undefined, t('collection.saved'))} onDeleted={() => navigate(withAs('/collections', as))} />}

      {curates && <Waiting view={view} accounts={accounts} act={act} client={client} />}

      <div className="collection-groups">
        {groups.map((group) => (
          <Group key={group.section?.id ?? 'top'} group={group} groups={groups} view={view} accounts={accounts} curates={curates} client={client} act={act}
            review={{ actingId, mayAsk: may('collections.contribute') }} />
        ))}
      </div>

      {curates && <AddSection client={client} collectionId={c.id} act={act} full={view.sections.length >= L.collectionSectionsMax} />}

      {!view.viewer.curates && <MyContributions view={view} actingId={actingId} mayAsk={may('collections.contribute')} client={client} act={act} />}

      {may('collections.contribute') && <AddItem client={client} view={view} act={act} />}
    </section>
  )
}

type Act = (change: () => Promise<unknown>, done?: string) => Promise<boolean>

function Settings({ client, view, onSaved, onDeleted }: { client: ParloirClient; view: CollectionView; onSaved(): void; onDeleted(): void }) {
  const i18n = useI18n()
  const { t } = i18n
  const c = view.collection
  const [settings, setSettings] = useState<CollectionSettings>({ title: c.title, description: c.description, mode: c.contributionMode, indexable: c.indexable })
  const [problem, setProblem] = useState<string | null>(null)
  const [confirming, setConfirming] = useState(false)

  async function save(event: FormEvent) {
    event.preventDefault()
    setProblem(null)
    try {
      const { title, description, mode, indexable } = settings
      await client.call('updateCollection', { params: { collectionId: c.id }, body: { title, description, contributionMode: mode, indexable } })
      onSaved()
    } catch (error) {
      setProblem(errorMessage(error, i18n))
    }
  }
  async function remove() {
    try {
      await client.call('deleteCollection', { params: { collectionId: c.id } })
      onDeleted()
    } catch (error) {
      setProblem(errorMessage(error, i18n))
    }
  }

  return (
    <details className="collection-settings panel-card">
      <summary>{t('collection.settings')}</summary>
      <form onSubmit={(event) => void save(event)}>
        <CollectionFields value={settings} onChange={setSettings} />
        {problem && <p className="form-error" role="alert">{problem}</p>}
        <div className="collection-actions">
          <button type="submit" className="button-primary">{t('collection.save')}</button>
          {confirming
            ? <span className="console-confirm" role="group" aria-label={t('collection.confirmDelete', { title: c.title })}>
              <span className="console-confirm-text">{t('collection.confirmDelete', { title: c.title })}</span>
              <button type="button" className="button-danger" onClick={() => void remove()}>{t('collection.delete')}</button>
              <button type="button" className="button-quiet" onClick={() => setConfirming(false)}>{t('common.cancel')}</button>
            </span>
            : <button type="button" className="button-danger" onClick={() => setConfirming(true)}>{t('collection.delete')}</button>}
        </div>
      </form>
    </details>
  )
}

function Group({ group, groups, view, accounts, curates, client, act, review }: {
  group: ItemGroup; groups: ItemGroup[]; view: CollectionView; accounts: ReadonlyMap<string, Account>; curates: boolean; client: ParloirClient; act: Act
  review: { actingId: string; mayAsk: boolean }
}) {
  const { t } = useI18n()
  const section = group.section
  const headingId = useId()
  return (
    <section className="collection-group" aria-labelledby={headingId}>
      <div className="collection-group-head">
        {section ? <SectionHeading id={headingId} section={section} sections={view.sections} curates={curates} client={client} act={act} />
          : <h2 id={headingId} className="collection-group-title">{t('collection.top')}</h2>}
      </div>
      {group.items.length === 0 && <p className="muted collection-empty">{t('collection.emptyGroup')}</p>}
      {group.items.length > 0 && (
        <ul className="collection-items">
          {group.items.map((item) => (
            <li key={item.id} className={`collection-item collection-item--${item.kind}`} data-item-id={item.id}>
              <ItemBody item={item} />
              {item.authorId !== view.collection.curatorId && accounts.get(item.authorId) && (
                <p className="hint">{t('collection.item.by', { name: accounts.get(item.authorId)!.displayName })}</p>
              )}
              <Review item={item} curates={view.viewer.curates} mine={item.authorId === review.actingId} mayAsk={review.mayAsk} client={client} act={act} />
              {curates && <ItemTools item={item} groups={groups} sections={view.sections} client={client} act={act} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function SectionHeading({ id, section, sections, curates, client, act }: {
  id: string; section: CollectionSection; sections: CollectionSection[]; curates: boolean; client: ParloirClient; act: Act
}) {
  const { t } = useI18n()
  const [renaming, setRenaming] = useState(false)
  const [title, setTitle] = useState(section.title)
  const [confirming, setConfirming] = useState(false)
  const inputId = useId()
  const params = { collectionId: section.collectionId, sectionId: section.id }
  const move = (step: -1 | 1) => {
    const position = stepSection(sections, section.id, step)
    if (position !== null) void act(async () => { await client.call('moveCollectionSection', { params, body: { position } }) })
  }
  if (renaming) {
    return (
      <form className="collection-rename" onSubmit={(event) => {
        event.preventDefault()
        void act(async () => { await client.call('updateCollectionSection', { params, body: { title } }) }).then((ok) => { if (ok) setRenaming(false) })
      }}>
        <label htmlFor={inputId} className="visually-hidden">{t('collection.section.title')}</label>
        <input id={inputId} value={title} maxLength={L.collectionTitleChars} required autoFocus onChange={(event) => setTitle(event.target.value)} />
        <button type="submit" className="button-primary button-small">{t('collection.section.save')}</button>
        <button type="button" className="button-quiet button-small" onClick={() => setRenaming(false)}>{t('collection.section.cancel')}</button>
      </form>
    )
  }
  return (
    <>
      <h2 id={id} className="collection-group-title">{section.title}</h2>
      {curates && (
        <span className="collection-tools">
          <button type="button" className="button-quiet button-small" onClick={() => setRenaming(true)} aria-label={t('collection.section.renameWho', { title: section.title })}>{t('collection.section.rename')}</button>
          <button type="button" className="button-quiet button-small" disabled={stepSection(sections, section.id, -1) === null} onClick={() => move(-1)} aria-label={t('collection.section.up', { title: section.title })}>↑</button>
          <button type="button" className="button-quiet button-small" disabled={stepSection(sections, section.id, 1) === null} onClick={() => move(1)} aria-label={t('collection.section.down', { title: section.title })}>↓</button>
          {confirming
            ? <span className="console-confirm" role="group" aria-label={t('collection.section.confirmDelete', { title: section.title })}>
              <span className="console-confirm-text">{t('collection.section.confirmDelete', { title: section.title })}</span>
              <button type="button" className="button-danger button-small" onClick={() => void act(async () => { await client.call('deleteCollectionSection', { params }) })}>{t('console.delete')}</button>
              <button type="button" className="button-quiet button-small" onClick={() => setConfirming(false)}>{t('common.cancel')}</button>
            </span>
            : <button type="button" className="button-danger button-small" onClick={() => setConfirming(true)} aria-label={t('collection.section.delete', { title: section.title })}>✕</button>}
        </span>
      )}
    </>
  )
}

/** An item's content: a picture, a file, a link's card, or a text. Always text, never markup. */
export function ItemBody({ item }: { item: CollectionItem }) {
  const i18n = useI18n()
  const { t } = i18n
  if (item.hiddenAt !== null && item.title === null && item.text === null && item.media === null) {
    return <p className="collection-hidden">{t('collection.item.hidden', { reason: item.hiddenReason ?? t('collection.item.hiddenNoReason') })}</p>
  }
  const hidden = item.hiddenAt !== null
    ? <p className="collection-hidden">{t('collection.item.hidden', { reason: item.hiddenReason ?? t('collection.item.hiddenNoReason') })}</p>
    : null
  let body: ReactNode
  if (item.kind === 'image' && item.media) {
    body = (
      <figure className="collection-figure">
        <a href={item.media.url} target="_blank" rel="noopener"><img src={item.media.thumbnailUrl ?? item.media.url} alt={item.title ?? ''} loading="lazy" /></a>
        {item.title && <figcaption>{item.title}</figcaption>}
      </figure>
    )
  } else if (item.kind === 'file' && item.media) {
    body = (
      <figure className="collection-figure">
        <a className="collection-file" href={item.media.url} download={item.media.fileName}>
          {item.media.fileName} <span className="hint">{fileSize(item.media.sizeBytes, (n, digits) => n.toFixed(digits))}</span>
        </a>
        {item.title && <figcaption>{item.title}</figcaption>}
      </figure>
    )
  } else if (item.kind === 'link') {
    const href = item.url ? safeWebHref(item.url) : null
    const inner = (
      <>
        {item.media && <img className="collection-link-image" src={item.media.thumbnailUrl ?? item.media.url} alt="" loading="lazy" />}
        <span className="collection-link-words">
          <span className="hint">{item.siteName ?? t('collection.link.fallback')}</span>
          <span className="collection-link-title">{item.title ?? item.url}</span>
          {item.text && <span className="collection-link-description">{item.text}</span>}
        </span>
      </>
    )
    body = href ? <a className="collection-link" href={href} target="_blank" rel={webLinkRel}>{inner}</a> : <div className="collection-link">{inner}</div>
  } else {
    body = (
      <>
        {item.title && <h3 className="collection-text-title">{item.title}</h3>}
        <p className="collection-text">{item.text}</p>
      </>
    )
  }
  return <>{hidden}{body}</>
}

/**
 * A hidden item's review, between its author and the curator: the author asks once per hide
 * (then reads that they asked); the curator reads that the author asked. Nobody else sees any of it.
 */
function Review({ item, curates, mine, mayAsk, client, act }: { item: CollectionItem; curates: boolean; mine: boolean; mayAsk: boolean; client: ParloirClient; act: Act }) {
  const { t } = useI18n()
  if (item.hiddenAt === null || item.reviewRequestedAt === undefined || !(mine || curates)) return null
  if (item.reviewRequestedAt !== null) {
    return <p className="collection-review" role="note">{t(mine ? 'collection.item.reviewAsked' : 'collection.item.reviewRequested')}</p>
  }
  if (!mine || !mayAsk) return null
  return (
    <button type="button" className="button-quiet button-small collection-review-ask"
      onClick={() => void act(() => client.requestCollectionItemReview(item.collectionId, item.id), t('collection.item.reviewAsked'))}>
      {t('collection.item.askReview')}
    </button>
  )
}

function ItemTools({ item, groups, sections, client, act }: { item: CollectionItem; groups: ItemGroup[]; sections: CollectionSection[]; client: ParloirClient; act: Act }) {
  const { t } = useI18n()
  const [confirming, setConfirming] = useState(false)
  const selectId = useId()
  const params = { collectionId: item.collectionId, itemId: item.id }
  const move = (to: { sectionId: string | null; position: number } | null) => {
    if (to) void act(async () => { await client.call('moveCollectionItem', { params, body: to }) })
  }
  const ordered = [...sections].sort((a, b) => a.position - b.position)
  return (
    <div className="collection-tools collection-item-tools">
      <button type="button" className="button-quiet button-small" disabled={!stepItem(groups, item.id, -1)} onClick={() => move(stepItem(groups, item.id, -1))} aria-label={t('collection.item.up')}>↑</button>
      <button type="button" className="button-quiet button-small" disabled={!stepItem(groups, item.id, 1)} onClick={() => move(stepItem(groups, item.id, 1))} aria-label={t('collection.item.down')}>↓</button>
      {ordered.length > 0 && (
        <>
          <label htmlFor={selectId} className="visually-hidden">{t('collection.item.moveTo')}</label>
          <select id={selectId} className="collection-move" value={item.sectionId ?? ''} onChange={(event) => move({ sectionId: event.target.value || null, position: L.collectionItemsMax })}>
            <option value="">{t('collection.top')}</option>
            {ordered.map((s) => <option key={s.id} value={s.id}>{s.title}</option>)}
          </select>
        </>
      )}
      {/* Moderation: hidden with a reason everyone reads, never destroyed; its author still sees it. */}
      {item.hiddenAt === null
        ? <ReasonAction label={t('discussions.mod.hide')} submit={t('discussions.mod.hide.submit')} prompt={t('collection.item.hidePrompt')}
          onSubmit={async (reason) => { await act(async () => { await client.call('hideCollectionItem', { params, body: { reason } }) }) }} />
        : <ReasonAction label={t('discussions.mod.unhide')} submit={t('discussions.mod.unhide.submit')} prompt={t('discussions.mod.unhide.prompt')}
          onSubmit={async (reason) => { await act(async () => { await client.call('unhideCollectionItem', { params, body: { reason } }) }) }} />}
      {confirming
        ? <span className="console-confirm" role="group" aria-label={t('collection.item.confirmRemove')}>
          <span className="console-confirm-text">{t('collection.item.confirmRemove')}</span>
          <button type="button" className="button-danger button-small" onClick={() => void act(async () => { await client.call('removeCollectionItem', { params }) })}>{t('collection.item.remove')}</button>
          <button type="button" className="button-quiet button-small" onClick={() => setConfirming(false)}>{t('common.cancel')}</button>
        </span>
        : <button type="button" className="button-quiet button-small" onClick={() => setConfirming(true)}>{t('collection.item.remove')}</button>}
    </div>
  )
}

function Waiting({ view, accounts, client, act }: { view: CollectionView; accounts: ReadonlyMap<string, Account>; client: ParloirClient; act: Act }) {
  const { t } = useI18n()
  const waiting = waitingItems(view)
  // An open collection has no queue to show unless it was in approval mode when these were sent.
  if (waiting.length === 0 && view.collection.contributionMode === 'open') return null
  return (
    <section className="collection-waiting panel-card" aria-labelledby="collection-waiting-title">
      <h2 id="collection-waiting-title">{t('collection.waiting.title')} {waiting.length > 0 && <span className="collections-badge">{waiting.length}</span>}</h2>
      {waiting.length === 0 && <p className="muted">{t('collection.waiting.empty')}</p>}
      <ul className="collection-items">
        {waiting.map((item) => {
          const params = { collectionId: item.collectionId, itemId: item.id }
          const author = accounts.get(item.authorId)
          return (
            <li key={item.id} className={`collection-item collection-item--${item.kind}`} data-item-id={item.id}>
              <ItemBody item={item} />
              {author && <p className="hint">{t('collection.item.by', { name: author.displayName })}</p>}
              <div className="collection-tools">
                <button type="button" className="button-primary button-small" onClick={() => void act(async () => { await client.call('approveContribution', { params }) }, t('collection.waiting.approved'))}>{t('collection.waiting.approve')}</button>
                <button type="button" className="button-quiet button-small" onClick={() => void act(async () => { await client.call('declineContribution', { params }) }, t('collection.waiting.declined'))}>{t('collection.waiting.decline')}</button>
              </div>
            </li>
          )
        })}
      </ul>
    </section>
  )
}

function MyContributions({ view, actingId, mayAsk, client, act }: { view: CollectionView; actingId: string; mayAsk: boolean; client: ParloirClient; act: Act }) {
  const { t } = useI18n()
  const mine = myUnpublished(view, actingId)
  if (mine.length === 0) return null
  return (
    <section className="collection-mine panel-card" aria-labelledby="collection-mine-title">
      <h2 id="collection-mine-title">{t('collection.mine.title')}</h2>
      <ul className="collection-items">
        {mine.map((item) => (
          <li key={item.id} className={`collection-item collection-item--${item.kind}`} data-item-id={item.id}>
            <p className={`collection-state collection-state--${item.status}`}>{t(item.status === 'pending' ? 'collection.item.pending' : 'collection.item.declined')}</p>
            <ItemBody item={item} />
            <Review item={item} curates={false} mine mayAsk={mayAsk} client={client} act={act} />
            {item.status === 'pending' && (
              <button type="button" className="button-quiet button-small" onClick={() => void act(async () => { await client.call('removeCollectionItem', { params: { collectionId: item.collectionId, itemId: item.id } }) })}>
                {t('collection.item.withdraw')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}

function AddSection({ client, collectionId, act, full }: { client: ParloirClient; collectionId: string; act: Act; full: boolean }) {
  const { t } = useI18n()
  const [title, setTitle] = useState('')
  const inputId = useId()
  return (
    <form className="collection-add-section" onSubmit={(event) => {
      event.preventDefault()
      void act(async () => { await client.call('createCollectionSection', { params: { collectionId }, body: { title } }) }).then((ok) => { if (ok) setTitle('') })
    }}>
      <div className="field">
        <label htmlFor={inputId}>{t('collection.section.title')}</label>
        <input id={inputId} value={title} maxLength={L.collectionTitleChars} required onChange={(event) => setTitle(event.target.value)} />
      </div>
      <button type="submit" className="button-quiet" disabled={full}>{t('collection.section.add')}</button>
    </form>
  )
}

type Kind = 'media' | 'link' | 'text'

function AddItem({ client, view, act }: { client: ParloirClient; view: CollectionView; act: Act }) {
  const i18n = useI18n()
  const { t } = i18n
  const [kind, setKind] = useState<Kind>('media')
  const [sectionId, setSectionId] = useState('')
  const [file, setFile] = useState<File | null>(null)
  const [fileKey, setFileKey] = useState(0)
  const [caption, setCaption] = useState('')
  const [url, setUrl] = useState('')
  const [title, setTitle] = useState('')
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const ids = { section: useId(), file: useId(), caption: useId(), url: useId(), urlHint: useId(), title: useId(), text: useId(), count: useId() }
  const curates = view.viewer.curates
  const sections = [...view.sections].sort((a, b) => a.position - b.position)
  const textLength = Array.from(text).length

  async function submit(event: FormEvent) {
    event.preventDefault()
    setProblem(null)
    if (kind === 'media' && !file) { setProblem(t('collection.add.pickFile')); return }
    setBusy(true)
    const section = sectionId === '' ? {} : { sectionId }
    try {
      let body: CollectionItemInput
      if (kind === 'media') {
        const media = await client.uploadMedia(file!, file!.name)
        body = { kind, mediaId: media.id, ...(caption.trim() ? { title: caption } : {}), ...section }
      } else if (kind === 'link') {
        body = { kind, url: url.trim(), ...section }
      } else {
        body = { kind, text, ...(title.trim() ? { title } : {}), ...section }
      }
      const params = { collectionId: view.collection.id }
      const send = async () => { await client.call('addCollectionItem', { params, body }) }
      const ok = await act(send, t(view.viewer.publishesDirectly ? 'collection.add.added' : 'collection.add.waiting'))
      if (ok) { setFile(null); setFileKey((k) => k + 1); setCaption(''); setUrl(''); setTitle(''); setText('') }
    } catch (error) {
      setProblem(errorMessage(error, i18n))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="collection-add panel-card" onSubmit={(event) => void submit(event)} aria-labelledby="collection-add-title">
      <h2 id="collection-add-title">{t(curates ? 'collection.add.title' : 'collection.contribute.title')}</h2>
      {!curates && <p className="hint">{t(view.collection.contributionMode === 'open' ? 'collection.contribute.open' : 'collection.contribute.approval')}</p>}
      <fieldset className="collection-kinds">
        <legend>{t('collection.add.kind')}</legend>
        {(['media', 'link', 'text'] as const).map((value) => (
          <label key={value} className="collections-radio">
            <input type="radio" name="collection-add-kind" value={value} checked={kind === value} onChange={() => setKind(value)} />
            {t(`collection.add.kind.${value}`)}
          </label>
        ))}
      </fieldset>
      {curates && sections.length > 0 && (
        <div className="field">
          <label htmlFor={ids.section}>{t('collection.add.section')}</label>
          <select id={ids.section} value={sectionId} onChange={(event) => setSectionId(event.target.value)}>
            <option value="">{t('collection.top')}</option>
            {sections.map((s) => <option key={s.id} value={s.id}>{s.title}</option>)}
          </select>
        </div>
      )}
      {kind === 'media' && (
        <>
          <div className="field">
            <label htmlFor={ids.file}>{t('collection.add.file')}</label>
            <input key={fileKey} id={ids.file} type="file" onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
          </div>
          <div className="field">
            <label htmlFor={ids.caption}>{t('collection.add.caption')}</label>
            <input id={ids.caption} value={caption} maxLength={L.collectionItemTitleChars} onChange={(event) => setCaption(event.target.value)} />
          </div>
        </>
      )}
      {kind === 'link' && (
        <div className="field">
          <label htmlFor={ids.url}>{t('collection.add.url')}</label>
          <input id={ids.url} type="url" inputMode="url" value={url} maxLength={L.urlChars} required placeholder="https://" aria-describedby={ids.urlHint} onChange={(event) => setUrl(event.target.value)} />
          <p className="hint" id={ids.urlHint}>{t('collection.add.url.hint')}</p>
        </div>
      )}
      {kind === 'text' && (
        <>
          <div className="field">
            <label htmlFor={ids.title}>{t('collection.add.textTitle')}</label>
            <input id={ids.title} value={title} maxLength={L.collectionItemTitleChars} onChange={(event) => setTitle(event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={ids.text}>{t('collection.add.text')}</label>
            <textarea id={ids.text} value={text} rows={5} required aria-describedby={ids.count} aria-invalid={textLength > L.collectionTextChars || undefined} onChange={(event) => setText(event.target.value)} />
            <p className="hint" id={ids.count}>{t('collection.add.count', { count: i18n.formatNumber(textLength), limit: i18n.formatNumber(L.collectionTextChars) })}</p>
          </div>
        </>
      )}
      {problem && <p className="form-error" role="alert">{problem}</p>}
      <button type="submit" className="button-primary" disabled={busy}>{busy ? t('collection.add.working') : t('collection.add.submit')}</button>
    </form>
  )
}
