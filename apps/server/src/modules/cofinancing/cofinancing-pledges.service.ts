import { randomUUID } from 'node:crypto';
import type { InvestorDashboard, PledgeView, StatementLine } from '@agora/contracts/cofinancing.schema.ts';
import { sql } from 'kysely';
import { CoreBankingError } from '../../connectors/core-banking/core-banking.types.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { ClientPrincipal } from '../../platform/auth/client-principal.ts';
import { queueMail } from '../../platform/mail/mail.service.ts';
import { cofinErrors, euros } from './cofinancing.errors.ts';
import { readInvestorProfile } from './cofinancing-investor.service.ts';
import { instalmentShares } from './cofinancing-money.ts';
import './cofinancing.tables.ts';

/** Art. 22: the reflection period, in calendar days, during which a pledge can be withdrawn without reason. */
export const REFLECTION_DAYS = 4;
const DAY_MS = 24 * 60 * 60_000;

const clientLabel = (c: ClientPrincipal) => `${c.firstName} ${c.lastName} (client)`;

/**
 * A client's pledge. The project's capacity is taken first by one conditional update
 * (`raised + amount <= target`): Postgres re-checks the condition on the locked row, so however
 * many pledges race for the last euros, the target is never exceeded and the losers are told so
 * at once. The amount is then held on the client's account through core banking; a refused hold
 * gives the capacity back.
 */
export async function pledge(
  deps: AppDeps,
  client: ClientPrincipal,
  projectId: string,
  input: { amountCents: number; accountId: string; largePledgeConsent: boolean },
  now = new Date(),
): Promise<PledgeView> {
  const profile = await readInvestorProfile(deps, client);
  if (!profile.ready) throw cofinErrors.investorNotReady();
  const db = deps.database.db;
  const project = await db
    .selectFrom('cofin_projects')
    .select(['status', 'deadline_at', 'target_cents', 'raised_cents', 'min_pledge_cents', 'max_pledge_cents', 'title'])
    .where('bank_id', '=', client.bankId)
    .where('id', '=', projectId)
    .executeTakeFirst();
  if (!project || project.status === 'draft') throw cofinErrors.projectNotFound();
  if (project.status !== 'published' || project.deadline_at.getTime() <= now.getTime()) throw cofinErrors.projectClosed();
  const amount = input.amountCents;
  const left = Number(project.target_cents) - Number(project.raised_cents);
  if (amount > Number(project.max_pledge_cents)) throw cofinErrors.aboveMaximum(Number(project.max_pledge_cents));
  // The last euros of a project may be fewer than the minimum: pledging exactly them is allowed.
  if (amount < Number(project.min_pledge_cents) && amount !== left) throw cofinErrors.belowMinimum(Number(project.min_pledge_cents));
  if (amount > profile.largePledgeThresholdCents && !input.largePledgeConsent) {
    throw cofinErrors.largePledgeConsent(profile.largePledgeThresholdCents, profile.lossCapacityCents);
  }

  const pledgeId = randomUUID();
  const reflectionEndsAt = new Date(now.getTime() + REFLECTION_DAYS * DAY_MS);
  await db.transaction().execute(async (tx) => {
    const taken = await tx
      .updateTable('cofin_projects')
      .set({ raised_cents: sql<number>`raised_cents + ${amount}` })
      .where('bank_id', '=', client.bankId)
      .where('id', '=', projectId)
      .where('status', '=', 'published')
      .where('deadline_at', '>', now)
      .where(sql<boolean>`raised_cents + ${amount} <= target_cents`)
      .returning(['raised_cents'])
      .executeTakeFirst();
    if (!taken) {
      const fresh = await tx
        .selectFrom('cofin_projects')
        .select(['status', 'raised_cents', 'target_cents', 'deadline_at'])
        .where('id', '=', projectId)
        .executeTakeFirstOrThrow();
      if (fresh.status !== 'published' || fresh.deadline_at.getTime() <= now.getTime()) throw cofinErrors.projectClosed();
      const nowLeft = Number(fresh.target_cents) - Number(fresh.raised_cents);
      throw nowLeft <= 0 ? cofinErrors.targetReached() : cofinErrors.onlyLeft(nowLeft);
    }
    await tx
      .insertInto('cofin_pledges')
      .values({
        id: pledgeId,
        bank_id: client.bankId,
        project_id: projectId,
        client_id: client.clientId,
        account_id: input.accountId,
        amount_cents: amount,
        large_pledge_consent: input.largePledgeConsent && amount > profile.largePledgeThresholdCents,
        reflection_ends_at: reflectionEndsAt,
        created_at: now,
      })
      .execute();
  });

  // Outside our transaction: the adapter is another system, with its own.
  let holdId: string;
  try {
    holdId = (
      await deps.coreBanking.hold({
        bankId: client.bankId,
        clientId: client.clientId,
        accountId: input.accountId,
        amountCents: amount,
        reference: `cofin-pledge-${pledgeId}`,
      })
    ).holdId;
  } catch (error) {
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('cofin_pledges').set({ status: 'failed', settled_at: new Date() }).where('id', '=', pledgeId).execute();
      await tx
        .updateTable('cofin_projects')
        .set({ raised_cents: sql<number>`raised_cents - ${amount}` })
        .where('id', '=', projectId)
        .execute();
    });
    if (error instanceof CoreBankingError) {
      if (error.code === 'insufficient_funds') throw cofinErrors.insufficientFunds();
      if (error.code === 'unknown_account') throw cofinErrors.unknownAccount();
    }
    deps.logger.warn({ err: error, pledgeId }, 'co-financing hold failed');
    throw cofinErrors.bankingUnavailable();
  }

  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('cofin_pledges')
      .set({ status: 'active', hold_id: holdId })
      .where('id', '=', pledgeId)
      .where('status', '=', 'reserving')
      .execute();
    await appendAudit(tx, {
      bankId: client.bankId,
      actorId: client.clientId,
      actorLabel: clientLabel(client),
      action: 'cofinancing.pledged',
      targetType: 'cofinancing_pledge',
      targetId: pledgeId,
      details: { projectId, amountCents: amount, largePledgeConsent: input.largePledgeConsent },
    });
    await queueMail(tx, client.bankId, {
      to: client.email,
      kind: 'cofinancing.pledge',
      subject: `Votre souscription de ${euros(amount)} : « ${project.title} »`,
      text:
        `Bonjour ${client.firstName},\n\nVotre souscription de ${euros(amount)} au projet « ${project.title} » est enregistrée ; ` +
        `ce montant est réservé sur votre compte.\nVous pouvez la retirer sans motif jusqu’au ${reflectionEndsAt.toLocaleString('fr-FR', { timeZone: 'Europe/Paris' })} ` +
        '(délai de réflexion de 4 jours), depuis votre espace sécurisé, rubrique Co-financement.\n',
    });
  });
  const views = await listClientPledges(deps, client, now);
  const view = views.find((p) => p.id === pledgeId);
  if (!view) throw cofinErrors.pledgeNotFound();
  return view;
}

