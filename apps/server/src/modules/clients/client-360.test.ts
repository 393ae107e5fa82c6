import type { Client360, PortfolioPage, TimelineItem, TimelinePage } from '@agora/contracts/client-360.schema.ts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.ts';
import { buildTestDeps, buildTestServer, type SignedIn, seedTestBank, signIn, type TestDeps } from '../../platform/testing/test-app.ts';
import { buildActiveClient, signInClient, type TestClient } from '../../platform/testing/test-clients.ts';
import { buildConversation } from '../../platform/testing/test-conversations.ts';
import { testDatabaseTargets } from '../../platform/testing/test-database.ts';
import { withSla } from '../sla/sla.tables.ts';
import { registerStaffRoutes } from '../staff/staff.routes.ts';
import { createStaffUser } from '../staff/staff.service.ts';
import { registerClient360Routes } from './client-360.routes.ts';
import { readTimeline } from './client-timeline.service.ts';
import { CLIENT_TIMELINE_SOURCES } from './client-timeline.sources.ts';
import type { TimelineSource } from './client-timeline.types.ts';
import { registerClientRoutes } from './clients.routes.ts';

const PASSWORD = 'mot de passe du personnel';
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

describe.each(testDatabaseTargets())('client 360, timeline and portfolio on $name', ({ open }) => {
  let database: Database;
  let deps: TestDeps;
  let app: FastifyInstance;
  const staff: Record<string, { id: string; session: SignedIn; principal: { teamIds: string[] } }> = {};
  let clientA: string;
  let clientB: string;
  let testClientB: TestClient;
  let contactA1: string;
  let socialConversationA: string;
  let advisorsConversationA: string;

  const person = async (key: string, role: 'advisor' | 'agent' | 'community_manager' | 'supervisor' | 'admin', teamIds: string[]) => {
    const email = `${key}@banque.test`;
    const user = await createStaffUser(deps, { email, password: PASSWORD, displayName: `Test ${key}`, firstName: key, role, teamIds });
    staff[key] = { id: user.id, session: await signIn(app, email, PASSWORD), principal: { teamIds } };
  };
  const get = <T>(key: string, url: string) =>
    app.inject({ url, headers: staff[key]?.session.headers }).then((r) => ({ status: r.statusCode, body: r.json() as T }));
  const post = <T>(key: string, url: string, payload: object = {}) =>
    app
      .inject({ method: 'POST', url, payload, headers: staff[key]?.session.headers })
      .then((r) => ({ status: r.statusCode, body: (r.body ? r.json() : null) as T }));

  beforeAll(async () => {
    database = await open();
    deps = await buildTestDeps(database);
    app = await buildTestServer(deps, async (a) => {
      await registerStaffRoutes(a, deps);
      await registerClientRoutes(a, deps);
      await registerClient360Routes(a, deps);
    });
    const [social, advisors] = deps.testBank.teamIds;
    await person('nora', 'advisor', [advisors]);
    await person('karim', 'advisor', [advisors]);
    await person('ines', 'agent', [social]);
    await person('paul', 'community_manager', [advisors]);
    await person('sophie', 'supervisor', []);
    await person('alex', 'admin', []);
    clientA = (await buildActiveClient(database, deps.bankId, { advisorId: staff.nora?.id, lastName: 'Moreau' })).clientId;
    testClientB = await buildActiveClient(database, deps.bankId, { advisorId: staff.karim?.id, lastName: 'Lefebvre' });
    clientB = testClientB.clientId;
    // Client A wrote on X to the social team (answered, with a note), then on Facebook to the advisors' team.
    const x = await buildConversation(database, deps.bankId, {
      teamId: social,
      channel: 'x_dm',
      clientId: clientA,
      messages: [
        { direction: 'inbound', body: 'Bonjour, ma carte est bloquée', at: minutesAgo(300) },
        { direction: 'outbound', body: 'Nous regardons cela tout de suite', at: minutesAgo(290), authorUserId: staff.ines?.id },
        { direction: 'note', body: 'Client connu, voir avec sa conseillère', at: minutesAgo(289), authorUserId: staff.ines?.id },
      ],
      lastReadAt: minutesAgo(280),
    });
    contactA1 = x.contactId;
    socialConversationA = x.conversationId;
    advisorsConversationA = (
      await buildConversation(database, deps.bankId, {
        teamId: advisors,
        channel: 'facebook',
        clientId: clientA,
        messages: [{ direction: 'inbound', body: 'Merci pour le prêt immobilier !', at: minutesAgo(30) }],
      })
    ).conversationId;
    await buildConversation(database, deps.bankId, {
      teamId: advisors,
      channel: 'messenger',
      clientId: clientB,
      messages: [{ direction: 'inbound', body: 'Où en est mon dossier ?', at: minutesAgo(10) }],
    });
    // Client A's Facebook message waits for an answer, due in 20 minutes.
    await withSla(database.db)
      .insertInto('conversation_sla')
      .values({
        conversation_id: advisorsConversationA,
        bank_id: deps.bankId,
        started_at: minutesAgo(30),
        response_kind: 'first',
        response_since: minutesAgo(30),
        response_due_at: new Date(Date.now() + 20 * 60_000),
      })
      .execute();
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('object-level access to a 360: own advisor and bank-wide roles in full, the team that met the client in part, nobody else', async () => {
    expect((await get<Client360>('nora', `/api/clients/${clientA}`)).body.access).toBe('full');
    expect((await get<Client360>('sophie', `/api/clients/${clientA}`)).body.access).toBe('full');
    expect((await get<Client360>('alex', `/api/clients/${clientA}`)).body.access).toBe('full');
    // The agent's social team had client A's X conversation.
    expect((await get<Client360>('ines', `/api/clients/${clientA}`)).body.access).toBe('team');
    // Another advisor, even in the advisors' team that holds A's Facebook thread: not their portfolio.
    const other = await get<{ error: { code: string } }>('karim', `/api/clients/${clientA}`);
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('not_your_client');
    expect((await get('karim', `/api/clients/${clientA}/timeline`)).status).toBe(403);
    // The agent never met client B.
    expect((await get('ines', `/api/clients/${clientB}`)).status).toBe(403);
    expect((await get('ines', `/api/clients/${clientB}/timeline`)).status).toBe(403);
    // A community manager of the advisors' team reaches client A through that team's thread.
    expect((await get<Client360>('paul', `/api/clients/${clientA}`)).body.access).toBe('team');
    // A client of another bank does not exist for this bank's admin.
    const otherBank = await seedTestBank(database);
    const foreign = await buildActiveClient(database, otherBank.bankId);
    expect((await get('alex', `/api/clients/${foreign.clientId}`)).status).toBe(404);
    // Signed out, or signed in as a client: no staff route.
    expect((await app.inject({ url: `/api/clients/${clientA}` })).statusCode).toBe(401);
    const asClient = await signInClient(app, testClientB);
    expect((await app.inject({ url: `/api/clients/${clientA}`, headers: asClient.headers })).statusCode).toBe(401);
  });

  it('the 360 shows the profile, the advisor, the linked identities and what the viewer may do', async () => {
    const { body } = await get<Client360>('nora', `/api/clients/${clientA}`);
    expect(body.lastName).toBe('Moreau');
    expect(body.advisor?.id).toBe(staff.nora?.id);
    expect(body.spaceStatus).toBe('active');
    expect(body.identities.map((i) => i.platform).sort()).toEqual(['meta', 'x']);
    expect(body.can).toEqual({ invite: true, unlink: false, writeNote: true });
    expect(body.unlinkedIdentities).toEqual([]);
    expect((await get<Client360>('ines', `/api/clients/${clientA}`)).body.can).toEqual({ invite: false, unlink: false, writeNote: false });
    expect((await get<Client360>('alex', `/api/clients/${clientA}`)).body.can).toEqual({ invite: true, unlink: true, writeNote: true });
  });

  it('one timeline across channels and notes, newest first, paginated without gaps or repeats', async () => {
    expect((await post('nora', `/api/clients/${clientA}/notes`, { body: 'Projet immobilier en cours, rappeler en juin' })).status).toBe(
      201,
    );
    expect((await post('ines', `/api/clients/${clientA}/notes`, { body: 'Je peux ?' })).status).toBe(403);
    expect((await post('karim', `/api/clients/${clientA}/notes`, { body: 'Et moi ?' })).status).toBe(403);

    const all = await get<TimelinePage>('nora', `/api/clients/${clientA}/timeline?limit=50`);
    expect(all.status).toBe(200);
    expect(all.body.items.map((i) => i.kind)).toEqual(['client_note', 'message', 'conversation_note', 'message', 'message']);
    expect(all.body.items.map((i) => i.channel)).toEqual(['note', 'facebook', 'x_dm', 'x_dm', 'x_dm']);
    expect(all.body.items[1]?.link).toEqual({ kind: 'conversation', id: advisorsConversationA });
    expect(all.body.nextCursor).toBeNull();

    const walked: TimelineItem[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: TimelinePage } = await get<TimelinePage>(
        'nora',
        `/api/clients/${clientA}/timeline?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      walked.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(walked.map((i) => i.id)).toEqual(all.body.items.map((i) => i.id));

    // The agent sees the X thread of their team, not the advisors' Facebook thread nor the client notes.
    const team = await get<TimelinePage>('ines', `/api/clients/${clientA}/timeline?limit=50`);
    expect(team.body.items.map((i) => i.channel)).toEqual(['x_dm', 'x_dm', 'x_dm']);
    expect(team.body.items.every((i) => i.link?.id === socialConversationA)).toBe(true);
    expect((await get('nora', `/api/clients/${clientA}/timeline?cursor=nonsense`)).status).toBe(400);
  });

  it('a module adds a timeline source with one line: its items merge in time order', async () => {
    const secure: TimelineSource = async (_deps, _bankId, clientId, { before, limit }) =>
      [
        { id: 'secure_message:b', at: minutesAgo(100).toISOString() },
        { id: 'secure_message:a', at: minutesAgo(1).toISOString() },
      ]
        .filter((i) => clientId === clientA && (!before || new Date(i.at) < before.at))
        .slice(0, limit)
        .map((i) => ({
          ...i,
          kind: 'secure_message',
          channel: 'secure',
          direction: 'inbound',
          author: null,
          body: 'x',
          link: null,
          meta: {},
        }));
    const principal = {
      userId: staff.nora?.id ?? '',
      bankId: deps.bankId,
      role: 'advisor' as const,
      teamIds: staff.nora?.principal.teamIds ?? [],
      email: '',
      firstName: '',
      displayName: '',
      csrfToken: '',
      sessionId: '',
    };
    const page = await readTimeline(deps, principal, clientA, { limit: 3 }, [...CLIENT_TIMELINE_SOURCES, secure]);
    expect(page.items.map((i) => i.kind)).toEqual(['client_note', 'secure_message', 'message']);
    const next = await readTimeline(deps, principal, clientA, { limit: 10, cursor: page.nextCursor ?? '' }, [
      ...CLIENT_TIMELINE_SOURCES,
      secure,
    ]);
    expect(next.items.map((i) => i.kind)).toEqual(['secure_message', 'conversation_note', 'message', 'message']);
  });

  it('the portfolio: an advisor gets their own clients with unread and due items; bank-wide roles pick; others have none', async () => {
    const mine = await get<PortfolioPage>('nora', '/api/portfolio');
    expect(mine.status).toBe(200);
    expect(mine.body.rows.map((r) => r.id)).toEqual([clientA]);
    const row = mine.body.rows[0];
    expect(row?.unread).toBe(1);
    expect(row?.waiting).toBe(1);
    expect(row?.dueAt).not.toBeNull();
    expect(row?.identities).toBe(2);
    expect((await get<PortfolioPage>('nora', '/api/portfolio?filter=due')).body.total).toBe(1);
    expect((await get<PortfolioPage>('nora', '/api/portfolio?q=lefebvre')).body.total).toBe(0);
    expect((await get('nora', `/api/portfolio?advisorId=${staff.karim?.id}`)).status).toBe(403);
    expect((await get('ines', '/api/portfolio')).status).toBe(403);
    expect((await get('paul', '/api/portfolio')).status).toBe(403);
    expect((await get('sophie', '/api/portfolio')).status).toBe(400);
    const karims = await get<PortfolioPage>('sophie', `/api/portfolio?advisorId=${staff.karim?.id}`);
    expect(karims.body.rows.map((r) => r.id)).toEqual([clientB]);
    expect(karims.body.rows[0]?.waiting).toBe(0);
    expect(karims.body.rows[0]?.unread).toBe(1);
    const search = await get<PortfolioPage>('alex', '/api/portfolio?q=moreau');
    expect(search.body.rows.map((r) => r.id)).toEqual([clientA]);
  });

  it('an admin unlinks a social identity (audited, reason kept) and can restore it; nobody else can', async () => {
    expect((await post('nora', `/api/clients/${clientA}/identities/${contactA1}/unlink`, { reason: 'Compte partagé' })).status).toBe(403);
    expect((await post('alex', `/api/clients/${clientB}/identities/${contactA1}/unlink`, { reason: 'Mauvais client' })).status).toBe(404);
    const done = await post<{ unlinkId: string }>('alex', `/api/clients/${clientA}/identities/${contactA1}/unlink`, {
      reason: 'Compte X partagé par un couple',
    });
    expect(done.status).toBe(200);
    const contact = await database.db.selectFrom('contacts').select(['client_id']).where('id', '=', contactA1).executeTakeFirstOrThrow();
    expect(contact.client_id).toBeNull();
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id', 'details'])
      .where('target_id', '=', clientA)
      .where('action', 'in', ['client.identity_unlinked', 'client.identity_relinked'])
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_id).toBe(staff.alex?.id);
    // The advisor no longer sees the X thread in the client's timeline, nor the agent the client.
    const timeline = await get<TimelinePage>('nora', `/api/clients/${clientA}/timeline?limit=50`);
    expect(timeline.body.items.some((i) => i.link?.id === socialConversationA)).toBe(false);
    expect((await get('ines', `/api/clients/${clientA}`)).status).toBe(403);
    const seenByAdmin = await get<Client360>('alex', `/api/clients/${clientA}`);
    expect(seenByAdmin.body.unlinkedIdentities).toHaveLength(1);
    expect(seenByAdmin.body.unlinkedIdentities[0]?.relinkable).toBe(true);
    expect((await get<Client360>('nora', `/api/clients/${clientA}`)).body.unlinkedIdentities).toEqual([]);

    expect((await post('nora', `/api/clients/${clientA}/unlinks/${done.body.unlinkId}/relink`)).status).toBe(403);
    expect((await post('alex', `/api/clients/${clientA}/unlinks/${done.body.unlinkId}/relink`)).status).toBe(204);
    expect((await post('alex', `/api/clients/${clientA}/unlinks/${done.body.unlinkId}/relink`)).status).toBe(409);
    const back = await database.db.selectFrom('contacts').select(['client_id']).where('id', '=', contactA1).executeTakeFirstOrThrow();
    expect(back.client_id).toBe(clientA);
    expect((await get<Client360>('ines', `/api/clients/${clientA}`)).body.access).toBe('team');
  });
});
