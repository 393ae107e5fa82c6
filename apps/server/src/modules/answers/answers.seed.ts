import { randomUUID } from 'node:crypto';
import type { Channel } from '@agora/contracts/common.schema.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/db.types.ts';
import { withAnswers } from './answers.tables.ts';

interface SeedAnswer {
  key: string;
  title: string;
  body: string;
  language: 'fr' | 'en';
  intents: string[];
  tags: string[];
  channels?: Channel[];
  pinned?: boolean;
}

const PRIVATE: Channel[] = ['messenger', 'instagram_dm', 'x_dm', 'live_chat'];

/** The demo bank's library: approved and published, each tied to intents of packages/nlu. */
export const DEMO_ANSWERS: SeedAnswer[] = [
  {
    key: 'secure-space-invite',
    title: 'Invitation vers l’espace sécurisé',
    body: 'Bonjour {prenom}, pour vous répondre sans exposer vos données, rejoignez votre espace sécurisé : {lien_espace_securise}',
    language: 'fr',
    intents: [
      'edit_personal_details',
      'verify_my_identity',
      'transaction_charged_twice',
      'card_payment_not_recognised',
      'direct_debit_payment_not_recognised',
    ],
    tags: ['donnees-personnelles', 'espace-securise'],
  },
  {
    key: 'lost-card',
    title: 'Carte perdue ou volée : faire opposition',
    body: "Bonjour {prenom}, faites opposition tout de suite depuis l'appli (Cartes › Faire opposition) ou au 09 69 39 00 00, 24 h/24 et 7 j/7. Une nouvelle carte vous est envoyée sous 5 jours ouvrés. Ne communiquez jamais votre code. {conseiller}",
    language: 'fr',
    intents: ['lost_or_stolen_card', 'compromised_card', 'card_swallowed'],
    tags: ['carte', 'opposition'],
  },
  {
    key: 'pending-transfer',
    title: 'Virement en attente',
    body: "Bonjour {prenom}, un virement SEPA est crédité en 1 jour ouvré (instantané : quelques secondes). Passé ce délai, écrivez-nous depuis votre espace sécurisé afin que nous vérifiions l'opération : {lien_espace_securise}",
    language: 'fr',
    intents: ['pending_transfer', 'transfer_timing', 'transfer_not_received_by_recipient', 'balance_not_updated_after_bank_transfer'],
    tags: ['virement'],
  },
  {
    key: 'fees',
    title: 'Frais bancaires : où les consulter',
    body: "Bonjour {prenom}, nos tarifs sont détaillés dans la brochure « Conditions et tarifs », disponible dans l'appli et en agence. Pour un frais que vous ne comprenez pas, un conseiller l'examine avec vous dans votre espace sécurisé : {lien_espace_securise}",
    language: 'fr',
    intents: ['complaint_fees', 'extra_charge_on_statement', 'card_payment_fee_charged', 'transfer_fee_charged', 'cash_withdrawal_charge'],
    tags: ['frais'],
  },
  {
    key: 'app-outage',
    title: 'Panne de l’appli (message d’attente)',
    body: 'Bonjour {prenom}, notre application rencontre actuellement un incident. Nos équipes y travaillent et nous vous tiendrons informé·e ici. Vos comptes et vos cartes fonctionnent normalement. Merci de votre patience.',
    language: 'fr',
    intents: ['complaint_app_outage'],
    tags: ['appli', 'incident'],
  },
  {
    key: 'branch-hours',
    title: 'Horaires d’agence',
    body: "Bonjour {prenom}, nos agences sont ouvertes du mardi au samedi, de 9 h à 12 h 30 et de 14 h à 18 h. Les horaires de votre agence sont dans l'appli (Mon agence) et sur notre site.",
    language: 'fr',
    intents: ['branch_question', 'atm_support'],
    tags: ['agence'],
  },
  {
    key: 'mortgage',
    title: 'Prêt immobilier : premier rendez-vous',
    body: 'Bonjour {prenom}, merci pour votre projet ! Un conseiller spécialisé vous propose une simulation personnalisée et gratuite. Prenez rendez-vous depuis votre espace sécurisé : {lien_espace_securise}',
    language: 'fr',
    intents: ['question_mortgage', 'question_loan'],
    tags: ['credit', 'immobilier'],
  },
  {
    key: 'livret-a',
    title: 'Livret A',
    body: "Bonjour {prenom}, le Livret A est ouvert à tous, sans frais, avec un plafond de 22 950 €. Les intérêts sont exonérés d'impôt. Vous pouvez l'ouvrir en quelques minutes dans l'appli (Épargne › Ouvrir un livret).",
    language: 'fr',
    intents: ['question_savings'],
    tags: ['epargne'],
  },
  {
    key: 'phishing',
    title: 'Alerte hameçonnage',
    body: "Bonjour {prenom}, attention : la Banque Exemple ne vous demandera jamais vos codes, votre mot de passe ni une validation d'opération par SMS, e-mail ou téléphone. Ne cliquez pas sur le lien et signalez le message à signal-spam.fr. En cas de doute, appelez le 09 69 39 00 00.",
    language: 'fr',
    intents: ['fraud_phishing', 'compromised_card'],
    tags: ['fraude', 'securite'],
  },
  {
    key: 'card-declined',
    title: 'Paiement par carte refusé',
    body: "Bonjour {prenom}, un paiement peut être refusé si le plafond est atteint ou si la carte est verrouillée. Vérifiez vos plafonds dans l'appli (Cartes › Plafonds) ; vous pouvez les augmenter temporairement. Si le refus persiste, écrivez-nous dans votre espace sécurisé : {lien_espace_securise}",
    language: 'fr',
    intents: ['declined_card_payment', 'card_not_working', 'contactless_not_working', 'declined_cash_withdrawal'],
    tags: ['carte'],
  },
  {
    key: 'pin-blocked',
    title: 'Code de carte bloqué',
    body: "Bonjour {prenom}, après trois codes erronés, la carte se bloque par sécurité. Elle se débloque au prochain retrait dans un distributeur de la banque avec le bon code, ou en demandant un rappel du code dans l'appli (Cartes › Code).",
    language: 'fr',
    intents: ['pin_blocked', 'change_pin'],
    tags: ['carte'],
  },
  {
    key: 'thanks',
    title: 'Merci pour votre message',
    body: 'Merci beaucoup {prenom} pour votre message, nous transmettons à toute l’équipe ! {conseiller}',
    language: 'fr',
    intents: ['praise'],
    tags: ['remerciement'],
  },
  {
    key: 'complaint-dm',
    title: 'Réclamation : poursuivre en privé',
    body: "Bonjour {prenom}, nous sommes désolés de cette situation. Pour l'examiner avec vous, écrivez-nous en message privé : un conseiller vous répond dans la journée. {conseiller}",
    language: 'fr',
    intents: ['complaint_service'],
    tags: ['reclamation'],
    channels: ['facebook', 'instagram', 'x', 'trustpilot', 'google_play', 'app_store'],
  },
  {
    key: 'en-secure-space',
    title: 'Invitation to the secure space',
    body: 'Hello {prenom}, to answer without exposing your data, please join your secure space: {lien_espace_securise}',
    language: 'en',
    intents: ['edit_personal_details', 'verify_my_identity', 'transaction_charged_twice'],
    tags: ['espace-securise'],
  },
  {
    key: 'en-lost-card',
    title: 'Lost or stolen card',
    body: 'Hello {prenom}, please block your card right away in the app (Cards › Block) or on +33 9 69 39 00 00, 24/7. A new card reaches you within 5 working days. Never share your PIN. {conseiller}',
    language: 'en',
    intents: ['lost_or_stolen_card', 'compromised_card'],
    tags: ['carte', 'opposition'],
  },
  {
    key: 'en-phishing',
    title: 'Phishing warning',
    body: 'Hello {prenom}, Banque Exemple will never ask for your codes or password by text, e-mail or phone. Do not click the link; if in doubt, call +33 9 69 39 00 00.',
    language: 'en',
    intents: ['fraud_phishing'],
    tags: ['fraude'],
    channels: PRIVATE.concat(['facebook', 'instagram', 'x']),
  },
];

