import { useEffect, useMemo } from 'react'
import { useI18n } from '../../i18n/i18n.tsx'
import { match, usePath } from '../../router.tsx'
import { useSession } from '../../session.tsx'
import { useDocumentTitle } from '../document-title.ts'
import { titleOf } from './format.ts'
import { ConversationList } from './conversation-list.tsx'
import { ConversationView } from './conversation-view.tsx'
import { Icon } from './icons.tsx'
import { storeFor, type Box } from './store.ts'
import { StoreContext, useSelect } from './use-store.ts'

/**
 * The messenger: `/` (inbox), `/requests` and `/c/:conversationId`. On a desktop the list and
 * the conversation sit side by side; on a phone they are separate screens (CSS decides, by width).
 */
export function MessengerPage() {
  const { client, me, stream } = useSession()
  const { search } = usePath()
  // A team member answers as the brand (`?as=<brandId>`, from the console); anyone else as themself.
  const as = search.get('as')
  const brandId = as && me?.brands.some((b) => b.brand.id === as) ? as : null
  const meId = brandId ?? me?.account.id ?? ''
  const acting = useMemo(() => (brandId ? client.withActAs(brandId) : client), [client, brandId])
  const store = useMemo(() => storeFor(acting, meId, me?.account.id ?? ''), [acting, meId, me?.account.id])
  useEffect(() => store.attach(stream), [store, stream])
  return (
    <StoreContext.Provider value={store}>
      <Messenger />
    </StoreContext.Provider>
  )
}

function Messenger() {
  const { t } = useI18n()
  const { pathname } = usePath()
  const { me, streamState } = useSession()
  const conversationId = match('/c/:conversationId', pathname)?.conversationId ?? null
  const conversation = useSelect((s) => (conversationId ? s.conversations.get(conversationId) : undefined))
  const box: Box = pathname === '/requests' || conversation?.viewer.status === 'request' ? 'requests' : 'inbox'
  useDocumentTitle(conversation ? titleOf(conversation, me?.account.id ?? '', t) : t(box === 'requests' ? 'nav.requests' : 'nav.messages'))
  return (
    // data-stream: the realtime connection's state, for styles and for tests to wait on.
    <div className="msg" data-open={conversationId ? 'conversation' : 'list'} data-stream={streamState}>
      <ConversationList box={box} activeId={conversationId} />
      <div className="msg-pane msg-pane--view">
        {conversationId ? <ConversationView key={conversationId} id={conversationId} /> : <NoConversation />}
      </div>
    </div>
  )
}

function NoConversation() {
  const { t } = useI18n()
  return (
    <div className="msg-view msg-view--empty">
      <Icon name="chat" size={48} />
      <p>{t('messenger.pick')}</p>
    </div>
  )
}
