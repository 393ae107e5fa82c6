import { randomUUID } from 'node:crypto';
import type { ServerFrame } from '@agora/contracts/events.schema.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messengerDelivery, postSigned } from '../../platform/testing/platform-payloads.ts';
import { agoraTargets, startTestAgora, TEST_ADMIN, type TestAgora } from '../../platform/testing/test-agora.ts';
import { type StaffClient, signInOverHttp } from '../../platform/testing/test-client.ts';
import { createStaffUser } from '../staff/staff.service.ts';
import { withRouting } from './routing.tables.ts';
import { assignConversation } from './routing-assign.service.ts';

const PASSWORD = 'mot-de-passe-du-test-42';
const FRENCH = (n: number) => `Bonjour, je voudrais savoir pourquoi mon virement numéro ${n} n'est pas encore arrivé, merci de votre aide`;
const ENGLISH = (n: number) => `Hello, I would like to know why my transfer number ${n} has not arrived yet, thank you for your help`;

async function setUp(name: 'pglite' | 'postgres') {
  const agora = await startTestAgora({ database: name });
  const teams = await agora.deps.database.db.selectFrom('teams').select(['id', 'kind']).where('bank_id', '=', agora.deps.bankId).execute();
  const social = teams.find((t) => t.kind === 'social_care')!.id;
  const advisors = teams.find((t) => t.kind === 'advisors')!.id;
  const admin = await signInOverHttp(agora.url, TEST_ADMIN.email, TEST_ADMIN.password);
  const people = new Map<string, { id: string; client: StaffClient }>();
  const person = async (key: string, firstName: string, role: 'agent' | 'advisor' | 'supervisor', teamIds: string[]) => {
    const user = await createStaffUser(agora.deps, {
      email: `${key}@test.fr`,
      displayName: `${firstName} ${key}`,
      firstName,
      role,
      teamIds,
      password: PASSWORD,
    });
    const client = await signInOverHttp(agora.url, `${key}@test.fr`, PASSWORD);
    people.set(key, { id: user.id, client });
    return { id: user.id, client };
  };
  const send = async (text: string, psid?: string) => {
    const d = messengerDelivery({ pageId: agora.config.META_PAGE_ID, text, ...(psid ? { psid } : {}) });
    const { status } = await postSigned(agora.url, 'meta', JSON.stringify(d.body), agora.config.META_APP_SECRET);
    expect(status).toBe(200);
    return d.psid;
  };
  const conversationOf = (psid: string) =>
    agora.deps.database.db
      .selectFrom('conversations')
      .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
      .select(['conversations.id', 'conversations.assignee_id', 'conversations.team_id'])
      .where('contacts.platform_user_id', '=', psid)
      .executeTakeFirstOrThrow();
  const loads = async () => {
    const rows = await agora.deps.database.db
      .selectFrom('conversations')
      .select(['assignee_id'])
      .where('status', '<>', 'resolved')
      .execute();
    const counts = new Map<string | null, number>();
    for (const r of rows) counts.set(r.assignee_id, (counts.get(r.assignee_id) ?? 0) + 1);
    return counts;
  };
  return { agora, social, advisors, admin, person, send, conversationOf, loads, people };
}

