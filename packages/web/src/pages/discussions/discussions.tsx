import { useCallback, useEffect, useId, useMemo, useState, type FormEvent, type KeyboardEvent } from 'react'
import { ParloirApiError, type ParloirClient } from '@parloir/client'
import { defaultLimits, type Account, type DiscussionJoinRequest, type DiscussionParticipant, type DiscussionPost, type DiscussionWithMe } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { useSession } from '../../session.tsx'
import { Link, navigate } from '../../router.tsx'
import { errorMessage } from '../error-message.ts'
import { Avatar } from '../messenger/avatar.tsx'
import { RichText } from '../messenger/rich-text.tsx'
import { cleanHandle } from '../messenger/people-picker.tsx'
import { peopleQuery, peopleShown, PEOPLE_SEARCH_DEBOUNCE_MS } from '../messenger/people-search-model.ts'
import { mayLetIn, mayPost, mergePosts, updateListed } from './model.ts'
import { ReasonAction } from '../messenger/reason-action.tsx'
import { useToneCheck } from '../../tone/use-tone-check.ts'
import { ToneHint } from '../../tone/ToneHint.tsx'
import './discussions.css'

/** Who writes: the person, or a brand they may write for (`discussions.write`), kept in the address (`?as=`). */
function useActing(): { as: string | undefined; client: ParloirClient; setAs(id: string | undefined): void } {
  const { client } = useSession()
  const [as, setAsState] = useState<string | undefined>(() => new URLSearchParams(location.search).get('as') ?? undefined)
  const acting = useMemo(() => client.withActAs(as), [client, as])
  const setAs = (id: string | undefined) => {
    setAsState(id)
    const url = new URL(location.href)
    if (id) url.searchParams.set('as', id)
    else url.searchParams.delete('as')
    history.replaceState(null, '', url.pathname + url.search)
  }
  return { as, client: acting, setAs }
}

const withAs = (path: string, as: string | undefined) => (as ? `${path}?as=${as}` : path)

function useErrorText() {
  const i18n = useI18n()
  return useCallback((error: unknown) => errorMessage(error, i18n), [i18n])
}

/** The Discussions screen: `/discussions` lists one's own and starts one; `/discussions/<id>` reads and writes in one. */
export default function DiscussionsPage({ discussionId }: { discussionId?: string }) {
  const acting = useActing()
  return discussionId
    ? <DiscussionScreen key={`${discussionId}:${acting.as ?? ''}`} discussionId={discussionId} acting={acting} />
    : <DiscussionList acting={acting} />
}

type Acting = ReturnType<typeof useActing>

function ActingChoice({ acting }: { acting: Acting }) {
  const { t } = useI18n()
  const { me } = useSession()
  const id = useId()
  const brands = (me?.brands ?? []).filter((b) => b.role !== 'viewer')
  if (!me || brands.length === 0) return null
  return (
    <div className="field disc-acting">
      <label htmlFor={id}>{t('discussions.actingAs')}</label>
      <select id={id} value={acting.as ?? ''} onChange={(event) => acting.setAs(event.target.value || undefined)}>
        <option value="">{t('discussions.myself', { handle: me.account.handle })}</option>
        {brands.map((b) => <option key={b.brand.id} value={b.brand.id}>{b.brand.displayName} (@{b.brand.handle})</option>)}
      </select>
    </div>
  )
}

