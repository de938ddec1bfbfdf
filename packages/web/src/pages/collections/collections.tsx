import { useCallback, useEffect, useId, useMemo, useState, type FormEvent } from 'react'
import { brandMay, collectionPagePath, type Collection } from '@parloir/protocol'
import type { ParloirClient } from '@parloir/client'
import { useI18n } from '../../i18n/i18n.tsx'
import { useSession } from '../../session.tsx'
import { Link, match, navigate, usePath } from '../../router.tsx'
import { errorMessage } from '../error-message.ts'
import { CollectionScreen } from './collection.tsx'
import { CollectionFields, withAs, type CollectionSettings } from './collection-parts.tsx'

/**
 * `/collections`: the collections the person curates, or a brand's (`?as=<brandId>`, for its team),
 * and a form to start one; `/collections/<id>/edit`: one collection, curated or contributed to.
 * The public page, `/collections/<id>`, is the server's (no script).
 */
export default function CollectionsPage() {
  const { pathname, search } = usePath()
  const { client } = useSession()
  const as = search.get('as') ?? undefined
  const acting = useMemo(() => client.withActAs(as), [client, as])
  const one = match('/collections/:id/edit', pathname)
  if (one) return <CollectionScreen key={`${one.id}:${as ?? ''}`} client={acting} collectionId={one.id ?? ''} as={as} />
  return <CollectionList key={as ?? ''} client={acting} as={as} />
}

/** `?as=` kept on links inside collections. */

function CollectionList({ client, as }: { client: ParloirClient; as: string | undefined }) {
  const i18n = useI18n()
  const { t } = i18n
  const { me } = useSession()
  const [collections, setCollections] = useState<Collection[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const brands = (me?.brands ?? []).filter((b) => brandMay(b.role, 'collections.read'))
  const membership = brands.find((b) => b.brand.id === as)
  const mayCurate = !membership || brandMay(membership.role, 'collections.manage')
  const selectId = useId()

  const load = useCallback(async () => {
    setProblem(null)
    try {
      setCollections((await client.call('listCollections')).collections)
    } catch (error) {
      setProblem(`${t('collections.loadFailed')} ${errorMessage(error, i18n)}`)
    }
  }, [client, i18n, t])
  useEffect(() => { void load() }, [load])

  return (
    <section className="page collections-page" aria-labelledby="collections-title">
      <h1 id="collections-title">{t('collections.title')}</h1>
      <p className="muted">{t('collections.hint')}</p>
      {brands.length > 0 && me && (
        <div className="field collections-as">
          <label htmlFor={selectId}>{t('collections.as')}</label>
          <select id={selectId} value={as ?? ''} onChange={(event) => navigate(withAs('/collections', event.target.value || undefined))}>
            <option value="">{t('collections.asMe', { name: me.account.displayName })}</option>
            {brands.map((b) => <option key={b.brand.id} value={b.brand.id}>{b.brand.displayName}</option>)}
          </select>
        </div>
      )}
      <h2>{membership ? t('collections.brandsOwn', { name: membership.brand.displayName }) : t('collections.mine')}</h2>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      {!collections && !problem && <p className="muted">{t('common.loading')}</p>}
      {collections && collections.length === 0 && <p className="muted">{t('collections.empty')}</p>}
      {collections && collections.length > 0 && (
        <ul className="collections-list">
          {collections.map((c) => (
            <li key={c.id} className="collections-card">
              <div className="collections-card-text">
                <Link to={withAs(`/collections/${c.id}/edit`, as)} className="collections-card-title">{c.title}</Link>
                {c.description && <p className="collections-card-description">{c.description}</p>}
                <p className="hint">
                  {t('collections.items', { count: i18n.formatNumber(c.itemCount) })}
                  {c.pendingCount > 0 && <> · <span className="collections-badge">{t('collections.waiting', { count: i18n.formatNumber(c.pendingCount) })}</span></>}
                  {' · '}{t(c.contributionMode === 'open' ? 'collection.mode.open' : 'collection.mode.approval')}
                </p>
              </div>
              <a className="button-quiet button-small" href={collectionPagePath(c.id)} target="_blank" rel="noopener">{t('collections.publicPage')}</a>
            </li>
          ))}
        </ul>
      )}
      {mayCurate
        ? <NewCollection client={client} onCreated={(c) => navigate(withAs(`/collections/${c.id}/edit`, as))} />
        : <p className="hint">{t('collections.readOnly')}</p>}
    </section>
  )
}

function NewCollection({ client, onCreated }: { client: ParloirClient; onCreated(c: Collection): void }) {
  const i18n = useI18n()
  const { t } = i18n
  const [settings, setSettings] = useState<CollectionSettings>({ title: '', description: '', mode: 'approval', indexable: false })
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setProblem(null)
    try {
      const { title, description, mode, indexable } = settings
      onCreated(await client.call('createCollection', { body: { title, description, contributionMode: mode, indexable } }))
    } catch (error) {
      setProblem(errorMessage(error, i18n))
      setBusy(false)
    }
  }

  return (
    <form className="collections-new panel-card" onSubmit={(event) => void submit(event)} aria-labelledby="collections-new-title">
      <h2 id="collections-new-title">{t('collections.new')}</h2>
      <CollectionFields value={settings} onChange={setSettings} />
      {problem && <p className="form-error" role="alert">{problem}</p>}
      <button type="submit" className="button-primary" disabled={busy}>{t('collections.create')}</button>
    </form>
  )
}

/** Open or approval: two radios in a fieldset. */
