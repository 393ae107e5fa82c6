import type { Config } from '../config.ts';
import type { ConnectorRegistry } from '../connectors/connector.types.ts';
import type { CoreBankingAdapter } from '../connectors/core-banking/core-banking.types.ts';
import type { Bus } from './bus/bus.ts';
import type { Database } from './db/database.ts';
import type { Logger } from './logger.ts';

/** What every module receives. Built once in main.ts (or a test) and injected. */
export interface AppDeps {
  config: Config;
  database: Database;
  bus: Bus;
  logger: Logger;
  connectors: ConnectorRegistry;
  /** The bank's core-banking system (accounts, holds): the demo adapter unless a bank plugs its own. */
  coreBanking: CoreBankingAdapter;
  /** The demo bank, or the bank this deployment serves. */
  bankId: string;
  /**
   * Wakes the ingest worker at once after a webhook commit (no polling delay). Given the ids of
   * the deliveries just stored, it claims those by id instead of walking the queue.
   */
  wakeIngest: (deliveryIds?: string[]) => void;
  /** Wakes the outbound delivery worker after a reply is queued. */
  wakeDelivery: () => void;
  /** Wakes the outbox dispatcher after a commit that wrote outbox rows. */
  wakeOutbox: () => void;
  /** True while the ingest worker has a backlog: side work gives way (work-loop.ts, sideWork). */
  hotPathBehind: () => boolean;
  /** Closes live WebSockets of a user whose sessions were just ended (deactivation, logout). */
  onSessionsEnded: (userId: string) => void;
}
