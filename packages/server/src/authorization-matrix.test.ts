import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { brandActions, brandMay, routes, type BrandAction, type BrandRole, type RouteName } from '@parloir/protocol'
import { testServer, type TestServer } from '@parloir/testing/server'
import { parseAllowList } from './webhooks/outbound.ts'

/**
 * The role × action matrix: every route of the native API is either a brand action, checked
 * here for each role against `brandPolicy`, or named as not one (with why). A route added to
 * `protocol` without a line here does not compile. Each role gets a server of its own, so a
 * case that deletes or removes something cannot change what the next role meets.
 */

interface Fixture {
  brandId: string
  /** The member whose role is under test. */
  member: { id: string; token: string }
  ada: { id: string; token: string }
  tia: string
  chloe: string
  eve: string
  care: string
  customerMessageId: string
  brandMessageId: string
  group: string
  request: string
  secondRequest: string
  welcomeMessageId: string
  ruleId: string
  profileId: string
  teamReplyId: string
  fieldId: string
  appId: string
  tokenId: string
  webhookId: string
  labelId: string
  collection: { id: string; sectionId: string; spareSectionId: string; itemId: string; spareItemId: string; pendingIds: [string, string]; spareId: string; othersId: string }
  /** The brand's item in Chloe's collection, which Chloe hid: the brand (its author) may ask for a review. */
  hiddenContributionId: string
  /** Requests to block a customer that Tia (an agent) made and that wait for approval. */
  toApprove: string
  toDecline: string
  toCancel: string
  /** A customer the brand blocks (on Ada's approval of Tia's request), and one nobody asked about yet. */
  blocked: string
  unasked: string
  /** A discussion the brand started, that chloe and tia asked to join; and one eve started. */
  discussionId: string
  evesDiscussionId: string
  /** A brand discussion with chloe's posts (one to hide, one to continue in private) and kim, a customer removed on a second approval. */
  moderated: { id: string; postId: string; otherPostId: string; removed: string }
}

interface Case {
  action: BrandAction
  /** Whether the member acts through `parloir-act-as` (conversation routes) or names the brand in the path. */
  actAs?: boolean
  params?: (f: Fixture) => Record<string, string>
  body?: (f: Fixture) => unknown
  query?: string
  /** A refusal that answers as if the thing did not exist, for routes whose missing and forbidden look alike. */
  refusedAs?: { status: number; code: string }
  raw?: { payload: string; contentType: string }
  /** What an allowed role meets when the route answers a brand with a business error after the permission check. */
  allowedAs?: { status: number; code: string }
}

const brandPath = (f: Fixture) => ({ brandId: f.brandId })
const inCare = (f: Fixture) => ({ conversationId: f.care })
const appHidden = { status: 404, code: 'APP_NOT_FOUND' }
const inDiscussion = (f: Fixture) => ({ discussionId: f.discussionId })
const inWebhook = (f: Fixture) => ({ appId: f.appId, webhookId: f.webhookId })

/** Not brand actions: a person's own account, public reads, or anonymous starts. */
const personal = (why: string) => ({ personal: why })

