import type { BusEvent } from '@agora/contracts/events.schema.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { createWorkLoop, sideWork, type WorkLoop } from '../../platform/work-loop.ts';
import { seedDefaultMacros } from '../macros/macros.service.ts';
import { seedDemoAnswers } from './answers.seed.ts';
import { withAnswers } from './answers.tables.ts';
import { createCsatService } from './csat.service.ts';
import { createNotificationsService } from './notifications.service.ts';

const BATCH = 200;

/**
 * Follows the bus on worker processes (events arrive after commit, at least once; every handler
 * is idempotent): notes → @mention notifications, inbound messages → CSAT answers, resolved
 * conversations → CSAT survey. At start it seeds the demo library and the default macros.
 */
export async function createAnswersWorker(deps: AppDeps): Promise<WorkLoop> {
  if (deps.config.demoMode && deps.config.AGORA_DEMO_SEED === 'on') await seedDemoAnswers(deps.database.db, deps.bankId);
  await seedDefaultMacros(deps);
  const notifications = createNotificationsService(deps);
  const csat = createCsatService(deps);
  const queue: BusEvent[] = [];

  const loop = createWorkLoop(
    'answers',
    deps.logger,
    async () => {
      const batch = queue.splice(0, BATCH);
      const needs = await whatMessagesNeed(
        deps,
        batch.flatMap((e) => (e.type === 'message.created' && e.messageId ? [e.messageId] : [])),
      );
      const resolved = await resolvedAmong(
        deps,
        batch.flatMap((e) => (e.type === 'conversation.updated' ? [e.conversationId] : [])),
      );
      for (const event of batch) {
        try {
          if (event.type === 'message.created') {
            // Most messages are inbound with nothing to do: skip the handlers' own reads for them.
            const need = event.messageId ? needs.get(event.messageId) : undefined;
            if (!need) continue;
            if (need.direction === 'note') await notifications.notifyMentions(event);
            if (need.direction === 'inbound' && need.rumour) await notifications.notifyRumour(event);
            if (need.direction === 'inbound' && need.surveyWaiting && event.messageId) await csat.recordAnswer(event.messageId);
          } else if (event.type === 'conversation.updated' && resolved.has(event.conversationId)) {
            // Only a resolution can call for a survey; names, clocks and assignments cannot.
            await csat.surveyIfResolved(event.conversationId);
          }
        } catch (error) {
          deps.logger.warn({ err: error, event: event.type, conversationId: event.conversationId }, 'answers worker: event failed');
        }
      }
      return batch.length;
    },
    { ...sideWork(deps), batch: BATCH },
  );

  const unsubscribe = deps.bus.subscribe((event) => {
    if (event.bankId !== deps.bankId || (event.type !== 'message.created' && event.type !== 'conversation.updated')) return;
    // A name or a clock is not a resolution, nor a message.
    if (event.change !== undefined) return;
    queue.push(event);
    loop.wake();
  });

  return {
    ...loop,
    async stop() {
      unsubscribe();
      await loop.stop();
    },
  };
}

interface MessageNeeds {
  direction: string;
  rumour: boolean;
  /** A satisfaction survey waits in the conversation: this message may be its answer. */
  surveyWaiting: boolean;
}

/** One read for a whole batch: which messages a handler has anything to do with. */
async function whatMessagesNeed(deps: AppDeps, messageIds: string[]): Promise<Map<string, MessageNeeds>> {
  if (messageIds.length === 0) return new Map();
  const rows = await withAnswers(deps.database.db)
    .selectFrom('messages')
    .select((eb) => [
      'messages.id',
      'messages.direction',
      'messages.rumour',
      eb
        .exists(
          eb
            .selectFrom('csat_responses')
            .select('csat_responses.id')
            .whereRef('csat_responses.conversation_id', '=', 'messages.conversation_id')
            .where('csat_responses.state', '=', 'waiting'),
        )
        .as('survey_waiting'),
    ])
    .where('messages.bank_id', '=', deps.bankId)
    .where('messages.id', 'in', messageIds)
    .execute();
  return new Map(rows.map((r) => [r.id, { direction: r.direction, rumour: r.rumour, surveyWaiting: Boolean(r.survey_waiting) }]));
}

/** Of these conversations, those resolved now: one read instead of one per update event. */
async function resolvedAmong(deps: AppDeps, conversationIds: string[]): Promise<Set<string>> {
  if (conversationIds.length === 0) return new Set();
  const rows = await deps.database.db
    .selectFrom('conversations')
    .select(['id'])
    .where('bank_id', '=', deps.bankId)
    .where('id', 'in', [...new Set(conversationIds)])
    .where('status', '=', 'resolved')
    .execute();
  return new Set(rows.map((r) => r.id));
}
