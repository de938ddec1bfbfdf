import * as core from '@parloir/core'
import type { CoreDeps } from '@parloir/core'

export const DEMO_PASSWORD = 'parloir-demo-2026'

export interface DemoAccounts {
  brand: { id: string; handle: string }
  people: Array<{ id: string; handle: string; role: string }>
  password: string
}

async function ensurePerson(deps: CoreDeps, handle: string, displayName: string, bio: string) {
  const existing = await deps.storage.reads.accounts.byHandle(handle)
  if (existing) return existing
  return core.createAccount(deps, { kind: 'person', handle, displayName, bio, password: DEMO_PASSWORD })
}

const actorOf = (accountId: string, userId = accountId, role: core.Actor['role'] = 'self'): core.Actor => ({ userId, accountId, sessionId: 'cli', role })

/**
 * Seeds the shared cast: the brand "Northwind Coffee" run by Ada (owner) and Ben (agent), and
 * customers Chloe and Dan, with conversations that show requests, quick replies, buttons and a
 * group. Running it twice changes nothing the second time.
 */
export async function seedDemo(deps: CoreDeps): Promise<DemoAccounts> {
  const ada = await ensurePerson(deps, 'ada', 'Ada Lovelace', 'Community manager at Northwind Coffee')
  const ben = await ensurePerson(deps, 'ben', 'Ben Okafor', 'Customer care at Northwind Coffee')
  const chloe = await ensurePerson(deps, 'chloe', 'Chloé Martin', 'Flat white, no sugar')
  const dan = await ensurePerson(deps, 'dan', 'Dan Silva', 'Espresso enthusiast')
  let brand = await deps.storage.reads.accounts.byHandle('northwind')
  if (!brand) {
    const created = await core.createBrand(deps, ada.id, { handle: 'northwind', displayName: 'Northwind Coffee', bio: 'Roasters since 1998. We answer every message.' })
    brand = await deps.storage.reads.accounts.byId(created.brand.id)
    if (!brand) throw new Error('brand vanished')
    await core.setBrandMember(deps, actorOf(ada.id), brand.id, ben.id, 'agent')
    const asBrand = actorOf(brand.id, ben.id, 'agent')

    const care = await core.openDirect(deps, actorOf(chloe.id), brand.id)
    await core.sendMessage(deps, actorOf(chloe.id), care.id, { text: 'Hello! My order #4512 has not arrived yet. Can you help?' })
    const question = await core.sendMessage(deps, asBrand, care.id, {
      text: 'Sorry about that, Chloé. What would you like us to do?',
      quickReply: { type: 'options', options: [
        { label: 'Track my parcel', metadata: 'track' },
        { label: 'Send a new one', description: 'We ship today', metadata: 'resend' },
        { label: 'Refund me', metadata: 'refund' },
      ] },
    })
    await core.sendMessage(deps, actorOf(chloe.id), care.id, {
      text: 'Track my parcel', quickReplyResponse: { type: 'options', messageId: question.message.id, metadata: 'track' },
    })
    await core.sendMessage(deps, asBrand, care.id, {
      text: 'It left our roastery yesterday; here is the tracking page. Call us if anything looks wrong.',
      buttons: [
        { type: 'web_url', label: 'Track parcel', url: 'https://northwind.example/track/4512' },
        { type: 'phone_number', label: 'Call us', phoneNumber: '+33 1 23 45 67 89' },
      ],
    })

    const dans = await core.openDirect(deps, actorOf(dan.id), brand.id)
    await core.sendMessage(deps, actorOf(dan.id), dans.id, { text: 'Do you have decaf beans in stock? #decaf' })

    const friends = await core.openDirect(deps, actorOf(dan.id), chloe.id)
    await core.sendMessage(deps, actorOf(dan.id), friends.id, { text: 'Hi Chloé, Dan from the tasting last week 👋' })

    const team = await core.createGroup(deps, actorOf(ada.id), { name: 'Roastery team', accountIds: [ben.id] })
    await core.sendMessage(deps, actorOf(ada.id), team.id, { text: 'Reminder: @ben the new Ethiopian roast goes live on Monday.' })
    await seedBrandMessaging(deps, ada.id, brand.id)
  }
  return {
    brand: { id: brand.id, handle: brand.handle },
    people: [
      { id: ada.id, handle: 'ada', role: 'Northwind owner' },
      { id: ben.id, handle: 'ben', role: 'Northwind agent' },
      { id: chloe.id, handle: 'chloe', role: 'customer' },
      { id: dan.id, handle: 'dan', role: 'customer' },
    ],
    password: DEMO_PASSWORD,
  }
}

/** Northwind's welcome messages, hours, away message, a keyword rule and a custom profile. */
async function seedBrandMessaging(deps: CoreDeps, ownerId: string, brandId: string): Promise<void> {
  const owner = actorOf(ownerId)
  await core.createWelcomeMessage(deps, owner, brandId, {
    name: 'Default',
    text: 'Hello! Thanks for writing to Northwind Coffee. What can we help you with?',
    quickReply: { type: 'options', options: [
      { label: 'Where is my order?', metadata: 'topic:order' },
      { label: 'Our coffee', description: 'Beans, roasts, brewing', metadata: 'topic:coffee' },
      { label: 'Something else', metadata: 'topic:other' },
    ] },
    buttons: [{ type: 'phone_number', label: 'Call us', phoneNumber: '+33 1 23 45 67 89' }],
    isDefault: true,
  })
  await core.createWelcomeMessage(deps, owner, brandId, {
    name: 'Spring blend poster',
    text: 'You found our spring blend! Ask us anything about it, or order a tasting bag.',
    buttons: [{ type: 'web_url', label: 'Order a tasting bag', url: 'https://northwind.example/spring' }],
  })
  const weekday = [{ start: '09:00', end: '12:30' }, { start: '13:30', end: '18:00' }]
  await core.updateBrandMessaging(deps, owner, brandId, {
    supportCalendar: {
      timeZone: 'Europe/Paris',
      weekly: { monday: weekday, tuesday: weekday, wednesday: weekday, thursday: weekday, friday: weekday, saturday: [{ start: '10:00', end: '16:00' }], sunday: [] },
      holidays: [{ date: '2026-12-25', name: 'Christmas' }, { date: '2027-01-01', name: "New Year's Day" }],
      exceptions: [{ date: '2026-12-24', shifts: [{ start: '09:00', end: '13:00' }] }],
    },
    replyTime: 'hour',
    awayMessage: { enabled: true, text: 'Thanks for your message! Our team is away right now; we answer as soon as we are back.' },
  })
  await core.createKeywordRule(deps, owner, brandId, {
    keywords: ['opening hours', 'horaires', 'open today'],
    replyText: 'We answer Monday to Friday 9:00–18:00 and Saturday 10:00–16:00 (Paris time).',
  })
  await core.createCustomProfile(deps, owner, brandId, { name: 'Sam · Care team' })
}
