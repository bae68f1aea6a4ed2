// Which browser origins may use a service ([contract] "HTTP behaviour": /http-bind and /ws check
// Origin against the `notification` allow-list, the REST API and desktop against `finesse`, Live Data
// against `livedata`). The CORS issue adds the CLI, preflight answers and the quick check on top of
// this module; the transports only ask `isAllowed`.
//
// Rules: no Origin header (not a browser, e.g. a Java or .NET client) → allowed; the listener's own
// origin (same-origin page) → allowed; otherwise the origin must be on the service's list and the
// service's CORS must be enabled. Origins compare as normalized scheme://host[:port] strings.
import type { CorsService, CorsStore } from '../storage/stores.js';

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

export function createOriginPolicy(store: CorsStore): OriginPolicy {
  return {
    isAllowed(service, origin, ownOrigin) {
      if (origin === undefined) return true;
      const normalized = normalizeOrigin(origin);
      if (normalized === undefined) return false;
      if (normalized === normalizeOrigin(ownOrigin)) return true;
      return store.isEnabled(service) && store.origins(service).includes(normalized);
    },
  };
}
