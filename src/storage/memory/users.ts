// Users in memory, with the same reference checks the SQLite foreign keys make.
import type { Credentials } from '../../auth/credentials.js';
import { StorageError } from '../errors.js';
import { credentialsFor, normalizeUser } from '../normalize.js';
import type { Role, UserRecord, UserStore } from '../stores.js';
import { copyOf, sortedValues, type MemoryState } from './state.js';

const ROLES: ReadonlySet<string> = new Set<Role>(['agent', 'supervisor', 'admin']);

export function createMemoryUserStore(state: MemoryState): UserStore {
  /** Throws as the database would; called for every user before anything is written. */
  function check(u: UserRecord): void {
    const bad = u.roles.find((r) => !ROLES.has(r));
    if (bad !== undefined) throw new StorageError('ERR_STORAGE_INVALID', `user ${u.id}: unknown role ${bad}`);
    const teams = [...(u.teamId === null ? [] : [u.teamId]), ...u.supervisedTeamIds];
    const missingTeam = teams.find((t) => !state.teams.has(t));
    const missingQueue = u.queueIds.find((q) => !state.queues.has(q));
    if (missingTeam !== undefined || missingQueue !== undefined) {
      const what = missingTeam !== undefined ? `team ${missingTeam}` : `queue ${missingQueue}`;
      throw new StorageError('ERR_STORAGE_UNKNOWN_REFERENCE', `user ${u.id}: ${what} does not exist`);
    }
  }

  function write(u: UserRecord, credentials: Credentials | undefined): void {
    const kept = state.users.get(u.id)?.credentials;
    state.users.set(u.id, { user: u, credentials: copyOf(credentials) ?? kept });
  }

  return {
    get: (id) => copyOf(state.users.get(id)?.user),
    list: () => sortedValues(state.users).map((s) => s.user),
    count: () => state.users.size,
    put(user, credentials) {
      const u = normalizeUser(user);
      check(u);
      write(u, credentials);
    },
    putMany(users, credentials) {
      const credsAt = credentialsFor(users.length, credentials);
      const normalized = users.map(normalizeUser);
      normalized.forEach(check);
      normalized.forEach((u, i) => write(u, credsAt(i)));
    },
    delete: (id) => state.users.delete(id),
    getCredentials: (id) => copyOf(state.users.get(id)?.credentials),
    setCredentials(id, creds) {
      const stored = state.users.get(id);
      if (!stored) return false;
      stored.credentials = structuredClone(creds);
      return true;
    },
  };
}
