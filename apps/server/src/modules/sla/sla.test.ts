import type { ConversationListItem } from '@agora/contracts/conversation.schema.ts';
import type { BusinessCalendarInput, ConversationSla, SlaEscalation } from '@agora/contracts/sla.schema.ts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messengerDelivery, postSigned } from '../../platform/testing/platform-payloads.ts';
import { agoraTargets, startTestAgora, type TestAgora } from '../../platform/testing/test-agora.ts';
import { type StaffClient, signInOverHttp } from '../../platform/testing/test-client.ts';
import { createStaffUser } from '../staff/staff.service.ts';
import { createSlaService } from './sla.service.ts';
import { withSla } from './sla.tables.ts';
import { createSlaWorker } from './sla.worker.ts';

type List = { items: ConversationListItem[] };
const PASSWORD = 'mot-de-passe-du-test-42';
const allDay = [{ start: '00:00', end: '24:00' }];
// Always open: due times are then plain arithmetic, whatever hour the suite runs at.
const ALWAYS_OPEN: BusinessCalendarInput = {
  timeZone: 'Europe/Paris',
  weeklyHours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
  holidayCountry: null,
  closures: [],
};
const parisDay = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(d);
const MIN = 60_000;
// The default policies: a high or critical message shortens the clock.
const firstMinutes = (c: ConversationListItem) => ({ critical: 10, high: 15 })[c.signals.urgency as string] ?? 30;
const nextMinutes = (c: ConversationListItem) => ({ critical: 20, high: 30 })[c.signals.urgency as string] ?? 60;

