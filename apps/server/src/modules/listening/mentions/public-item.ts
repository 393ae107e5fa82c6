import type { MentionSource } from '../listening.tables.ts';

/** A public item about to be matched, whatever its origin (inbox message, X stream, feed). */
export interface PublicItem {
  /** The platform's own id of the item: one mention whichever way it came. */
  itemKey: string;
  source: MentionSource;
  channel: string;
  conversationId: string | null;
  raw: string | null;
  url: string | null;
  author: { key: string; name: string; handle: string | null; url: string | null; reach: number };
  engagement: number;
  title: string | null;
  body: string;
  language: string | null;
  intent: string | null;
  sentiment: string | null;
  sentimentScore: number | null;
  urgency: string | null;
  rumour: boolean;
  rating: number | null;
  publishedAt: Date;
  /** The bank can answer it in public (a platform with a reply API); a news article cannot be. */
  answerable: boolean;
  /**
   * Written to the bank on its own pages and accounts (a comment on its Page, an @mention, a review
   * of its app): about the bank even without its name, so it counts for the brand queries.
   */
  addressedToBank?: boolean;
}
