import { lazy, Suspense, useEffect, useId, useLayoutEffect, useRef, useState, type ClipboardEvent, type FormEvent, type KeyboardEvent } from 'react'
import type { CustomProfile, Media } from '@parloir/protocol'
import { defaultLimits } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { useSession } from '../../session.tsx'
import { Icon } from './icons.tsx'
import { fileSize } from './format.ts'
import { useErrorText, useSelect, useStore } from './use-store.ts'
import { usePendingWelcome } from './use-welcome.ts'
import { useSavedReplyPicker } from './saved-reply-picker.tsx'
import { CollisionWarning, useNoteMode, useTeam } from './team-bar.tsx'
import { lastSeenSeq } from './team-model.ts'
import { useDraft } from './use-draft.ts'
import { useToneCheck } from '../../tone/use-tone-check.ts'
import { ToneHint } from '../../tone/ToneHint.tsx'

const EmojiPicker = lazy(() => import('./emoji-picker.tsx').then((m) => ({ default: m.EmojiPicker })))

/** The custom profile each brand last answered under, in memory only ('' for the brand itself). */
const chosenProfiles = new Map<string, string>()

interface Upload {
  file: File
  previewUrl: string | null
  /** 0 to 1. */
  progress: number
  media: Media | null
  error: string | null
  abort: AbortController
}

const codePoints = (text: string) => {
  let count = 0
  for (const _ of text) count++
  return count
}

/**
 * The message box: text (Enter sends, Shift+Enter for a new line), an emoji picker, one
 * attachment uploaded at once with its progress, and "typing" sent as the person types.
 */
