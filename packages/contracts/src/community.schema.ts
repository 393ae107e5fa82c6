import { z } from 'zod';

/** Community (issue 8): forum, ideas, groups, events. Shared by the server and the web app. */

export const pseudonymSchema = z
  .string()
  .trim()
  .min(3, 'Le pseudonyme doit comporter au moins 3 caractères.')
  .max(30, 'Le pseudonyme comporte au plus 30 caractères.')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}_.-]*$/u, 'Lettres, chiffres, « _ », « . » et « - » uniquement, sans espace.');

export const postBodySchema = z.string().trim().min(2, 'Votre message est vide.').max(20_000, 'Votre message dépasse 20 000 caractères.');
export const topicTitleSchema = z.string().trim().min(8, 'Le titre doit comporter au moins 8 caractères.').max(150);

/** A topic can belong to an external object (a co-financing project…): one topic per subject. */
export const subjectSchema = z.object({
  type: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/, 'Type de sujet invalide.'),
  id: z.string().min(1).max(100),
});
export type TopicSubject = z.infer<typeof subjectSchema>;

export const createTopicSchema = z.object({
  categorySlug: z.string().min(1).max(60),
  title: topicTitleSchema,
  body: postBodySchema,
  kind: z.enum(['question', 'discussion']).default('question'),
  groupSlug: z.string().max(60).optional(),
  subject: subjectSchema.optional(),
});
export type CreateTopicRequest = z.input<typeof createTopicSchema>;

export const createPostSchema = z.object({ body: postBodySchema, replyToPostId: z.string().uuid().optional() });
export const editPostSchema = z.object({ body: postBodySchema });
export const flagSchema = z.object({
  reason: z.enum(['insult', 'spam', 'personal_data', 'off_topic', 'illegal', 'other']),
  note: z.string().trim().max(500).optional(),
});
export const joinSchema = z.object({ pseudonym: pseudonymSchema });
export const memberPreferencesSchema = z.object({ digest: z.enum(['daily', 'off']).optional(), pseudonym: pseudonymSchema.optional() });

export const prospectSignupSchema = z.object({
  email: z.string().trim().toLowerCase().email('Adresse e-mail invalide.').max(254),
  password: z.string().min(12, 'Choisissez un mot de passe d’au moins 12 caractères.').max(200),
  pseudonym: pseudonymSchema,
  acceptRules: z.literal(true, { error: 'Acceptez les règles de la communauté pour continuer.' }),
});
export const prospectLoginSchema = z.object({ email: z.string().trim().toLowerCase().max(254), password: z.string().min(1).max(200) });

export const moderationDecisionSchema = z.object({
  decision: z.enum(['publish', 'keep_hidden', 'delete', 'dismiss_flags']),
  note: z.string().trim().max(500).optional(),
  /** Silence the author for this many days (repeated insults, spam). */
  silenceDays: z.number().int().min(1).max(365).optional(),
});

export const IDEA_STATUSES = ['new', 'under_review', 'planned', 'in_progress', 'launched', 'declined', 'already_exists'] as const;
export type IdeaStatus = (typeof IDEA_STATUSES)[number];
export const createIdeaSchema = z.object({ title: topicTitleSchema, body: postBodySchema });
export const ideaStatusSchema = z.object({
  status: z.enum(IDEA_STATUSES),
  /** The official response every status change carries; voters receive it. */
  response: z.string().trim().min(10, 'La réponse officielle doit comporter au moins 10 caractères.').max(5000),
  /** already_exists: the idea this one duplicates (votes carried over). */
  mergeIntoId: z.string().uuid().optional(),
  /** launched: what changed for the clients. */
  whatChanged: z.string().trim().max(2000).optional(),
});

export const createGroupSchema = z.object({
  name: z.string().trim().min(3).max(80),
  description: z.string().trim().max(2000).default(''),
  kind: z.enum(['interest', 'segment']).default('interest'),
  visibility: z.enum(['open', 'invitation']).default('open'),
});
export const announcementSchema = z.object({ title: topicTitleSchema, body: postBodySchema });
export const inviteSchema = z.object({ pseudonym: z.string().trim().min(1).max(30) });

export const createEventSchema = z
  .object({
    title: z.string().trim().min(5).max(150),
    description: z.string().trim().max(10_000).default(''),
    startsAt: z.string().datetime({ offset: true }),
    endsAt: z.string().datetime({ offset: true }),
    streamUrl: z.string().url().startsWith('https://', 'Le lien du direct doit commencer par https://').optional(),
    groupSlug: z.string().max(60).optional(),
  })
  .refine((e) => new Date(e.endsAt) > new Date(e.startsAt), { message: 'La fin doit suivre le début.', path: ['endsAt'] });
export const updateEventSchema = z.object({
  status: z.enum(['scheduled', 'live', 'ended', 'cancelled']).optional(),
  streamUrl: z.string().url().startsWith('https://').nullable().optional(),
  replayUrl: z.string().url().startsWith('https://').nullable().optional(),
});
export const eventQuestionSchema = z.object({ body: z.string().trim().min(5, 'Votre question est trop courte.').max(1000) });
export const eventAnswerSchema = z.object({ answer: z.string().trim().min(2).max(5000) });

// ---- what the API returns ----

