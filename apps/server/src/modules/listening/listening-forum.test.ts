import type { ListeningDashboard, ListeningQuery, MentionPage } from '@agora/contracts/listening.schema.ts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.ts';
import { createOutboxDispatcher } from '../../platform/outbox/outbox.dispatcher.ts';
import { buildTestServer, type SignedIn } from '../../platform/testing/test-app.ts';
import { testDatabaseTargets } from '../../platform/testing/test-database.ts';
import type { WorkLoop } from '../../platform/work-loop.ts';
import { type CommunityTestKit, startCommunityKit } from '../community/community.test-kit.ts';
import { registerStaffRoutes } from '../staff/staff.routes.ts';
import { registerListeningRoutes } from './listening.routes.ts';
import { ensureDefaultBrandQuery } from './listening.worker.ts';
import { createListeningIntakeWorker } from './mentions/listening-intake.worker.ts';

async function until<T>(probe: () => Promise<T | null | undefined | false>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`jamais atteint : ${what}`);
}

/** The bank's forum as a listening source: posts published in the community become mentions. */
describe.each(testDatabaseTargets())('listening hears the forum on $name', ({ open }) => {
  let database: Database;
  let kit: CommunityTestKit;
  let listening: FastifyInstance;
  let cm: SignedIn;
  const loops: WorkLoop[] = [];

  beforeAll(async () => {
    database = await open();
    kit = await startCommunityKit(database);
    listening = await buildTestServer(kit.deps, async (a) => {
      await registerStaffRoutes(a, kit.deps);
      await registerListeningRoutes(a, kit.deps);
    });
    await ensureDefaultBrandQuery(kit.deps);
    // As main.ts runs them: the outbox publishes the community's events, listening consumes them.
    loops.push(createOutboxDispatcher(database, kit.deps.bus, kit.deps.logger), createListeningIntakeWorker(kit.deps));
    for (const loop of loops) loop.start(50);
    cm = await kit.staff('community_manager', 'Inès');
  });
  afterAll(async () => {
    for (const loop of loops) await loop.stop();
    await listening?.close();
    await kit?.close();
    await database?.close();
  });

  const call = <T>(app: FastifyInstance, method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: object) =>
    app.inject({ method, url, headers, payload }).then((r) => ({ status: r.statusCode, body: r.json() as T }));

  it('makes every public post a forum mention matched by the queries, without the bank’s own answers', async () => {
    const rival = await call<ListeningQuery>(listening, 'POST', '/api/listening/queries', cm.headers, {
      name: 'Banque Rivale',
      kind: 'competitor',
      expression: '"Banque Rivale"',
    });
    expect(rival.status).toBe(201);
    const member = await kit.member('Comparatrice');
    await kit.setTrust(member.memberId, 1);
    const topic = await call<{ topicId: string }>(kit.app, 'POST', '/api/community/topics', member.headers, {
      categorySlug: 'comptes',
      title: 'Frais de tenue de compte',
      body: 'Chez Banque Rivale les frais sont plus bas, pourquoi pas ici ?',
      kind: 'question',
    });
    expect(topic.status).toBe(201);
    const { topicId } = topic.body;
    const staffReply = await call(kit.app, 'POST', `/api/community/topics/${topicId}/posts`, cm.headers, {
      body: 'Bonjour, nos frais sont détaillés dans la brochure tarifaire.',
    });
    expect(staffReply.status).toBe(201);
    const other = await kit.member('Voisin_de_forum');
    await kit.setTrust(other.memberId, 1);
    expect(
      (await call(kit.app, 'POST', `/api/community/topics/${topicId}/posts`, other.headers, { body: 'Pareil pour moi, merci.' })).status,
    ).toBe(201);
    // A new member's first post is held for review: not public, hence not heard.
    const newbie = await kit.member('Tout_nouveau');
    const held = await call<{ post: { status: string } }>(kit.app, 'POST', `/api/community/topics/${topicId}/posts`, newbie.headers, {
      body: 'Banque Rivale aussi a des frais cachés.',
    });
    expect(held.body.post.status).toBe('held');

    const page = await until(async () => {
      const r = await call<MentionPage>(listening, 'GET', '/api/listening/mentions?channels=forum', cm.headers);
      return r.body.items.length >= 2 && r.body;
    }, 'les deux messages publics du forum');
    // Give a late (wrong) staff or held mention the chance to show up before checking its absence.
    await loops[1]!.drained();
    const again = await call<MentionPage>(listening, 'GET', '/api/listening/mentions?channels=forum', cm.headers);
    expect(again.body.items).toHaveLength(2);
    const authors = page.items.map((m) => m.author.name).sort();
    expect(authors).toEqual(['Comparatrice', 'Voisin_de_forum']);
    for (const m of page.items) {
      expect(m.source).toBe('forum');
      expect(m.channel).toBe('forum');
      // The link goes to the topic in the forum.
      expect(m.url).toContain(topicId);
      expect(m.body).not.toContain('brochure tarifaire');
    }
    // The competitor query matched the first post only; the brand query heard both (the bank's forum).
    const first = page.items.find((m) => m.author.name === 'Comparatrice')!;
    expect(first.queryIds).toContain(rival.body.id);
    const dashboard = await call<ListeningDashboard>(listening, 'GET', '/api/listening/dashboard?channels=forum', cm.headers);
    expect(dashboard.body.channels).toEqual([{ channel: 'forum', mentions: expect.any(Number) }]);
    const rivalShare = dashboard.body.shareOfVoice.find((s) => s.queryId === rival.body.id);
    expect(rivalShare?.mentions).toBe(1);
    const all = await call<ListeningDashboard>(listening, 'GET', '/api/listening/dashboard', cm.headers);
    expect(all.body.channels.map((c) => c.channel)).toContain('forum');
  });
});
