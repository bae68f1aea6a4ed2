// The rules a BOSH client must keep, as pure functions the session applies ([XEP-0124] §11, §12, §15).
import { createHash } from 'node:crypto';
import type { BoshRequest } from './bosh-codec.js';

export interface ActivityState {
  /** rids of the requests still open (held or waiting for a missing rid). */
  openRids: Iterable<number>;
  requests: number;
  /** hold or wait is 0 ([XEP-0124] §12). */
  isPolling: boolean;
  pollingMs: number;
  /** The previous new request: when it arrived and whether it was empty. */
  lastNew: { at: number; empty: boolean } | undefined;
  lastAnswerEmpty: boolean;
  now: number;
}

/**
 * B13: why `req` (a new request) breaks the overactivity rules, or undefined. Only the unanswered requests
 * below it count: repeats never count, and a request that fills a gap is not blamed for later ones.
 */
export function overactivity(req: BoshRequest, s: ActivityState): string | undefined {
  let open = 1;
  for (const rid of s.openRids) if (rid < req.rid) open++;
  const exempt = req.isTerminate || req.pause !== undefined; // §11: one extra request to pause or terminate
  if (open > s.requests + 1 || (open > s.requests && !exempt)) return `more than ${s.requests} simultaneous requests`;
  // §12 applies to polling sessions only. The stricter §11 rule for two empty requests inside `polling`
  // in a long-polling session is deliberately not applied: it closes healthy sessions on lossy links
  // (igniterealtime/Openfire#1329, [notification-service] §4).
  const empty = req.payloads.length === 0 && !exempt && !req.isRestart;
  const last = s.lastNew;
  if (s.isPolling && empty && last?.empty && s.lastAnswerEmpty && s.now - last.at < s.pollingMs) {
    return `polling more often than every ${s.pollingMs / 1000} s`;
  }
  return undefined;
}

const sha1hex = (s: string): string => createHash('sha1').update(s).digest('hex');

/**
 * B18, [XEP-0124] §15: with keys in use (`expected` = the previous request's newkey or key), SHA-1(key)
 * must equal it. Returns the key the next request must hash to, or false on a mismatch.
 */
export function nextKey(expected: string | undefined, req: BoshRequest): string | undefined | false {
  if (expected === undefined) return undefined;
  if (req.key === undefined || sha1hex(req.key) !== expected) return false;
  return req.newkey ?? req.key;
}
