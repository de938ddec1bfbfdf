import type { CollectionItem, CollectionSection, CollectionView } from '@parloir/protocol'

/** One group of the collection as it reads: the top (no section), then each section, published items in order. */
export interface ItemGroup {
  section: CollectionSection | null
  items: CollectionItem[]
}

/** The published items by group: the top first (only when it holds some, or there is no section), then every section. */
export function groupItems(view: Pick<CollectionView, 'sections' | 'items'>): ItemGroup[] {
  const published = view.items.filter((i) => i.status === 'published')
  const inGroup = (sectionId: string | null) => published.filter((i) => i.sectionId === sectionId).sort((a, b) => a.position - b.position)
  const top = inGroup(null)
  const sections = [...view.sections].sort((a, b) => a.position - b.position)
  return [...(top.length > 0 || sections.length === 0 ? [{ section: null, items: top }] : []), ...sections.map((section) => ({ section, items: inGroup(section.id) }))]
}

/** Contributions waiting for the curator, oldest first. */
export function waitingItems(view: Pick<CollectionView, 'items'>): CollectionItem[] {
  return view.items.filter((i) => i.status === 'pending').sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0))
}

/** The reader's own contributions that are not published: waiting or declined. */
export function myUnpublished(view: Pick<CollectionView, 'items'>, accountId: string): CollectionItem[] {
  return view.items.filter((i) => i.authorId === accountId && i.status !== 'published')
}

/**
 * Where "up" or "down" takes an item: within its section, and past its first or last place into
 * the end of the previous group or the start of the next. Null when there is nowhere to go.
 */
export function stepItem(groups: ItemGroup[], itemId: string, step: -1 | 1): { sectionId: string | null; position: number } | null {
  const g = groups.findIndex((group) => group.items.some((i) => i.id === itemId))
  if (g === -1) return null
  const group = groups[g]!
  const index = group.items.findIndex((i) => i.id === itemId)
  const next = index + step
  if (next >= 0 && next < group.items.length) return { sectionId: group.section?.id ?? null, position: next }
  const neighbour = groups[g + step]
  if (!neighbour) return null
  return { sectionId: neighbour.section?.id ?? null, position: step === -1 ? neighbour.items.length : 0 }
}

/** A section's place after one step up or down, or null at either end. */
export function stepSection(sections: CollectionSection[], sectionId: string, step: -1 | 1): number | null {
  const ordered = [...sections].sort((a, b) => a.position - b.position)
  const index = ordered.findIndex((s) => s.id === sectionId)
  const next = index + step
  return index === -1 || next < 0 || next >= ordered.length ? null : next
}

/**
 * An item as the stream told it (hidden, shown again, a review asked), merged into the view the
 * reader has: only by its curator or its author, who read it whole (a team member reading the
 * brand's collection as themself is a reader), and only an item the view already holds.
 */
export function mergeItem(view: CollectionView, item: CollectionItem, actingId: string): CollectionView {
  if (item.collectionId !== view.collection.id || !(view.viewer.curates || item.authorId === actingId)) return view
  if (!view.items.some((i) => i.id === item.id)) return view
  return { ...view, items: view.items.map((i) => (i.id === item.id ? item : i)) }
}

/** Human size of a file: KB under a megabyte, MB with one decimal above. */
export function fileSize(bytes: number, format: (n: number, digits: number) => string): string {
  return bytes >= 1024 * 1024 ? `${format(bytes / 1024 / 1024, 1)} MB` : `${format(Math.max(1, Math.round(bytes / 1024)), 0)} KB`
}
