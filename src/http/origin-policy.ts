// Which browser origins may use a service ([contract] "HTTP behaviour": /http-bind and /ws check
// Origin against the `notification` allow-list, the REST API and desktop against `finesse`, Live Data
// against `livedata`). The implementation is the shared CORS module (src/http/cors/, docs/cors.md).
//
// Rules: no Origin header (not a browser, e.g. a Java or .NET client) → allowed; the listener's own
// origin (same-origin page) → allowed; otherwise the origin must be exactly what a browser sends
// (scheme://host[:port]), on the service's list, and the service's CORS must be enabled.
import type { CorsService, CorsStore } from '../storage/stores.js';
import { createCorsGate } from './cors/cors-gate.js';
import { defaultAnswerSettings } from './cors/cors-rules.js';

export interface OriginPolicy {
  isAllowed(service: CorsService, origin: string | undefined, ownOrigin: string): boolean;
}

/** scheme://host[:port] in lower case without a default port, or undefined when it is not an origin. */
export function normalizeOrigin(origin: string): string | undefined {
  if (origin === 'null') return undefined;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) return undefined;
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) return undefined;
  return url.origin;
}

/** The origin check alone; the whole CORS behaviour (preflights, headers) is src/http/cors/cors-gate.ts. */
export function createOriginPolicy(store: CorsStore): OriginPolicy {
  return createCorsGate(store, defaultAnswerSettings());
}
