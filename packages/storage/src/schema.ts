import type { Generated } from 'kysely'

/** Tables as stored. Times are integers of ms since the Unix epoch; JSON columns are text. */
export interface Database {
  accounts: {
    id: string
    kind: 'person' | 'brand' | 'visitor'
    handle: string
    handle_key: string
    display_name: string
    bio: string
    avatar_media_id: string | null
    password_hash: string | null
    email: string | null
    /** A visitor's brand (the one it may talk with); null for people and brands. */
    issued_by_brand_id: string | null
    receive_from_anyone: number
    send_read_receipts: number
    created_at: number
    /** Listed in people search (migration 0017): 1 or 0. */
    discoverable: number
  }
  brand_members: { brand_id: string; account_id: string; role: string; created_at: number }
  sessions: {
    id: string
    account_id: string
    token_hash: string
    csrf_token: string
    user_agent: string
    created_at: number
    last_seen_at: number
    expires_at: number
    revoked_at: number | null
  }
  blocks: { blocker_id: string; blocked_id: string; created_at: number }
  reports: {
    id: string
    reporter_id: string
    target_account_id: string
    conversation_id: string | null
    message_id: string | null
    reason: string
    created_at: number
  }
  conversations: {
    id: string
    kind: 'direct' | 'group'
    pair_key: string | null
    name: string | null
    avatar_media_id: string | null
    created_by: string
    created_at: number
    updated_at: number
    last_seq: number
    last_message_at: number
    source: string | null
  }
  participants: {
    conversation_id: string
    account_id: string
    status: 'accepted' | 'request'
    joined_cursor: number
    left_cursor: number | null
    last_read_seq: number
    visible_from_seq: number
    joined_at: number
  }
  messages: {
    id: string
    conversation_id: string
    seq: number
    sender_id: string
    sent_by: string | null
    kind: 'text' | 'system'
    text: string
    entities: string
    quick_reply: string | null
    quick_reply_response: string | null
    buttons: string
    attachment_media_id: string | null
    system: string | null
    custom_profile: string | null
    automation: 'welcome' | 'away' | 'keyword' | 'survey' | null
    client_message_id: string | null
    body_hash: string | null
    created_at: number
    unsent_at: number | null
    /** The app it was sent through (migration 0004); null for the web app and automation. */
    app_id: Generated<string | null>
  }
  message_hides: { account_id: string; message_id: string }
  media: {
    id: string
    owner_account_id: string
    kind: 'image' | 'gif' | 'video' | 'file'
    mime_type: string
    size_bytes: number
    width: number | null
    height: number | null
    file_name: string
    storage_key: string
    thumbnail_key: string | null
    message_id: string | null
    created_at: number
  }
  events: {
    cursor: Generated<number>
    name: string
    conversation_id: string | null
    account_id: string | null
    data: string
    receipt: string | null
    created_at: number
  }
  brand_messaging: {
    brand_id: string
    support_calendar: string | null
    reply_time: string | null
    away_message: string
    embed_origins: string
    default_welcome_message_id: string | null
    updated_at: number
  }
  welcome_messages: {
    id: string
    brand_id: string
    name: string
    text: string
    entities: string
    quick_reply: string | null
    buttons: string
    media_id: string | null
    created_at: number
    updated_at: number
  }
  keyword_rules: { id: string; brand_id: string; keywords: string; reply_text: string; quick_reply: string | null; enabled: number; created_at: number }
  // Saved replies (migration 0011).
  saved_replies: {
    id: string
    brand_id: string
    owner_member_id: string | null
    shortcut: string
    title: string
    text: string
    created_by: string
    created_at: number
    updated_at: number
  }
  // Custom fields and their values per customer (migration 0016).
  custom_fields: { id: string; brand_id: string; key: string; label: string; type: string; created_at: number; updated_at: number }
  custom_field_values: { field_id: string; brand_id: string; customer_id: string; value: string; updated_by: string; updated_at: number }
  custom_profiles: { id: string; brand_id: string; name: string; avatar_media_id: string | null; created_at: number }
  automation_log: { id: string; brand_id: string; conversation_id: string; kind: string; counted: number; at: number }
  // Developer apps (migration 0004).
  apps: {
    id: string
    owner_account_id: string
    name: string
    consumer_key: string
    consumer_secret_sealed: string
    redirect_uris: string
    created_by: string
    created_at: number
    revoked_at: number | null
  }
  app_tokens: {
    id: string
    app_id: string
    kind: 'oauth1' | 'app-only' | 'oauth2-user'
    account_id: string | null
    granted_by: string | null
    token_hash: string
    secret_sealed: string | null
    refresh_hash: string | null
    scopes: string
    created_at: number
    expires_at: number | null
    revoked_at: number | null
  }
  app_authorization_codes: {
    code_hash: string
    app_id: string
    account_id: string
    granted_by: string
    scopes: string
    redirect_uri: string
    code_challenge: string
    created_at: number
    expires_at: number
    used_at: number | null
  }
  email_notifications: {
    id: string
    account_id: string
    conversation_id: string
    brand_id: string
    status: 'pending' | 'sent' | 'failed'
    attempts: number
    next_attempt_at: number
    last_error: string | null
    created_at: number
    sent_at: number | null
  }
  // Links back to a visitor's conversation (migration 0019).
  visitor_links: { token_hash: string; account_id: string; conversation_id: string; created_at: number; expires_at: number; used_at: number | null }
  // Web Push (migration 0013).
  push_subscriptions: {
    id: string
    account_id: string
    session_id: string
    endpoint: string
    p256dh: string
    auth: string
    created_at: number
  }
  pending_pushes: {
    id: string
    kind: 'conversation.new' | 'conversation.assigned' | 'note.mentioned'
    brand_id: string
    conversation_id: string
    recipient_id: string | null
    actor_id: string | null
    preview: string | null
    created_at: number
  }
  // Telling people of messages (migration 0020).
  person_notification_settings: {
    account_id: string
    show_previews: number
    email: string | null
    email_confirmed_at: number | null
    email_enabled: number
    quiet_start_min: number | null
    quiet_end_min: number | null
    time_zone: string
    email_last_sent_at: number | null
  }
  person_streams: { account_id: string; node_id: string; open_until: number }
  pending_person_notifications: { id: string; recipient_id: string; conversation_id: string; message_id: string; created_at: number }
  person_email_waits: { account_id: string; since: number }
  // Identity verification (migration 0022).
  identity_secrets: {
    brand_id: string
    sealed_secret: string
    created_at: number
  }
  visitor_identities: {
    brand_id: string
    user_id: string
    visitor_id: string
    created_at: number
  }
  /** PostgreSQL only (migration 0002): one row, id 1, the last event cursor handed out. */
  event_cursor: { id: number; value: number }
  // Chunked media uploads (migration 0006).
  media_uploads: {
    id: string
    owner_account_id: string
    media_type: string
    kind: 'image' | 'gif' | 'video'
    total_bytes: number
    shared: number
    state: 'pending' | 'processing' | 'succeeded' | 'failed'
    error: string | null
    created_at: number
    expires_at: number
  }
  // The team inbox (migration 0010).
  inbox_conversations: {
    brand_id: string
    conversation_id: string
    customer_id: string | null
    customer_kind: 'person' | 'visitor' | 'brand' | 'group'
    source: string | null
    status: 'open' | 'pending' | 'snoozed' | 'resolved'
    snoozed_until: number | null
    assignee_id: string | null
    waiting_since: number | null
    last_customer_seq: number
    last_customer_at: number | null
    last_answered_at: number | null
    last_answered_by: string | null
    customer_active_at: number
    read_baseline_seq: number
    /** JSON array of label ids (migration 0015). */
    label_ids: string
    created_at: number
    updated_at: number
  }
  // Labels (migration 0015).
  labels: { id: string; brand_id: string; name: string; colour: string; created_at: number; updated_at: number }
  inbox_labels: { brand_id: string; conversation_id: string; label_id: string }
  inbox_readers: { brand_id: string; conversation_id: string; member_id: string; last_read_seq: number; marked_unread: number }
  inbox_notes: {
    id: string
    brand_id: string
    conversation_id: string
    kind: 'note' | 'activity'
    author_id: string | null
    text: string
    mentions: string
    activity: string | null
    created_at: number
  }
  // Team inbox settings and satisfaction surveys (migration 0014).
  inbox_settings: { brand_id: string; survey: string; assignment: string; updated_at: number }
  inbox_members: { brand_id: string; member_id: string; availability: 'online' | 'away' | 'offline'; capacity: number; last_assigned_at: number | null }
  // Whether members of teams are there (migration 0018).
  team_presence: { account_id: string; present_until: number | null }
  inbox_surveys: {
    id: string
    brand_id: string
    conversation_id: string
    message_id: string
    sent_at: number
    rating: number | null
    rated_at: number | null
    comment: string | null
  }
  media_upload_segments: { upload_id: string; segment_index: number; size_bytes: number; segment_key: string; created_at: number }
  /** People search (migration 0017): each discoverable account under each word of its name and its handle, folded. */
  people_search: { account_id: string; word: string }
  /** How fast each brand answers, per day and bucket (migration 0023). */
  brand_reply_times: { brand_id: string; day: number; bucket: string; answers: number }
  // Collections (migration 0025).
  collections: {
    id: string
    curator_id: string
    title: string
    description: string
    contribution_mode: 'open' | 'approval'
    indexable: number
    created_at: number
    updated_at: number
    hidden_at: number | null
    hidden_reason: string | null
  }
  collection_sections: { id: string; collection_id: string; title: string; position: number; created_at: number }
  collection_items: {
    id: string
    collection_id: string
    section_id: string | null
    position: number
    kind: 'image' | 'file' | 'link' | 'text'
    status: 'published' | 'pending' | 'declined'
    author_id: string
    added_by: string
    title: string | null
    text: string | null
    url: string | null
    site_name: string | null
    media_id: string | null
    created_at: number
    decided_at: number | null
    decided_by: string | null
    hidden_at: number | null
    hidden_reason: string | null
    /** When the author of a hidden item asked for a review (migration 0028). */
    review_requested_at: number | null
  }
  /** Moderation (migration 0026): each brand's audit log, approvals, setting, and the customer messages its team hid. */
  moderation_audit: {
    id: string; brand_id: string; actor_id: string | null; action: string; subject_kind: string; subject_id: string
    person_id: string | null; reason: string; approval_id: string | null; reverses_id: string | null; at: number
  }
  moderation_approvals: {
    id: string; brand_id: string; kind: string; subject_kind: string; subject_id: string; person_id: string | null; reason: string
    /** JSON object. */
    payload: string
    requested_by: string; requested_at: number; expires_at: number; status: string
    decided_by: string | null; decided_at: number | null; decision_reason: string | null
  }
  moderation_settings: { brand_id: string; second_approval: number; updated_at: number }
  message_moderations: { message_id: string; brand_id: string; conversation_id: string; reason: string; hidden_at: number; review_requested_at: number | null }
  // Public discussions (migration 0024).
  discussions: {
    id: string
    starter_id: string
    created_by: string
    title: string
    indexable: number
    closed_at: number | null
    closed_reason: string | null
    closed_by: string | null
    post_count: number
    participant_count: number
    created_at: number
    last_post_at: number
  }
  discussion_members: { discussion_id: string; account_id: string; status: 'starter' | 'participant' | 'requested' | 'removed'; added_by: string | null; at: number; reason: string | null }
  // Continue in private (migration 0027).
  discussion_continuations: { brand_id: string; post_id: string; discussion_id: string; conversation_id: string; message_id: string; reply_post_id: string; by: string; at: number }
  discussion_posts: {
    id: string
    discussion_id: string
    seq: number
    author_id: string
    sent_by: string | null
    text: string
    entities: string
    quote_post_id: string | null
    media_id: string | null
    created_at: number
    hidden_at: number | null
    hidden_reason: string | null
    hidden_by: string | null
    review_requested_at: number | null
  }
}
