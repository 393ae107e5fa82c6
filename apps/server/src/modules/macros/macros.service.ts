import { randomUUID } from 'node:crypto';
import type { Macro, MacroAction } from '@agora/contracts/answers.schema.ts';
import { macroActionSchema, macroInputSchema } from '@agora/contracts/answers.schema.ts';
import type { BusEvent } from '@agora/contracts/events.schema.ts';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import { canSeeConversation, type StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import type { DB } from '../../platform/db/db.types.ts';
import { frenchSearchVector } from '../../platform/db/search-vector.ts';
import { enqueueEvents } from '../../platform/outbox/outbox.ts';
import { macroActionFailed, macroNotFound } from '../answers/answers.errors.ts';
import { type AnswersDB, withAnswers } from '../answers/answers.tables.ts';
import { visibleConversation } from '../conversations/conversation.service.ts';

const actorLabel = (p: StaffPrincipal) => `${p.displayName} (${p.role})`;
const actionsSchema = z.array(macroActionSchema);

/** The two macros every bank starts with (admins edit or add their own). */
export const DEFAULT_MACROS: { name: string; actions: MacroAction[] }[] = [
  {
    name: 'Clôturer — question répondue',
    actions: [
      { type: 'add_tag', tag: 'repondu' },
      { type: 'set_status', status: 'resolved' },
      { type: 'add_note', body: 'Clôturée : question répondue.' },
    ],
  },
];

export function createMacrosService(deps: AppDeps) {
  const db = withAnswers(deps.database.db);

  async function list(p: StaffPrincipal): Promise<Macro[]> {
    const rows = await db
      .selectFrom('macros')
      .select(['id', 'name', 'actions'])
      .where('bank_id', '=', p.bankId)
      .where('archived_at', 'is', null)
      .orderBy('name')
      .execute();
    return rows.map((r) => ({ id: r.id, name: r.name, actions: actionsSchema.parse(r.actions) }));
  }

  async function save(p: StaffPrincipal, raw: unknown, id?: string): Promise<Macro> {
    const input = macroInputSchema.parse(raw);
    const macroId = id ?? randomUUID();
    await db.transaction().execute(async (tx) => {
      if (id) {
        const updated = await tx
          .updateTable('macros')
          .set({ name: input.name, actions: JSON.stringify(input.actions) })
          .where('id', '=', id)
          .where('bank_id', '=', p.bankId)
          .where('archived_at', 'is', null)
          .executeTakeFirst();
        if (!updated.numUpdatedRows) throw macroNotFound();
      } else {
        await tx
          .insertInto('macros')
          .values({ id: macroId, bank_id: p.bankId, name: input.name, actions: JSON.stringify(input.actions), created_by: p.userId })
          .execute();
      }
      await appendAudit(tx as unknown as Transaction<DB>, {
        bankId: p.bankId,
        actorId: p.userId,
        actorLabel: actorLabel(p),
        action: id ? 'macro.updated' : 'macro.created',
        targetType: 'macro',
        targetId: macroId,
        details: { name: input.name, actions: input.actions },
      });
    });
    return { id: macroId, name: input.name, actions: input.actions };
  }

  async function archive(p: StaffPrincipal, id: string): Promise<void> {
    await db.transaction().execute(async (tx) => {
      const done = await tx
        .updateTable('macros')
        .set({ archived_at: new Date() })
        .where('id', '=', id)
        .where('bank_id', '=', p.bankId)
        .where('archived_at', 'is', null)
        .executeTakeFirst();
      if (!done.numUpdatedRows) throw macroNotFound();
      await appendAudit(tx as unknown as Transaction<DB>, {
        bankId: p.bankId,
        actorId: p.userId,
        actorLabel: actorLabel(p),
        action: 'macro.archived',
        targetType: 'macro',
        targetId: id,
      });
    });
  }

  /**
   * Applies every action of a macro in one transaction: if one cannot be applied (a team or a
   * colleague that no longer exists), nothing is changed and the reason is returned.
   */
  async function apply(p: StaffPrincipal, conversationId: string, macroId: string): Promise<{ applied: number }> {
    const visible = await visibleConversation(deps, p, conversationId);
    if (!/^[0-9a-f-]{36}$/i.test(macroId)) throw macroNotFound();
    const macro = await db
      .selectFrom('macros')
      .select(['id', 'name', 'actions'])
      .where('id', '=', macroId)
      .where('bank_id', '=', p.bankId)
      .where('archived_at', 'is', null)
      .executeTakeFirst();
    if (!macro) throw macroNotFound();
    const actions = actionsSchema.parse(macro.actions);
    const now = new Date();
    await db.transaction().execute(async (tx) => {
      const conv = await tx
        .selectFrom('conversations')
        .select(['id', 'team_id', 'status', 'assignee_id'])
        .where('id', '=', visible.id)
        .where('bank_id', '=', p.bankId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const state = { teamId: conv.team_id, status: conv.status, assigneeId: conv.assignee_id };
      const noteIds: string[] = [];
      for (const action of actions) await applyAction(tx, p, conv.id, action, state, noteIds, now);
      await tx
        .updateTable('conversations')
        .set({ team_id: state.teamId, status: state.status, assignee_id: state.assigneeId, updated_at: now })
        .where('id', '=', conv.id)
        .execute();
      await appendAudit(tx as unknown as Transaction<DB>, {
        bankId: p.bankId,
        actorId: p.userId,
        actorLabel: actorLabel(p),
        action: 'conversation.macro_applied',
        targetType: 'conversation',
        targetId: conv.id,
        details: {
          macroId: macro.id,
          macro: macro.name,
          actions,
          from: { teamId: conv.team_id, status: conv.status, assigneeId: conv.assignee_id },
          to: state,
        },
      });
      const base = {
        bankId: p.bankId,
        conversationId: conv.id,
        teamId: state.teamId,
        advisorId: visible.advisor_id,
        at: now.toISOString(),
      };
      const events: BusEvent[] = [
        { type: 'conversation.updated', ...base, messageId: null },
        ...noteIds.map((id) => ({ type: 'message.created' as const, ...base, messageId: id })),
      ];
      await enqueueEvents(tx as unknown as Transaction<DB>, events, deps.database.kind);
    });
    deps.wakeOutbox();
    return { applied: actions.length };
  }

  async function applyAction(
    tx: Transaction<AnswersDB>,
    p: StaffPrincipal,
    conversationId: string,
    action: MacroAction,
    state: { teamId: string; status: 'open' | 'pending' | 'resolved'; assigneeId: string | null },
    noteIds: string[],
    now: Date,
  ) {
    switch (action.type) {
      case 'add_tag':
        await tx
          .insertInto('conversation_tags')
          .values({ conversation_id: conversationId, bank_id: p.bankId, tag: action.tag, created_by: p.userId })
          .onConflict((oc) => oc.columns(['conversation_id', 'tag']).doNothing())
          .execute();
        return;
      case 'remove_tag':
        await tx.deleteFrom('conversation_tags').where('conversation_id', '=', conversationId).where('tag', '=', action.tag).execute();
        return;
      case 'set_status':
        state.status = action.status;
        return;
      case 'assign_team': {
        const team = await tx
          .selectFrom('teams')
          .select(['id'])
          .where('id', '=', action.teamId)
          .where('bank_id', '=', p.bankId)
          .executeTakeFirst();
        if (!team) throw macroActionFailed("l'équipe visée n'existe plus.");
        // A transfer goes to the team's queue: the previous assignee may not even see it.
        if (team.id !== state.teamId) state.assigneeId = null;
        state.teamId = team.id;
        return;
      }
      case 'assign_user': {
        if (action.userId === null) {
          state.assigneeId = null;
          return;
        }
        const user = await tx
          .selectFrom('staff_users')
          .select(['id', 'role', 'active'])
          .where('id', '=', action.userId)
          .where('bank_id', '=', p.bankId)
          .executeTakeFirst();
        const teams = user ? await tx.selectFrom('team_members').select(['team_id']).where('user_id', '=', user.id).execute() : [];
        const canSee =
          user?.active &&
          canSeeConversation(
            { userId: user.id, bankId: p.bankId, role: user.role, teamIds: teams.map((t) => t.team_id) } as StaffPrincipal,
            { bankId: p.bankId, teamId: state.teamId, advisorId: null },
          );
        if (!canSee) throw macroActionFailed("le collègue visé n'est plus actif ou ne voit pas cette conversation.");
        state.assigneeId = user.id;
        return;
      }
      case 'add_note': {
        const id = randomUUID();
        await (tx as unknown as Transaction<DB>)
          .insertInto('messages')
          .values({
            id,
            bank_id: p.bankId,
            conversation_id: conversationId,
            direction: 'note',
            visibility: 'internal',
            author_user_id: p.userId,
            body: action.body,
            attachments: '[]',
            search_vector: frenchSearchVector(action.body),
            created_at: now,
          })
          .execute();
        noteIds.push(id);
        return;
      }
    }
  }

  return { list, save, archive, apply };
}
export type MacrosService = ReturnType<typeof createMacrosService>;

/** Adds the default macros to a bank that has none (idempotent at every start). */
export async function seedDefaultMacros(deps: AppDeps): Promise<void> {
  const db = withAnswers(deps.database.db);
  const any = await db.selectFrom('macros').select(['id']).where('bank_id', '=', deps.bankId).limit(1).executeTakeFirst();
  if (any) return;
  const team = await db
    .selectFrom('teams')
    .select(['id'])
    .where('bank_id', '=', deps.bankId)
    .where('kind', '=', 'advisors')
    .executeTakeFirst();
  const macros = [...DEFAULT_MACROS];
  if (team) {
    macros.push({
      name: 'Escalade conformité',
      actions: [
        { type: 'assign_team', teamId: team.id },
        { type: 'add_tag', tag: 'conformite' },
        { type: 'add_note', body: 'Escaladée à la conformité : à examiner avant toute réponse.' },
      ],
    });
  }
  await db
    .insertInto('macros')
    .values(
      macros.map((m) => ({ id: randomUUID(), bank_id: deps.bankId, name: m.name, actions: JSON.stringify(m.actions), created_by: null })),
    )
    .execute();
}
