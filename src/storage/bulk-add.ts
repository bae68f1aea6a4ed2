// `parley admin user bulk-add` ([contract] "Many users, for load tests"): agents first … first+count-1,
// extension = login id, skilled in every queue, optionally in one team. Their pubsub nodes need no
// rows: Finesse nodes are derived from the users.
//
// Credentials trade-off: by default the password is derived ONCE and every bulk user gets the same
// SCRAM record (same salt, same keys). 10,000 separate derivations would take 10,000 × 2 PBKDF2 runs
// (about a minute at 4096 iterations); sharing takes milliseconds. The cost: anyone who reads the
// database, or sees the SCRAM salt during login, can tell that these users share one password. That
// is no secret for load-test accounts created with a password on a command line; `perUserCredentials`
// derives one record per user when it matters.
import { deriveCredentials, type Credentials } from '../auth/credentials.js';
import { err, ok, type Result } from '../shared/result.js';
import type { Stores, UserRecord } from './stores.js';

export interface BulkAddOptions {
  first: number;
  count: number;
  password: string;
  teamId?: string;
  /** PBKDF2 iterations of the stored SCRAM keys (default that of deriveCredentials, 4096). */
  iterations?: number;
  /** Derive credentials for each user (own salt) instead of once for all; slow for thousands. */
  perUserCredentials?: boolean;
  /** Replace users that already exist in the range instead of refusing. */
  replaceExisting?: boolean;
  /** Users written per transaction (default 1000); progress is reported after each. */
  chunkSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export type BulkAddError = 'ERR_BULK_INVALID_RANGE' | 'ERR_BULK_INVALID_PASSWORD' | 'ERR_BULK_UNKNOWN_TEAM' | 'ERR_BULK_USERS_EXIST';

export interface BulkAddOutcome {
  created: number;
  first: string;
  last: string;
}

export const BULK_ADD_MAX_COUNT = 1_000_000;

/**
 * Creates the agents, `chunkSize` per transaction. Each chunk is all-or-nothing; a failure after
 * some chunks leaves those users in place (run again with `replaceExisting`).
 */
export function bulkAddAgents(stores: Stores, opts: BulkAddOptions): Result<BulkAddOutcome, BulkAddError> {
  const { first, count } = opts;
  const last = first + count - 1;
  if (!Number.isSafeInteger(first) || first < 1 || !Number.isSafeInteger(count) || count < 1 || count > BULK_ADD_MAX_COUNT || !Number.isSafeInteger(last)) {
    return err('ERR_BULK_INVALID_RANGE', `--first must be a positive integer and --count between 1 and ${BULK_ADD_MAX_COUNT}`);
  }
  if (opts.password === '') return err('ERR_BULK_INVALID_PASSWORD', 'the password must not be empty');
  const teamId = opts.teamId ?? null;
  if (teamId !== null && stores.teams.get(teamId) === undefined) return err('ERR_BULK_UNKNOWN_TEAM', `team ${teamId} does not exist`);

  const ids = Array.from({ length: count }, (_, i) => String(first + i));
  if (!opts.replaceExisting) {
    const existing = ids.filter((id) => stores.users.get(id) !== undefined);
    if (existing.length > 0) {
      return err('ERR_BULK_USERS_EXIST', `${existing.length} of the users already exist (the first is ${existing[0]}); nothing was added`);
    }
  }

  const queueIds = stores.queues.list().map((q) => q.id);
  const shared = opts.perUserCredentials ? undefined : deriveCredentials(opts.password, opts.iterations);
  const chunkSize = Math.max(1, Math.floor(opts.chunkSize ?? 1000));
  for (let start = 0; start < count; start += chunkSize) {
    const users = ids.slice(start, start + chunkSize).map((id) => bulkAgent(id, teamId, queueIds));
    const creds: Credentials | Credentials[] = shared ?? users.map(() => deriveCredentials(opts.password, opts.iterations));
    stores.users.putMany(users, creds);
    opts.onProgress?.(start + users.length, count);
  }
  return ok({ created: count, first: String(first), last: String(last) });
}

function bulkAgent(id: string, teamId: string | null, queueIds: string[]): UserRecord {
  return {
    id, loginName: id, firstName: 'Agent', lastName: id, extension: id, roles: ['agent'],
    teamId, supervisedTeamIds: [], queueIds: [...queueIds],
  };
}