const matrix: Record<RouteName, Case | { personal: string }> = {
  signup: personal('anonymous'),
  login: personal('anonymous'),
  logout: personal("the person's own session"),
  getSession: personal("the person's own session"),
  listSessions: personal("the person's own sessions"),
  revokeSession: personal("the person's own sessions"),
  getMe: personal("the person's own account"),
  updateProfile: personal("the person's own profile (a brand's is updateBrandProfile)"),
  getAccount: personal('a public profile'),
  getAccountByHandle: personal('a public profile'),
  createBrand: personal('a person creates a brand and owns it'),
  getBrandCard: personal("a brand's public card"),
  startVisitorConversation: personal('anonymous'),
  updateVisitor: personal("a visitor's own account"),
  identifyVisitor: personal("anonymous, or a visitor's own account: the brand's signature is the credential"),
  getIdentityVerification: { action: 'identity.manage', params: brandPath },
  regenerateIdentitySecret: { action: 'identity.manage', params: brandPath },
  listApps: personal('lists what the person may manage: the brands filter by the same table'),
  describeAuthorization: personal('reads an app the person is asked to authorize'),
  getPushKey: personal("the server's public VAPID key, for any browser"),
  savePushSubscription: personal("the person's own session's browser"),
  deletePushSubscription: personal("the person's own session's browser"),
  getNotificationSettings: personal('how the person themself is told, whoever they act for'),
  updateNotificationSettings: personal('how the person themself is told, whoever they act for'),

  updateSettings: { action: 'messaging.manage', actAs: true, body: () => ({ sendReadReceipts: true }) },
  // A brand blocks with a reason, through its moderation routes: these carry none.
  block: { action: 'safety.block', actAs: true, params: (f) => ({ accountId: f.eve }), allowedAs: { status: 422, code: 'MODERATION_REASON_REQUIRED' } },
  unblock: { action: 'safety.block', actAs: true, params: (f) => ({ accountId: f.eve }), allowedAs: { status: 422, code: 'MODERATION_REASON_REQUIRED' } },
  report: { action: 'safety.block', actAs: true, params: (f) => ({ accountId: f.eve }), body: () => ({ reason: 'spam' }) },
  listBlocks: { action: 'safety.read', actAs: true },

  listBrandMembers: { action: 'team.read', params: brandPath },
  setBrandMember: { action: 'team.manage', params: (f) => ({ brandId: f.brandId, accountId: f.tia }), body: () => ({ role: 'viewer' }) },
  removeBrandMember: { action: 'team.manage', params: (f) => ({ brandId: f.brandId, accountId: f.tia }) },
  updateBrandProfile: { action: 'messaging.manage', params: brandPath, body: () => ({ bio: 'Coffee, roasted in Lyon' }) },
  getBrandMessaging: { action: 'messaging.read', params: brandPath },
  updateBrandMessaging: { action: 'messaging.manage', params: brandPath, body: () => ({ embedOrigins: ['https://northwind.example'] }) },
  listWelcomeMessages: { action: 'messaging.read', params: brandPath },
  createWelcomeMessage: { action: 'messaging.manage', params: brandPath, body: () => ({ name: 'Spring', text: 'Hello!' }) },
  updateWelcomeMessage: { action: 'messaging.manage', params: (f) => ({ brandId: f.brandId, welcomeMessageId: f.welcomeMessageId }), body: () => ({ text: 'Hi!' }) },
  deleteWelcomeMessage: { action: 'messaging.manage', params: (f) => ({ brandId: f.brandId, welcomeMessageId: f.welcomeMessageId }) },
  listKeywordRules: { action: 'messaging.read', params: brandPath },
  createKeywordRule: { action: 'messaging.manage', params: brandPath, body: () => ({ keywords: ['hours'], replyText: 'Open 8 to 6.' }) },
  updateKeywordRule: { action: 'messaging.manage', params: (f) => ({ brandId: f.brandId, ruleId: f.ruleId }), body: () => ({ enabled: false }) },
  deleteKeywordRule: { action: 'messaging.manage', params: (f) => ({ brandId: f.brandId, ruleId: f.ruleId }) },
  listCustomProfiles: { action: 'messaging.read', params: brandPath },
  createCustomProfile: { action: 'messaging.manage', params: brandPath, body: () => ({ name: 'Barista bot' }) },
  deleteCustomProfile: { action: 'messaging.manage', params: (f) => ({ brandId: f.brandId, profileId: f.profileId }) },
  // A member's own saved replies are savedReplies.use, the team's savedReplies.manage (saved-replies.test.ts has both ways of each).
  listSavedReplies: { action: 'messaging.read', params: brandPath, query: '?q=ho' },
  createSavedReply: { action: 'savedReplies.use', params: brandPath, body: () => ({ scope: 'personal', shortcut: 'thanks', title: 'Thanks', text: 'Thank you, {{customer.name}}!' }) },
  updateSavedReply: { action: 'savedReplies.manage', params: (f) => ({ brandId: f.brandId, replyId: f.teamReplyId }), body: () => ({ title: 'Opening hours' }) },
  deleteSavedReply: { action: 'savedReplies.manage', params: (f) => ({ brandId: f.brandId, replyId: f.teamReplyId }) },

  listConversations: { action: 'conversations.read', actAs: true },
  getConversation: { action: 'conversations.read', actAs: true, params: inCare },
  listMessages: { action: 'conversations.read', actAs: true, params: inCare },
  openDirect: { action: 'conversations.open', actAs: true, body: (f) => ({ accountId: f.eve }) },
  searchPeople: { action: 'conversations.open', actAs: true, query: '?q=chl' },
  createGroup: { action: 'conversations.open', actAs: true, body: (f) => ({ accountIds: [f.chloe, f.eve] }) },
  updateGroup: { action: 'conversations.manage', actAs: true, params: (f) => ({ conversationId: f.group }), body: () => ({ name: 'Tasting club' }) },
  addParticipants: { action: 'conversations.manage', actAs: true, params: (f) => ({ conversationId: f.group }), body: (f) => ({ accountIds: [f.eve] }) },
  leave: { action: 'conversations.manage', actAs: true, params: (f) => ({ conversationId: f.group }) },
  acceptRequest: { action: 'conversations.manage', actAs: true, params: (f) => ({ conversationId: f.request }) },
  deleteRequest: { action: 'conversations.manage', actAs: true, params: (f) => ({ conversationId: f.secondRequest }) },
  sendMessage: { action: 'messages.send', actAs: true, params: inCare, body: () => ({ text: 'Yes, 8 to 6.' }) },
  checkTone: { action: 'messages.send', params: brandPath, body: () => ({ text: 'This page is not a place to vent.' }) },
  unsendMessage: { action: 'messages.unsend', actAs: true, params: (f) => ({ conversationId: f.care, messageId: f.brandMessageId }) },
  hideMessage: { action: 'messages.hide', actAs: true, params: (f) => ({ conversationId: f.care, messageId: f.customerMessageId }) },
  markRead: { action: 'conversations.markRead', actAs: true, params: inCare, body: () => ({ seq: 2 }) },
  typing: { action: 'conversations.type', actAs: true, params: inCare },
  listInbox: { action: 'inbox.read', params: brandPath, query: '?view=open&order=waiting' },
  searchInbox: { action: 'inbox.read', params: brandPath, query: '?q=sunday' },
  getInboxItem: { action: 'inbox.read', params: (f) => ({ brandId: f.brandId, conversationId: f.care }) },
  getInboxCustomer: { action: 'inbox.read', params: (f) => ({ brandId: f.brandId, conversationId: f.care }) },
  setInboxStatus: { action: 'inbox.triage', params: (f) => ({ brandId: f.brandId, conversationId: f.care }), body: () => ({ status: 'pending' }) },
  assignConversation: { action: 'inbox.triage', params: (f) => ({ brandId: f.brandId, conversationId: f.care }), body: (f) => ({ assigneeId: f.ada.id }) },
  markInboxRead: { action: 'inbox.read', params: (f) => ({ brandId: f.brandId, conversationId: f.care }), body: () => ({ seq: 2 }) },
  markUnread: { action: 'inbox.read', params: (f) => ({ brandId: f.brandId, conversationId: f.care }) },
  getInboxSettings: { action: 'messaging.read', params: brandPath },
  updateInboxSettings: { action: 'messaging.manage', params: brandPath, body: () => ({ survey: { enabled: false, question: 'How did we do?' } }) },
  listInboxMembers: { action: 'inbox.read', params: brandPath },
  updateInboxMember: { action: 'team.manage', params: (f) => ({ brandId: f.brandId, memberId: f.ada.id }), body: () => ({ capacity: 5 }) },
  listSurveys: { action: 'inbox.read', params: (f) => ({ brandId: f.brandId, conversationId: f.care }) },
  markViewing: { action: 'inbox.read', params: (f) => ({ brandId: f.brandId, conversationId: f.care }) },
  listNotes: { action: 'inbox.read', params: (f) => ({ brandId: f.brandId, conversationId: f.care }) },
  listCustomFields: { action: 'inbox.read', params: brandPath },
  createCustomField: { action: 'customFields.manage', params: brandPath, body: () => ({ key: 'plan', label: 'Plan', type: 'text' }) },
  updateCustomField: { action: 'customFields.manage', params: (f) => ({ brandId: f.brandId, fieldId: f.fieldId }), body: () => ({ label: 'Order no.' }) },
  updateCustomerFields: { action: 'customFields.write', params: (f) => ({ brandId: f.brandId, conversationId: f.care }), body: () => ({ values: { order_number: '1042' } }) },
  // After the case that sets a value of it.
  deleteCustomField: { action: 'customFields.manage', params: (f) => ({ brandId: f.brandId, fieldId: f.fieldId }) },
  addNote: { action: 'notes.write', params: (f) => ({ brandId: f.brandId, conversationId: f.care }), body: () => ({ text: 'She ordered the Ethiopian beans twice.' }) },
  listLabels: { action: 'inbox.read', params: brandPath },
  createLabel: { action: 'labels.manage', params: brandPath, body: () => ({ name: 'Wholesale', colour: 'teal' }) },
  updateLabel: { action: 'labels.manage', params: (f) => ({ brandId: f.brandId, labelId: f.labelId }), body: () => ({ colour: 'purple' }) },
  addInboxLabel: { action: 'inbox.triage', params: (f) => ({ brandId: f.brandId, conversationId: f.care, labelId: f.labelId }) },
  removeInboxLabel: { action: 'inbox.triage', params: (f) => ({ brandId: f.brandId, conversationId: f.care, labelId: f.labelId }) },
  // After the cases that need the label.
  deleteLabel: { action: 'labels.manage', params: (f) => ({ brandId: f.brandId, labelId: f.labelId }) },
  uploadMedia: { action: 'media.upload', actAs: true, query: '?name=menu.txt', raw: { payload: 'Espresso 2.00\n', contentType: 'text/plain' } },

  createApp: { action: 'apps.manage', body: (f) => ({ name: 'Roastery bot', ownerAccountId: f.brandId }), refusedAs: { status: 404, code: 'ACCOUNT_NOT_FOUND' } },
  getApp: { action: 'apps.manage', params: (f) => ({ appId: f.appId }), refusedAs: appHidden },
  updateApp: { action: 'apps.manage', params: (f) => ({ appId: f.appId }), body: () => ({ name: 'Roastery bot 2' }), refusedAs: appHidden },
  createAppToken: { action: 'apps.manage', params: (f) => ({ appId: f.appId }), body: () => ({ kind: 'oauth1' }), refusedAs: appHidden },
  revokeAppToken: { action: 'apps.manage', params: (f) => ({ appId: f.appId, tokenId: f.tokenId }), refusedAs: appHidden },
  listWebhooks: { action: 'apps.manage', params: (f) => ({ appId: f.appId }), refusedAs: appHidden },
  createWebhook: { action: 'apps.manage', params: (f) => ({ appId: f.appId }), body: () => ({ url: 'http://127.0.0.1:9/roastery' }), refusedAs: appHidden },
  listWebhookDeliveries: { action: 'apps.manage', params: inWebhook, query: '?limit=10', refusedAs: appHidden },
  // After the cases that need the webhook.
  deleteWebhook: { action: 'apps.manage', params: inWebhook, refusedAs: appHidden },
  // Last: the cases above need the app.
  revokeApp: { action: 'apps.manage', params: (f) => ({ appId: f.appId }), refusedAs: appHidden },
  // Public discussions: the brand's (started in the fixture), then eve's for asking to join; closing last.
  startDiscussion: { action: 'discussions.write', actAs: true, body: (f) => ({ title: 'Roast day', text: 'Who is coming?', invite: [f.chloe] }) },
  listDiscussions: { action: 'discussions.write', actAs: true },
  getDiscussion: personal('a public discussion, which anyone with the link reads'),
  listDiscussionPosts: personal('a public discussion, which anyone with the link reads'),
  listDiscussionParticipants: personal('a public discussion, which anyone with the link reads'),
  addDiscussionPost: { action: 'discussions.write', actAs: true, params: inDiscussion, body: () => ({ text: 'Doors open at 9.' }) },
  inviteToDiscussion: { action: 'discussions.write', actAs: true, params: inDiscussion, body: (f) => ({ accountIds: [f.eve] }) },
  listDiscussionJoinRequests: { action: 'discussions.write', actAs: true, params: inDiscussion },
  acceptDiscussionJoinRequest: { action: 'discussions.write', actAs: true, params: (f) => ({ discussionId: f.discussionId, accountId: f.chloe }) },
  declineDiscussionJoinRequest: { action: 'discussions.write', actAs: true, params: (f) => ({ discussionId: f.discussionId, accountId: f.tia }) },
  requestToJoinDiscussion: { action: 'discussions.write', actAs: true, params: (f) => ({ discussionId: f.evesDiscussionId }) },
  updateDiscussion: { action: 'discussions.manage', actAs: true, params: inDiscussion, body: () => ({ indexable: true }) },
  closeDiscussion: { action: 'discussions.manage', actAs: true, params: inDiscussion, body: () => ({ reason: 'The roast day is over.' }) },
  // After closing: reopening needs a closed discussion.
  reopenDiscussion: { action: 'discussions.manage', actAs: true, params: inDiscussion, body: () => ({ reason: 'One more tasting.' }) },
  // Moderating the brand's discussion (discussion-moderation.test.ts has the rules).
  hideDiscussionPost: { action: 'discussions.moderate', actAs: true, params: (f) => ({ discussionId: f.moderated.id, postId: f.moderated.postId }), body: () => ({ reason: 'Off topic.' }) },
  unhideDiscussionPost: { action: 'discussions.moderate', actAs: true, params: (f) => ({ discussionId: f.moderated.id, postId: f.moderated.postId }), body: () => ({ reason: 'On topic after all.' }) },
  requestDiscussionPostReview: personal('the author of a hidden post asks, as themself'),
  removeDiscussionParticipant: { action: 'discussions.moderate', actAs: true, params: (f) => ({ discussionId: f.moderated.id }), body: (f) => ({ accountId: f.eve, reason: 'Spam links.' }) },
  readdDiscussionParticipant: { action: 'discussions.moderate', actAs: true, params: (f) => ({ discussionId: f.moderated.id }), body: (f) => ({ accountId: f.moderated.removed, reason: 'Welcome back.' }) },
  continueDiscussionInPrivate: { action: 'discussions.write', actAs: true, params: (f) => ({ discussionId: f.moderated.id, postId: f.moderated.otherPostId }) },
  approveAuthorization: personal('covered by createAppToken: granting a brand goes through the same check (mayGrant)'),

  // Collections the brand curates (collections.test.ts has persons, contributions and limits).
  listCollections: { action: 'collections.read', actAs: true },
  createCollection: { action: 'collections.manage', actAs: true, body: () => ({ title: 'Spring menu' }) },
  getCollection: { action: 'collections.read', actAs: true, params: (f) => ({ collectionId: f.collection.id }) },
  updateCollection: { action: 'collections.manage', actAs: true, params: (f) => ({ collectionId: f.collection.id }), body: () => ({ indexable: true }) },
  createCollectionSection: { action: 'collections.manage', actAs: true, params: (f) => ({ collectionId: f.collection.id }), body: () => ({ title: 'Cups' }) },
  updateCollectionSection: { action: 'collections.manage', actAs: true, params: (f) => ({ collectionId: f.collection.id, sectionId: f.collection.sectionId }), body: () => ({ title: 'Beans' }) },
  moveCollectionSection: { action: 'collections.manage', actAs: true, params: (f) => ({ collectionId: f.collection.id, sectionId: f.collection.sectionId }), body: () => ({ position: 1 }) },
  // Contributing as the brand to someone else's collection; adding to its own is the same action.
  addCollectionItem: { action: 'collections.contribute', actAs: true, params: (f) => ({ collectionId: f.collection.othersId }), body: () => ({ kind: 'text', text: 'Our beans go well with this.' }) },
  moveCollectionItem: { action: 'collections.manage', actAs: true, params: (f) => ({ collectionId: f.collection.id, itemId: f.collection.itemId }), body: (f) => ({ sectionId: f.collection.sectionId, position: 0 }) },
  removeCollectionItem: { action: 'collections.manage', actAs: true, params: (f) => ({ collectionId: f.collection.id, itemId: f.collection.spareItemId }) },
  approveContribution: { action: 'collections.manage', actAs: true, params: (f) => ({ collectionId: f.collection.id, itemId: f.collection.pendingIds[0] }) },
  declineContribution: { action: 'collections.manage', actAs: true, params: (f) => ({ collectionId: f.collection.id, itemId: f.collection.pendingIds[1] }) },
  hideCollectionItem: { action: 'collections.manage', actAs: true, params: (f) => ({ collectionId: f.collection.id, itemId: f.collection.itemId }), body: () => ({ reason: 'Off topic.' }) },
  unhideCollectionItem: { action: 'collections.manage', actAs: true, params: (f) => ({ collectionId: f.collection.id, itemId: f.collection.itemId }), body: () => ({ reason: 'On topic after all.' }) },
  // The brand, as the author of an item someone else's collection hid, asks for a review as its contributors add.
  requestCollectionItemReview: {
    action: 'collections.contribute', actAs: true, params: (f) => ({ collectionId: f.collection.othersId, itemId: f.hiddenContributionId }), body: () => ({ text: 'It is our shop, not an ad.' }),
  },
  // After the cases that need them.
  deleteCollectionSection: { action: 'collections.manage', actAs: true, params: (f) => ({ collectionId: f.collection.id, sectionId: f.collection.spareSectionId }) },
  deleteCollection: { action: 'collections.manage', actAs: true, params: (f) => ({ collectionId: f.collection.spareId }) },
  getModerationSettings: { action: 'audit.read', params: brandPath },
  updateModerationSettings: { action: 'moderation.manage', params: brandPath, body: () => ({ secondApproval: true }) },
  listApprovals: { action: 'audit.read', params: brandPath, query: '?status=pending' },
  listAuditLog: { action: 'audit.read', params: brandPath, query: '?limit=10' },
  requestBlock: { action: 'safety.block', params: brandPath, body: (f) => ({ accountId: f.unasked, reason: 'Insults the baristas in every message.' }) },
  approveRequest: { action: 'moderation.approve', params: (f) => ({ brandId: f.brandId, approvalId: f.toApprove }) },
  declineRequest: { action: 'moderation.approve', params: (f) => ({ brandId: f.brandId, approvalId: f.toDecline }), body: () => ({ reason: 'She is upset about a late parcel: let us call her.' }) },
  // The requester may withdraw their own; withdrawing a colleague's (Tia's, here) takes an owner or admin.
  cancelRequest: { action: 'moderation.manage', params: (f) => ({ brandId: f.brandId, approvalId: f.toCancel }) },
  unblockCustomer: { action: 'safety.block', params: brandPath, body: (f) => ({ accountId: f.blocked, reason: 'We spoke on the phone; all is well.' }) },
  hideCustomerMessage: { action: 'messages.moderate', actAs: true, params: (f) => ({ conversationId: f.care, messageId: f.customerMessageId }), body: () => ({ reason: 'A phone number in clear.' }) },
  // After the hide.
  unhideCustomerMessage: { action: 'messages.moderate', actAs: true, params: (f) => ({ conversationId: f.care, messageId: f.customerMessageId }), body: () => ({ reason: 'It was the shop number.' }) },
  requestMessageReview: personal('the author of a hidden message, as themself'),
}

