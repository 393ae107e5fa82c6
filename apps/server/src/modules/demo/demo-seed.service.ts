import { randomUUID } from 'node:crypto';
import { generateAuthors } from '../../../../../tools/simulator/corpus-authors.ts';
import { createSeededRandom } from '../../../../../tools/simulator/seeded-random.ts';
import {
  createSimulator,
  type SendOptions,
  type SimulatedChannel,
  type SimulatedMove,
  type Simulator,
  type SimulatorContact,
  type SimulatorFakes,
} from '../../../../../tools/simulator/simulator.ts';
import type { WebhookPlatform } from '../../../../../tools/simulator/webhook-signer.ts';
import { seedDemoAccounts } from '../../connectors/core-banking/demo-core-banking.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { createStaffUser } from '../staff/staff.service.ts';
import { insertDemoClientAccounts } from './demo-clients.ts';
import { DEMO_STAFF, DEMO_TEAMS } from './demo-staff.ts';

export { DEMO_STAFF } from './demo-staff.ts';

export interface SeedOptions {
  /** Signs and posts one delivery to Agora's own webhook, e.g. the simulator's `postWebhook`. */
  postWebhook: (platform: WebhookPlatform, body: string) => Promise<number>;
  conversations?: number;
  /**
   * The fake platforms (`agora.fakes`): Trustpilot, Google Play and App Store reviews and X
   * stream posts go through them. Without them the seed holds Meta and X webhooks only.
   */
  fakes?: SimulatorFakes & { x?: (SimulatorFakes['x'] & { connectedStreams?(): number }) | null };
  /** Runs a platform's poller at once (`agora.pollers.pollNow`), so the reviews are in the inbox at start. */
  pollNow?: (platform: 'trustpilot' | 'google_play' | 'app_store') => Promise<unknown>;
  /** Reviews across Trustpilot, Google Play and App Store (default 30; needs `fakes`). */
  reviews?: number;
  /** Agora's base URL as the simulated live-chat visitors reach it; no live chat in the seed without it. */
  liveChatBaseUrl?: string;
  /** Fixed seed: every fresh demo looks the same. */
  seed?: number;
}

export interface SeedResult {
  seeded: boolean;
  clients: number;
  contacts: number;
  deliveries: number;
  failedDeliveries: number;
}

const CLIENT_COUNT = 50;
const KNOWN_CONTACT_COUNT = 30;
const HISTORY_DAYS = 10;
// The seed leans on channels where one message is one conversation, so ~200 conversations do
// not collapse into a handful of Page posts with hundreds of comments each.
const SEED_CHANNELS: readonly (readonly [SimulatedChannel, number])[] = [
  ['x', 25],
  ['x_dm', 15],
  ['messenger', 22],
  ['instagram_dm', 13],
  ['facebook', 15],
  ['instagram', 10],
];

/**
 * Fills "Banque Exemple" for a demo: teams, one account per role, clients with their advisor,
 * the verified social identities of some of them, then ~200 conversations over the last ten
 * days. Conversations come only through the real webhooks (signed deliveries), so the demo
 * exercises the same path as production. Does nothing when the demo staff already exist.
 */
export async function seedDemoBank(deps: AppDeps, opts: SeedOptions): Promise<SeedResult> {
  const { db } = deps.database;
  const emails = DEMO_STAFF.map((s) => s.email);
  const existing = await db
    .selectFrom('staff_users')
    .select(['id'])
    .where('bank_id', '=', deps.bankId)
    .where('email', 'in', emails)
    .executeTakeFirst();
  if (existing) return { seeded: false, clients: 0, contacts: 0, deliveries: 0, failedDeliveries: 0 };

  const teamIds = await ensureTeams(deps);
  const staffIds = new Map<string, string>();
  for (const member of DEMO_STAFF) {
    const teamId = member.team ? teamIds[member.team] : null;
    const user = await createStaffUser(deps, {
      email: member.email,
      password: member.password,
      role: member.role,
      displayName: member.displayName,
      firstName: member.firstName,
      teamIds: teamId ? [teamId] : [],
    });
    staffIds.set(member.email, user.id);
  }
  const advisorIds = DEMO_STAFF.filter((s) => s.role === 'advisor').map((s) => staffIds.get(s.email) as string);
  const contacts = await insertClientsAndContacts(deps, advisorIds, opts.seed ?? 2026);
  await insertDemoClientAccounts(deps, staffIds);
  const { deliveries, failed, simulator } = await postConversations(deps, opts, contacts);
  const extras = await postOtherChannels(deps, opts, simulator);
  deps.logger.info({ deliveries, failed, extras, clients: CLIENT_COUNT, contacts: contacts.length }, 'demo bank seeded');
  return { seeded: true, clients: CLIENT_COUNT, contacts: contacts.length, deliveries, failedDeliveries: failed };
}

