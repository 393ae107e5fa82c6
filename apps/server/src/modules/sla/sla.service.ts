import { randomUUID } from 'node:crypto';
import type { BusEvent } from '@agora/contracts/events.schema.ts';
import type { Transaction } from 'kysely';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { DB } from '../../platform/db/db.types.ts';
import { enqueueEvents } from '../../platform/outbox/outbox.ts';
import { withSla } from './sla.tables.ts';
import { createSlaSync, eventOf, type SlaSettingsMemo, type SlaSyncDeps, type SyncOptions } from './sla-sync.service.ts';

export interface SlaService {
  /** Recomputes a conversation's clock from its messages and status; idempotent. */
  sync(conversationId: string, memo?: SlaSettingsMemo): Promise<void>;
  /** The same for many conversations in one transaction; returns those left because locked (with `skipLocked`). */
  syncMany(conversationIds: string[], memo?: SlaSettingsMemo, options?: SyncOptions): Promise<string[]>;
  /** Marks warnings and breaches that are due, once each; returns how many it marked. */
  checkDue(limit?: number): Promise<number>;
}

/** `now` is injectable so tests move time instead of sleeping. */
export function createSlaService(deps: SlaSyncDeps, now: () => Date = () => new Date()): SlaService {
  const db = withSla(deps.database.db);
  const { syncMany } = createSlaSync(deps, now);

  async function sync(conversationId: string, memo?: SlaSettingsMemo) {
    await syncMany([conversationId], memo);
  }

  async function checkDue(limit = 100): Promise<number> {
    const t = now();
    return db
      .transaction()
      .execute(async (tx) => {
        const rows = await tx
          .selectFrom('conversation_sla')
          .innerJoin('conversations', 'conversations.id', 'conversation_sla.conversation_id')
          .leftJoin('contacts', 'contacts.id', 'conversations.contact_id')
          .leftJoin('clients', 'clients.id', 'contacts.client_id')
          .select([
            'conversations.id',
            'conversations.team_id',
            'clients.advisor_id',
            'conversation_sla.response_kind',
            'conversation_sla.response_warn_at',
            'conversation_sla.response_due_at',
            'conversation_sla.response_warned_at',
            'conversation_sla.response_breached_at',
            'conversation_sla.resolution_warn_at',
            'conversation_sla.resolution_due_at',
            'conversation_sla.resolution_warned_at',
            'conversation_sla.resolution_breached_at',
          ])
          .where('conversation_sla.bank_id', '=', deps.bankId)
          .where('conversation_sla.applicable', '=', true)
          .where('conversation_sla.paused_at', 'is', null)
          .where((eb) =>
            eb.or([
              eb.and([
                eb('conversation_sla.response_breached_at', 'is', null),
                eb('conversation_sla.response_warn_at', '<=', t),
                eb('conversation_sla.response_warned_at', 'is', null),
              ]),
              eb.and([eb('conversation_sla.response_breached_at', 'is', null), eb('conversation_sla.response_due_at', '<=', t)]),
              eb.and([
                eb('conversation_sla.resolution_breached_at', 'is', null),
                eb('conversation_sla.resolution_warn_at', '<=', t),
                eb('conversation_sla.resolution_warned_at', 'is', null),
              ]),
              eb.and([eb('conversation_sla.resolution_breached_at', 'is', null), eb('conversation_sla.resolution_due_at', '<=', t)]),
            ]),
          )
          .limit(limit)
          .forUpdate('conversation_sla')
          .skipLocked()
          .execute();
        const events: BusEvent[] = [];
        let marked = 0;
        for (const r of rows) {
          const targets = [
            {
              target: r.response_kind,
              warnAt: r.response_warn_at,
              dueAt: r.response_due_at,
              warned: r.response_warned_at,
              breached: r.response_breached_at,
              prefix: 'response' as const,
            },
            {
              target: 'resolution' as const,
              warnAt: r.resolution_warn_at,
              dueAt: r.resolution_due_at,
              warned: r.resolution_warned_at,
              breached: r.resolution_breached_at,
              prefix: 'resolution' as const,
            },
          ];
          for (const x of targets) {
            if (!x.target || !x.dueAt || x.breached) continue;
            // A breach found late (a restart, the demo's history) is one breach, not a warning and a breach.
            const level = x.dueAt <= t ? 'breach' : x.warnAt && x.warnAt <= t && !x.warned ? 'warning' : null;
            if (!level) continue;
            const set =
              level === 'breach'
                ? { [`${x.prefix}_breached_at`]: t, [`${x.prefix}_warned_at`]: x.warned ?? t }
                : { [`${x.prefix}_warned_at`]: t };
            await tx.updateTable('conversation_sla').set(set).where('conversation_id', '=', r.id).execute();
            await tx
              .insertInto('sla_escalations')
              .values({
                id: randomUUID(),
                bank_id: deps.bankId,
                conversation_id: r.id,
                team_id: r.team_id,
                target: x.target,
                level,
                due_at: x.dueAt,
                created_at: t,
              })
              .onConflict((oc) => oc.columns(['conversation_id', 'target', 'level', 'due_at']).doNothing())
              .execute();
            if (level === 'breach') {
              await appendAudit(tx as unknown as Transaction<DB>, {
                bankId: deps.bankId,
                actorId: null,
                actorLabel: 'Agora (SLA)',
                action: 'sla.breached',
                targetType: 'conversation',
                targetId: r.id,
                details: { target: x.target, dueAt: x.dueAt.toISOString() },
              });
            }
            events.push(eventOf(level === 'breach' ? 'sla.breached' : 'sla.warning', r, deps.bankId, null, t));
            marked++;
          }
        }
        await enqueueEvents(tx as unknown as Transaction<DB>, events, deps.database.kind);
        return marked;
      })
      .then((marked) => {
        if (marked > 0) deps.wakeOutbox?.();
        return marked;
      });
  }

  return { sync, syncMany, checkDue };
}