const roles: BrandRole[] = ['owner', 'admin', 'agent', 'viewer']

async function fixture(server: TestServer, role: BrandRole): Promise<Fixture> {
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, token: string, body?: unknown, actAs?: string) => {
    const res = await server.call(method, url, { token, ...(body === undefined ? {} : { body }), ...(actAs ? { headers: { 'parloir-act-as': actAs } } : {}) })
    if (res.statusCode >= 300) throw new Error(`fixture ${method} ${url}: ${res.statusCode} ${res.body}`)
    return (res.statusCode === 204 ? {} : res.json()) as unknown
  }
  const ada = await server.person('ada')
  const member = await server.person('mia')
  const tia = await server.person('tia')
  const chloe = await server.person('chloe')
  const dan = await server.person('dan')
  const eve = await server.person('eve')
  const { brand } = await call('POST', '/api/v1/brands', ada.token, { handle: 'northwind', displayName: 'Northwind Coffee' }) as { brand: { id: string } }
  const b = brand.id
  await call('PUT', `/api/v1/brands/${b}/members/${member.id}`, ada.token, { role })
  await call('PUT', `/api/v1/brands/${b}/members/${tia.id}`, ada.token, { role: 'agent' })
  const care = (await call('POST', '/api/v1/conversations/direct', chloe.token, { accountId: b }) as { id: string }).id
  const asked = await call('POST', `/api/v1/conversations/${care}/messages`, chloe.token, { text: 'Are you open on Sunday?' }) as { id: string }
  const answered = await call('POST', `/api/v1/conversations/${care}/messages`, ada.token, { text: 'Let me check.' }, b) as { id: string }
  const group = (await call('POST', '/api/v1/conversations/group', ada.token, { accountIds: [chloe.id, dan.id] }, b) as { id: string }).id
  // A request for the brand: it takes messages from anyone by default, so turn that off first.
  await call('PATCH', '/api/v1/me/settings', ada.token, { receiveMessagesFromAnyone: false }, b)
  const request = (await call('POST', '/api/v1/conversations/group', dan.token, { accountIds: [b, eve.id] }) as { id: string }).id
  const secondRequest = (await call('POST', '/api/v1/conversations/group', eve.token, { accountIds: [b, dan.id] }) as { id: string }).id
  await call('PATCH', '/api/v1/me/settings', ada.token, { receiveMessagesFromAnyone: true }, b)
  const welcome = await call('POST', `/api/v1/brands/${b}/welcome-messages`, ada.token, { name: 'Default', text: 'Welcome!' }) as { id: string }
  const rule = await call('POST', `/api/v1/brands/${b}/keyword-rules`, ada.token, { keywords: ['menu'], replyText: 'Here is our menu.' }) as { id: string }
  const profile = await call('POST', `/api/v1/brands/${b}/custom-profiles`, ada.token, { name: 'Sam' }) as { id: string }
  const teamReply = await call('POST', `/api/v1/brands/${b}/saved-replies`, ada.token, { scope: 'team', shortcut: 'hours', title: 'Hours', text: 'We open at 8, {{customer.name}}.' }) as { id: string }
  const field = await call('POST', `/api/v1/brands/${b}/custom-fields`, ada.token, { key: 'order_number', label: 'Order number', type: 'text' }) as { id: string }
  const label = await call('POST', `/api/v1/brands/${b}/labels`, ada.token, { name: 'Refund', colour: 'red' }) as { id: string }
  const created = await call('POST', '/api/v1/apps', ada.token, { name: 'Till', ownerAccountId: b }) as { app: { id: string } }
  const token = await call('POST', `/api/v1/apps/${created.app.id}/tokens`, ada.token, { kind: 'oauth1' }) as { token: { id: string } }
  const hooked = await call('POST', `/api/v1/apps/${created.app.id}/webhooks`, ada.token, { url: 'http://127.0.0.1:9/till' }) as { webhook: { id: string } }
  const collections = '/api/v1/collections'
  const shelf = await call('POST', collections, ada.token, { title: 'Our roasts', contributionMode: 'approval' }, b) as { id: string }
  const section = await call('POST', `${collections}/${shelf.id}/sections`, ada.token, { title: 'Beans' }, b) as { id: string }
  const spareSection = await call('POST', `${collections}/${shelf.id}/sections`, ada.token, { title: 'Gear' }, b) as { id: string }
  const item = await call('POST', `${collections}/${shelf.id}/items`, ada.token, { kind: 'text', text: 'Roasted on Mondays.' }, b) as { id: string }
  const spareItem = await call('POST', `${collections}/${shelf.id}/items`, ada.token, { kind: 'text', text: 'Ground to order.' }, b) as { id: string }
  const first = await call('POST', `${collections}/${shelf.id}/items`, chloe.token, { kind: 'text', text: 'My favourite is the Ethiopian.' }) as { id: string }
  const second = await call('POST', `${collections}/${shelf.id}/items`, chloe.token, { kind: 'text', text: 'Decaf please!' }) as { id: string }
  const spare = await call('POST', collections, ada.token, { title: 'Old menu' }, b) as { id: string }
  const chloes = await call('POST', collections, chloe.token, { title: 'Cafés I love', contributionMode: 'open' }) as { id: string }
  const contributed = await call('POST', `${collections}/${chloes.id}/items`, ada.token, { kind: 'text', text: 'Visit our shop!' }, b) as { id: string }
  await call('PUT', `${collections}/${chloes.id}/items/${contributed.id}/moderation`, chloe.token, { reason: 'No ads, please.' })
  const [fay, gus, hal, ivy, jon] = [await server.person('fay'), await server.person('gus'), await server.person('hal'), await server.person('ivy'), await server.person('jon')]
  const ask = async (accountId: string) => (await call('POST', `/api/v1/brands/${b}/moderation/blocks`, tia.token, { accountId, reason: 'Rude to the team.' }) as { approval: { id: string } }).approval.id
  const [toApprove, toDecline, toCancel, toBlock] = [await ask(fay.id), await ask(gus.id), await ask(hal.id), await ask(ivy.id)]
  await call('POST', `/api/v1/brands/${b}/moderation/approvals/${toBlock}/approve`, ada.token)
  const started = await call('POST', '/api/v1/discussions', ada.token, { title: 'Tasting notes', text: 'Tell us what you taste.' }, b) as { discussion: { id: string } }
  await call('POST', `/api/v1/discussions/${started.discussion.id}/join-requests`, chloe.token)
  await call('POST', `/api/v1/discussions/${started.discussion.id}/join-requests`, tia.token)
  const eves = await call('POST', '/api/v1/discussions', eve.token, { title: 'Best beans?', text: 'Which beans do you like?' }) as { discussion: { id: string } }
  const kim = await server.person('kim')
  const moderated = await call('POST', '/api/v1/discussions', ada.token, { title: 'Deliveries', text: 'How did it go?', invite: [chloe.id, eve.id, kim.id] }, b) as { discussion: { id: string } }
  const m = moderated.discussion.id
  const toHide = await call('POST', `/api/v1/discussions/${m}/posts`, chloe.token, { text: 'Late again!' }) as { id: string }
  const toContinue = await call('POST', `/api/v1/discussions/${m}/posts`, chloe.token, { text: 'Order 12 never came.' }) as { id: string }
  const removal = await call('POST', `/api/v1/discussions/${m}/removals`, ada.token, { accountId: kim.id, reason: 'Insults.' }, b) as { approval: { id: string } }
  await call('POST', `/api/v1/brands/${b}/moderation/approvals/${removal.approval.id}/approve`, tia.token)
  return {
    discussionId: started.discussion.id, evesDiscussionId: eves.discussion.id,
    moderated: { id: m, postId: toHide.id, otherPostId: toContinue.id, removed: kim.id },
    brandId: b, member, ada, tia: tia.id, chloe: chloe.id, eve: eve.id, care,
    customerMessageId: asked.id, brandMessageId: answered.id, group, request, secondRequest,
    welcomeMessageId: welcome.id, ruleId: rule.id, profileId: profile.id, teamReplyId: teamReply.id, fieldId: field.id, appId: created.app.id, tokenId: token.token.id, webhookId: hooked.webhook.id,
    labelId: label.id,
    collection: { id: shelf.id, sectionId: section.id, spareSectionId: spareSection.id, itemId: item.id, spareItemId: spareItem.id, pendingIds: [first.id, second.id], spareId: spare.id, othersId: chloes.id },
    hiddenContributionId: contributed.id,
    toApprove, toDecline, toCancel, blocked: ivy.id, unasked: jon.id,
  }
}