/** Withdrawal during the reflection period (art. 22): no reason asked, the hold is released. */
export async function withdrawPledge(deps: AppDeps, client: ClientPrincipal, pledgeId: string, now = new Date()): Promise<PledgeView> {
  const db = deps.database.db;
  const withdrawn = await db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('cofin_pledges')
      .set({ status: 'withdrawn', settled_at: now })
      .where('bank_id', '=', client.bankId)
      .where('client_id', '=', client.clientId)
      .where('id', '=', pledgeId)
      .where('status', '=', 'active')
      .where('reflection_ends_at', '>', now)
      .returning(['amount_cents', 'hold_id', 'project_id'])
      .executeTakeFirst();
    if (!row) {
      const existing = await tx
        .selectFrom('cofin_pledges')
        .select(['status'])
        .where('bank_id', '=', client.bankId)
        .where('client_id', '=', client.clientId)
        .where('id', '=', pledgeId)
        .executeTakeFirst();
      if (!existing) throw cofinErrors.pledgeNotFound();
      throw existing.status === 'active' ? cofinErrors.reflectionOver() : cofinErrors.alreadyWithdrawn();
    }
    await tx
      .updateTable('cofin_projects')
      .set({ raised_cents: sql<number>`raised_cents - ${Number(row.amount_cents)}` })
      .where('id', '=', row.project_id)
      .execute();
    await appendAudit(tx, {
      bankId: client.bankId,
      actorId: client.clientId,
      actorLabel: clientLabel(client),
      action: 'cofinancing.pledge_withdrawn',
      targetType: 'cofinancing_pledge',
      targetId: pledgeId,
      details: { amountCents: Number(row.amount_cents) },
    });
    return row;
  });
  // The withdrawal stands once committed; a release that fails here is logged for the back
  // office, who releases it again (release is idempotent at the core-banking side).
  if (withdrawn.hold_id) {
    await deps.coreBanking.releaseHold(client.bankId, withdrawn.hold_id).catch((error) => {
      deps.logger.error({ err: error, pledgeId }, 'co-financing hold not released after a withdrawal');
    });
  }
  const view = (await listClientPledges(deps, client, now)).find((p) => p.id === pledgeId);
  if (!view) throw cofinErrors.pledgeNotFound();
  return view;
}

