import { foldedWords, PhraseMatcher } from './phrase-matcher.ts';
import { foldForMatching } from './text-features.ts';

// Urgency: what must jump the queue. Money leaving the account or a client unable to pay beats
// everything; the intent gives the baseline, keywords escalate it.
export type Urgency = 'low' | 'normal' | 'high' | 'critical';

const HIGH_INTENTS = new Set([
  'lost_or_stolen_card',
  'compromised_card',
  'card_swallowed',
  'lost_or_stolen_phone',
  'card_payment_not_recognised',
  'cash_withdrawal_not_recognised',
  'direct_debit_payment_not_recognised',
  'fraud_phishing',
  'complaint_app_outage',
  'declined_card_payment',
  'card_not_working',
  'pin_blocked',
  'declined_cash_withdrawal',
  'transaction_charged_twice',
]);
const LOW_INTENTS = new Set([
  'praise',
  'other',
  'job_application',
  'sponsorship_event',
  'question_savings',
  'question_insurance',
  'branch_question',
  'visa_or_mastercard',
  'age_limit',
  'country_support',
]);

// Fraud in progress, account taken over, money gone, client stranded: someone must act now.
const CRITICAL_TERMS = [
  'compte pirate',
  'on a pirate mon compte',
  'pirate mon compte',
  'piratage de mon compte',
  'on m a vide',
  'vide mon compte',
  'vide mon compte',
  'compte vide',
  'debits frauduleux',
  'paiements frauduleux',
  'fraude en cours',
  'usurpation',
  'on m a tout pris',
  'plus un centime',
  'plus rien sur mon compte',
  'bloque a l etranger',
  'coince a l etranger',
  'account hacked',
  'hacked my account',
  'account was hacked',
  'emptied my account',
  'fraudulent payments',
  'fraudulent transactions',
  'identity theft',
  'stranded abroad',
  'all my money is gone',
  'someone is using my card',
  'quelqu un utilise ma carte',
];
const HIGH_TERMS = [
  'urgent',
  'urgently',
  'urgente',
  'immediately',
  'right now',
  'urgence',
  'au secours',
  'vite',
  'asap',
  'immediatement',
  'tout de suite',
  'vole',
  'volee',
  'perdu ma carte',
  'pirate',
  'piratee',
  'fraude',
  'arnaque',
  'escroquerie',
  'phishing',
  'impossible de payer',
  'peux pas payer',
  'peux plus payer',
  'panne',
  'en panne',
  'bloque',
  'bloquee',
  'opposition',
  'stolen',
  'hacked',
  'fraud',
  'scam',
  'cannot pay',
  'can t pay',
  'outage',
  'is down',
  'emergency',
  'blocked',
  'help me',
  'loyer',
  'rent',
];
const critical = new PhraseMatcher(CRITICAL_TERMS);
const high = new PhraseMatcher(HIGH_TERMS);
const ALARM_WORDS = new Set(['urgent', 'urgently', 'urgente', 'urgence', 'emergency', 'asap', 'secours', 'immediately', 'immediatement']);

/** folded: foldForMatching(text), passed in when the caller already computed it. */
export function detectUrgency(text: string, intent: string, folded?: string): Urgency {
  const canonical = folded ?? foldForMatching(text);
  const words = foldedWords(canonical);
  if (critical.first(words)) return 'critical';
  const urgentWords = high.findAll(words).length;
  if (HIGH_INTENTS.has(intent)) {
    // A stolen card or fraud plus an explicit alarm word ("urgent"): money may be leaving now.
    return words.some((w) => ALARM_WORDS.has(w)) ? 'critical' : 'high';
  }
  if (urgentWords > 0) return 'high';
  if (LOW_INTENTS.has(intent)) return 'low';
  return 'normal';
}