/**
 * The social identities linked to clients, in the simulator's terms: handing them to the live
 * simulator keeps some of the ongoing traffic flowing to the advisors' team.
 */
export async function listKnownSimulatorContacts(deps: AppDeps): Promise<SimulatorContact[]> {
  const rows = await deps.database.db
    .selectFrom('contacts')
    .select(['platform', 'platform_user_id', 'handle', 'display_name', 'profile_url'])
    .where('bank_id', '=', deps.bankId)
    .where('client_id', 'is not', null)
    .where('platform', 'in', ['meta', 'x'])
    .limit(500)
    .execute();
  return rows.map((r) => ({
    platform: r.platform as 'meta' | 'x',
    network: r.platform === 'meta' ? (r.profile_url?.includes('instagram.com') ? 'instagram' : 'facebook') : undefined,
    platformUserId: r.platform_user_id,
    handle: r.handle,
    displayName: r.display_name,
  }));
}

const slug = (name: string) =>
  name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '-')
    .replace(/^-|-$/g, '');

async function ensureTeams(deps: AppDeps): Promise<Record<keyof typeof DEMO_TEAMS, string>> {
  const { db } = deps.database;
  for (const [kind, name] of Object.entries(DEMO_TEAMS) as [keyof typeof DEMO_TEAMS, string][]) {
    await db
      .insertInto('teams')
      .values({ id: randomUUID(), bank_id: deps.bankId, name, kind })
      .onConflict((oc) => oc.columns(['bank_id', 'name']).doNothing())
      .execute();
  }
  const rows = await db.selectFrom('teams').select(['id', 'name']).where('bank_id', '=', deps.bankId).execute();
  const idOf = (name: string) => {
    const row = rows.find((r) => r.name === name);
    if (!row) throw new Error(`team ${name} missing after insert`);
    return row.id;
  };
  return { social_care: idOf(DEMO_TEAMS.social_care), advisors: idOf(DEMO_TEAMS.advisors) };
}

/**
 * Clients, and for some of them a social identity already linked (verified in the secure space
 * in the story of the demo): their conversations go to the advisors' team. Facebook and X only:
 * those deliveries carry the person's name, whereas Messenger and Instagram give just an id.
 */
async function insertClientsAndContacts(deps: AppDeps, advisorIds: string[], seed: number): Promise<SimulatorContact[]> {
  const rng = createSeededRandom(seed);
  const people = generateAuthors(rng, CLIENT_COUNT);
  const clients = people.map((p, i) => ({
    id: randomUUID(),
    bank_id: deps.bankId,
    first_name: p.firstName,
    last_name: p.lastName,
    // Two portfolios of unequal size, as in a real branch.
    advisor_id: advisorIds[i % 3 === 2 ? 1 : 0] ?? null,
    // Where the bank reaches them; fictitious domain.
    email: `${slug(p.firstName)}.${slug(p.lastName)}${i}@exemple-client.fr`,
    birth_date: `${1950 + ((i * 7) % 50)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + ((i * 3) % 28)).padStart(2, '0')}`,
  }));
  await deps.database.db.insertInto('clients').values(clients).execute();
  // Their accounts in the demo core-banking system: balances of every size, as in a real branch.
  for (const [i, client] of clients.entries()) {
    await seedDemoAccounts(deps.database, deps.bankId, client.id, i, {
      currentCents: rng.int(-30_000, 900_000),
      savingsCents: rng.int(0, 4_000_000),
    });
  }

  const contacts: SimulatorContact[] = [];
  const rows = people.slice(0, KNOWN_CONTACT_COUNT).map((p, i) => {
    const onX = i % 2 === 0;
    const platformUserId = onX
      ? `9${String(rng.int(1e8, 1e9 - 1))}${String(rng.int(1e8, 1e9 - 1))}`
      : `3${String(rng.int(1e7, 1e8 - 1))}${String(rng.int(1e7, 1e8 - 1))}`;
    const displayName = `${p.firstName} ${p.lastName}`;
    const handle = onX ? p.handle : null;
    contacts.push({ platform: onX ? 'x' : 'meta', network: onX ? undefined : 'facebook', platformUserId, handle, displayName });
    return {
      id: randomUUID(),
      bank_id: deps.bankId,
      platform: onX ? 'x' : 'meta',
      platform_user_id: platformUserId,
      handle,
      display_name: displayName,
      profile_url: onX ? `https://x.com/${handle}` : `https://www.facebook.com/${platformUserId}`,
      avatar_url: null,
      client_id: clients[i]?.id ?? null,
    };
  });
  await deps.database.db.insertInto('contacts').values(rows).execute();
  return contacts;
}