function urlOf(name: RouteName, params: Record<string, string>): string {
  return routes[name].url.replace(/:([A-Za-z]+)/g, (_, key: string) => {
    const value = params[key]
    if (value === undefined) throw new Error(`${name}: no value for :${key}`)
    return value
  })
}

describe('the role × action matrix', () => {
  test('names every brand action of the policy in at least one route', () => {
    const covered = new Set(Object.values(matrix).flatMap((c) => ('action' in c ? [c.action] : [])))
    // Stream ops cover the rest: see realtime/stream-brand-roles.test.ts.
    const missing = brandActions.filter((a) => !covered.has(a))
    assert.deepEqual(missing, [])
  })

  for (const role of roles) {
    describe(`for a brand ${role}`, () => {
      let server: TestServer
      let f: Fixture
      before(async () => {
        // Webhook URLs must pass the outbound guard: allow loopback, as the webhook tests do.
        server = await testServer({ outboundAllow: parseAllowList('127.0.0.1:*'), rateLimits: { signupPerAddress: { max: 1_000, windowMs: 60_000 }, sendsPerSecond: 1_000, sendsBurst: 1_000 } as never })
        f = await fixture(server, role)
      })
      after(async () => { await server.stop() })

      test('every brand route answers as the policy says', async () => {
        const mismatches: string[] = []
        for (const [name, entry] of Object.entries(matrix) as Array<[RouteName, Case | { personal: string }]>) {
          if (!('action' in entry)) continue
          const allowed = brandMay(role, entry.action)
          const url = urlOf(name, entry.params?.(f) ?? {}) + (entry.query ?? '')
          const headers: Record<string, string> = { authorization: `Bearer ${f.member.token}` }
          if (entry.actAs) headers['parloir-act-as'] = f.brandId
          const body = entry.body?.(f)
          const res = await server.app.inject({
            method: routes[name].method, url,
            headers: { ...headers, ...(entry.raw ? { 'content-type': entry.raw.contentType } : {}) },
            ...(entry.raw ? { payload: entry.raw.payload } : body === undefined ? {} : { payload: body as Record<string, unknown> }),
          })
          const code = res.statusCode >= 400 ? (res.json() as { error: { code: string } }).error.code : 'ok'
          const refusal = entry.refusedAs ?? { status: 403, code: 'FORBIDDEN' }
          const ok = allowed
            ? (entry.allowedAs ? res.statusCode === entry.allowedAs.status && code === entry.allowedAs.code : res.statusCode < 300)
            : res.statusCode === refusal.status && code === refusal.code
          if (!ok) mismatches.push(`${name} (${entry.action}): ${allowed ? 'allowed' : 'refused'} by the policy, answered ${res.statusCode} ${code}`)
        }
        assert.deepEqual(mismatches, [])
      })
    })
  }
})
