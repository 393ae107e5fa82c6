import type { PiiType, ReplyCheckResponse } from '@agora/contracts/conversation.schema.ts';
import { analyze } from '@agora/nlu/analyze.ts';

const PII_LABELS: Record<PiiType, string> = {
  iban: 'un IBAN',
  card_number: 'un numéro de carte',
  email: 'une adresse e-mail',
  phone: 'un numéro de téléphone',
  fr_nir: 'un numéro de sécurité sociale',
  account_number: 'un numéro de compte',
  secret_code: 'un code ou un mot de passe',
  birth_date: 'une date de naissance',
  balance: 'un solde',
};

/** Never on a social network, not even in a private message (DOMAIN.md, rule 3). */
const NEVER_ON_SOCIAL: readonly PiiType[] = ['iban', 'card_number', 'account_number', 'secret_code', 'balance', 'fr_nir'];

/**
 * What the composer shows before a reply leaves: personal data in a public reply, and
 * confidential data in any message on a social network. Warnings only here; blocking rules
 * belong to the outbound checks of the workflow.
 */
export function checkReply(body: string, mode: 'public' | 'private'): ReplyCheckResponse {
  const { pii } = analyze(body);
  const flagged = mode === 'public' ? pii : pii.filter((span) => NEVER_ON_SOCIAL.includes(span.type));
  const types = [...new Set(flagged.map((span) => span.type))];
  const warnings = types.map((type) =>
    mode === 'public'
      ? `Cette réponse publique contient ${PII_LABELS[type]} : retirez-le ou passez en message privé.`
      : `Ce message contient ${PII_LABELS[type]} : ces données ne circulent jamais sur un réseau social, proposez l'espace sécurisé.`,
  );
  return { pii: flagged, warnings };
}
