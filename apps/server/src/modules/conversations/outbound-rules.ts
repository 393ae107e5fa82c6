import type { PiiType } from '@agora/contracts/conversation.schema.ts';
import { analyze } from '@agora/nlu/analyze.ts';

/**
 * The checks every reply passes before it leaves (DOMAIN.md rule 3): nothing personal in public,
 * nothing confidential on a social network, and in private at most last name, first name and
 * birth date may be asked. Pure functions: the service applies them, the composer shows them.
 */
export type OutboundVerdict =
  | { ok: true }
  | { ok: false; code: 'public_personal_data' | 'confidential_data' | 'forbidden_request'; reason: string };

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

/** Blocked in a public answer: the nlu detectors' personal data (birth dates too). */
const PUBLIC_BLOCKED: readonly PiiType[] = [
  'iban',
  'card_number',
  'email',
  'phone',
  'fr_nir',
  'account_number',
  'secret_code',
  'balance',
  'birth_date',
];
/** Never on a social network, not even privately: it goes to the secure space. */
const CONFIDENTIAL: readonly PiiType[] = ['iban', 'card_number', 'account_number', 'secret_code', 'balance', 'fr_nir'];

const ASK = String.raw`(?:donne[rz]?|envoye[rz]?|envoie|communique[rz]?|indique[rz]?|transmet(?:s|tez|tre)?|pr[ée]cise[rz]?|confirme[rz]?|renseigne[rz]?|rappelle[rz]?|fourni(?:r|ssez)|(?:pouvez|pourriez)[- ]vous\s+(?:nous|me)\s+(?:donner|envoyer|communiquer|indiquer|transmettre|pr[ée]ciser|confirmer)|(?:send|give|provide|share|confirm|tell)\s+(?:us|me)?)`;
const POSSESSIVE = String.raw`(?:[\s-]+(?:nous|moi|me))?\s+(?:votre|vos|ton|tes|your)\s+`;
/** What a bank never asks for on a social network, even privately. */
const FORBIDDEN_OBJECTS: [RegExp, string][] = [
  [/(?:num[ée]ro\s+de\s+)?carte(?:\s+bancaire|\s+bleue)?|card(?:\s+number)?|cb\b/, 'le numéro de carte'],
  [/iban|rib|relev[ée]\s+d'identit[ée]\s+bancaire|bank\s+details/, "l'IBAN ou le RIB"],
  [/(?:num[ée]ro\s+de\s+)?compte|account(?:\s+number)?/, 'le numéro de compte'],
  [/code(?:\s+(?:secret|confidentiel|pin|de\s+s[ée]curit[ée]|re[çc]u|sms))?|pin|cryptogramme|cvv|cvc|otp|security\s+code/, 'un code'],
  [/mot\s+de\s+passe|identifiants?|password|login|credentials/, 'le mot de passe ou les identifiants'],
  [/solde|balance/, 'le solde'],
  [/adresse(?:\s+(?:postale|e-?mail|mail))?|e-?mail|address/, "l'adresse"],
  [/(?:num[ée]ro\s+de\s+)?t[ée]l[ée]phone|portable|phone(?:\s+number)?|mobile/, 'le numéro de téléphone'],
  [/(?:num[ée]ro\s+de\s+)?s[ée]curit[ée]\s+sociale|nir|social\s+security/, 'le numéro de sécurité sociale'],
];

export function piiLabel(type: PiiType): string {
  return PII_LABELS[type];
}

export function checkOutbound(body: string, mode: 'public' | 'private'): OutboundVerdict {
  const { pii } = analyze(body);
  if (mode === 'public') {
    const found = pii.find((span) => PUBLIC_BLOCKED.includes(span.type));
    if (found) {
      return {
        ok: false,
        code: 'public_personal_data',
        reason: `Réponse publique bloquée : elle contient ${PII_LABELS[found.type]} (« ${body.slice(found.start, found.end)} »). Retirez-le ou répondez en message privé.`,
      };
    }
    return { ok: true };
  }
  const confidential = pii.find((span) => CONFIDENTIAL.includes(span.type));
  if (confidential) {
    return {
      ok: false,
      code: 'confidential_data',
      reason: `Message bloqué : ${PII_LABELS[confidential.type]} ne circule jamais sur un réseau social. Proposez l'espace sécurisé.`,
    };
  }
  const request = forbiddenRequest(body);
  if (request) {
    return {
      ok: false,
      code: 'forbidden_request',
      reason: `Message bloqué : en message privé, la banque ne demande que le nom, le prénom et la date de naissance — pas ${request}. Invitez la personne dans l'espace sécurisé.`,
    };
  }
  return { ok: true };
}

function forbiddenRequest(body: string): string | null {
  const text = body.toLowerCase();
  for (const [object, label] of FORBIDDEN_OBJECTS) {
    const pattern = new RegExp(`${ASK}${POSSESSIVE}(?:${object.source})`, 'iu');
    if (pattern.test(text)) return label;
    // "Quel est votre code ?" / "What is your card number?"
    const question = new RegExp(
      String.raw`(?:quel(?:le)?s?\s+(?:est|sont)|what(?:'s|\s+is|\s+are))\s+(?:votre|vos|your)\s+(?:${object.source})`,
      'iu',
    );
    if (question.test(text)) return label;
  }
  return null;
}
