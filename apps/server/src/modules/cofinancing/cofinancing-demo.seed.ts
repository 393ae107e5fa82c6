import type { ProjectInput } from '@agora/contracts/cofinancing.schema.ts';
import type { Role } from '@agora/contracts/common.schema.ts';
import { sql } from 'kysely';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { ClientPrincipal } from '../../platform/auth/client-principal.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import { processCofinancingDeadlines } from './cofinancing-lifecycle.service.ts';
import { pledge } from './cofinancing-pledges.service.ts';
import { addImpactReport, approveProject, createProject, publishProject, setProjectCriteria } from './cofinancing-projects.service.ts';
import { recordPayment } from './cofinancing-repayments.service.ts';

const DAY = 86_400_000;
const DEMO_AUTHOR = 'conseillere@banque-exemple.fr';
const DEMO_REVIEWERS = ['superviseure@banque-exemple.fr', 'conformite@banque-exemple.fr'];
/** Julie keeps a fresh investor profile: the demo shows the knowledge test and the warning with her. */
const FRESH_INVESTOR = 'julie.moreau@exemple-client.fr';
const DEMO_INVESTOR = 'marc.lefebvre@exemple-client.fr';

const base = (over: Partial<ProjectInput>): ProjectInput => ({
  title: '',
  borrowerName: '',
  borrowerKind: 'association',
  purpose: '',
  story: '',
  amountSoughtCents: 0,
  bankShareCents: 0,
  minPledgeCents: 2_000,
  maxPledgeCents: 500_000,
  durationMonths: 36,
  rateBp: 200,
  riskGrade: 'B',
  deadlineAt: new Date(Date.now() + 21 * DAY).toISOString(),
  infoSheet:
    'Fiche d’informations clés sur l’investissement (règlement (UE) 2020/1503, art. 23).\n' +
    'Partie A – Le porteur de projet et le projet. Partie B – Principales caractéristiques du prêt. ' +
    'Partie C – Risques : perte partielle ou totale du capital, absence de liquidité. Partie D – Frais : aucun pour l’investisseur. ' +
    'Partie E – Droits : délai de réflexion de 4 jours calendaires.',
  documents: [],
  ...over,
});

/**
 * The demo's co-financing (demo mode only): a project raising money, one funded and repaying,
 * one not funded, one draft waiting for its second approval. Written through the module's own
 * services, so every row, hold, audit entry and mail is what real use would make. Does nothing
 * when the bank already has projects.
 */
