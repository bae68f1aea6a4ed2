// HTTP Basic authentication for the REST API, the admin API and the web pages, checked against the
// stored SCRAM keys (credentials.ts). Five failed sign-ins lock the account for five minutes
// ([finesse-api] §1.2); both numbers are settings. A verified Authorization header is remembered for
// a short time so a busy client does not pay a PBKDF2 per request (the cache keys on a hash of the
// header, never on the password; a password change or lock clears the user's entries).
import { createHash } from 'node:crypto';
import type { Clock } from '../shared/clock.js';
import type { UserRecord, UserStore } from '../storage/stores.js';
import { verifyPassword } from './credentials.js';

export type AuthFailure =
  /** No Authorization header, or not Basic. */
  | 'missing'
  /** Unparseable Basic credentials. */
  | 'malformed'
  /** Unknown user or wrong password (not told apart to the client). */
  | 'invalid'
  /** Too many failures: locked until `lockedUntil`. */
  | 'locked';

export type AuthOutcome =
  | { readonly ok: true; readonly user: UserRecord }
  | { readonly ok: false; readonly failure: AuthFailure; readonly userId?: string; readonly lockedUntil?: number };

export interface HttpAuthOptions {
  readonly users: Pick<UserStore, 'get' | 'getCredentials' | 'list'>;
  readonly clock: Clock;
  /** Failed sign-ins in a row that lock the account (5). */
  readonly maxFailures?: number;
  /** How long a lock lasts (5 minutes). */
  readonly lockMs?: number;
  /** How long a verified header is trusted without re-running PBKDF2 (60 s; 0 disables). */
  readonly cacheMs?: number;
  /** Bound on cached headers (10,000). */
  readonly cacheMax?: number;
}

export interface HttpAuthenticator {
  /** Checks an Authorization header value. */
  authenticate(authorization: string | undefined): AuthOutcome;
  /** Checks an id and password directly (sign-in forms). */
  verify(userId: string, password: string): AuthOutcome;
  /** Forget cached verifications of a user (password changed, user deleted). */
  forget(userId: string): void;
  isLocked(userId: string): boolean;
}

interface FailureRecord { count: number; lockedUntil: number }

/** Parses `Basic base64(id:password)`; undefined when absent or not Basic, null when malformed. */
export function parseBasic(authorization: string | undefined): { id: string; password: string } | undefined | null {
  if (!authorization) return undefined;
  const m = /^\s*Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(authorization);
  if (!m) return /^\s*Basic\b/i.test(authorization) ? null : undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { id: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function createHttpAuthenticator(opts: HttpAuthOptions): HttpAuthenticator {
  const maxFailures = opts.maxFailures ?? 5;
  const lockMs = opts.lockMs ?? 5 * 60_000;
  const cacheMs = opts.cacheMs ?? 60_000;
  const cacheMax = opts.cacheMax ?? 10_000;
  const failures = new Map<string, FailureRecord>();
  const cache = new Map<string, { userId: string; until: number }>();

  const lockedUntil = (id: string): number => {
    const f = failures.get(id);
    if (!f || f.lockedUntil === 0) return 0;
    if (f.lockedUntil <= opts.clock.now()) { failures.delete(id); return 0; }
    return f.lockedUntil;
  };

  const forget = (userId: string): void => {
    for (const [k, v] of cache) if (v.userId === userId) cache.delete(k);
  };

  const fail = (id: string): AuthOutcome => {
    const f = failures.get(id) ?? { count: 0, lockedUntil: 0 };
    f.count += 1;
    if (f.count >= maxFailures) { f.lockedUntil = opts.clock.now() + lockMs; f.count = 0; forget(id); }
    failures.set(id, f);
    return f.lockedUntil ? { ok: false, failure: 'locked', userId: id, lockedUntil: f.lockedUntil } : { ok: false, failure: 'invalid', userId: id };
  };

  const verify = (id: string, password: string): AuthOutcome => {
    const until = lockedUntil(id);
    if (until) return { ok: false, failure: 'locked', userId: id, lockedUntil: until };
    const user = opts.users.get(id);
    const creds = user ? opts.users.getCredentials(id) : undefined;
    if (!user || !creds || !verifyPassword(creds, password)) return fail(id);
    failures.delete(id);
    return { ok: true, user };
  };

  return {
    verify,
    forget,
    isLocked: (id) => lockedUntil(id) !== 0,
    authenticate(authorization) {
      const basic = parseBasic(authorization);
      if (basic === undefined) return { ok: false, failure: 'missing' };
      if (basic === null) return { ok: false, failure: 'malformed' };
      const key = cacheMs > 0 ? createHash('sha256').update(authorization!).digest('base64') : '';
      const hit = cacheMs > 0 ? cache.get(key) : undefined;
      if (hit && hit.until > opts.clock.now() && hit.userId === basic.id && !lockedUntil(basic.id)) {
        const user = opts.users.get(basic.id);
        if (user) return { ok: true, user };
      }
      const outcome = verify(basic.id, basic.password);
      if (outcome.ok && cacheMs > 0) {
        if (cache.size >= cacheMax) cache.delete(cache.keys().next().value!);
        cache.set(key, { userId: basic.id, until: opts.clock.now() + cacheMs });
      }
      return outcome;
    },
  };
}