function DiscussionList({ acting }: { acting: Acting }) {
  const { t, formatNumber } = useI18n()
  const { stream } = useSession()
  const describe = useErrorText()
  const [list, setList] = useState<DiscussionWithMe[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)

  useEffect(() => {
    let stale = false
    acting.client.listDiscussions().then((r) => { if (!stale) setList(r.discussions) }, (error: unknown) => { if (!stale) setProblem(describe(error)) })
    return () => { stale = true }
  }, [acting.client, describe])
  useEffect(() => stream?.on('discussion.updated', (data) => setList((l) => (l ? updateListed(l, data.discussion) : l))), [stream])

  return (
    <section className="page disc-page">
      <h1>{t('discussions.title')}</h1>
      <p className="hint">{t('discussions.intro')}</p>
      <ActingChoice acting={acting} />
      <h2>{t('discussions.mine')}</h2>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      {list === null && !problem && <p className="page-status" role="status">{t('common.loading')}</p>}
      {list?.length === 0 && <p className="hint">{t('discussions.none')}</p>}
      {list && list.length > 0 && (
        <ul className="disc-list">
          {list.map(({ discussion: d, me }) => (
            <li key={d.id}>
              <Link to={withAs(`/discussions/${d.id}`, acting.as)} className="disc-list__item">
                <span className="disc-list__title">{d.title}</span>
                <span className="disc-list__meta">
                  {d.starter.displayName} · {t('discussions.posts', { count: formatNumber(d.postCount) })} · {t('discussions.participants', { count: formatNumber(d.participantCount) })}
                  {d.status === 'closed' && <span className="disc-tag">{t('discussions.closedTag')}</span>}
                  {me === 'requested' && <span className="disc-tag">{t('discussions.requestedTag')}</span>}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <StartForm acting={acting} />
    </section>
  )
}

/**
 * Choose people to invite: suggestions as one types (people search), or Enter for an exact
 * handle; the chosen ones show as removable chips.
 */
function InviteField({ client, chosen, onChange, label, excludeIds }: { client: ParloirClient; chosen: Account[]; onChange(next: Account[]): void; label: string; excludeIds: string[] }) {
  const { t } = useI18n()
  const describe = useErrorText()
  const id = useId()
  const [value, setValue] = useState('')
  const [results, setResults] = useState<Account[]>([])
  const [problem, setProblem] = useState<string | null>(null)
  const query = peopleQuery(value)

  useEffect(() => {
    if (query === null) { setResults([]); return }
    let stale = false
    const timer = setTimeout(() => {
      client.searchPeople(query, peopleShown).then((accounts) => { if (!stale) setResults(accounts) }, () => { if (!stale) setResults([]) })
    }, PEOPLE_SEARCH_DEBOUNCE_MS)
    return () => { stale = true; clearTimeout(timer) }
  }, [client, query])

  const choose = (account: Account) => {
    if (!chosen.some((a) => a.id === account.id) && !excludeIds.includes(account.id)) onChange([...chosen, account])
    setValue('')
    setResults([])
    setProblem(null)
  }
  async function exact(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== 'Enter') return
    event.preventDefault()
    const handle = cleanHandle(value)
    if (!handle) return
    try {
      choose(await client.getAccountByHandle(handle))
    } catch (error) {
      setProblem(error instanceof ParloirApiError && error.status === 404 ? t('messenger.people.notFound', { handle }) : describe(error))
    }
  }
  const shown = results.filter((a) => !chosen.some((c) => c.id === a.id) && !excludeIds.includes(a.id))
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {chosen.length > 0 && (
        <ul className="disc-chips">
          {chosen.map((a) => (
            <li key={a.id} className="disc-chip">
              <Avatar account={a} size={22} /> {a.displayName}
              <button type="button" className="disc-chip__remove" aria-label={t('discussions.remove', { name: a.displayName })} onClick={() => onChange(chosen.filter((c) => c.id !== a.id))}>×</button>
            </li>
          ))}
        </ul>
      )}
      <input id={id} value={value} placeholder="@handle" autoComplete="off" autoCapitalize="none" spellCheck={false} aria-describedby={`${id}-hint`}
        onChange={(event) => { setValue(event.target.value); setProblem(null) }} onKeyDown={(event) => void exact(event)} />
      {shown.length > 0 && (
        <ul className="disc-suggestions" aria-label={t('messenger.new.results')}>
          {shown.map((a) => (
            <li key={a.id}>
              <button type="button" className="disc-suggestion" onClick={() => choose(a)}>
                <Avatar account={a} size={28} /><span>{a.displayName}</span><span className="hint">@{a.handle}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <p id={`${id}-hint`} className="hint">{t('discussions.inviteHint')}</p>
      {problem && <p className="field-error" role="alert">{problem}</p>}
    </div>
  )
}

function StartForm({ acting }: { acting: Acting }) {
  const { t } = useI18n()
  const describe = useErrorText()
  const id = useId()
  const [title, setTitle] = useState('')
  const [text, setText] = useState('')
  const [invite, setInvite] = useState<Account[]>([])
  const [indexable, setIndexable] = useState(false)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  // Posting publicly as the brand: the tone check warns, never blocks.
  const tone = useToneCheck(text, acting.as !== undefined)

  async function submit(event?: FormEvent) {
    event?.preventDefault()
    setBusy(true)
    setProblem(null)
    try {
      const { discussion } = await acting.client.startDiscussion({ title, text, invite: invite.map((a) => a.id), indexable })
      navigate(withAs(`/discussions/${discussion.id}`, acting.as))
    } catch (error) {
      setProblem(describe(error))
      setBusy(false)
    }
  }
  return (
    <form className="disc-card" onSubmit={(event) => void submit(event)}>
      <h2>{t('discussions.start')}</h2>
      <div className="field">
        <label htmlFor={`${id}-title`}>{t('discussions.titleLabel')}</label>
        <input id={`${id}-title`} value={title} maxLength={defaultLimits.discussionTitleChars} required onChange={(event) => setTitle(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-text`}>{t('discussions.firstPost')}</label>
        <textarea id={`${id}-text`} value={text} rows={4} maxLength={defaultLimits.messageTextChars} required onChange={(event) => setText(event.target.value)} />
        <ToneHint verdict={tone} onUseCalmer={setText} onSendAnyway={() => void submit()} />
      </div>
      <InviteField client={acting.client} chosen={invite} onChange={setInvite} label={t('discussions.invite')} excludeIds={[]} />
      <label className="disc-check"><input type="checkbox" checked={indexable} onChange={(event) => setIndexable(event.target.checked)} /> {t('discussions.indexable')}</label>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      <button type="submit" className="button-primary" disabled={busy || !title.trim() || !text.trim()}>{t('discussions.startButton')}</button>
    </form>
  )
}

/** Every post, page after page (a discussion's posts are numbered without gaps). */
async function allPosts(client: ParloirClient, discussionId: string): Promise<DiscussionPost[]> {
  const posts: DiscussionPost[] = []
  let after: number | null = 0
  while (after !== null) {
    const page: { posts: DiscussionPost[]; nextAfter: number | null } = await client.listDiscussionPosts(discussionId, { after, limit: defaultLimits.pageSizeMax })
    posts.push(...page.posts)
    after = page.nextAfter
  }
  return posts
}

function DiscussionScreen({ discussionId, acting }: { discussionId: string; acting: Acting }) {
  const { t, formatTime, formatNumber } = useI18n()
  const { stream, streamState } = useSession()
  const describe = useErrorText()
  const [state, setState] = useState<DiscussionWithMe | null>(null)
  const [posts, setPosts] = useState<DiscussionPost[]>([])
  const [requests, setRequests] = useState<DiscussionJoinRequest[]>([])
  const [problem, setProblem] = useState<string | null>(null)
  const [quoting, setQuoting] = useState<DiscussionPost | null>(null)
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [participants, setParticipants] = useState<DiscussionParticipant[]>([])
  const [notice, setNotice] = useState<string | null>(null)
  const client = acting.client
  const { me } = useSession()
  // The account reading: the brand acted as, or the person.
  const myId = acting.as ?? me?.account.id ?? null
  const tone = useToneCheck(text, acting.as !== undefined)

  const load = useCallback(async () => {
    try {
      const [read, all] = await Promise.all([client.getDiscussion(discussionId), allPosts(client, discussionId)])
      setState(read)
      setPosts((p) => mergePosts(p, all))
      setRequests(mayLetIn(read) ? (await client.listDiscussionJoinRequests(discussionId)).joinRequests : [])
      setParticipants(read.me === 'starter' ? (await client.listDiscussionParticipants(discussionId)).participants : [])
    } catch (error) {
      setProblem(describe(error))
    }
  }, [client, discussionId, describe])

  // Read again each time the stream is live (events of a discussion are not replayed), and follow it meanwhile.
  useEffect(() => { if (streamState === 'live' || !stream) void load() }, [load, stream, streamState])
  useEffect(() => {
    if (!stream || streamState !== 'live') return
    stream.watchDiscussion(discussionId).catch(() => undefined)
    const offPost = stream.on('discussionPost.created', (data) => { if (data.post.discussionId === discussionId) setPosts((p) => mergePosts(p, [data.post])) })
    // Hidden, shown again, a review asked: each reader gets the post as they may read it.
    const offModerated = stream.on('discussionPost.updated', (data) => { if (data.post.discussionId === discussionId) setPosts((p) => mergePosts(p, [data.post])) })
    const offChanged = stream.on('discussion.updated', (data) => {
      if (data.discussion.id !== discussionId) return
      setState((s) => (s ? { ...s, discussion: data.discussion } : s))
      // Who asks, who was let in, whether I am: the standing and the asks are read again.
      void load()
    })
    return () => { offPost(); offModerated(); offChanged(); stream.unwatchDiscussion(discussionId).catch(() => undefined) }
  }, [stream, streamState, discussionId, load])

  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true)
    setProblem(null)
    try {
      await fn()
      await load()
    } catch (error) {
      setProblem(describe(error))
    } finally {
      setBusy(false)
    }
  }
  async function send(event?: FormEvent) {
    event?.preventDefault()
    await act(async () => {
      const post = await client.addDiscussionPost(discussionId, { text, ...(quoting ? { quotePostId: quoting.id } : {}) })
      setPosts((p) => mergePosts(p, [post]))
      setText('')
      setQuoting(null)
    })
  }

  if (!state) {
    return <section className="page disc-page">{problem ? <p className="form-error" role="alert">{problem}</p> : <p className="page-status" role="status">{t('common.loading')}</p>}</section>
  }
  const d = state.discussion
  const canPost = mayPost(state)
  const moderates = state.me === 'starter'
  // A brand taking part continues a public post in private (its own posts aside).
  const mayContinue = acting.as !== undefined && canPost
  const reason = (fn: (why: string) => Promise<unknown>) => async (why: string) => { await fn(why); await load() }
  const continueInPrivate = (post: DiscussionPost) => act(async () => {
    await client.continueDiscussionInPrivate(discussionId, post.id)
    setNotice(t('discussions.mod.continued', { handle: post.author.handle }))
  })
  return (
    <section className="page disc-page">
      <p><Link to={withAs('/discussions', acting.as)}>← {t('discussions.back')}</Link></p>
      <header className="disc-head">
        <h1>{d.title}</h1>
        <p className="hint">
          {t('discussions.startedBy', { name: d.starter.displayName, handle: d.starter.handle })} · {t('discussions.posts', { count: formatNumber(d.postCount) })} · {t('discussions.participants', { count: formatNumber(d.participantCount) })}
          {' · '}<a href={d.path} target="_blank" rel="noopener">{t('discussions.publicPage')}</a>
        </p>
        {d.status === 'closed' && <p className="disc-closed" role="status">{t('discussions.closedBanner', { reason: d.closedReason ?? '' })}</p>}
        {state.me === 'removed' && <p className="disc-closed" role="status">{t('discussions.mod.youWereRemoved', { reason: state.removedReason ?? '' })}</p>}
      </header>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      {notice && <p className="disc-notice" role="status">{notice}</p>}
      <ol className="disc-posts">
        {posts.map((post) => {
          const mine = post.author.id === myId
          // Its author and the moderators still read a hidden post (the server sends its text only to them).
          const readable = !post.hidden || mine || moderates
          return (
          <li key={post.id} id={`p${post.seq}`} className={post.hidden ? 'disc-post disc-post--hidden' : 'disc-post'}>
            <Avatar account={post.author} size={36} />
            <div className="disc-post__body">
              <p className="disc-post__head">
                <strong>{post.author.displayName}</strong> <span className="hint">@{post.author.handle} · {formatTime(post.createdAt, 'full')} · #{post.seq}</span>
              </p>
              {post.hidden && <p className="disc-post__hidden">{t(mine ? 'discussions.mod.hiddenYours' : 'discussions.hiddenPost', { reason: post.hidden.reason })}</p>}
              {post.hidden?.reviewRequestedAt && (mine || moderates) && <p className="hint">{t(mine ? 'discussions.mod.reviewAsked' : 'discussions.mod.reviewRequested')}</p>}
              {readable && (
                  <>
                    {post.quote && (
                      <blockquote className="disc-quote">
                        <a href={`#p${post.quote.seq}`}>{t('discussions.quotingPost', { name: post.quote.author.displayName, seq: post.quote.seq })}</a>
                        <p>{post.quote.excerpt}</p>
                      </blockquote>
                    )}
                    <p className="disc-post__text"><RichText text={post.text} entities={post.entities} /></p>
                    {post.attachment && <a href={post.attachment.url} target="_blank" rel="noopener">{post.attachment.fileName}</a>}
                  </>
                )}
              <div className="disc-post__actions">
                {canPost && !post.hidden && <button type="button" className="button-quiet disc-quote-button" onClick={() => setQuoting(post)}>{t('discussions.quote')}</button>}
                {/* Once continued, the agents open that conversation rather than asking again. */}
                {post.continuedInPrivate && (
                  <Link className="disc-continued" to={withAs(`/c/${post.continuedInPrivate.conversationId}`, acting.as)}>{t('discussions.mod.continuedOpen')}</Link>
                )}
                {mayContinue && post.author.id !== myId && !post.continuedInPrivate && (
                  <button type="button" className="button-quiet" disabled={busy} onClick={() => void continueInPrivate(post)}>{t('discussions.mod.continue')}</button>
                )}
                {mine && post.hidden && !post.hidden.reviewRequestedAt && (
                  <button type="button" className="button-quiet" disabled={busy} onClick={() => void act(() => client.requestDiscussionPostReview(discussionId, post.id))}>{t('discussions.mod.askReview')}</button>
                )}
                {moderates && post.author.id !== d.starter.id && (post.hidden
                  ? <ReasonAction label={t('discussions.mod.unhide')} submit={t('discussions.mod.unhide.submit')} prompt={t('discussions.mod.unhide.prompt')}
                    onSubmit={reason((why) => client.unhideDiscussionPost(discussionId, post.id, why))} />
                  : <ReasonAction label={t('discussions.mod.hide')} submit={t('discussions.mod.hide.submit')} prompt={t('discussions.mod.hide.prompt')}
                    onSubmit={reason((why) => client.hideDiscussionPost(discussionId, post.id, why))} />)}
              </div>
            </div>
          </li>
          )
        })}
      </ol>
      {canPost && (
        <form className="disc-card" onSubmit={(event) => void send(event)}>
          {quoting && (
            <p className="disc-quoting">
              {t('discussions.quotingPost', { name: quoting.author.displayName, seq: quoting.seq })}
              <button type="button" className="button-quiet" onClick={() => setQuoting(null)}>{t('discussions.cancelQuote')}</button>
            </p>
          )}
          <div className="field">
            <label htmlFor="disc-write">{t('discussions.write')}</label>
            <textarea id="disc-write" rows={3} value={text} maxLength={defaultLimits.messageTextChars} onChange={(event) => setText(event.target.value)} />
            <ToneHint verdict={tone} onUseCalmer={setText} onSendAnyway={() => void send()} />
          </div>
          <button type="submit" className="button-primary" disabled={busy || !text.trim()}>{t('discussions.post')}</button>
        </form>
      )}
      {d.status === 'open' && state.me === 'none' && (
        <div className="disc-card">
          <p>{t('discussions.readOnly')}</p>
          <button type="button" className="button-primary" disabled={busy} onClick={() => void act(() => client.requestToJoinDiscussion(discussionId))}>{t('discussions.askToJoin')}</button>
        </div>
      )}
      {state.me === 'requested' && <p className="disc-card">{t('discussions.asked')}</p>}
      {mayLetIn(state) && requests.length > 0 && (
        <section className="disc-card" aria-labelledby="disc-requests">
          <h2 id="disc-requests">{t('discussions.requests')}</h2>
          <ul className="disc-requests">
            {requests.map((r) => (
              <li key={r.account.id}>
                <Avatar account={r.account} size={28} /> <span className="disc-requests__who">{r.account.displayName} <span className="hint">@{r.account.handle}</span></span>
                <button type="button" className="button-primary" disabled={busy} onClick={() => void act(() => client.acceptDiscussionJoinRequest(discussionId, r.account.id))}>{t('discussions.letIn')}</button>
                <button type="button" className="button-quiet" disabled={busy} onClick={() => void act(() => client.declineDiscussionJoinRequest(discussionId, r.account.id))}>{t('discussions.decline')}</button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {mayLetIn(state) && <InviteMore client={client} discussionId={discussionId} onDone={load} />}
      {moderates && participants.length > 1 && (
        <section className="disc-card" aria-labelledby="disc-participants">
          <h2 id="disc-participants">{t('discussions.mod.participants')}</h2>
          <ul className="disc-requests">
            {participants.filter((p) => p.role !== 'starter').map((p) => (
              <li key={p.account.id} data-role={p.role}>
                <Avatar account={p.account} size={28} /> <span className="disc-requests__who">{p.account.displayName} <span className="hint">@{p.account.handle}</span></span>
                {p.role === 'removed'
                  ? (
                    <>
                      <span className="disc-tag">{t('discussions.mod.removed')}</span> <span className="hint">{p.reason}</span>
                      <ReasonAction label={t('discussions.mod.readd')} submit={t('discussions.mod.readd.submit')} prompt={t('discussions.mod.readd.prompt', { name: p.account.displayName })}
                        onSubmit={reason((why) => client.readdDiscussionParticipant(discussionId, p.account.id, why))} />
                    </>
                  )
                  : <ReasonAction label={t('discussions.mod.remove')} submit={t('discussions.mod.remove.submit')} prompt={t('discussions.mod.remove.prompt', { name: p.account.displayName })}
                    onSubmit={reason(async (why) => {
                      const { approval } = await client.removeDiscussionParticipant(discussionId, p.account.id, why)
                      setNotice(approval ? t('discussions.mod.remove.asked') : null)
                    })} />}
              </li>
            ))}
          </ul>
        </section>
      )}
      {state.me === 'starter' && <CloseOrReopen client={client} state={state} onDone={load} />}
    </section>
  )
}

function InviteMore({ client, discussionId, onDone }: { client: ParloirClient; discussionId: string; onDone(): Promise<void> }) {
  const { t } = useI18n()
  const describe = useErrorText()
  const [chosen, setChosen] = useState<Account[]>([])
  const [problem, setProblem] = useState<string | null>(null)
  async function invite() {
    try {
      await client.inviteToDiscussion(discussionId, chosen.map((a) => a.id))
      setChosen([])
      await onDone()
    } catch (error) {
      setProblem(describe(error))
    }
  }
  return (
    <div className="disc-card">
      <InviteField client={client} chosen={chosen} onChange={setChosen} label={t('discussions.inviteMore')} excludeIds={[]} />
      {problem && <p className="form-error" role="alert">{problem}</p>}
      <button type="button" className="button-quiet" disabled={chosen.length === 0} onClick={() => void invite()}>{t('discussions.inviteButton')}</button>
    </div>
  )
}

function CloseOrReopen({ client, state, onDone }: { client: ParloirClient; state: DiscussionWithMe; onDone(): Promise<void> }) {
  const { t } = useI18n()
  const describe = useErrorText()
  const [reason, setReason] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const d = state.discussion
  const run = async (fn: () => Promise<unknown>) => {
    setProblem(null)
    try { await fn(); setReason(''); await onDone() } catch (error) { setProblem(describe(error)) }
  }
  if (d.status === 'closed') {
    return (
      <div className="disc-card">
        {problem && <p className="form-error" role="alert">{problem}</p>}
        <ReasonAction label={t('discussions.reopen')} submit={t('discussions.reopen')} prompt={t('discussions.mod.reopenReason')} onSubmit={async (why) => { await client.reopenDiscussion(d.id, why); await onDone() }} />
      </div>
    )
  }
  return (
    <form className="disc-card" onSubmit={(event) => { event.preventDefault(); void run(() => client.closeDiscussion(d.id, reason)) }}>
      <h2>{t('discussions.close')}</h2>
      <div className="field">
        <label htmlFor="disc-close-reason">{t('discussions.closeReason')}</label>
        <input id="disc-close-reason" value={reason} maxLength={defaultLimits.discussionReasonChars} onChange={(event) => setReason(event.target.value)} />
      </div>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      <button type="submit" className="button-quiet" disabled={!reason.trim()}>{t('discussions.closeButton')}</button>
    </form>
  )
}
