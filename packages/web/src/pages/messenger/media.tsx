import { useState } from 'react'
import type { Media } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { Dialog } from './dialog.tsx'
import { Icon } from './icons.tsx'
import { fileSize } from './format.ts'

const THUMB_MAX = 260

/** Display size within the thumbnail box, keeping the aspect ratio (so rows never jump). */
export function thumbSize(media: Pick<Media, 'width' | 'height'>, max = THUMB_MAX): { width: number; height: number } {
  const w = media.width ?? max
  const h = media.height ?? Math.round(max * 0.75)
  const scale = Math.min(1, max / Math.max(w, h))
  return { width: Math.max(48, Math.round(w * scale)), height: Math.max(48, Math.round(h * scale)) }
}

/** An attachment inside a message: a thumbnail that opens the viewer, or a file to download. */
export function Attachment({ media, senderName }: { media: Media; senderName: string }) {
  const { t, locale } = useI18n()
  const [open, setOpen] = useState(false)
  if (media.kind === 'file') {
    return (
      <a className="msg-file" href={media.url} download={media.fileName}>
        <Icon name="file" size={28} />
        <span className="msg-file__text">
          <span className="msg-file__name">{media.fileName}</span>
          <span className="msg-file__meta">{t('messenger.file.download', { size: fileSize(media.sizeBytes, locale) })}</span>
        </span>
        <Icon name="download" />
      </a>
    )
  }
  const size = thumbSize(media)
  const label = t(media.kind === 'video' ? 'messenger.media.openVideo' : 'messenger.media.openImage', { name: senderName })
  return (
    <>
      <button type="button" className="msg-thumb" style={size} onClick={() => setOpen(true)} aria-label={label}>
        {media.kind === 'video'
          ? <video src={`${media.url}#t=0.1`} preload="metadata" muted playsInline width={size.width} height={size.height} tabIndex={-1} aria-hidden="true" />
          : <img src={media.thumbnailUrl ?? media.url} alt="" width={size.width} height={size.height} loading="lazy" decoding="async" />}
        {media.kind === 'video' && <span className="msg-thumb__play"><Icon name="play" size={28} /></span>}
        {media.kind === 'gif' && <span className="msg-thumb__badge">GIF</span>}
      </button>
      {open && <MediaViewer media={media} senderName={senderName} onClose={() => setOpen(false)} />}
    </>
  )
}

/** The full image or the playing video, in a modal, with a download link. */
export function MediaViewer({ media, senderName, onClose }: { media: Media; senderName: string; onClose(): void }) {
  const { t, locale } = useI18n()
  const title = t(media.kind === 'video' ? 'messenger.viewer.videoFrom' : 'messenger.viewer.imageFrom', { name: senderName })
  return (
    <Dialog title={title} onClose={onClose} className="msg-viewer" wide>
      <figure className="msg-viewer__figure">
        {media.kind === 'video'
          ? <video src={media.url} controls autoPlay playsInline className="msg-viewer__media" />
          : <img src={media.url} alt={t('messenger.viewer.alt', { name: senderName, file: media.fileName })} className="msg-viewer__media" />}
        <figcaption className="msg-viewer__caption">
          <span>{media.fileName} · {fileSize(media.sizeBytes, locale)}</span>
          <a href={media.url} download={media.fileName} className="button-quiet">{t('messenger.viewer.download')}</a>
        </figcaption>
      </figure>
    </Dialog>
  )
}
