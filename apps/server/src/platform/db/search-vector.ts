import { type RawBuilder, sql } from 'kysely';
import { unaccent } from '../text.ts';

/** The stored tsvector of a message: French stemming over unaccented text. */
export function frenchSearchVector(text: string): RawBuilder<string> {
  return sql<string>`to_tsvector('french', ${unaccent(text)})`;
}

/** The query side, built the same way; `plainto` so that user input is never query syntax. */
export function frenchSearchQuery(text: string): RawBuilder<unknown> {
  return sql`plainto_tsquery('french', ${unaccent(text)})`;
}
