import type { ColumnType } from 'kysely';

// The community's own tables (migrations 0040-0042), typed here rather than in the shared
// db.types.ts, and declared into the DB interface below.
type Ts = ColumnType<Date, Date | string, Date | string>;
type DefaultedTs = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTs = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Opt<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Json<T> = ColumnType<T, string | undefined, string>;

export type ContentStatus = 'published' | 'held' | 'hidden' | 'deleted';
export type TopicKind = 'question' | 'discussion' | 'idea' | 'announcement';
export type IdeaStatus = 'new' | 'under_review' | 'planned' | 'in_progress' | 'launched' | 'declined' | 'already_exists';
export type FlagReason = 'insult' | 'spam' | 'personal_data' | 'off_topic' | 'illegal' | 'other';
export type ModerationReason = 'insult' | 'new_member' | 'flags' | 'personal_data' | 'links';

export interface CommunitySettingsTable {
  bank_id: string;
  settings: Json<unknown>;
  updated_at: DefaultedTs;
}

export interface CommunityProspectsTable {
  id: string;
  bank_id: string;
  email: string;
  password_hash: string;
  email_verified_at: NullableTs;
  status: Defaulted<'active' | 'disabled'>;
  failed_login_count: Defaulted<number>;
  locked_until: NullableTs;
  created_at: DefaultedTs;
}

export interface CommunityProspectSessionsTable {
  token_hash: string;
  prospect_id: string;
  bank_id: string;
  csrf_token: string;
  created_at: DefaultedTs;
  last_seen_at: DefaultedTs;
  expires_at: Ts;
}

export interface CommunityEmailVerificationsTable {
  token_hash: string;
  prospect_id: string;
  bank_id: string;
  expires_at: Ts;
  used_at: NullableTs;
  created_at: DefaultedTs;
}

export interface CommunityMembersTable {
  id: string;
  bank_id: string;
  kind: 'client' | 'prospect';
  client_id: Opt<string>;
  prospect_id: Opt<string>;
  pseudonym: string;
  pseudonym_key: string;
  email: Opt<string>;
  trust_level: Defaulted<number>;
  trust_level_manual: Defaulted<boolean>;
  reputation: Defaulted<number>;
  approved_posts: Defaulted<number>;
  accepted_answers: Defaulted<number>;
  is_ambassador: Defaulted<boolean>;
  ambassador_since: NullableTs;
  silenced_until: NullableTs;
  digest: Defaulted<'daily' | 'off'>;
  last_digest_at: NullableTs;
  created_at: DefaultedTs;
}

export interface CommunityBadgesTable {
  member_id: string;
  badge: string;
  granted_at: DefaultedTs;
}

export interface CommunityCategoriesTable {
  id: string;
  bank_id: string;
  slug: string;
  name: string;
  description: Defaulted<string>;
  position: Defaulted<number>;
  kind: Defaulted<'forum' | 'ideas'>;
  created_at: DefaultedTs;
}

export interface CommunityGroupsTable {
  id: string;
  bank_id: string;
  slug: string;
  name: string;
  description: Defaulted<string>;
  kind: Defaulted<'interest' | 'segment'>;
  visibility: Defaulted<'open' | 'invitation'>;
  created_at: DefaultedTs;
}

export interface CommunityGroupMembersTable {
  group_id: string;
  member_id: string;
  joined_at: DefaultedTs;
}

export interface CommunityGroupInvitationsTable {
  group_id: string;
  member_id: string;
  invited_by: Opt<string>;
  created_at: DefaultedTs;
}

export interface CommunityTopicsTable {
  id: string;
  bank_id: string;
  category_id: string;
  group_id: Opt<string>;
  kind: TopicKind;
  slug: string;
  title: string;
  author_member_id: Opt<string>;
  author_staff_id: Opt<string>;
  status: Defaulted<ContentStatus>;
  pinned: Defaulted<boolean>;
  accepted_post_id: Opt<string>;
  reply_count: Defaulted<number>;
  answered_at: NullableTs;
  last_posted_at: Ts;
  subject_type: Opt<string>;
  subject_id: Opt<string>;
  escalated_at: NullableTs;
  search_vector: string;
  created_at: Ts;
  updated_at: DefaultedTs;
}

export interface CommunityPostsTable {
  id: string;
  bank_id: string;
  topic_id: string;
  number: number;
  author_member_id: Opt<string>;
  author_staff_id: Opt<string>;
  author_staff_name: Opt<string>;
  body_md: string;
  body_html: string;
  status: Defaulted<ContentStatus>;
  held_reason: Opt<string>;
  masked_types: Json<string[]>;
  is_wiki: Defaulted<boolean>;
  vote_count: Defaulted<number>;
  reply_to_post_id: Opt<string>;
  external_key: Opt<string>;
  search_vector: string;
  created_at: Ts;
  published_at: NullableTs;
  edited_at: NullableTs;
  edited_by: Opt<string>;
}

