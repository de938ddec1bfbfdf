import { useEffect, useId, useRef, type ReactNode } from 'react'
import { useI18n } from '../../i18n/i18n.tsx'
import { Icon } from './icons.tsx'

/**
 * A modal built on <dialog>: the browser traps focus, Escape closes, the page behind is inert,
 * and focus goes back where it was. A click on the backdrop closes too.
 */
export function Dialog({ title, onClose, children, className = '', wide = false }: { title: string; onClose(): void; children: ReactNode; className?: string; wide?: boolean }) {
  const { t } = useI18n()
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const closing = useRef(onClose)
  closing.current = onClose
  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (!dialog.open) dialog.showModal()
    let done = false
    const onCloseEvent = () => { if (!done) { done = true; closing.current() } }
    dialog.addEventListener('close', onCloseEvent)
    return () => {
      done = true
      dialog.removeEventListener('close', onCloseEvent)
      if (dialog.open) dialog.close()
    }
  }, [])
  return (
    <dialog
      ref={ref}
      className={`msg-dialog ${wide ? 'msg-dialog--wide' : ''} ${className}`}
      aria-labelledby={titleId}
      onClick={(event) => { if (event.target === event.currentTarget) ref.current?.close() }}
    >
      <div className="msg-dialog__inner">
        <header className="msg-dialog__header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="msg-icon-button" aria-label={t('common.close')} onClick={() => ref.current?.close()}>
            <Icon name="close" />
          </button>
        </header>
        <div className="msg-dialog__body">{children}</div>
      </div>
    </dialog>
  )
}
