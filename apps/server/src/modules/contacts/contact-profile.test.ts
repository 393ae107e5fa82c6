import type { ConversationDetail, ConversationListItem } from '@agora/contracts/conversation.schema.ts';
import type { BusEvent } from '@agora/contracts/events.schema.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { messengerDelivery, postSigned } from '../../platform/testing/platform-payloads.ts';
import { agoraTargets, startTestAgora, type TestAgora } from '../../platform/testing/test-agora.ts';
import { type StaffClient, signInOverHttp } from '../../platform/testing/test-client.ts';
import { createStaffUser } from '../staff/staff.service.ts';
import { backoffMs, MAX_PROFILE_ATTEMPTS } from './contact-profile.worker.ts';

type List = { items: ConversationListItem[]; nextCursor: string | null };
const PASSWORD = 'mot-de-passe-du-test-42';
/** Only the profile lookup fails: other calls to Meta (replies) go through. */
const PROFILE_LOOKUP = { method: 'GET' as const, path: /^\/\d+$/ };
/** The Graph batch call itself (POST to the version root), whatever it holds. */
const BATCH_CALL = { method: 'POST' as const, path: /^\/$/ };
const lookupOf = (id: string) => ({ method: 'GET' as const, path: new RegExp(`^/${id}$`) });

