import type { BusEvent } from '@agora/contracts/events.schema.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { createWorkLoop, type WorkLoop } from '../../platform/work-loop.ts';
import { seedDefaultMacros } from '../macros/macros.service.ts';
import { seedDemoAnswers } from './answers.seed.ts';
import { createCsatService } from './csat.service.ts';
import { createNotificationsService } from './notifications.service.ts';

const BATCH = 50;

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

  const loop = createWorkLoop('answers', deps.logger, async () => {
    const batch = queue.splice(0, BATCH);
    for (const event of batch) {
      try {
        if (event.type === 'message.created') {
          await notifications.notifyMentions(event);
          await notifications.notifyRumour(event);
          if (event.messageId) await csat.recordAnswer(event.messageId);
        } else if (event.type === 'conversation.updated') {
          await csat.surveyIfResolved(event.conversationId);
        }
      } catch (error) {
        deps.logger.warn({ err: error, event: event.type, conversationId: event.conversationId }, 'answers worker: event failed');
      }
    }
    return batch.length;
  });

  const unsubscribe = deps.bus.subscribe((event) => {
    if (event.bankId !== deps.bankId || (event.type !== 'message.created' && event.type !== 'conversation.updated')) return;
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
