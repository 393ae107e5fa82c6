import type { TimelineItem } from '@agora/contracts/client-360.schema.ts';
import type { Role } from '@agora/contracts/common.schema.ts';
import type { AppDeps } from '../../platform/app-deps.ts';

/**
 * Who reads the timeline. `full`: the client's own advisor and the bank-wide roles see the whole
 * relationship. `team`: an agent or community manager who reached the client through one of their
 * teams' conversations sees only what belongs to those teams (`teamIds`); a source whose items
 * belong to no team returns nothing to them.
 */
export interface TimelineViewer {
  userId: string;
  role: Role;
  teamIds: string[];
  access: 'full' | 'team';
}

/** Keyset position: items strictly older than (at, id), compared as (time desc, item id desc). */
export interface TimelineCursor {
  at: Date;
  id: string;
}

export interface TimelineQuery {
  before: TimelineCursor | null;
  /** Return at most this many items, newest first. */
  limit: number;
  viewer: TimelineViewer;
}

/**
 * One kind of thing in a client's history. Contract: items of `clientId` in `bankId` only, that
 * `query.viewer` may see, strictly before `query.before` in (at desc, id desc) order, newest first,
 * at most `query.limit`. Item ids are "<kind>:<row id>" so they never collide across sources.
 */
export type TimelineSource = (deps: AppDeps, bankId: string, clientId: string, query: TimelineQuery) => Promise<TimelineItem[]>;

/** Compares like the timeline's order: newest first, then the greater id first. */
export function compareTimelineItems(a: { at: string; id: string }, b: { at: string; id: string }): number {
  const byTime = new Date(b.at).getTime() - new Date(a.at).getTime();
  if (byTime !== 0) return byTime;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
