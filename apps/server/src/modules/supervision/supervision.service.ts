import type { SupervisionOverview } from '@agora/contracts/supervision.schema.ts';
import { type Kysely, sql } from 'kysely';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import type { DB } from '../../platform/db/db.types.ts';
import { invalid } from '../../platform/errors.ts';
import { instantOfWallTime, wallClockOf } from '../sla/business-clock.ts';

/** Days and hours of the charts are the bank's local ones. */
const ZONE = 'Europe/Paris';
const DAY = 24 * 3600_000;

/** Start of the local day of `at`, and of its local week (Monday). */
export function localDayAndWeekStart(at: Date, timeZone = ZONE) {
  const w = wallClockOf(at, timeZone);
  const day = new Date(instantOfWallTime({ y: w.y, m: w.m, d: w.d }, 0, timeZone));
  const weekday = (new Date(Date.UTC(w.y, w.m - 1, w.d)).getUTCDay() + 6) % 7; // Monday = 0
  const monday = new Date(Date.UTC(w.y, w.m - 1, w.d - weekday));
  const week = new Date(
    instantOfWallTime({ y: monday.getUTCFullYear(), m: monday.getUTCMonth() + 1, d: monday.getUTCDate() }, 0, timeZone),
  );
  return { day, week };
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

/**
 * First response against its due time, for conversations whose SLA started in [from, to):
 * within = answered by the due time; breached = answered late, or unanswered past it;
 * running = unanswered and not yet due.
 */
async function slaShare(db: Kysely<DB>, bankId: string, from: Date, to: Date, now: Date) {
  const { rows } = await sql<{ within: string; breached: string; running: string }>`
    select
      count(*) filter (where first_response_met_at is not null and first_response_met_at <= first_response_due_at) as within,
      count(*) filter (where (first_response_met_at is not null and first_response_met_at > first_response_due_at)
                          or (first_response_met_at is null and first_response_due_at <= ${now})) as breached,
      count(*) filter (where first_response_met_at is null and first_response_due_at > ${now}) as running
    from conversation_sla
    where bank_id = ${bankId} and applicable and first_response_due_at is not null
      and started_at >= ${from} and started_at < ${to}`.execute(db);
  const within = num(rows[0]?.within);
  const breached = num(rows[0]?.breached);
  const settled = within + breached;
  return { settled, within, breached, running: num(rows[0]?.running), share: settled ? within / settled : null };
}

async function hasRouting(db: Kysely<DB>) {
  const { rows } = await sql<{ ok: boolean }>`select to_regclass('staff_routing') is not null as ok`.execute(db);
  return rows[0]?.ok === true;
}

export async function supervisionOverview(
  deps: AppDeps,
  p: StaffPrincipal,
  query: { from?: string; to?: string },
  now = new Date(),
): Promise<SupervisionOverview> {
  const db = deps.database.db;
  const bankId = p.bankId;
  const to = query.to ? new Date(query.to) : now;
  const { day, week } = localDayAndWeekStart(to);
  // First responses over the week by default: on a Monday morning "today" has nothing to show yet.
  const from = query.from ? new Date(query.from) : week;
  if (!(from < to)) throw invalid('invalid_period', 'La période est vide : « du » doit précéder « au ».');
  if (to.getTime() - from.getTime() > 92 * DAY) throw invalid('period_too_long', 'La période est limitée à 92 jours.');

  const [today, thisWeek] = await Promise.all([slaShare(db, bankId, day, to, now), slaShare(db, bankId, week, to, now)]);

  const queues = await sql<{ team_id: string; name: string; unassigned: string; assigned: string }>`
    select t.id as team_id, t.name,
      count(c.id) filter (where c.assignee_id is null) as unassigned,
      count(c.id) filter (where c.assignee_id is not null) as assigned
    from teams t
    left join conversations c on c.team_id = t.id and c.status <> 'resolved'
    where t.bank_id = ${bankId}
    group by t.id, t.name
    order by t.name`.execute(db);

  const routing = await hasRouting(db);
  // Without a routing row a person is offline with the default capacity (modules/routing).
  const routingColumns = routing
    ? sql`coalesce(r.capacity, 10) as capacity, coalesce(r.status, 'offline') as status`
    : sql`null::int as capacity, null::text as status`;
  const routingJoin = routing ? sql`left join staff_routing r on r.user_id = u.id` : sql``;
  const agents = await sql<{ id: string; display_name: string; open: string; capacity: number | null; status: string | null }>`
    select u.id, u.display_name, count(c.id) as open, ${routingColumns}
    from staff_users u
    left join conversations c on c.assignee_id = u.id and c.status <> 'resolved'
    ${routingJoin}
    where u.bank_id = ${bankId} and u.active
      and (u.role in ('agent', 'advisor', 'community_manager') or c.id is not null)
    group by u.id, u.display_name${routing ? sql`, r.capacity, r.status` : sql``}
    order by count(c.id) desc, u.display_name`.execute(db);

  // Wall time, not business time: a message received Friday evening answered Monday counts the weekend.
  const firstResponse = await sql<{ count: string; p50: number | null; p90: number | null }>`
    with firsts as (
      select m.conversation_id, min(m.created_at) as first_inbound
      from messages m
      where m.bank_id = ${bankId} and m.direction = 'inbound'
      group by m.conversation_id
    ), answered as (
      select f.conversation_id,
        extract(epoch from (
          -- a scheduled reply answers when released, at its scheduled time (as in the SLA module)
          select min(coalesce(o.scheduled_at, o.created_at)) from messages o
          where o.conversation_id = f.conversation_id and o.direction = 'outbound' and o.author_user_id is not null
            and o.created_at >= f.first_inbound and o.scheduled_cancelled_at is null
            and (o.scheduled_at is null or o.delivery_status is not null)
            and (o.approval_state is null or o.approval_state = 'approved')
        ) - f.first_inbound) as seconds
      from firsts f
      where f.first_inbound >= ${from} and f.first_inbound < ${to}
    )
    select count(seconds) as count,
      percentile_cont(0.5) within group (order by seconds) as p50,
      percentile_cont(0.9) within group (order by seconds) as p90
    from answered where seconds is not null`.execute(db);

  const weekAgo = new Date(to.getTime() - 7 * DAY);
  const dissatisfaction = await sql<{ intent: string; count: string }>`
    select intent, count(*) as count from messages
    where bank_id = ${bankId} and direction = 'inbound' and sentiment = 'negative' and intent is not null
      and created_at >= ${weekAgo} and created_at < ${to}
    group by intent order by count(*) desc, intent limit 10`.execute(db);

  const volume = await sql<{ hour: number; inbound: string }>`
    select extract(hour from created_at at time zone ${ZONE})::int as hour, count(*) as inbound
    from messages
    where bank_id = ${bankId} and direction = 'inbound' and created_at >= ${day} and created_at < ${to}
    group by 1`.execute(db);
  const byHour = new Map(volume.rows.map((r) => [Number(r.hour), num(r.inbound)]));

  const fr = firstResponse.rows[0];
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    generatedAt: now.toISOString(),
    sla: { today, week: thisWeek },
    queues: queues.rows.map((r) => ({ teamId: r.team_id, teamName: r.name, unassigned: num(r.unassigned), assigned: num(r.assigned) })),
    agents: agents.rows.map((r) => ({
      userId: r.id,
      displayName: r.display_name,
      open: num(r.open),
      capacity: r.capacity === null || r.capacity === undefined ? null : Number(r.capacity),
      status: (r.status as 'available' | 'away' | 'offline' | null) ?? null,
    })),
    firstResponse: {
      count: num(fr?.count),
      p50Seconds: fr?.p50 === null || fr?.p50 === undefined ? null : Number(fr.p50),
      p90Seconds: fr?.p90 === null || fr?.p90 === undefined ? null : Number(fr.p90),
    },
    dissatisfaction: dissatisfaction.rows.map((r) => ({ intent: r.intent, count: num(r.count) })),
    volumeByHour: Array.from({ length: 24 }, (_, hour) => ({ hour, inbound: byHour.get(hour) ?? 0 })),
  };
}