export interface CommunityAuthor {
  /** "member" or "staff": a staff author is shown as "Conseiller officiel" with their first name. */
  kind: 'member' | 'staff';
  name: string;
  memberId: string | null;
  trustLevel: number | null;
  isAmbassador: boolean;
  badges: string[];
}

export interface CommunityMe {
  kind: 'anonymous' | 'client' | 'prospect' | 'staff';
  /** Set when signed in as a client who has not chosen a pseudonym yet. */
  needsPseudonym: boolean;
  /** Staff signed in as well as a member: may post as "Conseiller officiel". */
  canActAsStaff: boolean;
  staffName: string | null;
  csrfToken: string | null;
  member: {
    id: string;
    pseudonym: string;
    trustLevel: number;
    trustLabel: string;
    reputation: number;
    isAmbassador: boolean;
    badges: string[];
    digest: 'daily' | 'off';
    abilities: { flag: boolean; editWiki: boolean };
  } | null;
  unreadNotifications: number;
  suggestedPseudonym: string | null;
}

export interface CategoryView {
  id: string;
  slug: string;
  name: string;
  description: string;
  kind: 'forum' | 'ideas';
  topicCount: number;
  following: boolean;
}

export interface TopicListItem {
  id: string;
  slug: string;
  title: string;
  kind: 'question' | 'discussion' | 'idea' | 'announcement';
  url: string;
  category: { slug: string; name: string };
  author: CommunityAuthor;
  replyCount: number;
  solved: boolean;
  pinned: boolean;
  lastPostedAt: string;
  createdAt: string;
  excerpt: string;
}

export interface PostView {
  id: string;
  number: number;
  author: CommunityAuthor;
  html: string;
  /** The stored Markdown, for quoting and editing (personal data already masked). */
  markdown: string;
  status: 'published' | 'held' | 'hidden' | 'deleted';
  heldReason: string | null;
  maskedTypes: string[];
  isWiki: boolean;
  voteCount: number;
  votedByMe: boolean;
  accepted: boolean;
  createdAt: string;
  editedAt: string | null;
  canEdit: boolean;
  canFlag: boolean;
}

export interface TopicView extends TopicListItem {
  status: 'published' | 'held' | 'hidden' | 'deleted';
  acceptedPostId: string | null;
  following: boolean;
  canAccept: boolean;
  canReply: boolean;
  posts: PostView[];
  group: { slug: string; name: string } | null;
  subject: TopicSubject | null;
  escalated: boolean;
}

export interface PostOutcome {
  post: PostView;
  /** What happened to the text, told to the author in words. */
  notices: { kind: 'masked' | 'held'; message: string }[];
}

export interface NotificationView {
  id: string;
  kind: string;
  text: string;
  url: string;
  createdAt: string;
  read: boolean;
}

export interface IdeaListItem {
  id: string;
  title: string;
  url: string;
  status: IdeaStatus;
  voteCount: number;
  votedByMe: boolean;
  commentCount: number;
  author: CommunityAuthor;
  createdAt: string;
  mergedInto: { id: string; title: string; url: string } | null;
  excerpt: string;
}

export interface IdeaView extends IdeaListItem {
  html: string;
  whatChanged: string | null;
  history: { from: IdeaStatus; to: IdeaStatus; responseHtml: string; staffName: string; at: string }[];
  topicId: string;
}

export interface ProjectsReport {
  contributions: { ideas: number; comments: number; votes: number; members: number };
  byStatus: Record<IdeaStatus, number>;
  launched: { id: string; title: string; url: string; whatChanged: string | null; launchedAt: string | null; voteCount: number }[];
  planned: { id: string; title: string; url: string; status: IdeaStatus; voteCount: number }[];
}

export interface GroupView {
  id: string;
  slug: string;
  name: string;
  description: string;
  kind: 'interest' | 'segment';
  visibility: 'open' | 'invitation';
  memberCount: number;
  isMember: boolean;
  invited: boolean;
}

export interface EventView {
  id: string;
  slug: string;
  title: string;
  descriptionHtml: string;
  startsAt: string;
  endsAt: string;
  status: 'scheduled' | 'live' | 'ended' | 'cancelled';
  /** Shown to registered members (and staff) only. */
  streamUrl: string | null;
  replayUrl: string | null;
  registrationCount: number;
  registered: boolean;
  group: { slug: string; name: string } | null;
}

export interface EventQuestionView {
  id: string;
  body: string;
  author: string;
  mine: boolean;
  status: 'visible' | 'held' | 'hidden';
  heldReason: string | null;
  voteCount: number;
  votedByMe: boolean;
  answerHtml: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
  createdAt: string;
}

export interface ModerationItemView {
  id: string;
  reason: 'insult' | 'new_member' | 'flags' | 'personal_data' | 'links';
  detail: string;
  createdAt: string;
  post: { id: string; html: string; status: string; heldReason: string | null; maskedTypes: string[]; createdAt: string };
  topic: { id: string; title: string; url: string };
  author: { memberId: string | null; pseudonym: string; trustLevel: number | null; silencedUntil: string | null };
  flags: { reason: string; note: string | null; by: string; at: string }[];
  /** The rule this decision falls under, shown beside the buttons. */
  policy: string;
}
