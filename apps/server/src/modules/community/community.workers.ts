import type { AppDeps } from '../../platform/app-deps.ts';
import type { WorkLoop } from '../../platform/work-loop.ts';
import { createDigestWorker } from './community-digest.ts';
import { createEventReminderWorker } from './events.service.ts';
import { createForumEscalationWorker } from './forum-desk.ts';

export { createForumDesk } from './forum-desk.ts';

/** The community's workers (worker processes only). */
export function communityWorkers(deps: AppDeps): WorkLoop[] {
  return [createForumEscalationWorker(deps), createEventReminderWorker(deps), createDigestWorker(deps)];
}
