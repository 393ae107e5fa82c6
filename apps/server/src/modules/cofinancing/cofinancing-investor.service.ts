import type { InvestorProfileView, KnowledgeQuestion } from '@agora/contracts/cofinancing.schema.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { ClientPrincipal } from '../../platform/auth/client-principal.ts';
import { cofinErrors } from './cofinancing.errors.ts';
import { largePledgeThresholdCents, lossCapacityCents } from './cofinancing-money.ts';
import './cofinancing.tables.ts';

/**
 * The entry knowledge test (Regulation 2020/1503 art. 21(2)–(3)): what a non-sophisticated
 * investor must understand before lending to a project. Answers stay on the server.
 */
const QUESTIONS: (KnowledgeQuestion & { answer: number })[] = [
  {
    question: 'Si l’emprunteur ne rembourse pas, que se passe-t-il pour votre argent ?',
    choices: ['La banque me rembourse', 'Je peux perdre tout ou partie de mon argent', 'Le fonds de garantie des dépôts me rembourse'],
    answer: 1,
  },
  {
    question: 'Pouvez-vous récupérer votre argent quand vous le souhaitez pendant la durée du prêt ?',
    choices: ['Oui, à tout moment', 'Non : il revient au fil des échéances, sans marché pour revendre', 'Oui, avec une pénalité'],
    answer: 1,
  },
  {
    question: 'Pour limiter le risque, il vaut mieux…',
    choices: ['Tout placer sur un seul projet', 'Répartir de petites sommes sur plusieurs projets', 'Emprunter pour investir davantage'],
    answer: 1,
  },
  {
    question: 'Un prêt solidaire à 0 % vous rapporte…',
    choices: [
      'Des intérêts versés à la fin',
      'Le remboursement de votre capital seulement, s’il a lieu',
      'Un rendement garanti par la banque',
    ],
    answer: 1,
  },
  {
    question: 'Après une souscription, vous disposez d’un délai de réflexion de…',
    choices: ['4 jours calendaires, pour vous rétracter sans motif', 'Aucun délai', '30 jours ouvrés'],
    answer: 0,
  },
];
export const KNOWLEDGE_PASS_MARK = 4;

export const RISK_WARNING =
  'Avertissement sur les risques : ce projet de financement participatif n’a été ni vérifié ni approuvé par l’Autorité des marchés financiers ' +
  'ou l’Autorité européenne des marchés financiers. Le caractère approprié de votre expérience et de vos connaissances n’a pas ' +
  'nécessairement été évalué avant que vous n’ayez accès à cet investissement. En faisant cet investissement, vous assumez ' +
  'l’entièreté du risque, y compris celui de perdre tout ou partie de l’argent investi. Votre investissement n’est pas couvert ' +
  'par les systèmes de garantie des dépôts ni d’indemnisation des investisseurs. Vous pourriez ne pas être en mesure de récupérer ' +
  'votre argent quand vous le souhaitez. N’investissez pas plus que ce que vous pouvez vous permettre de perdre. ' +
  'Vous disposez d’un délai de réflexion de 4 jours calendaires après chaque souscription.';

export const knowledgeQuestions = (): KnowledgeQuestion[] => QUESTIONS.map(({ question, choices }) => ({ question, choices }));

export async function readInvestorProfile(deps: AppDeps, client: ClientPrincipal): Promise<InvestorProfileView> {
  const row = await deps.database.db
    .selectFrom('cofin_investor_profiles')
    .select(['knowledge_passed_at', 'simulated_at', 'net_worth_cents', 'loss_capacity_cents', 'risk_acknowledged_at'])
    .where('bank_id', '=', client.bankId)
    .where('client_id', '=', client.clientId)
    .executeTakeFirst();
  const netWorth = row?.net_worth_cents == null ? null : Number(row.net_worth_cents);
  const knowledgePassed = Boolean(row?.knowledge_passed_at);
  const simulated = Boolean(row?.simulated_at);
  const riskAcknowledged = Boolean(row?.risk_acknowledged_at);
  return {
    knowledgePassed,
    simulated,
    netWorthCents: netWorth,
    lossCapacityCents: row?.loss_capacity_cents == null ? null : Number(row.loss_capacity_cents),
    riskAcknowledged,
    ready: knowledgePassed && simulated && riskAcknowledged,
    largePledgeThresholdCents: largePledgeThresholdCents(netWorth),
  };
}

async function upsert(deps: AppDeps, client: ClientPrincipal, values: Record<string, unknown>) {
  await deps.database.db
    .insertInto('cofin_investor_profiles')
    .values({ bank_id: client.bankId, client_id: client.clientId, ...values })
    .onConflict((oc) => oc.columns(['bank_id', 'client_id']).doUpdateSet(values))
    .execute();
}

/** Scores the test; passing needs 4 right answers out of 5. A failed test can be taken again. */
export async function takeKnowledgeTest(deps: AppDeps, client: ClientPrincipal, answers: number[]) {
  const score = QUESTIONS.reduce((n, q, i) => n + (answers[i] === q.answer ? 1 : 0), 0);
  const passed = score >= KNOWLEDGE_PASS_MARK;
  await upsert(deps, client, { knowledge_score: score, knowledge_passed_at: passed ? new Date() : null });
  return {
    score,
    passed,
    corrections: QUESTIONS.map((q, i) => ({ right: answers[i] === q.answer, answer: q.choices[q.answer] ?? '' })),
    profile: await readInvestorProfile(deps, client),
  };
}

/**
 * Simulation of the ability to bear loss (art. 21(4)): net worth = yearly income + liquid assets
 * − yearly commitments; the loss a client can bear is 10% of it.
 */
export async function simulateLossCapacity(
  deps: AppDeps,
  client: ClientPrincipal,
  input: { annualIncomeCents: number; liquidAssetsCents: number; annualCommitmentsCents: number },
) {
  const profile = await readInvestorProfile(deps, client);
  if (!profile.knowledgePassed) throw cofinErrors.knowledgeFirst();
  const netWorth = Math.max(0, input.annualIncomeCents + input.liquidAssetsCents - input.annualCommitmentsCents);
  await upsert(deps, client, { net_worth_cents: netWorth, loss_capacity_cents: lossCapacityCents(netWorth), simulated_at: new Date() });
  return readInvestorProfile(deps, client);
}

export async function acknowledgeRiskWarning(deps: AppDeps, client: ClientPrincipal) {
  const profile = await readInvestorProfile(deps, client);
  if (!profile.knowledgePassed) throw cofinErrors.knowledgeFirst();
  await upsert(deps, client, { risk_acknowledged_at: new Date() });
  return readInvestorProfile(deps, client);
}