export function Composer({ conversationId }: { conversationId: string }) {
  const describe = useErrorText()
  const { t, locale } = useI18n()
  const store = useStore()
  const { me } = useSession()
  const note = useNoteMode(conversationId)
  // Drafts survive switching conversations and reloads; a note's draft is never the message's.
  const [text, setText] = useDraft({ accountId: me?.account.id ?? '', actorId: store.meId, conversationId, mode: note.on ? 'note' : 'message' })
  const [upload, setUpload] = useState<Upload | null>(null)
  const [emojiOpen, setEmojiOpen] = useState(false)
  const welcome = usePendingWelcome(conversationId)
  const profiles = useCustomProfiles(store.meId)
  const [profileId, setProfileId] = useState(() => chosenProfiles.get(store.meId) ?? '')
  const profile = profiles?.find((p) => p.id === profileId) ?? null
  const textRef = useRef<HTMLTextAreaElement>(null)
  const fileRef = useRef<HTMLInputElement>(null)
  const emojiButtonRef = useRef<HTMLButtonElement>(null)
  const counterId = useId()
  const savedReplies = useSavedReplyPicker(conversationId, text, setText, textRef)
  const team = useTeam()
  const collision = useSelect((s) => s.collisions.get(conversationId))
  const [noteProblem, setNoteProblem] = useState<string | null>(null)
  // Writing as the brand (not a private note): the tone check warns as one types, never blocks.
  const actingAsBrand = me?.brands.some((b) => b.brand.id === store.meId) ?? false
  const tone = useToneCheck(text, actingAsBrand && !note.on)
  const length = codePoints(text)
  const over = length > defaultLimits.messageTextChars
  const nearLimit = length > defaultLimits.messageTextChars - 500
  const uploading = upload !== null && upload.media === null && upload.error === null
  const canSend = !over && !uploading && !upload?.error && (text.trim() !== '' || upload?.media != null || collision?.attachment != null)

  // A send held back because a teammate answered: the draft comes back into the box, kept.
  useEffect(() => {
    if (collision) setText((had) => (had.trim() === '' ? collision.text : had))
  }, [collision])
  useEffect(() => () => { if (upload?.previewUrl) URL.revokeObjectURL(upload.previewUrl) }, [upload?.previewUrl])
  // Ready to type on opening a conversation, except on touch screens (the keyboard would cover it).
  useEffect(() => { if (!window.matchMedia('(pointer: coarse)').matches) textRef.current?.focus({ preventScroll: true }) }, [conversationId])

  // The box grows with its text, up to a few lines (CSSOM: allowed by the style policy).
  useLayoutEffect(() => {
    const box = textRef.current
    if (!box) return
    box.style.height = 'auto'
    box.style.height = `${Math.min(box.scrollHeight, 160)}px`
  }, [text])

  function attach(file: File) {
    upload?.abort.abort()
    const abort = new AbortController()
    const previewUrl = file.type.startsWith('image/') ? URL.createObjectURL(file) : null
    // Files are not kept for later (only text waits on the device): offline, say so at once.
    const offline = !navigator.onLine
    const started: Upload = { file, previewUrl, progress: 0, media: null, error: offline ? t('messenger.upload.offline') : null, abort }
    setUpload(started)
    if (offline) return
    const update = (patch: Partial<Upload>) => setUpload((current) => (current?.abort === abort ? { ...current, ...patch } : current))
    store.client.uploadMedia(file, file.name, { signal: abort.signal, onProgress: (sent, total) => update({ progress: total > 0 ? sent / total : 0 }) })
      .then((media) => update({ media, progress: 1 }))
      .catch((error: unknown) => { if (!abort.signal.aborted) update({ error: describe(error) }) })
  }

  function removeUpload() {
    upload?.abort.abort()
    setUpload(null)
    if (fileRef.current) fileRef.current.value = ''
  }

  function submit(event?: FormEvent, anyway = false) {
    event?.preventDefault()
    if (!canSend) return
    if (note.on) {
      // A private note goes to the team's timeline, never into the conversation.
      const written = text.trim()
      setText('')
      setNoteProblem(null)
      note.send(written).catch((error: unknown) => { setText(written); setNoteProblem(t('messenger.team.note.failed', { reason: describe(error) })) })
      return
    }
    // The team says what it saw, so a teammate's answer in between stops the send (never for "Send anyway").
    const seenSeq = team && !anyway ? lastSeenSeq(store.getState().threads.get(conversationId)?.messages ?? []) : undefined
    store.send(conversationId, {
      text: text.trim(), attachment: upload?.media ?? collision?.attachment ?? null, welcomeMessageId: welcome?.id ?? null, customProfileId: profile?.id ?? null,
      ...(seenSeq !== undefined ? { seenSeq } : {}),
    })
    store.dismissCollision(conversationId)
    setText('')
    setUpload(null)
    if (fileRef.current) fileRef.current.value = ''
    textRef.current?.focus()
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (savedReplies.onKeyDown(event)) return
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault()
      submit()
    }
  }

  function onPaste(event: ClipboardEvent<HTMLTextAreaElement>) {
    const file = [...event.clipboardData.files][0]
    if (file) {
      event.preventDefault()
      attach(file)
    }
  }

  function insertEmoji(emoji: string) {
    const box = textRef.current
    const start = box?.selectionStart ?? text.length
    const end = box?.selectionEnd ?? text.length
    const next = text.slice(0, start) + emoji + text.slice(end)
    setText(next)
    setEmojiOpen(false)
    requestAnimationFrame(() => {
      box?.focus()
      box?.setSelectionRange(start + emoji.length, start + emoji.length)
    })
  }

  return (
    <form className={`msg-composer${note.on ? ' msg-composer--note' : ''}`} onSubmit={submit} aria-label={t('messenger.composer.label')}>
      {note.element}
      {noteProblem && <p className="form-error" role="alert">{noteProblem}</p>}
      {collision && !note.on && (
        <CollisionWarning conversationId={conversationId} collision={collision}
          onSendAnyway={() => submit(undefined, true)}
          onEdit={() => { store.dismissCollision(conversationId); textRef.current?.focus() }} />
      )}
      {profiles && profiles.length > 0 && !note.on && (
        <ProfileChoice profiles={profiles} value={profile?.id ?? ''} onChange={(id) => { chosenProfiles.set(store.meId, id); setProfileId(id) }} />
      )}
      {upload && (
        <div className="msg-upload" aria-live="polite">
          {upload.previewUrl ? <img src={upload.previewUrl} alt="" className="msg-upload__preview" /> : <span className="msg-upload__icon"><Icon name="file" size={28} /></span>}
          <div className="msg-upload__info">
            <span className="msg-upload__name">{upload.file.name} · {fileSize(upload.file.size, locale)}</span>
            {upload.error ? (
              <span className="msg-upload__error" role="alert">{t('messenger.upload.failed', { reason: upload.error })}</span>
            ) : upload.media ? (
              <span className="msg-upload__done">{t('messenger.upload.ready')}</span>
            ) : (
              <>
                <progress className="msg-upload__progress" max={100} value={Math.round(upload.progress * 100)} aria-label={t('messenger.upload.progress', { name: upload.file.name })} />
                <span className="visually-hidden">{t('messenger.upload.percent', { percent: Math.round(upload.progress * 100) })}</span>
              </>
            )}
          </div>
          <button type="button" className="msg-icon-button" aria-label={t('messenger.upload.remove')} onClick={removeUpload}><Icon name="close" size={18} /></button>
        </div>
      )}
      {savedReplies.element}
      <div className="msg-composer__row">
        <div className="msg-composer__tools">
          <button ref={emojiButtonRef} type="button" className="msg-icon-button" aria-label={t('messenger.emoji.open')} aria-expanded={emojiOpen} onClick={() => setEmojiOpen((was) => !was)}>
            <Icon name="emoji" />
          </button>
          <button type="button" className="msg-icon-button" aria-label={t('messenger.upload.attach')} onClick={() => fileRef.current?.click()}>
            <Icon name="attach" />
          </button>
          <input ref={fileRef} type="file" hidden onChange={(event) => { const file = event.target.files?.[0]; if (file) attach(file) }} />
        </div>
        {emojiOpen && (
          <Suspense fallback={null}>
            <EmojiPicker onPick={insertEmoji} onClose={() => { setEmojiOpen(false); emojiButtonRef.current?.focus() }} />
          </Suspense>
        )}
        <textarea
          ref={textRef}
          className="msg-composer__text"
          rows={1}
          value={text}
          placeholder={t(note.on ? 'messenger.team.note.placeholder' : 'messenger.composer.placeholder')}
          aria-label={t('messenger.composer.label')}
          aria-describedby={nearLimit ? counterId : undefined}
          aria-invalid={over || undefined}
          {...savedReplies.inputProps}
          onChange={(event) => {
            setText(event.target.value)
            if (event.target.value.trim() && !note.on) store.typing(conversationId)
          }}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
        />
        <button type="submit" className="msg-send" disabled={!canSend} aria-label={t('messenger.composer.send')}>
          <Icon name="send" />
        </button>
      </div>
      {!note.on && (
        <ToneHint verdict={tone} onSendAnyway={() => submit()}
          onUseCalmer={(calmer) => { setText(calmer); textRef.current?.focus() }} />
      )}
      {nearLimit && (
        <p id={counterId} className={`msg-composer__counter ${over ? 'msg-composer__counter--over' : ''}`}>
          {t('messenger.composer.left', { count: defaultLimits.messageTextChars - length })}
        </p>
      )}
    </form>
  )
}

