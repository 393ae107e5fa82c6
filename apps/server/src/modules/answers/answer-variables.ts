/**
 * Fills an answer's variables. A first name the bank does not know is left out with its
 * surrounding space ("Bonjour {prenom}," → "Bonjour,"), never printed as a placeholder.
 */
export interface AnswerContext {
  firstName: string | null;
  agentFirstName: string;
  secureSpaceUrl: string;
}

export function renderAnswer(body: string, ctx: AnswerContext): string {
  let text = body;
  text = ctx.firstName ? text.replaceAll('{prenom}', ctx.firstName) : text.replace(/[ \t]*\{prenom\}/g, '').replace(/^[ \t]+/gm, '');
  return text.replaceAll('{conseiller}', ctx.agentFirstName).replaceAll('{lien_espace_securise}', ctx.secureSpaceUrl);
}

/**
 * The first name of the person behind a contact: the client's when the contact is linked, else
 * the first word of a display name that looks like "Prénom Nom" (handles and brands are not names).
 */
export function firstNameOf(clientFirstName: string | null, displayName: string | null): string | null {
  if (clientFirstName?.trim()) return clientFirstName.trim();
  const words = (displayName ?? '').trim().split(/\s+/);
  if (words.length < 2 || words.length > 3) return null;
  const looksLikeName = words.every((w) => /^\p{Lu}[\p{Ll}'-]+$/u.test(w));
  return looksLikeName ? words[0]! : null;
}
