// Records for the contract suite. Credentials here are opaque values (no PBKDF2): the stores keep
// them, they do not check them.
import type { Credentials } from '../../auth/credentials.js';
import type { Stores, UserRecord } from '../stores.js';

export function fakeCredentials(tag: string): Credentials {
  return {
    'SHA-1': { salt: `salt1-${tag}`, iterations: 4096, storedKey: `stored1-${tag}`, serverKey: `server1-${tag}` },
    'SHA-256': { salt: `salt256-${tag}`, iterations: 4096, storedKey: `stored256-${tag}`, serverKey: `server256-${tag}` },
  };
}

export function agent(id: string, over: Partial<UserRecord> = {}): UserRecord {
  return {
    id,
    loginName: id,
    firstName: `First ${id}`,
    lastName: `Last ${id}`,
    extension: id,
    roles: ['agent'],
    teamId: null,
    supervisedTeamIds: [],
    queueIds: [],
    ...over,
  };
}

/** Teams 1 and 2, queues 1 and 2: what most user tests need to exist first. */
export function withDirectory(s: Stores): Stores {
  s.teams.put({ id: '1', name: 'Team A' });
  s.teams.put({ id: '2', name: 'Team B' });
  s.queues.put({ id: '1', name: 'Sales' });
  s.queues.put({ id: '2', name: 'Support' });
  return s;
}

/** Strings a store must keep verbatim: long, non-ASCII, SQL-looking, JSON-looking, control characters. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' leading and trailing spaces ',
  "Robert'); DROP TABLE users;--",
  '" OR 1=1 --',
  '%_\\%',
  '{"not":"json"',
  '__proto__',
  'ünïcödé ✓ 中文 עברית العربية',
  'emoji 👩🏽‍💻🚀 and a flag 🇫🇮',
  'tab\tnewline\ncarriage\rnull\u0000end',
  '\u202Eright-to-left override',
  'x'.repeat(1_000_000),
];

/** Asserts the StorageError code of what `fn` throws. */
export function storageCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}
