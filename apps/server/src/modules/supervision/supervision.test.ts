import type { ConversationListItem } from '@agora/contracts/conversation.schema.ts';
import type { SupervisionOverview } from '@agora/contracts/supervision.schema.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messengerDelivery, postSigned } from '../../platform/testing/platform-payloads.ts';
import { agoraTargets, startTestAgora, type TestAgora } from '../../platform/testing/test-agora.ts';
import { type StaffClient, signInOverHttp } from '../../platform/testing/test-client.ts';
import { withSla } from '../sla/sla.tables.ts';
import { createStaffUser } from '../staff/staff.service.ts';
import { localDayAndWeekStart } from './supervision.service.ts';

const PASSWORD = 'mot-de-passe-du-test-42';
const MIN = 60_000;

/** A percentile as percentile_cont computes it: linear interpolation between ranks. */
function percentile(values: number[], q: number) {
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo]! + (s[Math.ceil(pos)]! - s[lo]!) * (pos - lo);
}

describe.each(agoraTargets())('the supervisor overview on $name', ({ name }) => {
  let agora: TestAgora;
  let cm: StaffClient;
  let supervisor: StaffClient;
  let cmId: string;

  beforeAll(async () => {
    agora = await startTestAgora({ database: name });
    const teams = await agora.deps.database.db
      .selectFrom('teams')
      .select(['id', 'kind'])
      .where('bank_id', '=', agora.deps.bankId)
      .execute();
    const social = teams.find((t) => t.kind === 'social_care')!.id;
    cmId = (
      await createStaffUser(agora.deps, {
        email: 'cm@test.fr',
        displayName: 'Inès Garnier',
        firstName: 'Inès',
        role: 'community_manager',
        teamIds: [social],
        password: PASSWORD,
      })
    ).id;
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

    const texts = [
      'Mes frais de tenue de compte sont scandaleux',
      'Virement bloqué depuis trois jours, inadmissible',
      'Bonjour, quels sont vos horaires ?',
      'Carte refusée au supermarché',
    ];
    for (const text of texts) {
      const { status } = await postSigned(
        agora.url,
        'meta',
        JSON.stringify(messengerDelivery({ pageId: agora.config.META_PAGE_ID, text }).body),
        agora.config.META_APP_SECRET,
      );
      expect(status).toBe(200);
    }
    // Bounded wait for the four conversations and their SLA rows (the SLA module follows the bus).
    for (let i = 0; i < 20; i++) {
      await agora.drain();
      const n = await withSla(agora.deps.database.db)
        .selectFrom('conversation_sla')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      if (Number(n.n) >= texts.length) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const { body } = await cm.request<{ items: ConversationListItem[] }>('GET', '/api/conversations?limit=50');
    const ids = body.items.map((c) => c.id);
    // Two answered (one assigned to the agent), two waiting.
    await cm.request('POST', `/api/conversations/${ids[0]}/replies`, { body: 'Nous regardons cela.', mode: 'private' });
    await cm.request('POST', `/api/conversations/${ids[1]}/replies`, { body: 'Un conseiller revient vers vous.', mode: 'private' });
    await cm.request('PATCH', `/api/conversations/${ids[1]}`, { assigneeId: cmId });
    await agora.drain();
    // Known signals on the inbound messages, whatever the models said.
    const db = agora.deps.database.db;
    const inbound = await db.selectFrom('messages').select(['id']).where('direction', '=', 'inbound').orderBy('created_at').execute();
    const labels = [
      ['fees', 'negative'],
      ['transfer', 'negative'],
      ['opening_hours', 'neutral'],
      ['fees', 'negative'],
    ] as const;
    for (const [i, m] of inbound.entries()) {
      const [intent, sentiment] = labels[i % labels.length]!;
      await db.updateTable('messages').set({ intent, sentiment }).where('id', '=', m.id).execute();
    }
    // SLA outcomes: one met in time, one met late, one overdue, one running.
    const sla = withSla(db);
    const rows = await sla.selectFrom('conversation_sla').select(['conversation_id', 'started_at']).execute();
    const now = Date.now();
    const outcomes = [
      { first_response_due_at: new Date(now + 30 * MIN), first_response_met_at: new Date(now - MIN) },
      { first_response_due_at: new Date(now - 10 * MIN), first_response_met_at: new Date(now - MIN) },
      { first_response_due_at: new Date(now - 5 * MIN), first_response_met_at: null },
      { first_response_due_at: new Date(now + 20 * MIN), first_response_met_at: null },
    ];
    for (const [i, r] of rows.entries())
      await sla
        .updateTable('conversation_sla')
        .set({ applicable: true, ...outcomes[i % outcomes.length]! })
        .where('conversation_id', '=', r.conversation_id)
        .execute();
  });
  afterAll(async () => agora?.stop());

  it('equals direct counts of the seeded data', async () => {
    const { status, body: o } = await supervisor.request<SupervisionOverview>('GET', '/api/supervision/overview');
    expect(status).toBe(200);
    const db = agora.deps.database.db;
    const now = new Date(o.generatedAt);
    const { day } = localDayAndWeekStart(now);

    const slaRows = await withSla(db)
      .selectFrom('conversation_sla')
      .selectAll()
      .where('applicable', '=', true)
      .where('started_at', '>=', day)
      .execute();
    const within = slaRows.filter(
      (r) => r.first_response_met_at && r.first_response_due_at && r.first_response_met_at <= r.first_response_due_at,
    ).length;
    const breached = slaRows.filter(
      (r) =>
        r.first_response_due_at &&
        (r.first_response_met_at ? r.first_response_met_at > r.first_response_due_at : r.first_response_due_at <= now),
    ).length;
    expect(slaRows.length).toBeGreaterThanOrEqual(4);
    expect(o.sla.today).toMatchObject({ within, breached, settled: within + breached, running: slaRows.length - within - breached });
    expect(o.sla.today.share).toBeCloseTo(within / (within + breached));

    const conversations = await db.selectFrom('conversations').select(['id', 'team_id', 'assignee_id', 'status']).execute();
    for (const q of o.queues) {
      const open = conversations.filter((c) => c.team_id === q.teamId && c.status !== 'resolved');
      expect(q).toMatchObject({
        unassigned: open.filter((c) => !c.assignee_id).length,
        assigned: open.filter((c) => c.assignee_id).length,
      });
    }
    expect(o.queues.reduce((n, q) => n + q.unassigned + q.assigned, 0)).toBe(conversations.length);
    expect(o.agents.find((a) => a.userId === cmId)?.open).toBe(
      conversations.filter((c) => c.assignee_id === cmId && c.status !== 'resolved').length,
    );

    const messages = await db
      .selectFrom('messages')
      .select(['conversation_id', 'direction', 'author_user_id', 'created_at', 'intent', 'sentiment'])
      .execute();
    const seconds: number[] = [];
    for (const c of conversations) {
      const first = messages
        .filter((m) => m.conversation_id === c.id && m.direction === 'inbound')
        .map((m) => m.created_at.getTime())
        .sort((a, b) => a - b)[0];
      if (first === undefined) continue;
      const reply = messages
        .filter((m) => m.conversation_id === c.id && m.direction === 'outbound' && m.author_user_id && m.created_at.getTime() >= first)
        .map((m) => m.created_at.getTime())
        .sort((a, b) => a - b)[0];
      if (reply !== undefined) seconds.push((reply - first) / 1000);
    }
    expect(seconds).toHaveLength(2);
    expect(o.firstResponse.count).toBe(2);
    expect(o.firstResponse.p50Seconds).toBeCloseTo(percentile(seconds, 0.5), 2);
    expect(o.firstResponse.p90Seconds).toBeCloseTo(percentile(seconds, 0.9), 2);

    const negative = messages.filter((m) => m.direction === 'inbound' && m.sentiment === 'negative');
    expect(o.dissatisfaction).toEqual([
      { intent: 'fees', count: negative.filter((m) => m.intent === 'fees').length },
      { intent: 'transfer', count: negative.filter((m) => m.intent === 'transfer').length },
    ]);
    expect(o.dissatisfaction[0]!.count).toBe(2);

    expect(o.volumeByHour).toHaveLength(24);
    expect(o.volumeByHour.reduce((n, h) => n + h.inbound, 0)).toBe(
      messages.filter((m) => m.direction === 'inbound' && m.created_at >= day).length,
    );
  });

  it('is for supervision only', async () => {
    expect((await cm.request('GET', '/api/supervision/overview')).status).toBe(403);
    expect((await supervisor.request('GET', '/api/supervision/overview?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z')).status).toBe(
      400,
    );
  });
});
