import type { SlaBadge } from '@agora/contracts/sla.schema.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/db.types.ts';
import { withSla } from './sla.tables.ts';

/** What the inbox needs of a conversation_sla row (the conversations list joins these columns). */
export interface SlaBadgeRow {
  sla_applicable: boolean | null;
  sla_reason: string | null;
  sla_response_kind: 'first' | 'next' | null;
  sla_response_warn_at: Date | null;
  sla_response_due_at: Date | null;
  sla_resolution_warn_at: Date | null;
  sla_resolution_due_at: Date | null;
  sla_resolution_met_at: Date | null;
  sla_paused_at: Date | null;
  sla_paused_remaining_minutes: number | null;
}

/**
 * The clock that matters now: the response owed, else the resolution, else met. Warning and
 * breach are read against `now` so the badge is right even before the checker marks them.
 */
export function slaBadgeOf(r: SlaBadgeRow, now = new Date()): SlaBadge | null {
  if (r.sla_applicable === null) return null;
  if (!r.sla_applicable) return { kind: 'first', state: 'na', dueAt: null, pausedRemainingMinutes: null, reason: r.sla_reason };
  const kind = r.sla_response_kind ?? (r.sla_resolution_met_at ? null : 'resolution');
  if (!kind) return { kind: 'resolution', state: 'met', dueAt: null, pausedRemainingMinutes: null, reason: null };
  if (r.sla_paused_at) return { kind, state: 'paused', dueAt: null, pausedRemainingMinutes: r.sla_paused_remaining_minutes, reason: null };
  const [warnAt, dueAt] =
    kind === 'resolution' ? [r.sla_resolution_warn_at, r.sla_resolution_due_at] : [r.sla_response_warn_at, r.sla_response_due_at];
  if (!dueAt) return null;
  const state = dueAt <= now ? 'breached' : warnAt && warnAt <= now ? 'warning' : 'running';
  return { kind, state, dueAt: dueAt.toISOString(), pausedRemainingMinutes: null, reason: null };
}

/**
 * Adds each conversation's badge to rows the inbox already loaded: one query for the page,
 * so the conversations module keeps its own query untouched.
 */
export async function attachSlaBadges(
  db: Kysely<DB>,
  bankId: string,
  rows: { id: string; sla?: SlaBadge | null }[],
  now = new Date(),
): Promise<void> {
  if (rows.length === 0) return;
  const found = await withSla(db)
    .selectFrom('conversation_sla')
    .select([
      'conversation_id',
      'applicable as sla_applicable',
      'not_applicable_reason as sla_reason',
      'response_kind as sla_response_kind',
      'response_warn_at as sla_response_warn_at',
      'response_due_at as sla_response_due_at',
      'resolution_warn_at as sla_resolution_warn_at',
      'resolution_due_at as sla_resolution_due_at',
      'resolution_met_at as sla_resolution_met_at',
      'paused_at as sla_paused_at',
      'paused_remaining_minutes as sla_paused_remaining_minutes',
    ])
    .where('bank_id', '=', bankId)
    .where(
      'conversation_id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  const byId = new Map(found.map((f) => [f.conversation_id, f]));
  for (const row of rows) {
    const f = byId.get(row.id);
    row.sla = f ? slaBadgeOf(f, now) : null;
  }
}
