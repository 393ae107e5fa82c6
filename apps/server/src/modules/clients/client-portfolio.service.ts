import type { PortfolioPage, PortfolioQuery, PortfolioRow } from '@agora/contracts/client-360.schema.ts';
import { BANK_WIDE_ROLES } from '@agora/contracts/common.schema.ts';
import { sql } from 'kysely';
import type { AppDeps } from '../../platform/app-deps.ts';
import '../../platform/auth/client-auth.tables.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import './client-360.tables.ts';
import { client360Errors } from './client-360.errors.ts';
import { CLIENT_PORTFOLIO_SIGNALS, type PortfolioSignalSource } from './client-portfolio.signals.ts';
import { computeSegments } from './client-segment.service.ts';

export const PORTFOLIO_PAGE_SIZE = 50;
/** A portfolio is a few hundred clients; a bank-wide search stops here (refine the words). */
const MAX_CANDIDATES = 2000;
const SIGNAL_CHUNK = 500;

/**
 * The advisor's clients with what waits for them: unread items, answers due (SLA) and late, from
 * every portfolio signal source. An advisor always gets their own portfolio; a bank-wide role
 * picks an advisor or searches the whole bank by name; other roles have no portfolio.
 */
export async function readPortfolio(
  deps: AppDeps,
  principal: StaffPrincipal,
  query: PortfolioQuery,
  signals: readonly PortfolioSignalSource[] = CLIENT_PORTFOLIO_SIGNALS,
): Promise<PortfolioPage> {
  const bankWide = BANK_WIDE_ROLES.includes(principal.role);
  if (principal.role !== 'advisor' && !bankWide) throw client360Errors.noPortfolio();
  if (principal.role === 'advisor' && query.advisorId && query.advisorId !== principal.userId) throw client360Errors.notYourClient();
  const advisorId = principal.role === 'advisor' ? principal.userId : (query.advisorId ?? null);
  const words = query.q?.trim() ?? '';
  if (!advisorId && words.length < 2) throw client360Errors.advisorRequired();

  let candidates = deps.database.db
    .selectFrom('clients as c')
    .leftJoin('client_segments as s', 's.client_id', 'c.id')
    .leftJoin('client_accounts as a', 'a.client_id', 'c.id')
    .leftJoin('staff_users as adv', 'adv.id', 'c.advisor_id')
    .select([
      'c.id',
      'c.first_name',
      'c.last_name',
      'c.email',
      'c.advisor_id',
      'adv.display_name as advisor_name',
      's.segment',
      'a.status as account_status',
      (eb) => eb.selectFrom('contacts as ct').select(sql<string>`count(*)`.as('n')).whereRef('ct.client_id', '=', 'c.id').as('identities'),
    ])
    .where('c.bank_id', '=', principal.bankId);
  if (advisorId) candidates = candidates.where('c.advisor_id', '=', advisorId);
  if (query.segment) candidates = candidates.where('s.segment', '=', query.segment);
  if (words) {
    const like = `%${words.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    candidates = candidates.where((eb) =>
      eb.or([
        eb(sql`lower(c.first_name || ' ' || c.last_name)`, 'like', like),
        eb(sql`lower(c.last_name || ' ' || c.first_name)`, 'like', like),
        eb(sql`lower(coalesce(c.email, ''))`, 'like', like),
      ]),
    );
  }
  const clients = await candidates.orderBy('c.last_name').orderBy('c.first_name').orderBy('c.id').limit(MAX_CANDIDATES).execute();

  const byClient = new Map<string, PortfolioRow>(
    clients.map((c) => [
      c.id,
      {
        id: c.id,
        firstName: c.first_name,
        lastName: c.last_name,
        email: c.email,
        advisor: c.advisor_id ? { id: c.advisor_id, displayName: c.advisor_name ?? '' } : null,
        segment: c.segment ?? null,
        spaceStatus: c.account_status ?? 'none',
        identities: Number(c.identities ?? 0),
        unread: 0,
        waiting: 0,
        dueAt: null,
        breached: false,
        signals: [],
        lastActivityAt: null,
      },
    ]),
  );
  const ids = [...byClient.keys()];
  for (let i = 0; i < ids.length; i += SIGNAL_CHUNK) {
    const chunk = ids.slice(i, i + SIGNAL_CHUNK);
    for (const batch of await Promise.all(signals.map((source) => source(deps, principal.bankId, chunk)))) {
      for (const { clientId, lastActivityAt, ...signal } of batch) {
        const row = byClient.get(clientId);
        if (!row) continue;
        row.signals.push(signal);
        row.unread += signal.unread;
        row.waiting += signal.waiting;
        row.breached ||= signal.breached;
        if (signal.dueAt && (!row.dueAt || signal.dueAt < row.dueAt)) row.dueAt = signal.dueAt;
        if (lastActivityAt && (!row.lastActivityAt || lastActivityAt > row.lastActivityAt)) row.lastActivityAt = lastActivityAt;
      }
    }
  }

  let rows = [...byClient.values()];
  if (query.filter === 'unread') rows = rows.filter((r) => r.unread > 0);
  if (query.filter === 'due') rows = rows.filter((r) => r.waiting > 0);
  // Late first, then the soonest due, then unread, then the rest by name (the candidates' order).
  const rank = (r: PortfolioRow) => (r.breached ? 0 : r.dueAt ? 1 : r.waiting > 0 ? 2 : r.unread > 0 ? 3 : 4);
  rows = rows
    .map((r, index) => ({ r, index }))
    .sort((a, b) => rank(a.r) - rank(b.r) || (a.r.dueAt ?? '').localeCompare(b.r.dueAt ?? '') || a.index - b.index)
    .map(({ r }) => r);
  const start = (query.page - 1) * PORTFOLIO_PAGE_SIZE;
  const pageRows = rows.slice(start, start + PORTFOLIO_PAGE_SIZE);
  // Clients the segment worker has not reached yet get theirs now, for the page shown only.
  const unsegmented = pageRows.filter((r) => r.segment === null).map((r) => r.id);
  if (unsegmented.length) {
    const computed = await computeSegments(deps, principal.bankId, unsegmented);
    for (const r of pageRows) r.segment ??= computed.get(r.id) ?? null;
  }
  return {
    rows: pageRows,
    total: rows.length,
    page: query.page,
    pageSize: PORTFOLIO_PAGE_SIZE,
    advisorId,
  };
}

/** Advisors a bank-wide role can pick a portfolio from. */
export async function listPortfolioAdvisors(deps: AppDeps, principal: StaffPrincipal) {
  if (!BANK_WIDE_ROLES.includes(principal.role) && principal.role !== 'advisor') throw client360Errors.noPortfolio();
  const rows = await deps.database.db
    .selectFrom('staff_users')
    .select(['id', 'display_name'])
    .where('bank_id', '=', principal.bankId)
    .where('role', '=', 'advisor')
    .where('active', '=', true)
    .$if(principal.role === 'advisor', (q) => q.where('id', '=', principal.userId))
    .orderBy('display_name')
    .execute();
  return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
}