/**
 * When I write as a brand: the brand's custom profiles, to answer under one of them (null when
 * I write as myself, or until they are loaded). Asked with my own session, as the team member.
 */
function useCustomProfiles(actorId: string): CustomProfile[] | null {
  const { client, me } = useSession()
  const isBrand = me?.brands.some((b) => b.brand.id === actorId) ?? false
  const [profiles, setProfiles] = useState<{ brandId: string; list: CustomProfile[] } | null>(null)
  useEffect(() => {
    if (!isBrand) return
    let stale = false
    client.call('listCustomProfiles', { params: { brandId: actorId } }).then(
      (reply) => { if (!stale) setProfiles({ brandId: actorId, list: reply.customProfiles }) },
      () => { if (!stale) setProfiles({ brandId: actorId, list: [] }) },
    )
    return () => { stale = true }
  }, [client, actorId, isBrand])
  return isBrand && profiles?.brandId === actorId ? profiles.list : null
}

/** "Answer as: Northwind Coffee / Sam / …", remembered for the brand until the page is reloaded. */
function ProfileChoice({ profiles, value, onChange }: { profiles: CustomProfile[]; value: string; onChange(id: string): void }) {
  const { t } = useI18n()
  const { me } = useSession()
  const store = useStore()
  const id = useId()
  const brandName = me?.brands.find((b) => b.brand.id === store.meId)?.brand.displayName ?? ''
  return (
    <div className="msg-composer__profile">
      <label htmlFor={id}>{t('messenger.profile.answerAs')}</label>
      <select id={id} className="msg-composer__profile-select" value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{brandName}</option>
        {profiles.map((p) => <option key={p.id} value={p.id}>{t('messenger.profile.name', { profile: p.name, brand: brandName })}</option>)}
      </select>
    </div>
  )
}
