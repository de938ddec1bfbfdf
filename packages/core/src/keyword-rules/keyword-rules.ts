import { AppError, foldForMatching, type KeywordRule, type KeywordRuleInput } from '@parloir/protocol'
import { iso, type Actor, type CoreDeps } from '../context.ts'
import type { KeywordRuleRecord } from '../ports/storage.ts'
import { actAsBrand } from '../authorization/authorize.ts'
import { checkRichContent } from '../messages/rich-content.ts'

const present = (r: KeywordRuleRecord): KeywordRule => ({
  id: r.id, brandId: r.brandId, keywords: r.keywords, replyText: r.replyText, quickReply: r.quickReply, enabled: r.enabled, createdAt: iso(r.createdAtMs),
})

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Whether `text` holds one of the keywords as a whole word or phrase: "order" matches "my
 * order is late" but not "disorder". Case and accents do not matter.
 */
export function matchesKeywords(text: string, keywords: readonly string[]): boolean {
  const folded = foldForMatching(text)
  return keywords.some((keyword) => {
    const word = foldForMatching(keyword).trim()
    if (word === '') return false
    return new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(word)}($|[^\\p{L}\\p{N}])`, 'u').test(folded)
  })
}

function normaliseKeywords(keywords: string[]): string[] {
  const kept = keywords.map((k) => k.trim())
  const blank = kept.findIndex((k) => k === '')
  if (blank >= 0) throw new AppError('VALIDATION_FAILED', { fields: [{ path: `/keywords/${blank}`, message: 'must not be blank', reason: 'blank' }] })
  return [...new Map(kept.map((k) => [foldForMatching(k), k])).values()]
}

async function requireRule(deps: CoreDeps, brandId: string, id: string): Promise<KeywordRuleRecord> {
  const record = await deps.storage.reads.keywordRules.byId(id)
  if (!record || record.brandId !== brandId) throw new AppError('KEYWORD_RULE_NOT_FOUND', { ruleId: id })
  return record
}

export async function listKeywordRules(deps: CoreDeps, actor: Actor, brandId: string): Promise<KeywordRule[]> {
  await actAsBrand(deps, actor, brandId, 'messaging.read')
  return (await deps.storage.reads.keywordRules.forBrand(brandId)).map(present)
}

export async function createKeywordRule(deps: CoreDeps, actor: Actor, brandId: string, input: KeywordRuleInput): Promise<KeywordRule> {
  await actAsBrand(deps, actor, brandId, 'messaging.manage')
  await checkRichContent(deps, { text: input.replyText, quickReply: input.quickReply ?? null }, '/replyText')
  if (input.replyText.trim() === '') throw new AppError('VALIDATION_FAILED', { fields: [{ path: '/replyText', message: 'must not be blank', reason: 'blank' }] })
  const record: KeywordRuleRecord = {
    id: deps.ids.next(), brandId, keywords: normaliseKeywords(input.keywords), replyText: input.replyText,
    quickReply: input.quickReply ?? null, enabled: input.enabled ?? true, createdAtMs: deps.clock.now(),
  }
  await deps.storage.transaction(async (tx) => {
    if ((await tx.keywordRules.forBrand(brandId)).length >= deps.limits.keywordRulesPerBrand) {
      throw new AppError('COLLECTION_FULL', { limit: deps.limits.keywordRulesPerBrand })
    }
    await tx.keywordRules.insert(record)
  })
  return present(record)
}

export async function updateKeywordRule(deps: CoreDeps, actor: Actor, brandId: string, id: string, patch: Partial<KeywordRuleInput>): Promise<KeywordRule> {
  await actAsBrand(deps, actor, brandId, 'messaging.manage')
  const current = await requireRule(deps, brandId, id)
  await checkRichContent(deps, { ...(patch.replyText === undefined ? {} : { text: patch.replyText }), quickReply: patch.quickReply ?? null }, '/replyText')
  if (patch.replyText !== undefined && patch.replyText.trim() === '') {
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: '/replyText', message: 'must not be blank', reason: 'blank' }] })
  }
  const next: KeywordRuleRecord = {
    ...current,
    ...(patch.keywords === undefined ? {} : { keywords: normaliseKeywords(patch.keywords) }),
    ...(patch.replyText === undefined ? {} : { replyText: patch.replyText }),
    ...(patch.quickReply === undefined ? {} : { quickReply: patch.quickReply }),
    ...(patch.enabled === undefined ? {} : { enabled: patch.enabled }),
  }
  await deps.storage.transaction((tx) => tx.keywordRules.update(id, next))
  return present(next)
}

export async function deleteKeywordRule(deps: CoreDeps, actor: Actor, brandId: string, id: string): Promise<void> {
  await actAsBrand(deps, actor, brandId, 'messaging.manage')
  await requireRule(deps, brandId, id)
  await deps.storage.transaction((tx) => tx.keywordRules.delete(id))
}