describe.each(agoraTargets())('SLA clock on $name', ({ name }) => {
  let agora: TestAgora;
  let cm: StaffClient;
  let supervisor: StaffClient;
  let teamId: string;

  const send = async (text: string, opts: { psid?: string; timestamp?: number } = {}) => {
    const d = messengerDelivery({ pageId: agora.config.META_PAGE_ID, text, ...opts });
    const { status } = await postSigned(agora.url, 'meta', JSON.stringify(d.body), agora.config.META_APP_SECRET);
    expect(status).toBe(200);
    await agora.drain();
    return d.psid;
  };
  const find = async (text: string) => {
    await agora.drain();
    const { body } = await cm.request<List>('GET', `/api/conversations?search=${encodeURIComponent(text)}`);
    expect(body.items).toHaveLength(1);
    return body.items[0]!;
  };
  const messagesOf = (conversationId: string) =>
    agora.deps.database.db
      .selectFrom('messages')
      .select(['direction', 'author_user_id', 'body', 'created_at', 'delivery_status'])
      .where('conversation_id', '=', conversationId)
      .orderBy('created_at')
      .execute();

  beforeAll(async () => {
    agora = await startTestAgora({ database: name });
    const teams = await agora.deps.database.db
      .selectFrom('teams')
      .select(['id', 'kind'])
      .where('bank_id', '=', agora.deps.bankId)
      .execute();
    teamId = teams.find((t) => t.kind === 'social_care')!.id;
    await createStaffUser(agora.deps, {
      email: 'cm@test.fr',
      displayName: 'Inès Garnier',
      firstName: 'Inès',
      role: 'community_manager',
      teamIds: [teamId],
      password: PASSWORD,
    });
    await createStaffUser(agora.deps, {
      email: 'sup@test.fr',
      displayName: 'Nadia Benali',
      firstName: 'Nadia',
      role: 'supervisor',
      teamIds: [],
      password: PASSWORD,
    });
    cm = await signInOverHttp(agora.url, 'cm@test.fr', PASSWORD);
    supervisor = await signInOverHttp(agora.url, 'sup@test.fr', PASSWORD);
    const saved = await supervisor.request('PUT', `/api/admin/teams/${teamId}/calendar`, ALWAYS_OPEN);
    expect(saved.status).toBe(200);
  });
  afterAll(async () => agora?.stop());

  it('only supervisors and admins edit a calendar, and a bad one is refused with the reason', async () => {
    expect((await cm.request('PUT', `/api/admin/teams/${teamId}/calendar`, ALWAYS_OPEN)).status).toBe(403);
    const bad = await supervisor.request<{ error: { message: string } }>('PUT', `/api/admin/teams/${teamId}/calendar`, {
      ...ALWAYS_OPEN,
      timeZone: 'Europe/Atlantide',
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/fuseau horaire inconnu/);
    expect((await supervisor.request<BusinessCalendarInput>('GET', `/api/admin/teams/${teamId}/calendar`)).body.holidayCountry).toBeNull();
  });

  it('starts on the first inbound, pauses while pending, is met by a reply, restarts on the next inbound, ends on resolve', async () => {
    const psid = await send('Bonjour, ma carte est bloquée depuis ce matin, pouvez-vous vérifier ?');
    let c = await find('carte bloquée depuis ce matin');
    const [first] = await messagesOf(c.id);
    expect(c.sla).toMatchObject({ kind: 'first', state: 'running' });
    expect(Date.parse(c.sla!.dueAt!)).toBe(first!.created_at.getTime() + firstMinutes(c) * MIN);
    const due = Date.parse(c.sla!.dueAt!);

    await cm.request('PATCH', `/api/conversations/${c.id}`, { status: 'pending' });
    c = await find('carte bloquée depuis ce matin');
    expect(c.sla).toMatchObject({ kind: 'first', state: 'paused', dueAt: null });
    expect(c.sla!.pausedRemainingMinutes).toBeGreaterThan(firstMinutes(c) - 5);
    expect(c.sla!.pausedRemainingMinutes).toBeLessThanOrEqual(firstMinutes(c));

    // The pause is kept as a JSON array (the clocks are written as one JSON parameter).
    const stored = await sql<{ kind: string; pauses: number }>`
      select jsonb_typeof(pauses) as kind, jsonb_array_length(pauses) as pauses from conversation_sla
      where conversation_id = ${c.id}`.execute(agora.deps.database.db);
    expect(stored.rows).toEqual([{ kind: 'array', pauses: 1 }]);

    await cm.request('PATCH', `/api/conversations/${c.id}`, { status: 'open' });
    c = await find('carte bloquée depuis ce matin');
    expect(c.sla!.state).toBe('running');
    expect(Date.parse(c.sla!.dueAt!)).toBeGreaterThanOrEqual(due);

    const replied = await cm.request('POST', `/api/conversations/${c.id}/replies`, {
      body: 'Bonjour, nous regardons cela tout de suite.',
      mode: 'private',
    });
    expect(replied.status).toBe(202);
    c = await find('carte bloquée depuis ce matin');
    expect(c.sla).toMatchObject({ kind: 'resolution', state: 'running' });
    const detail = await cm.request<ConversationSla>('GET', `/api/conversations/${c.id}/sla`);
    expect(detail.body.firstResponseMetAt).not.toBeNull();

    await send('Merci, toujours bloquée, je suis au supermarché', { psid });
    c = await find('carte bloquée depuis ce matin');
    const last = (await messagesOf(c.id)).filter((m) => m.direction === 'inbound').at(-1)!;
    expect(c.sla).toMatchObject({ kind: 'next', state: 'running' });
    expect(Date.parse(c.sla!.dueAt!)).toBe(last.created_at.getTime() + nextMinutes(c) * MIN);

    await cm.request('PATCH', `/api/conversations/${c.id}`, { status: 'resolved' });
    c = await find('carte bloquée depuis ce matin');
    expect(c.sla).toMatchObject({ state: 'met' });
  });

  it('gives no SLA to an insult', async () => {
    await send('bande de connards au service client');
    const c = await find('connards');
    expect(c.sla).toMatchObject({ state: 'na', reason: 'insult' });
  });

  it('warns at 80 % and escalates a breach once, with an audit row (controlled clock)', async () => {
    await send('Virement urgent non reçu par mon propriétaire');
    const c = await find('propriétaire');
    const due = Date.parse(c.sla!.dueAt!);
    const minutes = firstMinutes(c);
    const started = due - minutes * MIN;
    let now = new Date(started + 0.5 * minutes * MIN);
    const service = createSlaService(agora.deps, () => now);
    expect(await service.checkDue()).toBe(0);
    now = new Date(started + 0.85 * minutes * MIN);
    expect(await service.checkDue()).toBe(1);
    expect(await service.checkDue()).toBe(0);
    const marked = await withSla(agora.deps.database.db)
      .selectFrom('conversation_sla')
      .select(['response_warned_at', 'response_breached_at'])
      .where('conversation_id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(marked.response_warned_at).not.toBeNull();
    expect(marked.response_breached_at).toBeNull();
    now = new Date(due + 12 * MIN);
    expect(await service.checkDue()).toBe(1);
    expect(await service.checkDue()).toBe(0);
    const { body } = await supervisor.request<{ items: SlaEscalation[] }>('GET', '/api/sla/escalations');
    const mine = body.items.filter((e) => e.conversationId === c.id);
    expect(mine.map((e) => `${e.target}:${e.level}`).sort()).toEqual(['first:breach', 'first:warning']);
    const audit = await agora.deps.database.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('target_id', '=', c.id)
      .where('action', '=', 'sla.breached')
      .execute();
    expect(audit).toHaveLength(1);
    expect((await cm.request('GET', '/api/sla/escalations')).status).toBe(403);
  });

  it('acknowledges a message out of hours once per closure, never an old message nor an insult', async () => {
    // Closed today (Paris), open from tomorrow 0:00.
    const today = parisDay(new Date());
    await supervisor.request('PUT', `/api/admin/teams/${teamId}/calendar`, {
      ...ALWAYS_OPEN,
      closures: [{ from: today, to: today, label: 'Fermeture exceptionnelle' }],
    });

    const psid = await send('Bonsoir, je voudrais ouvrir un livret A pour ma fille');
    const c = await find('livret');
    await send('Et aussi connaître le plafond', { psid });
    await agora.drain();
    const acks = (await messagesOf(c.id)).filter((m) => m.direction === 'outbound');
    expect(acks).toHaveLength(1);
    expect(acks[0]!.author_user_id).toBeNull();
    expect(acks[0]!.body).toBe("Merci pour votre message. Nos conseillers vous répondent dès l'ouverture, demain à 0 h 00.");
    expect(acks[0]!.delivery_status).toBe('sent');
    // The acknowledgement does not count as our answer.
    expect((await find('livret')).sla).toMatchObject({ kind: 'first' });

    await send('Vous êtes des connards, bande de voleurs');
    expect((await messagesOf((await find('voleurs')).id)).filter((m) => m.direction === 'outbound')).toHaveLength(0);

    await send('Ancien message sur mon découvert autorisé', { timestamp: Date.now() - 3 * 86_400_000 });
    expect((await messagesOf((await find('découvert autorisé')).id)).filter((m) => m.direction === 'outbound')).toHaveLength(0);
    await supervisor.request('PUT', `/api/admin/teams/${teamId}/calendar`, ALWAYS_OPEN);
  });

  it('syncs many conversations in one call exactly as one by one, and leaves a conversation another transaction holds', async () => {
    await send('Plusieurs horloges : mon prêt immobilier est bloqué');
    await send('Plusieurs horloges : ma carte ne passe plus');
    await send('Plusieurs horloges : bande de connards');
    const { body } = await cm.request<List>('GET', `/api/conversations?search=${encodeURIComponent('Plusieurs horloges')}`);
    const ids = body.items.map((c) => c.id);
    expect(ids).toHaveLength(3);
    const db = withSla(agora.deps.database.db);
    const clocks = () =>
      db
        .selectFrom('conversation_sla')
        .select(['conversation_id', 'applicable', 'not_applicable_reason', 'response_kind', 'response_due_at', 'first_response_due_at'])
        .where('conversation_id', 'in', ids)
        .orderBy('conversation_id')
        .execute();
    const alone = await clocks();
    expect(alone).toHaveLength(3);
    expect(alone.filter((c) => !c.applicable)).toHaveLength(1);

    await db.deleteFrom('conversation_sla').where('conversation_id', 'in', ids).execute();
    const service = createSlaService(agora.deps);
    // Nothing else at work (profile lookups re-sync their conversations), so nothing else holds a row.
    await agora.drain();
    expect(await service.syncMany(ids)).toEqual([]);
    expect(await clocks()).toEqual(alone);

    // PGlite has one connection: a second transaction cannot hold a row while we sync.
    if (name !== 'postgres') return;
    await db.deleteFrom('conversation_sla').where('conversation_id', 'in', ids).execute();
    await agora.drain();
    let release = () => undefined as void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let taken = () => undefined as void;
    const lockTaken = new Promise<void>((resolve) => {
      taken = resolve;
    });
    const holder = agora.deps.database.db.transaction().execute(async (tx) => {
      await tx.selectFrom('conversations').select(['id']).where('id', '=', ids[0]!).forUpdate().execute();
      taken();
      await released;
    });
    await lockTaken;
    const skipped = await service.syncMany(ids, undefined, { skipLocked: true });
    release();
    await holder;
    expect(skipped).toEqual([ids[0]]);
    // (Another worker may clock the held one once it is released: only the others are checked.)
    expect((await clocks()).map((c) => c.conversation_id)).toEqual(expect.arrayContaining(ids.slice(1)));
    expect(await service.syncMany(skipped, undefined, { skipLocked: true })).toEqual([]);
    expect(await clocks()).toEqual(alone);
  });
  it('leaves the clock alone when only the person (a profile lookup) or the clock itself changed', async () => {
    await send('Bonjour, une question sur ma carte');
    const synced: string[] = [];
    const real = createSlaService(agora.deps);
    const worker = await createSlaWorker(agora.deps, {
      ...real,
      syncMany: async (ids, memo, options) => {
        synced.push(...ids);
        return real.syncMany(ids, memo, options);
      },
    });
    worker.start();
    await worker.drained();
    synced.length = 0;
    const { conversationId, teamId: team } = await agora.deps.database.db
      .selectFrom('conversations')
      .select(['id as conversationId', 'team_id as teamId'])
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const event = {
      bankId: agora.deps.bankId,
      conversationId,
      teamId: team,
      advisorId: null,
      messageId: null,
      at: new Date().toISOString(),
    };
    await agora.deps.bus.publish({ ...event, type: 'conversation.updated', change: 'contact' }, 'named');
    // Its own event when a clock changed shape: a second sync would find nothing new.
    await agora.deps.bus.publish({ ...event, type: 'conversation.updated', change: 'clock' }, 'clocked');
    await worker.drained();
    expect(synced).toEqual([]);
    await agora.deps.bus.publish({ ...event, type: 'conversation.updated' }, 'changed');
    await worker.drained();
    expect(synced).toEqual([conversationId]);
    await worker.stop();
  });
});