export interface CommunityPostVotesTable {
  post_id: string;
  member_id: string;
  created_at: DefaultedTs;
}

export interface CommunityFollowsTable {
  member_id: string;
  target_type: 'topic' | 'category';
  target_id: string;
  created_at: DefaultedTs;
}

export interface CommunityUploadsTable {
  id: string;
  bank_id: string;
  member_id: Opt<string>;
  staff_id: Opt<string>;
  content_type: string;
  size_bytes: number;
  data: Uint8Array;
  created_at: DefaultedTs;
}

export interface CommunityFlagsTable {
  id: string;
  bank_id: string;
  post_id: string;
  member_id: string;
  reason: FlagReason;
  note: Opt<string>;
  created_at: DefaultedTs;
  resolved_at: NullableTs;
}

export interface CommunityModerationItemsTable {
  id: string;
  bank_id: string;
  post_id: string;
  reason: ModerationReason;
  detail: Defaulted<string>;
  status: Defaulted<'open' | 'resolved'>;
  decision: Opt<string>;
  decided_by: Opt<string>;
  decided_at: NullableTs;
  created_at: DefaultedTs;
}

export interface CommunityNotificationsTable {
  id: string;
  bank_id: string;
  member_id: string;
  kind: string;
  text: string;
  url: string;
  created_at: DefaultedTs;
  read_at: NullableTs;
  emailed_at: NullableTs;
}

export interface CommunityIdeasTable {
  topic_id: string;
  bank_id: string;
  status: Defaulted<IdeaStatus>;
  vote_count: Defaulted<number>;
  merged_into_topic_id: Opt<string>;
  what_changed: Opt<string>;
  status_changed_at: DefaultedTs;
  launched_at: NullableTs;
  created_at: DefaultedTs;
}

export interface CommunityIdeaVotesTable {
  topic_id: string;
  member_id: string;
  created_at: DefaultedTs;
}

export interface CommunityIdeaStatusChangesTable {
  id: string;
  bank_id: string;
  topic_id: string;
  from_status: IdeaStatus;
  to_status: IdeaStatus;
  response_md: string;
  response_html: string;
  staff_id: Opt<string>;
  staff_name: string;
  created_at: DefaultedTs;
}

export interface CommunityEventsTable {
  id: string;
  bank_id: string;
  group_id: Opt<string>;
  slug: string;
  title: string;
  description_md: Defaulted<string>;
  description_html: Defaulted<string>;
  starts_at: Ts;
  ends_at: Ts;
  stream_url: Opt<string>;
  replay_url: Opt<string>;
  status: Defaulted<'scheduled' | 'live' | 'ended' | 'cancelled'>;
  created_by: Opt<string>;
  created_at: DefaultedTs;
}

export interface CommunityEventRegistrationsTable {
  event_id: string;
  member_id: string;
  registered_at: DefaultedTs;
  reminded_day_at: NullableTs;
  reminded_hour_at: NullableTs;
}

export interface CommunityEventQuestionsTable {
  id: string;
  bank_id: string;
  event_id: string;
  member_id: string;
  body: string;
  status: Defaulted<'visible' | 'held' | 'hidden'>;
  held_reason: Opt<string>;
  masked_types: Json<string[]>;
  vote_count: Defaulted<number>;
  answer_md: Opt<string>;
  answer_html: Opt<string>;
  answered_by: Opt<string>;
  answered_by_name: Opt<string>;
  answered_at: NullableTs;
  created_at: DefaultedTs;
}

export interface CommunityEventQuestionVotesTable {
  question_id: string;
  member_id: string;
  created_at: DefaultedTs;
}

declare module '../../platform/db/db.types.ts' {
  interface DB {
    community_settings: CommunitySettingsTable;
    community_prospects: CommunityProspectsTable;
    community_prospect_sessions: CommunityProspectSessionsTable;
    community_email_verifications: CommunityEmailVerificationsTable;
    community_members: CommunityMembersTable;
    community_badges: CommunityBadgesTable;
    community_categories: CommunityCategoriesTable;
    community_groups: CommunityGroupsTable;
    community_group_members: CommunityGroupMembersTable;
    community_group_invitations: CommunityGroupInvitationsTable;
    community_topics: CommunityTopicsTable;
    community_posts: CommunityPostsTable;
    community_post_votes: CommunityPostVotesTable;
    community_follows: CommunityFollowsTable;
    community_uploads: CommunityUploadsTable;
    community_flags: CommunityFlagsTable;
    community_moderation_items: CommunityModerationItemsTable;
    community_notifications: CommunityNotificationsTable;
    community_ideas: CommunityIdeasTable;
    community_idea_votes: CommunityIdeaVotesTable;
    community_idea_status_changes: CommunityIdeaStatusChangesTable;
    community_events: CommunityEventsTable;
    community_event_registrations: CommunityEventRegistrationsTable;
    community_event_questions: CommunityEventQuestionsTable;
    community_event_question_votes: CommunityEventQuestionVotesTable;
  }
}
