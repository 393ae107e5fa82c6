import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.ts';
import { buildTestDeps, type TestDeps } from '../../platform/testing/test-app.ts';
import { buildConversation } from '../../platform/testing/test-conversations.ts';
import { testDatabaseTargets } from '../../platform/testing/test-database.ts';
import type { WorkLoop } from '../../platform/work-loop.ts';
import { computeSegments, markSegmentDirty, recordSpaceVisit, segmentOf } from './client-segment.service.ts';
import { createClientSegmentWorker } from './client-segment.worker.ts';

const daysAgo = (d: number) => new Date(Date.now() - d * 24 * 60 * 60_000);

describe('rule 12: the segment of a client from their channel use', () => {
  it('silent without any occasion, else the side used more often, a tie going to web', () => {
    expect(segmentOf({ social: 0, web: 0 })).toBe('silent');
    expect(segmentOf({ social: 3, web: 1 })).toBe('social');
    expect(segmentOf({ social: 1, web: 4 })).toBe('web');
    expect(segmentOf({ social: 2, web: 2 })).toBe('web');
    expect(segmentOf({ social: 0, web: 1 })).toBe('web');
  });
});

describe.each(testDatabaseTargets())('client segments on $name', ({ open }) => {
  let database: Database;
  let deps: TestDeps;
  let worker: WorkLoop | null = null;

  beforeAll(async () => {
    database = await open();
    deps = await buildTestDeps(database);
  });
  afterAll(async () => {
    await worker?.stop();
    await database?.close();
  });

  const newClient = async () => {
    const id = randomUUID();
    await database.db
      .insertInto('clients')
      .values({ id, bank_id: deps.bankId, first_name: 'Test', last_name: id.slice(0, 6) })
      .execute();
    return id;
  };
  const segmentRow = (clientId: string) =>
    database.db
      .selectFrom('client_segments')
      .select(['segment', 'social_count', 'web_count', 'dirty'])
      .where('client_id', '=', clientId)
      .executeTakeFirst();
  const [social, advisors] = [() => deps.testBank.teamIds[0], () => deps.testBank.teamIds[1]];

  it('counts conversations on social and review platforms, live chats and secure-space days, over the last 12 months', async () => {
    const socialClient = await newClient();
    const webClient = await newClient();
    const silentClient = await newClient();
    const lapsedClient = await newClient();
    const say = (at: Date) => [{ direction: 'inbound' as const, body: 'Bonjour', at }];
    await buildConversation(database, deps.bankId, {
      teamId: social(),
      channel: 'x_dm',
      clientId: socialClient,
      messages: say(daysAgo(3)),
    });
    await buildConversation(database, deps.bankId, {
      teamId: social(),
      channel: 'app_store',
      clientId: socialClient,
      messages: say(daysAgo(90)),
    });
    await buildConversation(database, deps.bankId, {
      teamId: advisors(),
      channel: 'live_chat',
      clientId: socialClient,
      messages: say(daysAgo(5)),
    });
    await buildConversation(database, deps.bankId, {
      teamId: advisors(),
      channel: 'live_chat',
      clientId: webClient,
      messages: say(daysAgo(10)),
    });
    await recordSpaceVisit(database.db, deps.bankId, webClient, daysAgo(20));
    await recordSpaceVisit(database.db, deps.bankId, webClient, daysAgo(20));
    await buildConversation(database, deps.bankId, {
      teamId: social(),
      channel: 'facebook',
      clientId: webClient,
      messages: say(daysAgo(1)),
    });
    // Thirteen months ago is outside the window: this client has been silent since.
    await buildConversation(database, deps.bankId, {
      teamId: social(),
      channel: 'instagram',
      clientId: lapsedClient,
      messages: say(daysAgo(400)),
    });

    const result = await computeSegments(deps, deps.bankId, [socialClient, webClient, silentClient, lapsedClient]);
    expect(Object.fromEntries(result)).toEqual({
      [socialClient]: 'social',
      [webClient]: 'web',
      [silentClient]: 'silent',
      [lapsedClient]: 'silent',
    });
    expect(await segmentRow(socialClient)).toMatchObject({ social_count: 2, web_count: 1 });
    // Two sign-ins the same day are one occasion.
    expect(await segmentRow(webClient)).toMatchObject({ social_count: 1, web_count: 2 });
  });

  it('the worker computes clients never computed, recomputes after new activity on the bus, and honours dirty marks', async () => {
    const clientId = await newClient();
    worker = createClientSegmentWorker(deps);
    worker.start();
    await worker.drained();
    expect(await segmentRow(clientId)).toMatchObject({ segment: 'silent', dirty: false });

    // The client writes on X: ingest publishes message.created after commit; the worker follows.
    const { conversationId } = await buildConversation(database, deps.bankId, {
      teamId: social(),
      channel: 'x',
      clientId,
      messages: [{ direction: 'inbound', body: 'Une question', at: new Date() }],
    });
    await deps.bus.publish(
      {
        type: 'message.created',
        bankId: deps.bankId,
        conversationId,
        teamId: social(),
        advisorId: null,
        messageId: null,
        at: new Date().toISOString(),
      },
      randomUUID(),
    );
    await expect.poll(async () => (await segmentRow(clientId))?.segment, { timeout: 10_000 }).toBe('social');

    // Two sign-ins on other days mark the row dirty; the next pass makes the client "web".
    await recordSpaceVisit(database.db, deps.bankId, clientId, daysAgo(2));
    await recordSpaceVisit(database.db, deps.bankId, clientId, daysAgo(1));
    expect((await segmentRow(clientId))?.dirty).toBe(true);
    await worker.drained();
    expect(await segmentRow(clientId)).toMatchObject({ segment: 'web', social_count: 1, web_count: 2, dirty: false });
    await markSegmentDirty(database.db, deps.bankId, clientId);
    await worker.drained();
    expect((await segmentRow(clientId))?.dirty).toBe(false);
  });
});
