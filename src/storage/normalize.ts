// Shared by every backend, so they agree on what "read back as written" means.
import type { Credentials } from '../auth/credentials.js';
import type { UserRecord } from './stores.js';

/** The list without repeats, first occurrence kept. */
export function uniqueInOrder<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/** A detached copy of the user with its lists de-duplicated: what a store keeps and returns. */
export function normalizeUser(user: UserRecord): UserRecord {
  return {
    id: user.id,
    loginName: user.loginName,
    firstName: user.firstName,
    lastName: user.lastName,
    extension: user.extension,
    roles: uniqueInOrder(user.roles),
    teamId: user.teamId,
    supervisedTeamIds: uniqueInOrder(user.supervisedTeamIds),
    queueIds: uniqueInOrder(user.queueIds),
  };
}

/** putMany's `credentials` argument as a per-index lookup; a per-user array must match `users` in length. */
export function credentialsFor(
  count: number,
  credentials: Credentials | readonly Credentials[] | undefined,
): (index: number) => Credentials | undefined {
  if (credentials === undefined) return () => undefined;
  if (!isCredentialsList(credentials)) return () => credentials;
  if (credentials.length !== count) {
    throw new RangeError(`putMany: ${credentials.length} credentials given for ${count} users`);
  }
  return (i) => credentials[i];
}

function isCredentialsList(c: Credentials | readonly Credentials[]): c is readonly Credentials[] {
  return Array.isArray(c);
}

/** The bare part of a JID (everything before the first '/', RFC 7622 §3.1). */
export function bareOf(jid: string): string {
  const slash = jid.indexOf('/');
  return slash === -1 ? jid : jid.slice(0, slash);
}

/** Code-point order, which is the order of SQLite's BINARY collation over UTF-8. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // UTF-16 puts surrogates (code points above U+FFFF) below U+E000..U+FFFF; code-point order does not.
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}
