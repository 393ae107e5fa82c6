import { randomUUID } from 'node:crypto';
import type { Csat } from '@agora/contracts/answers.schema.ts';
import type { Channel } from '@agora/contracts/common.schema.ts';
import type { BusEvent } from '@agora/contracts/events.schema.ts';
import { sql, type Transaction } from 'kysely';
import { PLATFORM_OF_CHANNEL } from '../../connectors/connector.types.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import type { DB } from '../../platform/db/db.types.ts';
import { frenchSearchVector } from '../../platform/db/search-vector.ts';
import { enqueueEvents } from '../../platform/outbox/outbox.ts';
import { assertChannelNotPaused } from '../channels/channel.service.ts';
import { movedToSecureSpace } from '../secure-messaging/secure-handoff.service.ts';
import { withAnswers } from './answers.tables.ts';

export const CSAT_SURVEY_FR = 'Comment évaluez-vous notre réponse, de 1 à 5 ? Vous pouvez ajouter un commentaire.';
export const CSAT_SURVEY_EN = 'How would you rate our answer, from 1 to 5? Feel free to add a comment.';
/** The person's answer counts within this delay after the survey. */
export const CSAT_WINDOW_MS = 7 * 24 * 3600_000;
/** Reviews are public by nature: a survey there would be a public reply. */
const REVIEW_CHANNELS = new Set(['trustpilot', 'google_play', 'app_store']);

/** "4", "4/5", "5 - parfait" → score and comment; anything else is no score. */
export function parseCsatAnswer(body: string): { score: number; comment: string | null } | null {
  const m = /^\s*([1-5])(?![0-9.,])\s*(?:\/\s*5|sur\s+5|étoiles?|etoiles?)?[\s.,;:!)\-–—]*(.*)$/isu.exec(body);
  if (!m) return null;
  const comment = m[2]!.trim();
  return { score: Number(m[1]), comment: comment || null };
}