describe.each(agoraTargets())('automatic assignment on $name', ({ name }) => {
  let t: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    t = await setUp(name);
  });
  afterAll(async () => {
    await t?.agora.stop();
  });

  it('spreads conversations evenly over the available agents with the language, skipping the away one', async () => {
    const ids: Record<string, string> = {};
    for (const [key, first, languages] of [
      ['a1', 'Inès', ['fr']],
      ['a2', 'Marc', ['fr']],
      ['a3', 'Léa', ['fr']],
      ['a4', 'John', ['en']],
      ['a5', 'Paul', ['fr']],
    ] as const) {
      const { id, client } = await t.person(key, first, 'agent', [t.social]);
      ids[key] = id;
      const saved = await t.admin.request('PUT', `/api/routing/agents/${id}`, { skills: { languages: [...languages], products: [] } });
      expect(saved).toMatchObject({ status: 200 });
      const status = await client.request('PUT', '/api/routing/me/status', { status: key === 'a5' ? 'away' : 'available' });
      expect(status.status).toBe(200);
    }
    // Nobody answers before saying so: a5 is away.
    const me = await t.people.get('a5')!.client.request<{ status: string; capacity: number }>('GET', '/api/routing/me');
    expect(me.body).toMatchObject({ status: 'away', capacity: 10 });

    const french = await Promise.all(Array.from({ length: 9 }, (_, i) => t.send(FRENCH(i))));
    const english = await Promise.all(Array.from({ length: 2 }, (_, i) => t.send(ENGLISH(i))));
    await t.agora.drain();
    const loads = await t.loads();
    expect([loads.get(ids.a1!), loads.get(ids.a2!), loads.get(ids.a3!)]).toEqual([3, 3, 3]);
    expect(loads.get(ids.a5!) ?? 0).toBe(0);
    for (const psid of english) expect((await t.conversationOf(psid)).assignee_id).toBe(ids.a4);
    for (const psid of french) expect([ids.a1, ids.a2, ids.a3]).toContain((await t.conversationOf(psid)).assignee_id);

    const audit = await t.agora.deps.database.db
      .selectFrom('audit_log')
      .select(['actor_label', 'details'])
      .where('action', '=', 'conversation.assigned')
      .execute();
    expect(audit).toHaveLength(11);
    expect(audit.every((a) => a.actor_label === 'routage automatique')).toBe(true);

    // The agents' list shows load and status for supervisors and admins.
    const agents = await t.admin.request<{ id: string; load: number; status: string }[]>('GET', '/api/routing/agents');
    expect(agents.body.find((a) => a.id === ids.a1)).toMatchObject({ load: 3, status: 'available' });
    const forbidden = await t.people.get('a1')!.client.request('GET', '/api/routing/agents');
    expect(forbidden.status).toBe(403);
  });

  it('a client goes to their own advisor first, back to the team when the advisor is away or full', async () => {
    const advisor = await t.person('adv', 'Claire', 'advisor', [t.advisors]);
    const colleague = await t.person('adv2', 'Hugo', 'advisor', [t.advisors]);
    await advisor.client.request('PUT', '/api/routing/me/status', { status: 'available' });
    await colleague.client.request('PUT', '/api/routing/me/status', { status: 'available' });
    const db = t.agora.deps.database.db;
    const clientOf = async () => {
      const clientId = randomUUID();
      await db
        .insertInto('clients')
        .values({ id: clientId, bank_id: t.agora.deps.bankId, first_name: 'Anne', last_name: 'Client', advisor_id: advisor.id })
        .execute();
      const psid = `psid-client-${randomUUID().slice(0, 8)}`;
      await db
        .insertInto('contacts')
        .values({
          id: randomUUID(),
          bank_id: t.agora.deps.bankId,
          platform: 'meta',
          platform_user_id: psid,
          display_name: 'Anne Client',
          client_id: clientId,
        })
        .execute();
      return psid;
    };

    // Hugo has fewer conversations, yet Claire's own client goes to Claire.
    const first = await clientOf();
    await t.send(FRENCH(100), first);
    await t.agora.drain();
    expect(await t.conversationOf(first)).toMatchObject({ assignee_id: advisor.id, team_id: t.advisors });
    const reason = await db
      .selectFrom('audit_log')
      .select(['details'])
      .where('action', '=', 'conversation.assigned')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(reason.details).toMatchObject({ reason: 'own_advisor' });

    // Away: the team takes it.
    await advisor.client.request('PUT', '/api/routing/me/status', { status: 'away' });
    const second = await clientOf();
    await t.send(FRENCH(101), second);
    await t.agora.drain();
    expect((await t.conversationOf(second)).assignee_id).toBe(colleague.id);

    // Back, but full (capacity 1, one open conversation): the team again.
    await advisor.client.request('PUT', '/api/routing/me/status', { status: 'available' });
    expect((await t.admin.request('PUT', `/api/routing/agents/${advisor.id}`, { capacity: 1 })).status).toBe(200);
    const third = await clientOf();
    await t.send(FRENCH(102), third);
    await t.agora.drain();
    expect((await t.conversationOf(third)).assignee_id).toBe(colleague.id);
  });

  it('transfers with a note, audited; the note is required', async () => {
    const agent = t.people.get('a1')!;
    const psid = await t.send(FRENCH(200));
    await t.agora.drain();
    const conversation = await t.conversationOf(psid);
    const missing = await agent.client.request('POST', `/api/conversations/${conversation.id}/transfer`, { teamId: t.advisors, note: ' ' });
    expect(missing.status).toBe(400);
    const target = t.people.get('adv2')!;
    const moved = await agent.client.request<{ teamId: string; assignee: { id: string } | null }>(
      'POST',
      `/api/conversations/${conversation.id}/transfer`,
      {
        teamId: t.advisors,
        assigneeId: target.id,
        note: 'Question de crédit immobilier, pour un conseiller',
      },
    );
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ teamId: t.advisors, assignee: { id: target.id } });
    const detail = await target.client.request<{ messages: { direction: string; body: string }[] }>(
      'GET',
      `/api/conversations/${conversation.id}`,
    );
    expect(detail.body.messages.find((m) => m.direction === 'note')?.body).toContain('Question de crédit immobilier');
    const audit = await t.agora.deps.database.db
      .selectFrom('audit_log')
      .select(['actor_id', 'details'])
      .where('action', '=', 'conversation.transferred')
      .where('target_id', '=', conversation.id)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_id: agent.id, details: { toTeam: t.advisors, toAssignee: target.id } });
    // Someone outside the chosen team cannot receive it.
    const wrong = await target.client.request('POST', `/api/conversations/${conversation.id}/transfer`, {
      assigneeId: t.people.get('a2')!.id,
      note: 'Retour',
    });
    expect(wrong.status).toBe(400);
    // The team it left no longer sees it.
    expect((await agent.client.request('GET', `/api/conversations/${conversation.id}`)).status).toBe(404);
  });

  it('relays who views and types to a colleague over WebSocket', async () => {
    const ines = t.people.get('a1')!;
    const marc = t.people.get('a2')!;
    const psid = await t.send(FRENCH(300));
    await t.agora.drain();
    const { id } = await t.conversationOf(psid);
    const socket = await marc.client.openSocket();
    try {
      await socket.waitFor((f) => f.type === 'ready');
      expect((await ines.client.request('POST', `/api/conversations/${id}/presence`, { state: 'typing' })).status).toBe(204);
      const frame = (await socket.waitFor(
        (f) => f.type === 'event' && f.event.type === 'conversation.presence' && f.event.conversationId === id,
      )) as Extract<ServerFrame, { type: 'event' }>;
      expect(frame.event).toMatchObject({ actor: { id: ines.id, displayName: 'Inès a1' }, presence: 'typing' });
      const board = await marc.client.request<{ userId: string; state: string }[]>('GET', `/api/conversations/${id}/presence`);
      expect(board.body).toEqual([expect.objectContaining({ userId: ines.id, state: 'typing' })]);
      await ines.client.request('POST', `/api/conversations/${id}/presence`, { state: 'left' });
      await socket.waitFor((f) => f.type === 'event' && f.event.type === 'conversation.presence' && f.event.presence === 'left');
      expect((await marc.client.request<unknown[]>('GET', `/api/conversations/${id}/presence`)).body).toEqual([]);
    } finally {
      socket.close();
    }
  });

  it('asks before a second reply to the same message within the window, then sends on confirmation', async () => {
    const ines = t.people.get('a1')!;
    const marc = t.people.get('a2')!;
    const psid = await t.send(FRENCH(400));
    await t.agora.drain();
    const { id } = await t.conversationOf(psid);
    expect(
      (await ines.client.request('POST', `/api/conversations/${id}/replies`, { body: 'Nous regardons cela.', mode: 'private' })).status,
    ).toBe(202);
    const again = await marc.client.request<{ error: { code: string; message: string; details: { secondsAgo: number } } }>(
      'POST',
      `/api/conversations/${id}/replies`,
      {
        body: 'Je vous réponds aussi.',
        mode: 'private',
      },
    );
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('recent_reply_by_colleague');
    expect(again.body.error.message).toMatch(/^Inès a répondu il y a \d+ s\. Envoyer quand même \?$/);
    // The same person adding to their own answer is not asked.
    expect((await ines.client.request('POST', `/api/conversations/${id}/replies`, { body: 'Un instant.', mode: 'private' })).status).toBe(
      202,
    );
    const confirmed = await marc.client.request('POST', `/api/conversations/${id}/replies`, {
      body: 'Je vous réponds aussi.',
      mode: 'private',
      confirm: true,
    });
    expect(confirmed.status).toBe(202);
    await t.agora.drain();
  });

  it('in an assignee-only team, others are refused until a supervisor takes over', async () => {
    const supervisor = await t.person('sup', 'Nadia', 'supervisor', []);
    const saved = await t.admin.request<{ onlyAssigneeReplies: boolean }>('PUT', `/api/routing/teams/${t.social}`, {
      onlyAssigneeReplies: true,
    });
    expect(saved.body.onlyAssigneeReplies).toBe(true);
    const psid = await t.send(FRENCH(500));
    await t.agora.drain();
    const { id, assignee_id } = await t.conversationOf(psid);
    const assignee = [...t.people.values()].find((p) => p.id === assignee_id)!;
    const other = [...t.people.entries()].find(([key, p]) => ['a1', 'a2', 'a3'].includes(key) && p.id !== assignee_id)![1];
    const refused = await other.client.request<{ error: { code: string; message: string } }>('POST', `/api/conversations/${id}/replies`, {
      body: 'Bonjour',
      mode: 'private',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('not_assignee');
    expect(refused.body.error.message).toContain('seule la personne assignée');
    expect((await supervisor.client.request('POST', `/api/conversations/${id}/replies`, { body: 'Bonjour', mode: 'private' })).status).toBe(
      403,
    );
    expect((await other.client.request('POST', `/api/conversations/${id}/take-over`)).status).toBe(403);
    const taken = await supervisor.client.request<{ assignee: { id: string } }>('POST', `/api/conversations/${id}/take-over`);
    expect(taken.status).toBe(200);
    expect(taken.body.assignee.id).toBe(supervisor.id);
    expect(
      (await supervisor.client.request('POST', `/api/conversations/${id}/replies`, { body: 'Je reprends votre demande.', mode: 'private' }))
        .status,
    ).toBe(202);
    expect(
      (await assignee.client.request('POST', `/api/conversations/${id}/replies`, { body: 'Bonjour', mode: 'private', confirm: true }))
        .status,
    ).toBe(403);
    const audit = await t.agora.deps.database.db
      .selectFrom('audit_log')
      .select(['actor_id'])
      .where('action', '=', 'conversation.taken_over')
      .where('target_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(supervisor.id);
    await t.admin.request('PUT', `/api/routing/teams/${t.social}`, { onlyAssigneeReplies: false });
    await t.agora.drain();
  });
});

describe.each(agoraTargets())('capacity under a burst on $name', ({ name }) => {
  let t: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    t = await setUp(name);
  });
  afterAll(async () => {
    await t?.agora.stop();
  });

  it('never assigns more than capacity, even when assignments run at once', async () => {
    const ids: string[] = [];
    for (const key of ['b1', 'b2']) {
      const { id, client } = await t.person(key, key.toUpperCase(), 'agent', [t.social]);
      ids.push(id);
      expect((await t.admin.request('PUT', `/api/routing/agents/${id}`, { capacity: 3 })).status).toBe(200);
      await client.request('PUT', '/api/routing/me/status', { status: 'available' });
    }
    await Promise.all(Array.from({ length: 20 }, (_, i) => t.send(FRENCH(i))));
    await t.agora.drain();
    let loads = await t.loads();
    expect(ids.map((id) => loads.get(id))).toEqual([3, 3]);
    expect(loads.get(null)).toBe(14);

    // Room for two more each, and the whole queue assigned at once from concurrent calls.
    await withRouting(t.agora.deps.database.db).updateTable('staff_routing').set({ capacity: 5 }).where('user_id', 'in', ids).execute();
    const queue = await t.agora.deps.database.db.selectFrom('conversations').select(['id']).where('assignee_id', 'is', null).execute();
    const results = await Promise.all(queue.map((c) => assignConversation(t.agora.deps, c.id)));
    expect(results.filter(Boolean)).toHaveLength(4);
    loads = await t.loads();
    expect(ids.map((id) => loads.get(id))).toEqual([5, 5]);
  });
});

