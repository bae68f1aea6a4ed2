// The default backend: every store over one better-sqlite3 connection to `path` (a file in the data
// directory, or ':memory:'). WAL lets readers in other connections (the admin CLI) run beside the
// server's writer; synchronous=NORMAL is durable across a process crash in WAL mode and loses at most
// the last transactions on a power cut, which fits state that agents re-create by logging in again.
import Database from 'better-sqlite3';
import type { Stores } from '../stores.js';
import { migrate } from './migrate.js';
import { MIGRATIONS, type Migration } from './migrations.js';
import { createSqliteUserStore } from './users.js';
import { createSqliteTeamStore } from './teams.js';
import { createSqliteCorsStore } from './cors.js';
import { createSqliteQueueStore } from './queues.js';
import { createSqliteReasonCodeStore } from './reason-codes.js';
import { createSqliteWrapUpReasonStore } from './wrap-up-reasons.js';
import { createSqliteSubscriptionStore } from './subscriptions.js';
import { createSqlitePubsubNodeStore } from './pubsub-nodes.js';
import { createSqliteOfflineStore } from './offline.js';

export interface SqliteStoreOptions {
  /** How long a statement waits for another connection's lock before failing with SQLITE_BUSY. */
  busyTimeoutMs?: number;
  /** The schema; tests pass their own list to exercise upgrades. */
  migrations?: readonly Migration[];
}

export interface SqliteStores extends Stores {
  readonly path: string;
  /** The schema version after opening (the number of the last migration applied). */
  readonly schemaVersion: number;
  /** Migrations this open applied, as "version name" (empty when the database was current). */
  readonly migrationsApplied: readonly string[];
}

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating if needed) and migrates the database at `path`.
 * Throws SchemaTooNewError when a newer Parley has migrated the database past what this code knows.
 */
export function openSqliteStores(path: string, opts: SqliteStoreOptions = {}): SqliteStores {
  const busyTimeoutMs = opts.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const db = new Database(path, { timeout: busyTimeoutMs });
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const outcome = migrate(db, opts.migrations ?? MIGRATIONS, path);
    return {
      path,
      schemaVersion: outcome.to,
      migrationsApplied: outcome.applied,
      users: createSqliteUserStore(db),
      teams: createSqliteTeamStore(db),
      queues: createSqliteQueueStore(db),
      reasonCodes: createSqliteReasonCodeStore(db),
      wrapUpReasons: createSqliteWrapUpReasonStore(db),
      subscriptions: createSqliteSubscriptionStore(db),
      pubsubNodes: createSqlitePubsubNodeStore(db),
      offline: createSqliteOfflineStore(db),
      cors: createSqliteCorsStore(db),
      close() {
        if (!db.open) return;
        db.pragma('optimize');
        db.close();
      },
    };
  } catch (e) {
    db.close();
    throw e;
  }
}