describe.each(agoraTargets())('contact profiles on $name', ({ name }) => {
  let agora: TestAgora;
  let cm: StaffClient;

  const post = async (body: unknown) => {
    const { status } = await postSigned(agora.url, 'meta', JSON.stringify(body), agora.config.META_APP_SECRET);
    expect(status).toBe(200);
    await agora.drain();
  };
  const meta = () => {
    if (!agora.fakes) throw new Error('the test Agora runs the fakes');
    return agora.fakes.meta;
  };
  const contactOf = (platformUserId: string) =>
    agora.deps.database.db
      .selectFrom('contacts')
      .select(['display_name', 'handle', 'avatar_url', 'profile_url', 'profile_fetched_at', 'profile_attempts', 'profile_next_attempt_at'])
      .where('platform_user_id', '=', platformUserId)
      .executeTakeFirstOrThrow();
  const instagramDm = (igsid: string, text: string) => ({
    object: 'instagram',
    entry: [
      {
        id: agora.config.META_INSTAGRAM_ID,
        time: Date.now(),
        messaging: [
          {
            sender: { id: igsid },
            recipient: { id: agora.config.META_INSTAGRAM_ID },
            timestamp: Date.now(),
            message: { mid: `ig_${igsid}_${Date.now()}`, text },
          },
        ],
      },
    ],
  });

  /**
   * People who wrote and are not named yet, all due now: lookups fail while they arrive (whatever
   * passes run meanwhile), so that the next pass claims them all together.
   */
  const arrivedUnnamed = async (deliveries: { id: string; body: unknown }[]) => {
    meta().failNext(100, { status: 503 }, BATCH_CALL);
    for (const { body } of deliveries) await post(body);
    meta().reset();
    await agora.deps.database.db
      .updateTable('contacts')
      .set({ profile_next_attempt_at: new Date() })
      .where(
        'platform_user_id',
        'in',
        deliveries.map((d) => d.id),
      )
      .execute();
  };
  const messengerFrom = (psid: string) => ({
    id: psid,
    body: messengerDelivery({ pageId: agora.config.META_PAGE_ID, psid, text: 'Bonjour, carte bloquée' }).body,
  });
  const nameOf = (id: string) => {
    const person = meta().profileOf(id);
    return `${person.firstName} ${person.lastName}`;
  };
  /** What Agora asked Graph for profiles: batch calls, or single lookups. */
  const profileCalls = () => meta().requests.filter((r) => r.path === '/' || PROFILE_LOOKUP.path.test(r.path));

  beforeAll(async () => {
    agora = await startTestAgora({ database: name });
    const teams = await agora.deps.database.db
      .selectFrom('teams')
      .select(['id', 'kind'])
      .where('bank_id', '=', agora.deps.bankId)
      .execute();
    await createStaffUser(agora.deps, {
      email: 'cm@test.fr',
      displayName: 'Inès Garnier',
      firstName: 'Inès',
      role: 'community_manager',
      teamIds: [teams.find((t) => t.kind === 'social_care')!.id],
      password: PASSWORD,
    });
    cm = await signInOverHttp(agora.url, 'cm@test.fr', PASSWORD);
  });
  afterAll(async () => agora?.stop());
  beforeEach(() => agora.fakes?.meta.reset());

  it('names a Messenger sender known only by PSID, in the inbox, and keeps the name on the next message', async () => {
    const psid = '24001000000000001';
    const person = meta().profileOf(psid);
    const updates: BusEvent[] = [];
    const unsubscribe = agora.deps.bus.subscribe((e) => {
      if (e.type === 'conversation.updated') updates.push(e);
    });
    await post(messengerDelivery({ pageId: agora.config.META_PAGE_ID, psid, text: 'Bonjour, mon prélèvement profilun a été rejeté' }).body);
    unsubscribe();
    // Screens refresh; the clocks and the routing know only the person changed.
    expect(updates.filter((e) => e.change === 'contact')).toHaveLength(1);
    const contact = await contactOf(psid);
    expect(contact).toMatchObject({
      display_name: `${person.firstName} ${person.lastName}`,
      avatar_url: expect.stringContaining('https://'),
    });
    expect(contact.profile_fetched_at).not.toBeNull();
    const list = await cm.request<List>('GET', '/api/conversations?search=profilun');
    expect(list.body.items[0]?.contact.displayName).toBe(`${person.firstName} ${person.lastName}`);

    // Messenger's next webhook carries the bare PSID again: the real name must stay.
    await post(messengerDelivery({ pageId: agora.config.META_PAGE_ID, psid, text: 'Toujours rien profilun' }).body);
    expect((await contactOf(psid)).display_name).toBe(`${person.firstName} ${person.lastName}`);
    const detail = await cm.request<ConversationDetail>('GET', `/api/conversations/${list.body.items[0]?.id}`);
    expect(detail.body.contact.displayName).toBe(`${person.firstName} ${person.lastName}`);
  });

  it('names a burst of new senders together, each with their own name', async () => {
    const psids = Array.from({ length: 12 }, (_, i) => `2400200000000${String(i).padStart(4, '0')}`);
    await Promise.all(
      psids.map((psid) =>
        postSigned(
          agora.url,
          'meta',
          JSON.stringify(messengerDelivery({ pageId: agora.config.META_PAGE_ID, psid, text: 'Bonjour, carte bloquée' }).body),
          agora.config.META_APP_SECRET,
        ),
      ),
    );
    await agora.drain();
    for (const psid of psids) {
      const person = meta().profileOf(psid);
      expect((await contactOf(psid)).display_name).toBe(`${person.firstName} ${person.lastName}`);
    }
  });

  it('looks a claim of new senders up in one Graph call per channel', async () => {
    const psids = Array.from({ length: 10 }, (_, i) => `2400300000000${String(i).padStart(4, '0')}`);
    const igsids = ['6543210000000101', '6543210000000102'];
    await arrivedUnnamed([...psids.map(messengerFrom), ...igsids.map((id) => ({ id, body: instagramDm(id, 'Bonjour') }))]);
    await agora.drain();
    expect(
      profileCalls()
        .map((r) => [r.method, r.operations])
        .sort(),
    ).toEqual([
      ['POST', 10],
      ['POST', 2],
    ]);
    for (const id of [...psids, ...igsids]) expect((await contactOf(id)).display_name).toBe(nameOf(id));
  });

  it('names the others when one person is unknown to Meta or their lookup fails, and retries only the failed ones', async () => {
    const [named, unknown, broken, throttled, alsoNamed] = Array.from({ length: 5 }, (_, i) => `2400400000000000${i}`) as [
      string,
      string,
      string,
      string,
      string,
    ];
    await arrivedUnnamed([named, unknown, broken, throttled, alsoNamed].map(messengerFrom));
    meta().forgetUser(unknown);
    meta().failNext(1, { status: 503 }, lookupOf(broken));
    meta().failNext(1, { status: 429 }, lookupOf(throttled));
    await agora.drain();
    expect(profileCalls()).toEqual([{ method: 'POST', path: '/', operations: 5 }]);
    for (const id of [named, alsoNamed]) expect((await contactOf(id)).display_name).toBe(nameOf(id));
    // Unknown: given up at once, the id stays as the name.
    expect(await contactOf(unknown)).toMatchObject({ display_name: unknown, profile_attempts: 2, profile_next_attempt_at: null });
    expect((await contactOf(unknown)).profile_fetched_at).not.toBeNull();
    for (const id of [broken, throttled]) {
      const contact = await contactOf(id);
      expect(contact).toMatchObject({ display_name: id, profile_attempts: 2, profile_fetched_at: null });
      expect(contact.profile_next_attempt_at?.getTime()).toBeGreaterThan(Date.now());
    }
  });

  it('puts the whole claim off by the Retry-After of a throttled batch call', async () => {
    const psids = ['24005000000000001', '24005000000000002', '24005000000000003'];
    await arrivedUnnamed(psids.map(messengerFrom));
    meta().failNext(1, { status: 429, retryAfterSeconds: 600 }, BATCH_CALL);
    await agora.drain();
    expect(profileCalls()).toHaveLength(1);
    for (const psid of psids) {
      const contact = await contactOf(psid);
      expect(contact).toMatchObject({ display_name: psid, profile_attempts: 2, profile_fetched_at: null });
      expect(contact.profile_next_attempt_at?.getTime()).toBeGreaterThan(Date.now() + 590_000);
    }
  });

  it('names an Instagram DM sender with name, username and profile link', async () => {
    const igsid = '6543210000000042';
    const person = meta().profileOf(igsid);
    await post(instagramDm(igsid, 'Bonjour depuis Instagram'));
    expect(await contactOf(igsid)).toMatchObject({
      display_name: `${person.firstName} ${person.lastName}`,
      handle: person.username,
      profile_url: `https://www.instagram.com/${person.username}`,
    });
  });

  it('retries a failed lookup later, then fills the name in', async () => {
    const psid = '24001000000000002';
    meta().failNext(1, { status: 503 }, PROFILE_LOOKUP);
    await post(messengerDelivery({ pageId: agora.config.META_PAGE_ID, psid, text: 'Bonjour profildeux' }).body);
    const waiting = await contactOf(psid);
    expect(waiting).toMatchObject({ display_name: psid, profile_attempts: 1, profile_fetched_at: null });
    expect(waiting.profile_next_attempt_at?.getTime()).toBeGreaterThan(Date.now());
    // Time passes: the backoff is over.
    await agora.deps.database.db
      .updateTable('contacts')
      .set({ profile_next_attempt_at: new Date() })
      .where('platform_user_id', '=', psid)
      .execute();
    await agora.drain();
    const person = meta().profileOf(psid);
    expect(await contactOf(psid)).toMatchObject({ display_name: `${person.firstName} ${person.lastName}`, profile_attempts: 2 });
  });

  it('gives up after the last attempt and keeps the id as the name', async () => {
    const psid = '24001000000000003';
    meta().failNext(1, { status: 503 }, PROFILE_LOOKUP);
    // Hold the contact back until it has used all but one attempt.
    await agora.deps.database.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('contacts')
        .values({
          id: crypto.randomUUID(),
          bank_id: agora.deps.bankId,
          platform: 'meta',
          platform_user_id: psid,
          display_name: psid,
          profile_attempts: MAX_PROFILE_ATTEMPTS - 1,
        })
        .execute();
    });
    await post(messengerDelivery({ pageId: agora.config.META_PAGE_ID, psid, text: 'Bonjour profiltrois' }).body);
    const contact = await contactOf(psid);
    expect(contact).toMatchObject({ display_name: psid, profile_attempts: MAX_PROFILE_ATTEMPTS });
    expect(contact.profile_fetched_at).not.toBeNull();
  });
});

describe('profile lookup backoff', () => {
  it('doubles with jitter up to the ceiling and honours Retry-After', () => {
    const policy = { baseMs: 1000, maxMs: 8000 };
    expect(backoffMs(1, policy, null, () => 0)).toBe(500);
    expect(backoffMs(3, policy, null, () => 1)).toBe(4000);
    expect(backoffMs(10, policy, null, () => 1)).toBe(8000);
    expect(backoffMs(1, policy, 60_000, () => 1)).toBe(60_000);
  });
});
