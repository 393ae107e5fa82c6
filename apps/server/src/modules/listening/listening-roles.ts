import type { Role } from '@agora/contracts/common.schema.ts';

/** Who sees listening: the people who answer in public and those who oversee them. */
export const LISTENING_READERS: readonly Role[] = ['agent', 'community_manager', 'supervisor', 'compliance', 'admin'];
/** Who writes the queries and chooses the feeds. */
export const LISTENING_EDITORS: readonly Role[] = ['community_manager', 'supervisor', 'admin'];
/** Who acknowledges alerts (and may switch crisis mode on from one: supervisors and admins). */
export const ALERT_HANDLERS: readonly Role[] = ['community_manager', 'supervisor', 'compliance', 'admin'];
/** Outgoing webhooks carry the bank's signals out of Agora: admins only. */
export const WEBHOOK_ADMINS: readonly Role[] = ['admin'];
