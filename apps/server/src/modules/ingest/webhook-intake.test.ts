import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '../../platform/crypto.ts';
import { messengerDelivery, postSigned, signMeta, xDmDelivery } from '../../platform/testing/platform-payloads.ts';
import { agoraTargets, startTestAgora, type TestAgora } from '../../platform/testing/test-agora.ts';
import { createDeliveryIntake, INGEST_CHANNEL, intakeOrigin, readIntakeNotice } from './raw-delivery.repository.ts';

/**
 * Every table the path of a message writes to, counted: "nothing stored" means none moved.
 * Inbound messages only: automatic acknowledgements (outside opening hours) are the bank's own.
 */
async function snapshot(agora: TestAgora) {
  const counts = await sql<{ t: string; n: string }>`
    select 'raw' as t, count(*)::text as n from raw_deliveries union all
    select 'items', count(*)::text from ingested_items union all
    select 'contacts', count(*)::text from contacts union all
    select 'conversations', count(*)::text from conversations union all
    select 'messages', count(*)::text from messages where direction = 'inbound' union all
    select 'outbox', count(*)::text from outbox`.execute(agora.deps.database.db);
  return Object.fromEntries(counts.rows.map((r) => [r.t, Number(r.n)]));
}

describe.each(agoraTargets())('webhook intake on $name', ({ name }) => {
  let agora: TestAgora;
  beforeAll(async () => {
    agora = await startTestAgora({ database: name });
  });
  afterAll(async () => agora?.stop());

  const metaSecret = () => agora.config.META_APP_SECRET;

  it('answers the Meta handshake only with the right verify token', async () => {
    const ok = await fetch(
      `${agora.url}/webhooks/meta?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(agora.config.META_VERIFY_TOKEN)}&hub.challenge=1158201444`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const bad = await fetch(`${agora.url}/webhooks/meta?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1158201444`);
    expect(bad.status).toBe(403);
  });

  it('answers the X CRC with the HMAC of the token under the consumer secret', async () => {
    const response = await fetch(`${agora.url}/webhooks/x?crc_token=abc123`);
    const { createHmac } = await import('node:crypto');
    const expected = `sha256=${createHmac('sha256', agora.config.X_CONSUMER_SECRET).update('abc123').digest('base64')}`;
    expect(await response.json()).toEqual({ response_token: expected });
  });

  it('rejects bad, missing and tampered signatures, oversize and malformed bodies, storing nothing', async () => {
    await agora.drain();
    const before = await snapshot(agora);
    const { body } = messengerDelivery({ pageId: agora.config.META_PAGE_ID, text: 'Bonjour, ma carte est bloquée' });
    const raw = JSON.stringify(body);

    expect((await postSigned(agora.url, 'meta', raw, 'not-the-secret')).status).toBe(401);
    expect((await postSigned(agora.url, 'meta', raw, metaSecret(), null)).status).toBe(401);
    const tampered = raw.replace('bloquée', 'débloquée');
    expect((await postSigned(agora.url, 'meta', tampered, metaSecret(), signMeta(metaSecret(), raw))).status).toBe(401);
    expect((await postSigned(agora.url, 'meta', raw, metaSecret(), 'sha256=')).status).toBe(401);
    const x = xDmDelivery({ accountId: agora.config.X_ACCOUNT_ID, text: 'Bonjour' });
    expect((await postSigned(agora.url, 'x', JSON.stringify(x.body), 'wrong')).status).toBe(401);

    const huge = JSON.stringify({ object: 'page', entry: [], pad: 'x'.repeat(1024 * 1024) });
    const oversize = await postSigned(agora.url, 'meta', huge, metaSecret());
    expect(oversize.status).toBe(413);

    const malformed = await postSigned(agora.url, 'meta', '{"object":"page","entry":[', metaSecret());
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ error: { code: 'malformed_payload' } });

    await agora.drain();
    expect(await snapshot(agora)).toEqual(before);
  });

  it('stores a delivery once, turns it into a conversation, and a replay changes nothing', async () => {
    const d = messengerDelivery({ pageId: agora.config.META_PAGE_ID, text: 'Mes virements ne passent plus depuis ce matin' });
    const raw = JSON.stringify(d.body);
    expect((await postSigned(agora.url, 'meta', raw, metaSecret())).status).toBe(200);
    await agora.drain();
    const after = await snapshot(agora);

    // The same delivery again, and the same item inside a different delivery (new body bytes).
    expect((await postSigned(agora.url, 'meta', raw, metaSecret())).status).toBe(200);
    const again = messengerDelivery({
      pageId: agora.config.META_PAGE_ID,
      psid: d.psid,
      mid: d.mid,
      text: 'Mes virements ne passent plus depuis ce matin',
      timestamp: Date.now() + 1,
    });
    expect((await postSigned(agora.url, 'meta', JSON.stringify(again.body), metaSecret())).status).toBe(200);
    await agora.drain();
    const replayed = await snapshot(agora);
    expect(replayed.messages).toBe(after.messages);
    expect(replayed.conversations).toBe(after.conversations);
    expect(replayed.raw).toBe((after.raw ?? 0) + 1);

    const message = await agora.deps.database.db
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select(['messages.body', 'conversations.channel', 'conversations.kind', 'conversations.thread_key'])
      .where('messages.platform_message_id', '=', d.mid)
      .executeTakeFirstOrThrow();
    expect(message).toEqual({
      body: 'Mes virements ne passent plus depuis ce matin',
      channel: 'messenger',
      kind: 'private',
      thread_key: d.psid,
    });
  });

  it("publishes a batch's events itself once committed, each once, its outbox rows marked", async () => {
    const published: string[] = [];
    const unsubscribe = agora.deps.bus.subscribe((event) => {
      if (event.type === 'message.created' && event.messageId) published.push(event.messageId);
    });
    const d = messengerDelivery({ pageId: agora.config.META_PAGE_ID, text: 'Carte bloquée au distributeur' });
    expect((await postSigned(agora.url, 'meta', JSON.stringify(d.body), metaSecret())).status).toBe(200);
    await agora.drain();
    unsubscribe();
    const message = await agora.deps.database.db
      .selectFrom('messages')
      .select('id')
      .where('platform_message_id', '=', d.mid)
      .executeTakeFirstOrThrow();
    expect(published.filter((id) => id === message.id)).toHaveLength(1);
    // Written held (the dispatcher leaves it to the ingest worker), then marked by the worker.
    const rows = await sql<{ held: boolean; published: boolean }>`
      select held_until is not null as held, published_at is not null as published from outbox
      where topic = 'message.created' and payload->>'messageId' = ${message.id}`.execute(agora.deps.database.db);
    expect(rows.rows).toEqual([{ held: true, published: true }]);
  });

  it('commits a burst of webhooks together, each answered once its own row is stored, replays in the burst included', async () => {
    await agora.drain();
    const before = await snapshot(agora);
    const bodies = Array.from({ length: 40 }, (_, i) =>
      JSON.stringify(messengerDelivery({ pageId: agora.config.META_PAGE_ID, text: `Rafale ${i} : mon virement est-il parti ?` }).body),
    );
    // Every fourth delivery is sent twice at the same instant: only one of the pair is new.
    const burst = [...bodies, ...bodies.filter((_, i) => i % 4 === 0)];
    const answers = await Promise.all(burst.map((raw) => postSigned(agora.url, 'meta', raw, metaSecret())));
    expect(answers.map((a) => a.status)).toEqual(burst.map(() => 200));
    // Answered 200 means committed: every delivery is in the table before any worker ran.
    const stored = await agora.deps.database.db
      .selectFrom('raw_deliveries')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('id', '>', '0')
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe((before.raw ?? 0) + bodies.length);
    await agora.drain();
    const after = await snapshot(agora);
    expect(after.messages).toBe((before.messages ?? 0) + bodies.length);
    expect(after.conversations).toBe((before.conversations ?? 0) + bodies.length);
  });

  it('takes a backlog of several batches, lanes side by side, each message once and threads intact', async () => {
    await agora.drain();
    const before = await snapshot(agora);
    // Stored without a wake-up: the backlog is there in full when the workers drain it.
    const intake = createDeliveryIntake(agora.deps.database, () => undefined);
    const senders = Array.from({ length: 12 }, (_, i) => `psid_backlog_${i}_${Date.now()}`);
    const start = Date.now() - 60_000;
    const deliveries = Array.from({ length: 480 }, (_, i) =>
      messengerDelivery({
        pageId: agora.config.META_PAGE_ID,
        psid: senders[i % senders.length],
        text: `Arriéré ${i}`,
        timestamp: start + i,
      }),
    );
    await Promise.all(deliveries.map((d) => intake.store('meta', Buffer.from(JSON.stringify(d.body)))));
    await agora.drain();
    const after = await snapshot(agora);
    expect(after.messages).toBe((before.messages ?? 0) + deliveries.length);
    expect(after.conversations).toBe((before.conversations ?? 0) + senders.length);
    const left = await agora.deps.database.db
      .selectFrom('raw_deliveries')
      .select(['status', 'attempts'])
      .where((eb) => eb.or([eb('status', '<>', 'done'), eb('attempts', '>', 0)]))
      .where('platform', '=', 'meta')
      .execute();
    expect(left).toEqual([]);
    // Each thread ends on its newest message, whichever batch or lane wrote it last.
    const excerpts = await agora.deps.database.db
      .selectFrom('conversations')
      .select(['thread_key', 'excerpt'])
      .where('thread_key', 'in', senders)
      .execute();
    const newest = new Map(senders.map((psid, s) => [psid, `Arriéré ${deliveries.length - senders.length + s}`]));
    expect(new Map(excerpts.map((r) => [r.thread_key, r.excerpt]))).toEqual(newest);
  });

  it('tells the first of two identical deliveries in one group commit that it is new, the second that it is a replay', async () => {
    let wakes = 0;
    const intake = createDeliveryIntake(agora.deps.database, () => wakes++);
    const raw = Buffer.from(JSON.stringify(messengerDelivery({ pageId: agora.config.META_PAGE_ID, text: 'En double' }).body));
    const other = Buffer.from(JSON.stringify(messengerDelivery({ pageId: agora.config.META_PAGE_ID, text: 'Seul' }).body));
    // The first goes out alone; the three others wait for it and share the next statement.
    const results = await Promise.all([
      intake.store('meta', other),
      intake.store('meta', raw),
      intake.store('meta', raw),
      intake.store('meta', other),
    ]);
    expect(results).toEqual([true, true, false, false]);
    expect(wakes).toBe(2);
    expect(await intake.store('meta', raw)).toBe(false);
    await agora.drain();
  });

  it('takes a delivery no one told it about through its own scan of the queue, within seconds', async () => {
    await agora.drain();
    // This server's own intake, its hand-over lost: no ids, no wake-up, and its NOTIFY is the
    // one the server ignores as its own. Only the worker's periodic scan can find the delivery.
    const intake = createDeliveryIntake(agora.deps.database, () => undefined);
    const d = messengerDelivery({ pageId: agora.config.META_PAGE_ID, text: 'Personne ne m’a prévenu' });
    expect(await intake.store('meta', Buffer.from(JSON.stringify(d.body)))).toBe(true);
    await vi.waitFor(
      async () => {
        const row = await agora.deps.database.db
          .selectFrom('messages')
          .select(['id'])
          .where('platform_message_id', '=', d.mid)
          .executeTakeFirst();
        expect(row).toBeDefined();
      },
      { timeout: 15_000, interval: 100 },
    );
  });

  // PGlite is one process: no NOTIFY to send.
  it.runIf(name === 'postgres')('tells the other processes, in its NOTIFY, which deliveries it stored', async () => {
    const heard: string[] = [];
    await agora.deps.database.listen(INGEST_CHANNEL, (payload) => heard.push(payload));
    const raw = JSON.stringify(messengerDelivery({ pageId: agora.config.META_PAGE_ID, text: 'Pour les autres' }).body);
    expect((await postSigned(agora.url, 'meta', raw, metaSecret())).status).toBe(200);
    const stored = await agora.deps.database.db
      .selectFrom('raw_deliveries')
      .select(['id'])
      .where('body_sha256', '=', sha256Hex(Buffer.from(raw)))
      .executeTakeFirstOrThrow();
    await vi.waitFor(
      () => expect(heard.map(readIntakeNotice)).toContainEqual({ origin: intakeOrigin(agora.deps.database), ids: [String(stored.id)] }),
      {
        timeout: 5000,
      },
    );
  });

  it.runIf(name === 'postgres')('says only who stored when the ids would not fit in a NOTIFY, and stores them all', async () => {
    await agora.drain();
    // Ids of 16 digits: 500 of them are 8,500 bytes, past the 8,000 a NOTIFY payload may hold.
    await sql`select setval(pg_get_serial_sequence('raw_deliveries', 'id'), 1000000000000000)`.execute(agora.deps.database.db);
    const heard: string[] = [];
    await agora.deps.database.listen(INGEST_CHANNEL, (payload) => heard.push(payload));
    const handed: string[][] = [];
    const intake = createDeliveryIntake(agora.deps.database, (ids) => handed.push(ids));
    const bodies = Array.from({ length: 501 }, (_, i) =>
      Buffer.from(JSON.stringify(messengerDelivery({ pageId: agora.config.META_PAGE_ID, text: `Trop long ${i}` }).body)),
    );
    // The first goes alone; the 500 others wait for it and share one statement.
    const stored = await Promise.all(bodies.map((body) => intake.store('meta', body)));
    expect(stored.every(Boolean)).toBe(true);
    expect(handed.map((ids) => ids.length)).toEqual([1, 500]);
    const origin = intakeOrigin(agora.deps.database);
    await vi.waitFor(() => expect(heard).toContain(origin), { timeout: 5000 });
    expect(heard.map(readIntakeNotice)).toContainEqual({ origin, ids: [handed[0]![0]] });
    await agora.drain();
  });

  it('reads a notice without ids, or with something else than ids, as a call to scan', () => {
    expect(readIntakeNotice('')).toEqual({ origin: '', ids: [] });
    expect(readIntakeNotice('abc')).toEqual({ origin: 'abc', ids: [] });
    expect(readIntakeNotice('abc 12,x,13')).toEqual({ origin: 'abc', ids: ['12', '13'] });
    expect(readIntakeNotice(' 7')).toEqual({ origin: '', ids: ['7'] });
  });

  it('stores a message cut in the middle of an emoji, or carrying a NUL, rather than losing it', async () => {
    // A platform that truncates text may cut a surrogate pair; NUL is legal JSON but not Postgres text.
    const d = messengerDelivery({ pageId: agora.config.META_PAGE_ID, text: 'Merci \ud83d et\u0000 bonne journée' });
    expect((await postSigned(agora.url, 'meta', JSON.stringify(d.body), metaSecret())).status).toBe(200);
    await agora.drain();
    const message = await agora.deps.database.db
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select(['messages.body', 'conversations.excerpt'])
      .where('messages.platform_message_id', '=', d.mid)
      .executeTakeFirst();
    expect(message?.body).toBe('Merci \ufffd et bonne journée');
    expect(message?.excerpt).toContain('Merci \ufffd et bonne');

    // Typed by hand, the same escapes are text like any other, kept as written.
    const typed = messengerDelivery({ pageId: agora.config.META_PAGE_ID, text: 'Le code \\u0000 et \\ud83d ?' });
    expect((await postSigned(agora.url, 'meta', JSON.stringify(typed.body), metaSecret())).status).toBe(200);
    await agora.drain();
    const kept = await agora.deps.database.db
      .selectFrom('messages')
      .select(['body'])
      .where('platform_message_id', '=', typed.mid)
      .executeTakeFirst();
    expect(kept?.body).toBe('Le code \\u0000 et \\ud83d ?');
  });

  it('keeps an unknown event type raw and marks it ignored', async () => {
    const raw = JSON.stringify({
      object: 'page',
      entry: [{ id: agora.config.META_PAGE_ID, time: 1, changes: [{ field: 'ratings', value: { item: 'rating' } }] }],
    });
    expect((await postSigned(agora.url, 'meta', raw, metaSecret())).status).toBe(200);
    await agora.drain();
    const row = await agora.deps.database.db
      .selectFrom('raw_deliveries')
      .select(['status'])
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('ignored');
  });
});
