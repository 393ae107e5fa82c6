import type { AppDeps } from '../../platform/app-deps.ts';
import { createWorkLoop, type WorkLoop } from '../../platform/work-loop.ts';
import { createAlertsService } from './alerts/alerts.service.ts';
import { createWebhookDeliveryWorker } from './alerts/webhook-delivery.worker.ts';
import { createDetectionWorker, type DetectionWorker } from './detectors/detection.worker.ts';
import { createFeedPoller, type FeedPoller } from './feeds/feed-poller.worker.ts';
import { withListening } from './listening.tables.ts';
import { LISTENING_CHANNEL, storeListeningItem, streamPostId } from './mentions/listening-intake.repository.ts';
import { createListeningIntakeWorker, type ListeningIntake } from './mentions/listening-intake.worker.ts';
import { insertQuery } from './queries/queries.repository.ts';
import { createBackfillWorker } from './queries/query-backfill.worker.ts';
import { parseQuery } from './queries/query-parser.ts';
import { toXRule } from './queries/x-rules.ts';

export interface ListeningWorkers {
  loops: WorkLoop[];
  intake: ListeningIntake;
  feeds: FeedPoller;
  detection: DetectionWorker;
  /** The X filtered stream hands its posts here: a mention, not a conversation (docs/adr/010). */
  receiveStreamPost(rawBody: Buffer): Promise<void>;
  /** The active brand and competitor queries as X filtered-stream rules (those X can express). */
  streamRules(): Promise<{ value: string; tag: string }[]>;
  /**
   * A loop that hands the queries' rules to `apply` whenever they differ from `initial` or from the
   * last ones applied (a query created, edited, switched off or deleted): no restart needed.
   */
  followStreamRules(initial: StreamRule[], apply: (rules: StreamRule[]) => Promise<void>): WorkLoop;
}

type StreamRule = { value: string; tag: string };
/** How often the stream's worker compares the queries with the rules it holds (one small read). */
const RULES_POLL_MS = 3_000;

/**
 * A bank that listens to nothing yet listens to its own name: one brand query, the same words as
 * the X stream's default rules, so posts about the bank are never dropped for want of a query.
 */
export async function ensureDefaultBrandQuery(deps: AppDeps): Promise<void> {
  const db = withListening(deps.database.db);
  const any = await db.selectFrom('listening_queries').select(['id']).where('bank_id', '=', deps.bankId).limit(1).executeTakeFirst();
  if (any) return;
  const bank = await db.selectFrom('banks').select(['name']).where('id', '=', deps.bankId).executeTakeFirstOrThrow();
  const hashtag = bank.name.normalize('NFD').replace(/[^A-Za-z0-9]/g, '');
  await insertQuery(
    db,
    deps.bankId,
    { name: bank.name, kind: 'brand', expression: `"${bank.name}" OR #${hashtag}`, sensitivity: 'balanced', active: true },
    null,
  ).catch(
    // Two processes starting together: the other one created it.
    () => undefined,
  );
}

/** Listening's workers (worker processes only): intake of public items, feeds, detectors, alert webhooks. */
export async function createListeningWorkers(deps: AppDeps): Promise<ListeningWorkers> {
  const intake = createListeningIntakeWorker(deps);
  const webhooks = createWebhookDeliveryWorker(deps);
  const alerts = createAlertsService(deps, { onQueued: () => webhooks.wake() });
  const detection = createDetectionWorker(deps, alerts);
  const feeds = createFeedPoller(deps, { onStored: () => intake.wake() });
  await deps.database.listen(LISTENING_CHANNEL, intake.wake);
  await ensureDefaultBrandQuery(deps);
  return {
    loops: [intake, feeds, detection, { ...webhooks, start: () => webhooks.start(5_000) }, createBackfillWorker(deps)],
    intake,
    feeds,
    detection,
    async receiveStreamPost(rawBody) {
      const id = streamPostId(rawBody);
      if (!id) return;
      if (await storeListeningItem(deps.database, deps.bankId, 'x_stream', `x:${id}`, rawBody.toString('utf8'))) intake.wake();
    },
    followStreamRules(initial, apply) {
      let applied = JSON.stringify(initial);
      const loop = createWorkLoop('listening-x-rules', deps.logger, async () => {
        const rules = await streamRules();
        const wanted = JSON.stringify(rules);
        if (wanted === applied) return 0;
        // On failure `applied` stays as it was: the next pass tries again.
        await apply(rules);
        applied = wanted;
        return 0;
      });
      return { ...loop, start: () => loop.start(RULES_POLL_MS) };
    },
    streamRules,
  };

  async function streamRules(): Promise<StreamRule[]> {
    const rows = await withListening(deps.database.db)
      .selectFrom('listening_queries')
      .select(['id', 'expression'])
      .where('bank_id', '=', deps.bankId)
      .where('active', '=', true)
      .where('kind', 'in', ['brand', 'competitor'])
      .orderBy('created_at')
      .execute();
    return rows.flatMap((r) => {
      try {
        const value = toXRule(parseQuery(r.expression));
        return value ? [{ value, tag: `agora:q:${r.id.slice(0, 8)}` }] : [];
      } catch {
        return [];
      }
    });
  }
}
