import type { ProductSkill } from '@agora/contracts/routing.schema.ts';

// Which product skill a message's intent needs (packages/nlu intent taxonomy). Intents not listed
// (praise, branch questions, "other"…) need no product skill: anyone in the team may answer.
const PREFIXES: [RegExp, ProductSkill][] = [
  [/^(question_loan|question_mortgage)$/, 'credit'],
  [/^question_savings$/, 'epargne'],
  [/^question_insurance$/, 'assurance'],
  [
    /^(complaint_app_outage|passcode_forgotten|lost_or_stolen_phone|exchange_via_app|apple_pay_or_google_pay|edit_personal_details|why_verify_identity|unable_to_verify_identity|verify_my_identity)$/,
    'appli',
  ],
  [
    /card|^(atm_support|pin_blocked|change_pin|contactless_not_working|visa_or_mastercard|declined_cash_withdrawal|pending_cash_withdrawal|cash_withdrawal_charge|cash_withdrawal_not_recognised|wrong_amount_of_cash_received|wrong_exchange_rate_for_cash_withdrawal)$/,
    'cartes',
  ],
  [
    /transfer|top_up|balance_not_updated|direct_debit|terminate_account|receiving_money|beneficiary_not_allowed|charged_twice|refund|Refund|extra_charge|complaint_fees|exchange_rate|exchange_charge|fiat_currency|country_support|verify_source_of_funds/,
    'comptes',
  ],
];

export function productOfIntent(intent: string | null): ProductSkill | null {
  if (!intent) return null;
  for (const [pattern, product] of PREFIXES) if (pattern.test(intent)) return product;
  return null;
}
