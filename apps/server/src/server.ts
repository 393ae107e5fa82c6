import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { registerDemoMedia } from '../../../tools/simulator/demo-media.ts';
import { type Config, loadConfig } from './config.ts';
import { buildConnectors } from './connectors/build-connectors.ts';
import { createDemoCoreBanking } from './connectors/core-banking/demo-core-banking.ts';
import { type FakePlatforms, metaAndXFakeOptions, startFakePlatforms } from './connectors/fake-platforms.server.ts';
import type { ForumDeskSlot } from './connectors/forum/forum.connector.ts';
import { publicKeyPemOf } from './connectors/jwt-signing.ts';
import { startXFilteredStream, type XFilteredStream, xStreamRules } from './connectors/x/x-filtered-stream.ts';
import { createAnswersWorker } from './modules/answers/answers.worker.ts';
import { createAppointmentReminderWorker } from './modules/appointments/appointment-reminders.worker.ts';
import { applyStoredCredentials } from './modules/channels/channel.service.ts';
import { createClientSegmentWorker } from './modules/clients/client-segment.worker.ts';
import { createCofinancingWorker } from './modules/cofinancing/cofinancing-lifecycle.service.ts';
import { communityWorkers, createForumDesk } from './modules/community/community.workers.ts';
import { createContactProfileWorker } from './modules/contacts/contact-profile.worker.ts';
import { createReplyDeliveryWorker } from './modules/conversations/reply-delivery.worker.ts';
import { createIngestWorker } from './modules/ingest/ingest.worker.ts';
import { createPollers, type Pollers } from './modules/ingest/poller.worker.ts';
import { INGEST_CHANNEL, intakeOrigin, readIntakeNotice, storeDelivery } from './modules/ingest/raw-delivery.repository.ts';
import { type FeedFakeControl, registerFeedFake } from './modules/listening/feeds/feed.fake-server.ts';
import { createListeningWorkers, type ListeningWorkers } from './modules/listening/listening.worker.ts';
import { createExposedDataWorker } from './modules/moderation/exposed-data.worker.ts';
import { createRoutingWorker } from './modules/routing/routing.worker.ts';
import { createSchedulingWorker } from './modules/scheduling/scheduling.worker.ts';
import { createSlaWorker } from './modules/sla/sla.worker.ts';
import { ensureFirstAdmin } from './modules/staff/staff.service.ts';
import type { AppDeps } from './platform/app-deps.ts';
import type { Bus } from './platform/bus/bus.ts';
import { createMemoryBus } from './platform/bus/memory-bus.ts';
import { createNatsBus } from './platform/bus/nats-bus.ts';
import { type Database, openDatabase } from './platform/db/database.ts';
import { migrate } from './platform/db/migrate.ts';
import { buildApp } from './platform/http/app.ts';
import { createLogger } from './platform/logger.ts';
import { createMailWorker } from './platform/mail/mail.worker.ts';
import { createOutboxDispatcher } from './platform/outbox/outbox.dispatcher.ts';
import { createPublishedMarks, OUTBOX_CHANNEL } from './platform/outbox/outbox.ts';
import type { WorkLoop } from './platform/work-loop.ts';

export type Role = 'all' | 'web' | 'worker';

