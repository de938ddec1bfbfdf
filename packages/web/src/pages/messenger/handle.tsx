import type { Account } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { isVisitor } from './format.ts'

/** Where the messenger shows an @handle: a visitor has none, so it gets a "Visitor" tag instead. */
export function HandleOrTag({ account }: { account: Pick<Account, 'kind' | 'handle'> }) {
  const { t } = useI18n()
  if (isVisitor(account)) return <span className="msg-visitor-tag">{t('messenger.visitor')}</span>
  return <>@{account.handle}</>
}
