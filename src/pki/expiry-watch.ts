// Expiry tracking ([pki-cors] §0.5, §5 "Expired certificates unnoticed"): warnings at 30 and 7 days in
// the log (repeated daily while they last), an expired certificate flagged loudly at start, and
// certificateDaysLeft() for `show cert list`, the admin page and a metrics endpoint.
import type { Clock, TimerHandle } from '../shared/clock.js';
import { sanitizeForLog, type Logger } from '../shared/logger.js';
import type { CertManager } from './cert-manager.js';

export const WARN_DAYS = [30, 7] as const;
const DAY_MS = 86_400_000;

export type ExpiryLevel = 'ok' | 'warn-30' | 'warn-7' | 'expired';

export interface CertificateDaysLeft {
  /** 'tomcat', 'tomcat-trust', … ; the local CA once, as 'local-ca'. */
  readonly store: string;
  readonly role: 'identity' | 'chain' | 'trust';
  readonly subject: string;
  readonly serial: string;
  readonly fingerprint256: string;
  /** YYYY-MM-DDThh:mm:ss.SSSZ */
  readonly notAfter: string;
  /** Whole days left; negative once expired. */
  readonly daysLeft: number;
  readonly level: ExpiryLevel;
}

export function expiryLevel(notAfterMs: number, now: number): ExpiryLevel {
  if (notAfterMs <= now) return 'expired';
  const days = (notAfterMs - now) / DAY_MS;
  return days <= WARN_DAYS[1] ? 'warn-7' : days <= WARN_DAYS[0] ? 'warn-30' : 'ok';
}

/** Every certificate of every store with its days left: the metric-ready view (one row per certificate and store). */
export function certificateDaysLeft(manager: CertManager, now: number): CertificateDaysLeft[] {
  const rows: CertificateDaysLeft[] = [];
  let localCaListed = false;
  for (const listing of manager.list()) {
    for (const c of listing.certificates) {
      if (c.builtIn) {
        if (localCaListed) continue;
        localCaListed = true;
      }
      rows.push({
        store: c.builtIn ? 'local-ca' : listing.store,
        role: c.role,
        subject: c.subject,
        serial: c.serial,
        fingerprint256: c.fingerprint256,
        notAfter: c.notAfter.toISOString(),
        daysLeft: c.daysLeft,
        level: expiryLevel(c.notAfter.getTime(), now),
      });
    }
  }
  return rows;
}

export interface ExpiryWatchOptions {
  readonly manager: CertManager;
  readonly clock: Clock;
  readonly log: Logger;
  /** How often to look (default every hour). */
  readonly intervalMs?: number;
}

export interface ExpiryWatch {
  /** Looks now, logs what is due, returns the rows. */
  check(): CertificateDaysLeft[];
  stop(): void;
}

/** Starts watching; the first check runs at once, so an expired certificate is flagged at start. */
export function startExpiryWatch(options: ExpiryWatchOptions): ExpiryWatch {
  const { manager, clock, log } = options;
  const logged = new Map<string, { level: ExpiryLevel; at: number }>();
  let first = true;

  const check = (): CertificateDaysLeft[] => {
    const now = clock.now();
    const rows = certificateDaysLeft(manager, now);
    for (const r of rows) {
      const key = `${r.store} ${r.fingerprint256}`;
      if (r.level === 'ok') { logged.delete(key); continue; }
      const last = logged.get(key);
      if (last && last.level === r.level && now - last.at < DAY_MS) continue;
      logged.set(key, { level: r.level, at: now });
      const what = `certificate store ${r.store}: ${sanitizeForLog(r.subject, 300)} (serial ${r.serial})`;
      if (r.level === 'expired') {
        log.error(`${first ? '*** EXPIRED CERTIFICATE AT START *** ' : '*** EXPIRED CERTIFICATE *** '}${what} expired on ${r.notAfter}: ` +
          (r.role === 'identity' ? `regenerate it (set cert regen ${r.store}) or upload a new one` : 'replace or delete it'));
      } else {
        log.warn(`Certificate expiry: ${what} expires in ${r.daysLeft} days (${r.notAfter})`);
      }
    }
    first = false;
    return rows;
  };

  check();
  const timer: TimerHandle = clock.setInterval(check, options.intervalMs ?? 3_600_000);
  return { check, stop: () => timer.cancel() };
}