export async function listClientPledges(deps: AppDeps, client: ClientPrincipal, now = new Date()): Promise<PledgeView[]> {
  const rows = await deps.database.db
    .selectFrom('cofin_pledges as p')
    .innerJoin('cofin_projects as pr', 'pr.id', 'p.project_id')
    .select([
      'p.id',
      'p.project_id',
      'pr.title',
      'pr.status as project_status',
      'p.amount_cents',
      'p.status',
      'p.created_at',
      'p.reflection_ends_at',
    ])
    .where('p.bank_id', '=', client.bankId)
    .where('p.client_id', '=', client.clientId)
    .where('p.status', '!=', 'failed')
    .orderBy('p.created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    projectId: r.project_id,
    projectTitle: r.title,
    projectStatus: r.project_status,
    amountCents: Number(r.amount_cents),
    status: r.status,
    createdAt: r.created_at.toISOString(),
    reflectionEndsAt: r.reflection_ends_at.toISOString(),
    canWithdraw: r.status === 'active' && r.reflection_ends_at.getTime() > now.getTime(),
  }));
}

/** Every repayment credited to (or due to) the client, per instalment: the investor's statement. */
export async function clientStatement(deps: AppDeps, client: ClientPrincipal): Promise<StatementLine[]> {
  const rows = await deps.database.db
    .selectFrom('cofin_distributions as d')
    .innerJoin('cofin_instalments as i', 'i.id', 'd.instalment_id')
    .innerJoin('cofin_projects as p', 'p.id', 'i.project_id')
    .select(['p.title', 'i.number', 'i.due_on', 'd.principal_cents', 'd.interest_cents', 'd.credited_at'])
    .where('p.bank_id', '=', client.bankId)
    .where('d.client_id', '=', client.clientId)
    .orderBy('i.due_on', 'desc')
    .execute();
  return rows.map((r) => ({
    projectTitle: r.title,
    instalmentNumber: r.number,
    dueOn: isoDate(r.due_on),
    principalCents: Number(r.principal_cents),
    interestCents: Number(r.interest_cents),
    creditedAt: r.credited_at?.toISOString() ?? null,
  }));
}

export const isoDate = (d: Date | string) => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

/** The personal-space widget: pledges, repayments received, the client's share of the next instalments, impact. */
export async function investorDashboard(deps: AppDeps, client: ClientPrincipal, now = new Date()): Promise<InvestorDashboard> {
  const db = deps.database.db;
  const pledges = await listClientPledges(deps, client, now);
  const statement = await clientStatement(deps, client);
  const financed = [...new Set(pledges.filter((p) => p.status === 'allocated').map((p) => p.projectId))];
  const upcoming: InvestorDashboard['upcoming'] = [];
  const impact: InvestorDashboard['impact'] = [];
  for (const projectId of financed) {
    const allocations = await db
      .selectFrom('cofin_pledges')
      .select(['client_id', 'amount_cents'])
      .where('project_id', '=', projectId)
      .where('status', '=', 'allocated')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const next = await db
      .selectFrom('cofin_instalments as i')
      .innerJoin('cofin_projects as p', 'p.id', 'i.project_id')
      .select(['p.title', 'i.due_on', 'i.principal_cents', 'i.interest_cents'])
      .where('i.project_id', '=', projectId)
      .where('i.status', 'in', ['scheduled', 'late'])
      .orderBy('i.number')
      .limit(3)
      .execute();
    for (const n of next) {
      // The same split as the distribution will make, so the figure announced is the one credited.
      const shares = instalmentShares(
        Number(n.principal_cents),
        Number(n.interest_cents),
        allocations.map((a) => Number(a.amount_cents)),
      );
      const mine = allocations.reduce(
        (sum, a, i) => sum + (a.client_id === client.clientId ? (shares.principal[i] ?? 0) + (shares.interest[i] ?? 0) : 0),
        0,
      );
      upcoming.push({ projectTitle: n.title, dueOn: isoDate(n.due_on), amountCents: mine });
    }
    const reports = await db
      .selectFrom('cofin_impact_reports as r')
      .innerJoin('cofin_projects as p', 'p.id', 'r.project_id')
      .select(['p.title as project_title', 'r.title', 'r.created_at'])
      .where('r.project_id', '=', projectId)
      .orderBy('r.created_at', 'desc')
      .limit(3)
      .execute();
    for (const r of reports) impact.push({ projectTitle: r.project_title, title: r.title, createdAt: r.created_at.toISOString() });
  }
  upcoming.sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  return {
    pledges,
    investedCents: pledges.filter((p) => p.status === 'active' || p.status === 'allocated').reduce((s, p) => s + p.amountCents, 0),
    receivedCents: statement.filter((l) => l.creditedAt).reduce((s, l) => s + l.principalCents + l.interestCents, 0),
    upcoming: upcoming.slice(0, 5),
    impact: impact.slice(0, 5),
  };
}