describe.each(agoraTargets())('urgency first on $name', ({ name }) => {
  let t: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    t = await setUp(name);
  });
  afterAll(async () => {
    await t?.agora.stop();
  });

  it('gives the only free seat to the critical conversation, even when a calmer one waited longer', async () => {
    const { id, client } = await t.person('solo', 'Inès', 'agent', [t.social]);
    expect((await t.admin.request('PUT', `/api/routing/agents/${id}`, { capacity: 1 })).status).toBe(200);
    const calm = await t.send('Bonjour, quels sont vos horaires le samedi ?');
    await t.agora.drain();
    const urgent = await t.send('URGENT on a piraté mon compte, des virements frauduleux partent en ce moment !!');
    await t.agora.drain();
    const urgency = await t.agora.deps.database.db
      .selectFrom('conversations')
      .select(['id', 'urgency'])
      .where('id', '=', (await t.conversationOf(urgent)).id)
      .executeTakeFirstOrThrow();
    expect(['high', 'critical']).toContain(urgency.urgency);

    expect((await client.request('PUT', '/api/routing/me/status', { status: 'available' })).status).toBe(200);
    await t.agora.drain();
    for (let i = 0; i < 100 && (await t.conversationOf(urgent)).assignee_id === null; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await t.conversationOf(urgent)).assignee_id).toBe(id);
    expect((await t.conversationOf(calm)).assignee_id).toBeNull();
  });
});