interface Step {
  channel: SimulatedChannel;
  author?: SimulatorContact;
  pagePost?: boolean;
  continueShare: number;
}

/** The same sequence of steps for a given seed: the dry run and the real run must agree. */
function* plannedSteps(seed: number, contacts: SimulatorContact[]): Generator<Step> {
  const rng = createSeededRandom(seed ^ 0xc0ffee);
  for (let i = 0; ; i++) {
    // About one new thread in four is written by a known client, so advisors get their share.
    if (contacts.length > 0 && rng.chance(0.22)) {
      const author = contacts[i % contacts.length] as SimulatorContact;
      if (author.platform === 'x') yield { channel: rng.chance(0.5) ? 'x' : 'x_dm', author, continueShare: 0 };
      else yield { channel: 'facebook', author, pagePost: true, continueShare: 0 };
      continue;
    }
    yield { channel: rng.weighted(SEED_CHANNELS), continueShare: rng.chance(0.3) ? 1 : 0 };
  }
}

async function postConversations(
  deps: AppDeps,
  opts: SeedOptions,
  contacts: SimulatorContact[],
): Promise<{ deliveries: number; failed: number; simulator: Simulator }> {
  const target = opts.conversations ?? 200;
  const seed = opts.seed ?? 2026;
  const { config } = deps;
  const simulatorFor = (post: (platform: WebhookPlatform, raw: string) => Promise<number>, live: boolean) =>
    createSimulator({
      baseUrl: opts.liveChatBaseUrl ?? config.publicUrl,
      // The dry run touches no fake: it only counts threads.
      fakes: live ? opts.fakes : undefined,
      liveChat: live && opts.liveChatBaseUrl !== undefined,
      mediaBaseUrl: new URL(config.META_GRAPH_URL).origin,
      meta: { appSecret: config.META_APP_SECRET, pageId: config.META_PAGE_ID, instagramId: config.META_INSTAGRAM_ID },
      x: { consumerSecret: config.X_CONSUMER_SECRET, accountId: config.X_ACCOUNT_ID },
      seed,
      contactShare: 0,
      post,
    });

  // Dry run: how many messages reach `target` distinct threads. Comments on the same Page post
  // or the same DM sender share a conversation, so that number is only known by playing it out.
  const dry = simulatorFor(async () => 200, false);
  const threads = new Set<string>();
  let needed = 0;
  for (const step of plannedSteps(seed, contacts)) {
    if (threads.size >= target || needed >= target * 4) break;
    const sent = await dry.sendOne({ ...step, at: new Date(0) });
    threads.add(`${sent.channel}:${sent.threadKey}`);
    needed++;
  }

  const times = spreadOverDays(createSeededRandom(seed ^ 0x7173), needed, HISTORY_DAYS);
  let failed = 0;
  const live = simulatorFor(async (platform, raw) => {
    const status = await opts.postWebhook(platform, raw);
    if (status !== 200) failed++;
    return status;
  }, true);
  let index = 0;
  for (const step of plannedSteps(seed, contacts)) {
    if (index >= needed) break;
    await live.sendOne({ ...step, at: times[index] });
    // A refused first delivery means wrong secrets or no webhook route: say so rather than
    // posting hundreds of doomed requests.
    if (index === 0 && failed === 1)
      throw new Error('the demo seed webhook was refused: check the signing secrets and the /webhooks routes');
    index++;
  }
  if (failed > 0) deps.logger.warn({ failed, deliveries: needed }, 'some demo seed deliveries were refused');
  return { deliveries: needed, failed, simulator: live };
}

