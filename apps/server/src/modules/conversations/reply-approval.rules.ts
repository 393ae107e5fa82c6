import type { BankSettings } from './bank-settings.repository.ts';

/** Words that make a public answer sensitive: the press, lawyers, courts, regulators. */
const PRESS_OR_LEGAL =
  /\b(journalistes?|presse|m[ée]dias?|reportage|avocats?|tribunal|plainte|proc[èe]s|mise en demeure|m[ée]diateur|acpr|amf|ufc|60 millions|lawyer|journalist|press|lawsuit|sue|court|regulator)\b/iu;

export interface LatestInbound {
  body: string;
  intent: string | null;
  sentimentScore: number | null;
  rumour: boolean;
}

/**
 * Rule 8: sensitive public answers need a second person's approval. Returns why, or null.
 * Private replies are covered by the outbound checks instead.
 */
export function approvalReason(mode: 'public' | 'private', settings: BankSettings, latest: LatestInbound | null): string | null {
  if (mode !== 'public') return null;
  if (settings.crisisMode) return 'Mode crise : chaque réponse publique est validée par une seconde personne.';
  if (!latest) return null;
  if (latest.rumour) return 'Rumeur ou polémique : réponse publique à valider.';
  if (PRESS_OR_LEGAL.test(latest.body)) return 'Sujet presse ou juridique : réponse publique à valider.';
  if (
    latest.intent?.startsWith('complaint_') &&
    latest.sentimentScore !== null &&
    latest.sentimentScore <= settings.complaintApprovalThreshold
  ) {
    return 'Réclamation vive : réponse publique à valider.';
  }
  return null;
}

/** The sender is identified: every public answer ends with the agent's signature. */
export function signed(body: string, template: string, firstName: string): string {
  const signature = template.replaceAll('{prenom}', firstName).trim();
  return signature && !body.trimEnd().endsWith(signature) ? `${body.trimEnd()}\n${signature}` : body;
}