/** Idempotent: each seeded answer is keyed, so every start adds only what is missing. */
export async function seedDemoAnswers(database: Kysely<DB>, bankId: string): Promise<number> {
  const db = withAnswers(database);
  const existing = new Set(
    (await db.selectFrom('answers').select(['seed_key']).where('bank_id', '=', bankId).where('seed_key', 'is not', null).execute()).map(
      (r) => r.seed_key,
    ),
  );
  let added = 0;
  for (const a of DEMO_ANSWERS) {
    if (existing.has(a.key)) continue;
    const id = randomUUID();
    const now = new Date();
    await db.transaction().execute(async (tx) => {
      const inserted = await tx
        .insertInto('answers')
        .values({ id, bank_id: bankId, owner_id: null, seed_key: a.key, published_version: 1 })
        .onConflict((oc) => oc.columns(['bank_id', 'seed_key']).doNothing())
        .returning(['id'])
        .executeTakeFirst();
      if (!inserted) return;
      await tx
        .insertInto('answer_versions')
        .values({
          answer_id: id,
          version: 1,
          title: a.title,
          body: a.body,
          language: a.language,
          channels: JSON.stringify(a.channels ?? []),
          intents: JSON.stringify(a.intents),
          tags: JSON.stringify(a.tags),
          pinned: a.pinned ?? false,
          state: 'published',
          submitted_at: now,
          approved_at: now,
          published_at: now,
          review_comment: 'Réponse de démonstration, validée par la conformité de la Banque Exemple.',
        })
        .execute();
      added++;
    });
  }
  return added;
}