/**
 * The channels that do not come by Meta or X webhooks: ~30 reviews (Trustpilot by webhook, some
 * left to the sync; the stores on their fakes, read by the pollers), X posts about the bank from
 * the filtered stream, Instagram mentions, deleted comments, a Play review edited, a few live
 * chats. Every one takes its real path; the pollers run once at the end.
 */
async function postOtherChannels(deps: AppDeps, opts: SeedOptions, simulator: Simulator): Promise<Record<string, number>> {
  const fakes = opts.fakes;
  const counts: Record<string, number> = {};
  if (!fakes) return counts;
  const rng = createSeededRandom((opts.seed ?? 2026) ^ 0x4e71e);
  const reviewChannels: SimulatedChannel[] = [];
  if (fakes.trustpilot) reviewChannels.push('trustpilot');
  if (fakes.googlePlay) reviewChannels.push('google_play');
  if (fakes.appStore) reviewChannels.push('app_store');
  const moves: SendOptions[] = [];
  const total = reviewChannels.length ? (opts.reviews ?? 30) : 0;
  for (let i = 0; i < total; i++) moves.push({ channel: reviewChannels[i % reviewChannels.length] });
  const other: [SimulatedMove, number][] = [
    ['x_stream', fakes.x ? Math.max(2, Math.round(total / 5)) : 0],
    ['instagram_mention', 2],
    ['facebook_delete', 2],
  ];
  for (const [move, n] of other) for (let i = 0; i < n; i++) moves.push({ move });
  // Shuffled (seeded) so the reviews and the rest interleave over the days.
  for (let i = moves.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [moves[i], moves[j]] = [moves[j] as SendOptions, moves[i] as SendOptions];
  }
  // Play keeps a 7-day window: the reviews stay inside it. Sorted, so every poller cursor moves forward.
  const times = spreadOverDays(rng, moves.length, 6);
  if (fakes.x && !(await streamConnected(fakes.x))) {
    deps.logger.warn('X filtered stream not connected: the demo seed leaves out posts about the bank');
    moves.splice(0, moves.length, ...moves.filter((m) => m.move !== 'x_stream'));
  }
  const add = (key: string) => {
    counts[key] = (counts[key] ?? 0) + 1;
  };
  for (const [index, move] of moves.entries()) {
    const sent = await simulator.sendOne({ ...move, at: times[index], continueShare: 0 });
    add(sent.move);
  }
  if (fakes.googlePlay && counts.google_play) add((await simulator.sendOne({ move: 'google_play_edit' })).move);
  if (opts.liveChatBaseUrl) {
    for (let i = 0; i < 3; i++) add((await simulator.sendOne({ channel: 'live_chat', continueShare: 0 })).move);
    add((await simulator.sendOne({ channel: 'live_chat', continueShare: 1 })).move);
  }
  if (opts.pollNow) {
    for (const platform of ['trustpilot', 'google_play', 'app_store'] as const) {
      // A timer's poll may be in flight with an older view: the second run reads what is new.
      await opts.pollNow(platform);
      await opts.pollNow(platform);
    }
  }
  return counts;
}

/** The stream connects in the background at start: wait for it a few seconds at most. */
async function streamConnected(x: { connectedStreams?(): number }): Promise<boolean> {
  if (!x.connectedStreams) return true;
  for (let i = 0; i < 100; i++) {
    if (x.connectedStreams() > 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** Sorted times over the last `days`, mostly in waking hours (UTC offset of Paris ignored). */
function spreadOverDays(rng: ReturnType<typeof createSeededRandom>, count: number, days: number): Date[] {
  const now = Date.now();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const day = rng.int(0, days - 1);
    const hour = rng.chance(0.85) ? rng.int(7, 21) : rng.int(0, 23);
    const start = new Date(now - day * 86_400_000);
    start.setUTCHours(hour, rng.int(0, 59), rng.int(0, 59), rng.int(0, 999));
    // Today's late hours have not happened yet: keep every message in the past.
    times.push(Math.min(start.getTime(), now - rng.int(60_000, 3_600_000)));
  }
  return times.sort((a, b) => a - b).map((t) => new Date(t));
}
