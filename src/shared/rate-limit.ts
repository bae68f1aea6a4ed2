// A token bucket per key (e.g. per client address): `perMinute` tokens, refilled continuously, with a
// burst of the same size. Pure apart from the injected clock. The table is bounded: when it grows past
// `maxKeys`, the oldest keys are forgotten (a forgotten key starts again with a full bucket).
import type { Clock } from './clock.js';

export interface RateLimiter {
  /** Takes one token for `key`; false when the key has used up its rate. */
  take(key: string): boolean;
}

export function createRateLimiter(opts: { perMinute: number; clock: Pick<Clock, 'now'>; maxKeys?: number }): RateLimiter {
  const { perMinute, clock } = opts;
  const maxKeys = opts.maxKeys ?? 10_000;
  const perMs = perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key) {
      if (perMinute <= 0) return true; // 0 = unlimited
      const now = clock.now();
      let b = buckets.get(key);
      if (b) {
        b.tokens = Math.min(perMinute, b.tokens + (now - b.at) * perMs);
        b.at = now;
      } else {
        b = { tokens: perMinute, at: now };
        buckets.set(key, b);
        for (const k of buckets.keys()) {
          if (buckets.size <= maxKeys) break;
          buckets.delete(k);
        }
      }
      if (b.tokens < 1) return false;
      b.tokens -= 1;
      return true;
    },
  };
}