export async function seedDemoCofinancing(deps: AppDeps): Promise<{ seeded: boolean }> {
  const db = deps.database.db;
  const existing = await db.selectFrom('cofin_projects').select(['id']).where('bank_id', '=', deps.bankId).limit(1).executeTakeFirst();
  if (existing) return { seeded: false };
  const staff = await db
    .selectFrom('staff_users')
    .select(['id', 'email', 'role', 'display_name', 'first_name'])
    .where('bank_id', '=', deps.bankId)
    .where('email', 'in', [DEMO_AUTHOR, ...DEMO_REVIEWERS])
    .execute();
  const principal = (email: string): StaffPrincipal | null => {
    const s = staff.find((x) => x.email === email);
    return s
      ? {
          userId: s.id,
          bankId: deps.bankId,
          role: s.role as Role,
          teamIds: [],
          email: s.email,
          firstName: s.first_name,
          displayName: s.display_name,
          csrfToken: '',
          sessionId: '',
        }
      : null;
  };
  const author = principal(DEMO_AUTHOR);
  const [first, second] = DEMO_REVIEWERS.map(principal);
  if (!author || !first || !second) return { seeded: false };

  // Investors: clients with money on an account, each having passed the checks of art. 21.
  const accounts = await db
    .selectFrom('demo_core_accounts as a')
    .innerJoin('clients as c', 'c.id', 'a.client_id')
    .select(['a.id', 'a.client_id', 'a.balance_cents', 'c.first_name', 'c.last_name', 'c.email', 'c.advisor_id'])
    .where('a.bank_id', '=', deps.bankId)
    .where('a.kind', '=', 'savings')
    .where('a.balance_cents', '>=', 1_000_000)
    .where('c.email', '!=', FRESH_INVESTOR)
    // Marc first: his personal space shows an investor's dashboard in the demo.
    .orderBy(sql`case when c.email = ${DEMO_INVESTOR} then 0 else 1 end`)
    .orderBy('a.balance_cents', 'desc')
    .limit(14)
    .execute();
  const investors = accounts.map((a) => ({
    accountId: a.id,
    client: {
      clientId: a.client_id,
      bankId: deps.bankId,
      firstName: a.first_name,
      lastName: a.last_name,
      email: a.email ?? 'investisseur@exemple-client.fr',
      advisorId: a.advisor_id,
      csrfToken: '',
      sessionId: '',
      reauthenticatedAt: new Date(),
    } satisfies ClientPrincipal,
  }));
  for (const inv of investors) {
    await db
      .insertInto('cofin_investor_profiles')
      .values({
        bank_id: deps.bankId,
        client_id: inv.client.clientId,
        knowledge_passed_at: new Date(),
        knowledge_score: 5,
        net_worth_cents: 20_000_000,
        loss_capacity_cents: 2_000_000,
        simulated_at: new Date(),
        risk_acknowledged_at: new Date(),
      })
      .onConflict((oc) => oc.columns(['bank_id', 'client_id']).doNothing())
      .execute();
  }
  if (investors.length < 6) return { seeded: false };

  const publish = async (input: ProjectInput, criteria: { key: string; evidence: string }[]) => {
    const project = await createProject(deps, author, input);
    await setProjectCriteria(deps, author, project.id, { criteria });
    await approveProject(deps, first, project.id);
    await approveProject(deps, second, project.id);
    return publishProject(deps, first, project.id);
  };
  const pledgeAll = async (projectId: string, amounts: number[]) => {
    for (const [i, amount] of amounts.entries()) {
      const inv = investors[i % investors.length];
      if (!inv) continue;
      await pledge(deps, inv.client, projectId, { amountCents: amount, accountId: inv.accountId, largePledgeConsent: true });
    }
  };
  /** As if the deadline and every reflection period had passed `daysAgo` days ago. */
  const closeAsOf = async (projectId: string, daysAgo: number) => {
    const at = new Date(Date.now() - daysAgo * DAY);
    await db
      .updateTable('cofin_projects')
      .set({ deadline_at: new Date(at.getTime() - DAY) })
      .where('id', '=', projectId)
      .execute();
    await db
      .updateTable('cofin_pledges')
      .set({ reflection_ends_at: new Date(at.getTime() - DAY) })
      .where('project_id', '=', projectId)
      .execute();
    await processCofinancingDeadlines(deps, at);
  };

  // 1. Funded some 80 days ago, repaying: two instalments paid and distributed, an impact report.
  const farm = await publish(
    base({
      title: 'Ferme maraîchère des Coteaux',
      borrowerName: 'SCOP Les Coteaux',
      borrowerKind: 'social_business',
      purpose: 'Installer une serre bioclimatique et un point de vente à la ferme pour trois maraîchers en bio.',
      story:
        'Trois associés ont repris en 2022 une ferme de 6 hectares aux portes de la ville. Ils livrent 180 paniers par semaine ' +
        'et fournissent deux cantines scolaires. La serre allongera la saison de trois mois.',
      amountSoughtCents: 12_000_000,
      bankShareCents: 9_000_000,
      durationMonths: 24,
      rateBp: 300,
      riskGrade: 'B',
    }),
    [
      { key: 'environment', evidence: 'Certification Agriculture biologique (Ecocert, 2023) ; serre sans chauffage fossile.' },
      { key: 'local_roots', evidence: '180 paniers livrés à moins de 20 km ; deux cantines scolaires de la commune.' },
      { key: 'governance', evidence: 'SCOP : un associé, une voix ; écart de salaires de 1 à 1,3.' },
    ],
  );
  await pledgeAll(farm.id, [500_000, 450_000, 400_000, 350_000, 300_000, 250_000, 250_000, 200_000, 150_000, 150_000]);
  await closeAsOf(farm.id, 80);
  await recordPayment(deps, first, farm.id, 1, await dueOf(deps, farm.id, 1));
  await recordPayment(deps, first, farm.id, 2, await dueOf(deps, farm.id, 2));
  await addImpactReport(deps, author, farm.id, {
    title: 'La serre est montée',
    body: 'Premières tomates récoltées fin mai, trois semaines plus tôt que l’an dernier. Un quatrième saisonnier a été embauché.',
  });

  // 2. Raising now, about two thirds of the way.
  const grocery = await publish(
    base({
      title: 'Épicerie solidaire du Canal',
      borrowerName: 'Association Panier Commun',
      purpose: 'Ouvrir une épicerie solidaire : produits à prix réduits pour 300 familles orientées par les services sociaux.',
      story:
        'Panier Commun distribue depuis cinq ans des colis alimentaires. L’épicerie permettra aux familles de choisir leurs produits ' +
        'et de payer 10 à 30 % du prix, dans un lieu ouvert à tous le samedi.',
      amountSoughtCents: 6_000_000,
      bankShareCents: 4_000_000,
      durationMonths: 48,
      rateBp: 0,
      riskGrade: 'C',
      minPledgeCents: 1_000,
    }),
    [
      { key: 'social_utility', evidence: 'Convention avec le CCAS : 300 familles orientées, 40 bénévoles.' },
      { key: 'local_roots', evidence: 'Local loué à la ville dans le quartier prioritaire du Canal.' },
    ],
  );
  await pledgeAll(grocery.id, [300_000, 250_000, 200_000, 150_000, 120_000, 100_000, 80_000, 50_000, 30_000, 20_000]);

  // 3. Not funded: its deadline passed short of the target; every reservation released.
  const thirdPlace = await publish(
    base({
      title: 'Tiers-lieu Les Communs',
      borrowerName: 'SCIC Les Communs',
      borrowerKind: 'social_business',
      purpose: 'Rénover une ancienne usine en tiers-lieu : ateliers partagés, café associatif, salle de spectacle.',
      amountSoughtCents: 25_000_000,
      bankShareCents: 15_000_000,
      rateBp: 250,
      riskGrade: 'D',
    }),
    [{ key: 'governance', evidence: 'SCIC à cinq collèges : salariés, usagers, collectivité, associations, financeurs.' }],
  );
  await pledgeAll(thirdPlace.id, [400_000, 300_000, 250_000]);
  await closeAsOf(thirdPlace.id, 10);

  // 4. A draft with one approval of two: the four-eyes rule at work.
  const bikes = await createProject(
    deps,
    author,
    base({
      title: 'Atelier vélo La Rustine',
      borrowerName: 'Association La Rustine',
      purpose: 'Un atelier participatif de réparation de vélos et deux emplois en insertion.',
      amountSoughtCents: 3_000_000,
      bankShareCents: 2_000_000,
      rateBp: 100,
      riskGrade: 'C',
      deadlineAt: new Date(Date.now() + 40 * DAY).toISOString(),
    }),
  );
  await setProjectCriteria(deps, author, bikes.id, {
    criteria: [
      { key: 'environment', evidence: '1 200 vélos remis en état par an au lieu d’être jetés.' },
      { key: 'social_utility', evidence: 'Deux postes en chantier d’insertion conventionnés.' },
    ],
  });
  await approveProject(deps, first, bikes.id);
  return { seeded: true };
}

async function dueOf(deps: AppDeps, projectId: string, number: number): Promise<number> {
  const row = await deps.database.db
    .selectFrom('cofin_instalments')
    .select(['principal_cents', 'interest_cents'])
    .where('project_id', '=', projectId)
    .where('number', '=', number)
    .executeTakeFirstOrThrow();
  return Number(row.principal_cents) + Number(row.interest_cents);
}
