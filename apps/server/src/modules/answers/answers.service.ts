import { randomUUID } from 'node:crypto';
import type {
  Answer,
  AnswerDetail,
  AnswerInput,
  AnswerState,
  AnswerSuggestionsResponse,
  AnswerVersion,
} from '@agora/contracts/answers.schema.ts';
import { answerInputSchema } from '@agora/contracts/answers.schema.ts';
import type { Role } from '@agora/contracts/common.schema.ts';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import type { DB } from '../../platform/db/db.types.ts';
import { visibleConversation } from '../conversations/conversation.service.ts';
import { EXPOSED_TYPES } from '../moderation/exposed-data.worker.ts';
import { firstNameOf, renderAnswer } from './answer-variables.ts';
import { answerNotFound, answerNotOffered, answerSelfApproval, answerWrongState } from './answers.errors.ts';
import { type AnswersDB, withAnswers } from './answers.tables.ts';

export const ANSWER_WRITERS: readonly Role[] = ['community_manager', 'supervisor', 'compliance', 'admin'];
export const ANSWER_APPROVERS: readonly Role[] = ['compliance', 'supervisor', 'admin'];

const VERSION_COLUMNS = [
  'v.answer_id',
  'v.version',
  'v.title',
  'v.body',
  'v.language',
  'v.channels',
  'v.intents',
  'v.tags',
  'v.valid_from',
  'v.valid_until',
  'v.pinned',
  'v.state',
  'v.author_id',
  'author.display_name as author_name',
  'v.created_at',
  'v.approved_by',
  'approver.display_name as approver_name',
  'v.approved_at',
  'v.published_at',
  'v.review_comment',
] as const;

function versionsQuery(db: Kysely<AnswersDB> | Transaction<AnswersDB>) {
  return db
    .selectFrom('answer_versions as v')
    .leftJoin('staff_users as author', 'author.id', 'v.author_id')
    .leftJoin('staff_users as approver', 'approver.id', 'v.approved_by')
    .select(VERSION_COLUMNS);
}
type VersionRow = Awaited<ReturnType<ReturnType<typeof versionsQuery>['execute']>>[number];

const iso = (d: Date | null) => (d ? d.toISOString() : null);
function toVersion(r: VersionRow): AnswerVersion {
  return {
    version: r.version,
    title: r.title,
    body: r.body,
    language: r.language,
    channels: r.channels as AnswerVersion['channels'],
    intents: r.intents,
    tags: r.tags,
    validFrom: iso(r.valid_from),
    validUntil: iso(r.valid_until),
    pinned: r.pinned,
    state: r.state,
    author: r.author_id ? { id: r.author_id, displayName: r.author_name ?? '' } : null,
    createdAt: r.created_at.toISOString(),
    approvedBy: r.approved_by ? { id: r.approved_by, displayName: r.approver_name ?? '' } : null,
    approvedAt: iso(r.approved_at),
    publishedAt: iso(r.published_at),
    reviewComment: r.review_comment,
  };
}

/** Published and inside its validity dates at `now`: only such a version is ever offered. */
export function isOffered(v: { state: AnswerState; validFrom: string | null; validUntil: string | null }, now: Date): boolean {
  if (v.state !== 'published') return false;
  if (v.validFrom && new Date(v.validFrom) > now) return false;
  return !(v.validUntil && new Date(v.validUntil) <= now);
}

const actorLabel = (p: StaffPrincipal) => `${p.displayName} (${p.role})`;
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

function versionValues(input: ReturnType<typeof answerInputSchema.parse>) {
  return {
    title: input.title,
    body: input.body,
    language: input.language,
    channels: JSON.stringify(input.channels),
    intents: JSON.stringify(input.intents),
    tags: JSON.stringify(input.tags.map((t) => t.toLowerCase())),
    valid_from: input.validFrom,
    valid_until: input.validUntil,
    pinned: input.pinned,
  };
}

