import type { Mention } from '@agora/contracts/listening.schema.ts';

export const CSV_COLUMNS = [
  'date',
  'canal',
  'source',
  'auteur',
  'compte',
  'portee',
  'engagement',
  'titre',
  'texte',
  'langue',
  'intention',
  'sentiment',
  'urgence',
  'rumeur',
  'note',
  'lien',
  'requetes',
  'repondu_le',
] as const;

/**
 * One CSV cell: quoted when needed (RFC 4180), and a leading = + - @ (or tab, CR) neutralised with
 * an apostrophe, so a spreadsheet never runs a formula written by a stranger on a social network.
 */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[";\n\r,]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Separator ";" and a byte-order mark: what French spreadsheets open without an import step. */
export const CSV_SEPARATOR = ';';
export const CSV_BOM = '\uFEFF';

export function csvHeader(): string {
  return `${CSV_BOM}${CSV_COLUMNS.join(CSV_SEPARATOR)}\r\n`;
}

export function csvRow(m: Mention, queryNames: Map<string, string>): string {
  return `${[
    m.publishedAt,
    m.channel,
    m.source,
    m.author.name,
    m.author.handle,
    m.author.reach,
    m.engagement,
    m.title,
    m.body,
    m.language,
    m.intent,
    m.sentiment,
    m.urgency,
    m.rumour ? 'oui' : 'non',
    m.rating,
    m.url,
    m.queryIds.map((id) => queryNames.get(id) ?? id).join(' | '),
    m.answeredAt,
  ]
    .map(csvCell)
    .join(CSV_SEPARATOR)}\r\n`;
}
