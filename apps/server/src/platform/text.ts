/** Strips diacritics so that "depot" finds "dépôt": both sides of a search are unaccented. */
export function unaccent(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '');
}

/** A one-line excerpt for lists and notifications. */
export function excerptOf(text: string, max = 140): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/** Text safe inside HTML element content and quoted attribute values (server-rendered pages). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