export function createCsatService(deps: AppDeps) {
  const db = withAnswers(deps.database.db);

  async function enabled(bankId: string): Promise<boolean> {
    const row = await db.selectFrom('csat_settings').select(['enabled']).where('bank_id', '=', bankId).executeTakeFirst();
    return row?.enabled ?? true;
  }

  async function setEnabled(p: StaffPrincipal, value: boolean): Promise<{ enabled: boolean }> {
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('csat_settings')
        .values({ bank_id: p.bankId, enabled: value, updated_at: new Date() })
        .onConflict((oc) => oc.column('bank_id').doUpdateSet({ enabled: value, updated_at: new Date() }))
        .execute();
      await appendAudit(tx as unknown as Transaction<DB>, {
        bankId: p.bankId,
        actorId: p.userId,
        actorLabel: `${p.displayName} (${p.role})`,
        action: 'csat.settings_changed',
        targetType: 'bank',
        targetId: p.bankId,
        details: { enabled: value },
      });
    });
    return { enabled: value };
  }

  async function latestOf(bankId: string, conversationId: string): Promise<Csat | null> {
    const row = await db
      .selectFrom('csat_responses')
      .select(['sent_at', 'state', 'score', 'comment', 'answered_at'])
      .where('conversation_id', '=', conversationId)
      .where('bank_id', '=', bankId)
      .orderBy('sent_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!row) return null;
    return {
      sentAt: row.sent_at.toISOString(),
      state: row.state,
      score: row.score,
      comment: row.comment,
      answeredAt: row.answered_at?.toISOString() ?? null,
    };
  }

  /**
   * A conversation was resolved: one survey, privately, where the channel allows it. "Once" means
   * once per resolution: no survey if one was already sent after the person's last message (the
   * score itself excepted), so replayed events and re-resolving change nothing.
   */
  async function surveyIfResolved(conversationId: string): Promise<boolean> {
    if (!(await enabled(deps.bankId))) return false;
    const conv = await db
      .selectFrom('conversations')
      .select(['id', 'bank_id', 'team_id', 'channel', 'kind', 'status', 'last_inbound_at', 'language', 'not_answered_reason'])
      .where('id', '=', conversationId)
      .where('bank_id', '=', deps.bankId)
      .executeTakeFirst();
    if (!conv || conv.status !== 'resolved' || conv.not_answered_reason || REVIEW_CHANNELS.has(conv.channel)) return false;
    if (await movedToSecureSpace(deps, conv.id)) return false;
    const connector = deps.connectors.get(PLATFORM_OF_CHANNEL[conv.channel as Channel]);
    if (!connector) return false;
    const options = connector.replyOptions(conv.channel as Channel, {
      conversationKind: conv.kind,
      lastInboundAt: conv.last_inbound_at,
      now: new Date(),
    });
    if (!options.modes.includes('private')) return false;
    try {
      await assertChannelNotPaused(deps, conv.channel);
    } catch {
      return false;
    }
    const body = conv.language === 'en' ? CSAT_SURVEY_EN : CSAT_SURVEY_FR;
    if (body.length > options.maxLength) return false;
    let sent = false;
    await db.transaction().execute(async (tx) => {
      // Serialises two workers handling the same resolution.
      const locked = await tx
        .selectFrom('conversations')
        .select(['status'])
        .where('id', '=', conv.id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (locked.status !== 'resolved') return;
      const lastAsk = await tx
        .selectFrom('messages')
        .select(['id', 'platform_message_id', 'reply_to_platform_id', 'created_at'])
        .where('conversation_id', '=', conv.id)
        .where('direction', '=', 'inbound')
        .where((eb) =>
          eb.not(
            eb.exists(eb.selectFrom('csat_responses').select('id').whereRef('csat_responses.response_message_id', '=', 'messages.id')),
          ),
        )
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!lastAsk) return;
      const already = await tx
        .selectFrom('csat_responses')
        .select(['id'])
        .where('conversation_id', '=', conv.id)
        .where('sent_at', '>=', lastAsk.created_at)
        .executeTakeFirst();
      if (already) return;
      const now = new Date();
      const surveyId = randomUUID();
      const messageId = randomUUID();
      await (tx as unknown as Transaction<DB>)
        .insertInto('messages')
        .values({
          id: messageId,
          bank_id: conv.bank_id,
          conversation_id: conv.id,
          direction: 'outbound',
          visibility: 'private',
          reply_to_platform_id: lastAsk.reply_to_platform_id ?? lastAsk.platform_message_id ?? null,
          author_user_id: null,
          body,
          attachments: '[]',
          search_vector: frenchSearchVector(body),
          created_at: now,
          delivery_status: 'sending',
          next_attempt_at: now,
          idempotency_key: `csat-${surveyId}`,
        })
        .execute();
      await tx
        .insertInto('csat_responses')
        .values({ id: surveyId, bank_id: conv.bank_id, conversation_id: conv.id, survey_message_id: messageId, sent_at: now })
        .execute();
      await appendAudit(tx as unknown as Transaction<DB>, {
        bankId: conv.bank_id,
        actorId: null,
        actorLabel: 'Agora (enquête de satisfaction)',
        action: 'csat.survey_sent',
        targetType: 'conversation',
        targetId: conv.id,
        details: { messageId },
      });
      await enqueueEvents(tx as unknown as Transaction<DB>, [eventOf('message.created', conv, messageId)], deps.database.kind);
      sent = true;
    });
    if (sent) {
      deps.wakeDelivery();
      deps.wakeOutbox();
    }
    return sent;
  }

  /**
   * The person's next message after a survey answers it: a leading 1–5 is the score (the rest the
   * comment); anything else closes the survey without a score. A score that reopened the
   * conversation leaves it resolved again: it asks nothing.
   */
  async function recordAnswer(messageId: string): Promise<boolean> {
    const msg = await db
      .selectFrom('messages')
      .select(['id', 'conversation_id', 'body', 'direction', 'created_at'])
      .where('id', '=', messageId)
      .where('bank_id', '=', deps.bankId)
      .executeTakeFirst();
    if (!msg || msg.direction !== 'inbound') return false;
    let recorded = false;
    let reResolved: { id: string; team_id: string } | null = null;
    await db.transaction().execute(async (tx) => {
      const survey = await tx
        .selectFrom('csat_responses')
        .select(['id', 'sent_at'])
        .where('conversation_id', '=', msg.conversation_id)
        .where('state', '=', 'waiting')
        .where('sent_at', '<', msg.created_at)
        .where('sent_at', '>', new Date(msg.created_at.getTime() - CSAT_WINDOW_MS))
        .orderBy('sent_at', 'desc')
        .limit(1)
        .forUpdate()
        .executeTakeFirst();
      if (!survey) return;
      // Only the very next message answers: an earlier one after the survey already did.
      const earlier = await tx
        .selectFrom('messages')
        .select(['id'])
        .where('conversation_id', '=', msg.conversation_id)
        .where('direction', '=', 'inbound')
        .where('created_at', '>', survey.sent_at)
        .where('created_at', '<', msg.created_at)
        .executeTakeFirst();
      const parsed = earlier ? null : parseCsatAnswer(msg.body);
      await tx
        .updateTable('csat_responses')
        .set(
          parsed
            ? { state: 'answered', score: parsed.score, comment: parsed.comment, response_message_id: msg.id, answered_at: msg.created_at }
            : { state: 'closed', answered_at: msg.created_at },
        )
        .where('id', '=', survey.id)
        .execute();
      if (!parsed) return;
      recorded = true;
      await appendAudit(tx as unknown as Transaction<DB>, {
        bankId: deps.bankId,
        actorId: null,
        actorLabel: 'Agora (enquête de satisfaction)',
        action: 'csat.recorded',
        targetType: 'conversation',
        targetId: msg.conversation_id,
        details: { score: parsed.score },
      });
      const conv = await tx
        .selectFrom('conversations')
        .select(['id', 'team_id', 'status'])
        .where('id', '=', msg.conversation_id)
        .executeTakeFirstOrThrow();
      if (conv.status === 'open') {
        await tx.updateTable('conversations').set({ status: 'resolved', updated_at: sql`now()` }).where('id', '=', conv.id).execute();
        reResolved = conv;
        await enqueueEvents(
          tx as unknown as Transaction<DB>,
          [eventOf('conversation.updated', { id: conv.id, team_id: conv.team_id }, null)],
          deps.database.kind,
        );
      }
    });
    if (reResolved) deps.wakeOutbox();
    return recorded;
  }

  function eventOf(type: BusEvent['type'], conv: { id: string; team_id: string }, messageId: string | null): BusEvent {
    return {
      type,
      bankId: deps.bankId,
      conversationId: conv.id,
      teamId: conv.team_id,
      advisorId: null,
      messageId,
      at: new Date().toISOString(),
    };
  }

  return { enabled, setEnabled, latestOf, surveyIfResolved, recordAnswer };
}
export type CsatService = ReturnType<typeof createCsatService>;