export function createAnswersService(deps: AppDeps) {
  const db = withAnswers(deps.database.db);

  async function load(bankId: string, ids?: string[]): Promise<AnswerDetail[]> {
    let q = db
      .selectFrom('answers')
      .leftJoin('staff_users as owner', 'owner.id', 'answers.owner_id')
      .select([
        'answers.id',
        'answers.owner_id',
        'owner.display_name as owner_name',
        'answers.latest_version',
        'answers.published_version',
        'answers.usage_count',
        'answers.updated_at',
      ])
      .where('answers.bank_id', '=', bankId)
      .where('answers.archived_at', 'is', null);
    if (ids) q = q.where('answers.id', 'in', ids.length ? ids : ['00000000-0000-0000-0000-000000000000']);
    const answers = await q.orderBy('answers.updated_at', 'desc').execute();
    if (answers.length === 0) return [];
    const versions = await versionsQuery(db)
      .where(
        'v.answer_id',
        'in',
        answers.map((a) => a.id),
      )
      .orderBy('v.version', 'desc')
      .execute();
    const now = new Date();
    return answers.map((a) => {
      const mine = versions.filter((v) => v.answer_id === a.id).map(toVersion);
      const latest = mine.find((v) => v.version === a.latest_version) ?? mine[0]!;
      const published = mine.find((v) => v.version === a.published_version) ?? null;
      return {
        id: a.id,
        owner: a.owner_id ? { id: a.owner_id, displayName: a.owner_name ?? '' } : null,
        usageCount: a.usage_count,
        latest,
        published,
        offered: published !== null && isOffered(published, now),
        updatedAt: a.updated_at.toISOString(),
        versions: mine,
      };
    });
  }

  async function get(p: StaffPrincipal, id: string): Promise<AnswerDetail> {
    const [answer] = await load(p.bankId, [id]);
    if (!answer) throw answerNotFound();
    return answer;
  }

  async function list(p: StaffPrincipal, q: { search?: string; state?: AnswerState; language?: 'fr' | 'en' }): Promise<Answer[]> {
    const all = await load(p.bankId);
    const needle = q.search ? fold(q.search) : null;
    return all
      .filter((a) => !q.state || a.latest.state === q.state || a.published?.state === q.state)
      .filter((a) => !q.language || a.latest.language === q.language)
      .filter((a) => !needle || fold(`${a.latest.title} ${a.latest.body} ${a.latest.tags.join(' ')}`).includes(needle))
      .map(({ versions: _versions, ...a }) => a);
  }

  /** Runs a state change on the answer's newest version, row-locked, audited in the same transaction. */
  async function change(
    p: StaffPrincipal,
    id: string,
    work: (
      tx: Transaction<AnswersDB>,
      answer: { latest_version: number; published_version: number | null; owner_id: string | null },
    ) => Promise<{ action: string; details?: Record<string, unknown> }>,
  ) {
    await db.transaction().execute(async (tx) => {
      const answer = await tx
        .selectFrom('answers')
        .select(['id', 'latest_version', 'published_version', 'owner_id'])
        .where('id', '=', id)
        .where('bank_id', '=', p.bankId)
        .where('archived_at', 'is', null)
        .forUpdate()
        .executeTakeFirst();
      if (!answer) throw answerNotFound();
      const { action, details } = await work(tx, answer);
      await tx.updateTable('answers').set({ updated_at: new Date() }).where('id', '=', id).execute();
      await appendAudit(tx as unknown as Transaction<DB>, {
        bankId: p.bankId,
        actorId: p.userId,
        actorLabel: actorLabel(p),
        action,
        targetType: 'answer',
        targetId: id,
        details: details ?? {},
      });
    });
    return get(p, id);
  }

  async function latestVersion(tx: Transaction<AnswersDB>, id: string, version: number) {
    return tx
      .selectFrom('answer_versions')
      .select(['state', 'author_id'])
      .where('answer_id', '=', id)
      .where('version', '=', version)
      .executeTakeFirstOrThrow();
  }

  async function create(p: StaffPrincipal, raw: AnswerInput, options: { seedKey?: string } = {}): Promise<AnswerDetail> {
    const input = answerInputSchema.parse(raw);
    const id = randomUUID();
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('answers')
        .values({ id, bank_id: p.bankId, owner_id: p.userId, seed_key: options.seedKey ?? null })
        .execute();
      await tx
        .insertInto('answer_versions')
        .values({ answer_id: id, version: 1, ...versionValues(input), state: 'draft', author_id: p.userId })
        .execute();
      await appendAudit(tx as unknown as Transaction<DB>, {
        bankId: p.bankId,
        actorId: p.userId,
        actorLabel: actorLabel(p),
        action: 'answer.created',
        targetType: 'answer',
        targetId: id,
        details: { version: 1, title: input.title },
      });
    });
    return get(p, id);
  }

  /** Each edit is a new draft version; the published one stays offered until its successor is published. */
  function edit(p: StaffPrincipal, id: string, raw: AnswerInput) {
    const input = answerInputSchema.parse(raw);
    return change(p, id, async (tx, answer) => {
      const version = answer.latest_version + 1;
      // An older version still under review can no longer be approved: only the newest counts.
      await tx
        .updateTable('answer_versions')
        .set({ state: 'superseded' })
        .where('answer_id', '=', id)
        .where('state', 'in', ['draft', 'submitted', 'approved', 'rejected'])
        .execute();
      await tx
        .insertInto('answer_versions')
        .values({ answer_id: id, version, ...versionValues(input), state: 'draft', author_id: p.userId })
        .execute();
      await tx.updateTable('answers').set({ latest_version: version }).where('id', '=', id).execute();
      return { action: 'answer.edited', details: { version, title: input.title } };
    });
  }

  function submit(p: StaffPrincipal, id: string) {
    return change(p, id, async (tx, answer) => {
      const v = await latestVersion(tx, id, answer.latest_version);
      if (v.state !== 'draft' && v.state !== 'rejected') throw answerWrongState('brouillon ou refusée');
      await tx
        .updateTable('answer_versions')
        .set({ state: 'submitted', submitted_at: new Date() })
        .where('answer_id', '=', id)
        .where('version', '=', answer.latest_version)
        .execute();
      return { action: 'answer.submitted', details: { version: answer.latest_version } };
    });
  }

  /** Four-eyes: a compliance officer, supervisor or admin who did not write this version. */
  function approve(p: StaffPrincipal, id: string, comment?: string) {
    return change(p, id, async (tx, answer) => {
      const v = await latestVersion(tx, id, answer.latest_version);
      if (v.state !== 'submitted') throw answerWrongState('soumise');
      if (v.author_id === p.userId) throw answerSelfApproval();
      await tx
        .updateTable('answer_versions')
        .set({ state: 'approved', approved_by: p.userId, approved_at: new Date(), review_comment: comment ?? null })
        .where('answer_id', '=', id)
        .where('version', '=', answer.latest_version)
        .execute();
      return { action: 'answer.approved', details: { version: answer.latest_version, author: v.author_id } };
    });
  }

  function reject(p: StaffPrincipal, id: string, comment?: string) {
    return change(p, id, async (tx, answer) => {
      const v = await latestVersion(tx, id, answer.latest_version);
      if (v.state !== 'submitted') throw answerWrongState('soumise');
      if (v.author_id === p.userId) throw answerSelfApproval();
      await tx
        .updateTable('answer_versions')
        .set({ state: 'rejected', review_comment: comment ?? null })
        .where('answer_id', '=', id)
        .where('version', '=', answer.latest_version)
        .execute();
      return { action: 'answer.rejected', details: { version: answer.latest_version, comment: comment ?? null } };
    });
  }

  function publish(p: StaffPrincipal, id: string) {
    return change(p, id, async (tx, answer) => {
      const v = await latestVersion(tx, id, answer.latest_version);
      if (v.state !== 'approved') throw answerWrongState('approuvée');
      if (answer.published_version !== null) {
        await tx
          .updateTable('answer_versions')
          .set({ state: 'superseded' })
          .where('answer_id', '=', id)
          .where('version', '=', answer.published_version)
          .execute();
      }
      await tx
        .updateTable('answer_versions')
        .set({ state: 'published', published_at: new Date() })
        .where('answer_id', '=', id)
        .where('version', '=', answer.latest_version)
        .execute();
      await tx.updateTable('answers').set({ published_version: answer.latest_version }).where('id', '=', id).execute();
      return { action: 'answer.published', details: { version: answer.latest_version, previous: answer.published_version } };
    });
  }

  async function archive(p: StaffPrincipal, id: string) {
    await change(p, id, async (tx) => {
      await tx.updateTable('answers').set({ archived_at: new Date() }).where('id', '=', id).execute();
      return { action: 'answer.archived' };
    }).catch((error) => {
      // get() after archiving finds nothing: the archive itself committed.
      if ((error as { code?: string }).code !== 'answer_not_found') throw error;
    });
  }

  /**
   * Published, valid answers for the conversation's channel and language: pinned first (crisis
   * holding statements), then those made for the latest inbound message's intent, then those
   * sharing the conversation's tags, then the most used.
   */
  async function suggestions(p: StaffPrincipal, conversationId: string): Promise<AnswerSuggestionsResponse> {
    const conv = await visibleConversation(deps, p, conversationId);
    const reading = await db.selectFrom('conversations').select(['language', 'intent']).where('id', '=', conv.id).executeTakeFirstOrThrow();
    const language = reading.language === 'en' ? 'en' : 'fr';
    const intent = reading.intent ?? null;
    const tags = (await db.selectFrom('conversation_tags').select(['tag']).where('conversation_id', '=', conv.id).execute()).map(
      (t) => t.tag,
    );
    // Rule 3: when the person exposed personal data in public, the invitation to the secure
    // space (answers tagged donnees-personnelles) is proposed first.
    const latest = await deps.database.db
      .selectFrom('messages')
      .select(['pii', 'visibility'])
      .where('conversation_id', '=', conv.id)
      .where('direction', '=', 'inbound')
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    const latestPii = (typeof latest?.pii === 'string' ? JSON.parse(latest.pii) : (latest?.pii ?? [])) as { type: string }[];
    const personalDataExposed =
      latest?.visibility === 'public' && latestPii.some((span) => (EXPOSED_TYPES as readonly string[]).includes(span.type));
    const now = new Date();
    const rows = await db
      .selectFrom('answers')
      .innerJoin('answer_versions as v', (j) =>
        j.onRef('v.answer_id', '=', 'answers.id').onRef('v.version', '=', 'answers.published_version'),
      )
      .select(['answers.id', 'answers.usage_count', 'v.version', 'v.title', 'v.body', 'v.pinned', 'v.tags', 'v.intents', 'v.channels'])
      .where('answers.bank_id', '=', p.bankId)
      .where('answers.archived_at', 'is', null)
      .where('v.state', '=', 'published')
      .where('v.language', '=', language)
      .where((eb) => eb.or([eb('v.valid_from', 'is', null), eb('v.valid_from', '<=', now)]))
      .where((eb) => eb.or([eb('v.valid_until', 'is', null), eb('v.valid_until', '>', now)]))
      .execute();
    const items = rows
      .filter((r) => r.channels.length === 0 || r.channels.includes(conv.channel))
      .map((r) => ({
        id: r.id,
        version: r.version,
        title: r.title,
        body: r.body,
        pinned: r.pinned,
        tags: r.tags,
        intents: r.intents,
        usageCount: r.usage_count,
        intentMatch: intent !== null && r.intents.includes(intent),
        tagMatches: r.tags.filter((t) => tags.includes(t)).length,
        protectsData: personalDataExposed && r.tags.includes('donnees-personnelles'),
      }))
      .sort(
        (a, b) =>
          Number(b.protectsData) - Number(a.protectsData) ||
          Number(b.pinned) - Number(a.pinned) ||
          Number(b.intentMatch) - Number(a.intentMatch) ||
          b.tagMatches - a.tagMatches ||
          b.usageCount - a.usageCount ||
          a.title.localeCompare(b.title, 'fr'),
      );
    return { intent, language, personalDataExposed, items: items.map(({ protectsData: _, ...item }) => item) };
  }

  /** The published version's text with its variables filled for this conversation and agent. */
  async function render(p: StaffPrincipal, answerId: string, conversationId: string) {
    const conv = await visibleConversation(deps, p, conversationId);
    const row = await db
      .selectFrom('answers')
      .innerJoin('answer_versions as v', (j) =>
        j.onRef('v.answer_id', '=', 'answers.id').onRef('v.version', '=', 'answers.published_version'),
      )
      .select(['v.version', 'v.body', 'v.state', 'v.valid_from', 'v.valid_until'])
      .where('answers.id', '=', answerId)
      .where('answers.bank_id', '=', p.bankId)
      .where('answers.archived_at', 'is', null)
      .executeTakeFirst();
    if (!row || !isOffered({ state: row.state, validFrom: iso(row.valid_from), validUntil: iso(row.valid_until) }, new Date()))
      throw answerNotOffered();
    const person = await db
      .selectFrom('contacts')
      .leftJoin('clients', 'clients.id', 'contacts.client_id')
      .select(['contacts.display_name', 'clients.first_name'])
      .where('contacts.id', '=', conv.contact_id)
      .executeTakeFirst();
    const text = renderAnswer(row.body, {
      firstName: firstNameOf(person?.first_name ?? null, person?.display_name ?? null),
      agentFirstName: p.firstName,
      secureSpaceUrl: `${deps.config.publicUrl}/espace-securise`,
    });
    return { text, answerId, version: row.version };
  }

  return { list, get, create, edit, submit, approve, reject, publish, archive, suggestions, render };
}
export type AnswersService = ReturnType<typeof createAnswersService>;

/**
 * Counts one use of an answer in the transaction that queues the reply carrying it (called by
 * conversations' replyToConversation). An unknown or unpublished answer counts nothing and never
 * blocks the reply; the message id makes a retried call count once.
 */
export async function recordAnswerUse(
  tx: Transaction<DB>,
  use: { bankId: string; answerId: string; messageId: string; conversationId: string; userId: string },
): Promise<void> {
  const t = withAnswers(tx);
  const answer = await t
    .selectFrom('answers')
    .select(['id', 'published_version'])
    .where('id', '=', use.answerId)
    .where('bank_id', '=', use.bankId)
    .executeTakeFirst();
  if (!answer?.published_version) return;
  const inserted = await t
    .insertInto('answer_uses')
    .values({
      answer_id: answer.id,
      version: answer.published_version,
      message_id: use.messageId,
      conversation_id: use.conversationId,
      user_id: use.userId,
    })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .returning(['message_id'])
    .executeTakeFirst();
  if (inserted) await t.updateTable('answers').set({ usage_count: sql`usage_count + 1` }).where('id', '=', answer.id).execute();
}
