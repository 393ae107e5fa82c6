/**
 * The colleagues a note mentions: "@prénom" (accents and case ignored) or "@email". An "@" inside
 * a word (an e-mail address written without a leading "@") mentions nobody.
 */
const MENTION = /(?<![\p{L}\p{N}_.@-])@(?:([\w.+-]+@[\w-]+(?:\.[\w-]+)+)|(\p{L}[\p{L}'-]*))/gu;

export interface Mentions {
  emails: string[];
  firstNames: string[];
}

export const foldName = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export function parseMentions(body: string): Mentions {
  const emails = new Set<string>();
  const firstNames = new Set<string>();
  for (const m of body.matchAll(MENTION)) {
    if (m[1]) emails.add(m[1].toLowerCase());
    else if (m[2]) firstNames.add(foldName(m[2].replace(/['-]+$/, '')));
  }
  return { emails: [...emails], firstNames: [...firstNames] };
}