export interface RunningAgora {
  url: string;
  config: Config;
  deps: AppDeps;
  fakes: FakePlatforms | null;
  /** Platform pollers of this process (null on a web-only process). */
  pollers: Pollers | null;
  /** Listening's workers (null on a web-only process) and, in demo mode, the local news feeds. */
  listening: ListeningWorkers | null;
  feedFake: FeedFakeControl | null;
  /** Wait until every queued delivery, reply and event has been processed (tests, benchmarks). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export const DEMO_BANK = { slug: 'banque-exemple', name: 'Banque Exemple' };
/** Every bank starts with the two teams routing needs; admins rename or add teams later. */
export const DEFAULT_TEAMS = [
  { name: 'Service client social', kind: 'social_care' },
  { name: 'Conseillers', kind: 'advisors' },
] as const;

/** The bank this deployment serves and its default teams; safe when two processes start at once. */
async function ensureBank(database: Database): Promise<string> {
  await database.db
    .insertInto('banks')
    .values({ id: randomUUID(), ...DEMO_BANK })
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
  const bank = await database.db.selectFrom('banks').select(['id']).where('slug', '=', DEMO_BANK.slug).executeTakeFirstOrThrow();
  const teams = await database.db.selectFrom('teams').select(['id']).where('bank_id', '=', bank.id).limit(1).execute();
  if (teams.length === 0) {
    await database.db
      .insertInto('teams')
      .values(DEFAULT_TEAMS.map((t) => ({ id: randomUUID(), bank_id: bank.id, ...t })))
      .onConflict((oc) => oc.columns(['bank_id', 'name']).doNothing())
      .execute();
  }
  return bank.id;
}

/**
 * Boots Agora: config → storage → bus → modules → listen. `role` splits the web tier (HTTP,
 * WebSocket) from the workers (ingest, replies); both need a Postgres server, since PGlite is
 * one process's database.
 */
export async function startAgora(env: NodeJS.ProcessEnv, role: Role = 'all'): Promise<RunningAgora> {
  const config = loadConfig(env);
  if (role !== 'all' && !config.DATABASE_URL) {
    throw new Error(`--role=${role} needs DATABASE_URL: the embedded database (PGlite) belongs to a single process.`);
  }
  const logger = createLogger(config.LOG_LEVEL);
  let feedFake: FeedFakeControl | null = null;
  const fakes =
    config.demoMode && config.fakePlatformsPort !== null && !env.META_GRAPH_URL
      ? await startDemoFakes(config, (app) => {
          feedFake = registerFeedFake(app);
        })
      : null;
  if (fakes) {
    config.META_GRAPH_URL = `${fakes.url}/meta`;
    config.X_API_URL = `${fakes.url}/x`;
    config.TRUSTPILOT_API_URL = `${fakes.url}/trustpilot`;
    config.GOOGLE_PLAY_API_URL = `${fakes.url}/google-play`;
    config.GOOGLE_OAUTH_TOKEN_URL = `${fakes.url}/google-oauth/token`;
    config.APP_STORE_API_URL = `${fakes.url}/app-store`;
  }
  const database = await openDatabase(
    config.DATABASE_URL
      ? { kind: 'postgres', url: config.DATABASE_URL }
      : { kind: 'pglite', dataDir: path.resolve(config.DATA_DIR, 'pglite') },
  );
  await migrate(database);
  const bus: Bus = config.NATS_URL ? await createNatsBus(config.NATS_URL, env.AGORA_NATS_PREFIX ?? 'agora') : createMemoryBus();
  const bankId = await ensureBank(database);

  const loops: WorkLoop[] = [];
  let pollers: Pollers | null = null;
  let xStream: XFilteredStream | null = null;
  let listening: ListeningWorkers | null = null;
  const noop = () => undefined;
  const forumDesk: ForumDeskSlot = { current: null };
  const deps: AppDeps = {
    config,
    database,
    bus,
    logger,
    connectors: buildConnectors(config, forumDesk),
    coreBanking: createDemoCoreBanking(database),
    bankId,
    wakeIngest: noop,
    wakeDelivery: noop,
    wakeOutbox: noop,
    hotPathBehind: () => false,
    onSessionsEnded: noop,
  };
  // Credentials saved on the channel settings screen win over the environment's.
  await applyStoredCredentials(deps);
  // The forum channel's answers are posted in the community (modules/community).
  forumDesk.current = createForumDesk(deps);
  const outbox = createOutboxDispatcher(database, bus, logger);
  deps.wakeOutbox = outbox.wake;
  loops.push(outbox);
  if (role !== 'web') {
    const ingest = createIngestWorker(deps);
    const delivery = createReplyDeliveryWorker(deps);
    deps.wakeIngest = (ids) => (ids ? ingest.wakeFor(ids) : ingest.wake());
    deps.wakeDelivery = delivery.wake;
    deps.hotPathBehind = ingest.backlogged;
    loops.push(ingest, delivery);
    // SLA clocks follow the bus and check due times: workers only (modules/sla).
    loops.push(await createSlaWorker(deps));
    // Automatic assignment by load follows the bus too (modules/routing).
    loops.push(createRoutingWorker(deps));
    loops.push(createContactProfileWorker(deps));
    loops.push(createExposedDataWorker(deps));
    // @mention notifications and the CSAT survey follow the bus (modules/answers).
    loops.push(await createAnswersWorker(deps));
    // Send later: releases due scheduled replies to the delivery worker.
    loops.push(createSchedulingWorker(deps));
    loops.push(createMailWorker(deps));
    // Unanswered questions to the inbox, e-mail digests, event reminders (modules/community).
    loops.push(...communityWorkers(deps));
    // Clients' segments (rule 12) follow their channel use, in batches (modules/clients).
    loops.push(createClientSegmentWorker(deps));
    // Co-financing deadlines: funded or not, allocations, schedules, late instalments (modules/cofinancing).
    loops.push(createCofinancingWorker(deps));
    // Appointment reminders, the day before and the hour before (modules/appointments).
    loops.push(createAppointmentReminderWorker(deps));
    // This server's own intake hands its deliveries over by id: its NOTIFY is for the others,
    // whose ids it carries when they fit.
    await database.listen(INGEST_CHANNEL, (payload) => {
      const notice = readIntakeNotice(payload);
      if (notice.origin === intakeOrigin(database)) return;
      if (notice.ids.length) ingest.wakeFor(notice.ids);
      else ingest.wake();
    });
    // Listening: public items after commit, feeds, weak-signal detectors, alert webhooks (modules/listening).
    listening = await createListeningWorkers(deps);
    loops.push(...listening.loops);
    pollers = createPollers(deps);
    // Posts about the bank that do not @-address it: one stream per deployment (X allows one connection), on the worker.
    if (config.X_BEARER_TOKEN) {
      const baseRules = xStreamRules({ bankName: DEMO_BANK.name, accountId: config.X_ACCOUNT_ID, configured: config.X_STREAM_RULES });
      const queryRules = await listening.streamRules();
      xStream = startXFilteredStream({
        apiUrl: config.X_API_URL,
        bearerToken: config.X_BEARER_TOKEN,
        rules: withListeningRules(baseRules, queryRules, config.X_ACCOUNT_ID),
        // Not addressed to the bank: a mention for listening, a conversation only once someone answers it.
        onPost: (rawBody) => listening!.receiveStreamPost(rawBody),
        logger,
      });
      // A query created, edited or removed later reaches the stream's rules without a restart.
      const stream = xStream;
      loops.push(
        listening.followStreamRules(queryRules, (rules) => stream.setRules(withListeningRules(baseRules, rules, config.X_ACCOUNT_ID))),
      );
    }
  }
  await database.listen(OUTBOX_CHANNEL, outbox.wake);
  // Last: a drain or a stop marks what the loops before it published.
  loops.push(createPublishedMarks(database, logger));

  const { app, gateway } = await buildApp(deps);
  deps.onSessionsEnded = gateway.closeUser;
  await ensureFirstAdmin(deps).catch(async (error) => {
    // Two processes starting together both try to create the first admin; one wins.
    const created = await database.db
      .selectFrom('staff_users')
      .select(['id'])
      .where('email', '=', config.AGORA_ADMIN_EMAIL?.toLowerCase() ?? '')
      .executeTakeFirst();
    if (!created) throw error;
  });
  for (const loop of loops) loop.start();
  pollers?.start();
  await app.listen({ port: config.PORT, host: config.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = config.PUBLIC_URL ?? `http://localhost:${port}`;
  if (!config.PUBLIC_URL) config.publicUrl = url;

  return {
    url,
    config,
    deps,
    fakes,
    async drain() {
      for (let i = 0; i < 3; i++) for (const loop of loops) await loop.drained();
    },
    pollers,
    listening,
    feedFake,
    async close() {
      await xStream?.stop();
      await pollers?.stop();
      await app.close();
      for (const loop of loops) await loop.stop();
      await bus.close();
      await database.close();
      await fakes?.close();
    },
  };
}

/** The stream's own rules, then the listening queries' (competitors too), each once; X allows a few dozen. */
function withListeningRules(base: { value: string; tag: string }[], fromQueries: { value: string; tag: string }[], accountId: string) {
  const suffix = ` -is:retweet -from:${accountId}`;
  const seen = new Set(base.map((r) => r.value));
  const extra = fromQueries.map((r) => ({ value: `(${r.value})${suffix}`, tag: r.tag })).filter((r) => !seen.has(r.value));
  return [...base, ...extra].slice(0, 25);
}

async function startDemoFakes(config: Config, extend: (app: Parameters<typeof registerDemoMedia>[0]) => void): Promise<FakePlatforms> {
  return startFakePlatforms({
    // The simulator's pictures (screenshots, receipts) are served as the platforms' CDN would; news feeds too.
    extend: (app) => {
      registerDemoMedia(app);
      extend(app);
    },
    port: config.fakePlatformsPort ?? 0,
    ...metaAndXFakeOptions(config),
    trustpilot:
      config.TRUSTPILOT_BUSINESS_UNIT_ID && config.TRUSTPILOT_API_KEY && config.TRUSTPILOT_API_SECRET
        ? { businessUnitId: config.TRUSTPILOT_BUSINESS_UNIT_ID, apiKey: config.TRUSTPILOT_API_KEY, apiSecret: config.TRUSTPILOT_API_SECRET }
        : undefined,
    googlePlay:
      config.GOOGLE_PLAY_PRIVATE_KEY && config.GOOGLE_PLAY_SERVICE_ACCOUNT_EMAIL && config.GOOGLE_PLAY_PACKAGE_NAME
        ? {
            serviceAccountEmail: config.GOOGLE_PLAY_SERVICE_ACCOUNT_EMAIL,
            publicKeyPem: publicKeyPemOf(config.GOOGLE_PLAY_PRIVATE_KEY),
            packageName: config.GOOGLE_PLAY_PACKAGE_NAME,
          }
        : undefined,
    appStore:
      config.APP_STORE_PRIVATE_KEY && config.APP_STORE_KEY_ID && config.APP_STORE_ISSUER_ID && config.APP_STORE_APP_ID
        ? {
            keyId: config.APP_STORE_KEY_ID,
            issuerId: config.APP_STORE_ISSUER_ID,
            publicKeyPem: publicKeyPemOf(config.APP_STORE_PRIVATE_KEY),
            appId: config.APP_STORE_APP_ID,
          }
        : undefined,
  });
}
