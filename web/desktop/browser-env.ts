// The browser's side effects handed to the session (fetch, WebSocket, DOMParser, timers, ids).
import { FinesseSession, type SessionTuning } from '../lib/session.js';
import type { FetchLike } from '../lib/rest-client.js';
import type { WsLike } from '../lib/xmpp/xmpp-client.js';
import type { XmlParser } from '../lib/xml.js';

export function newRequestId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

/** Test and diagnostic knobs: localStorage "parley.tuning" = {"pingIntervalMs":2000,…}. */
export function readTuning(): Partial<SessionTuning> {
  try {
    const raw = localStorage.getItem('parley.tuning');
    if (!raw) return {};
    const v = JSON.parse(raw) as Record<string, unknown>;
    const out: Partial<SessionTuning> = {};
    for (const k of ['pingIntervalMs', 'pingTimeoutMs', 'pingMaxFailures', 'systemInfoIntervalMs'] as const) {
      const n = v[k];
      if (typeof n === 'number' && Number.isFinite(n) && n > 0) out[k] = n;
    }
    if (v.backoff && typeof v.backoff === 'object') out.backoff = { initialMs: 1000, maxMs: 30_000, factor: 2, jitter: 0.2, ...(v.backoff as object) };
    return out;
  } catch {
    return {};
  }
}

export const browserFetch: FetchLike = (url, init) => fetch(url, { ...init, credentials: 'omit', cache: 'no-store' });
export const browserParser = (): XmlParser => new DOMParser() as unknown as XmlParser;

export function createBrowserSession(id: string, password: string, locale: string): FinesseSession {
  return new FinesseSession({
    credentials: { id, password },
    page: { protocol: location.protocol, hostname: location.hostname, port: location.port },
    fetch: browserFetch,
    parser: browserParser(),
    ws: (url, protocol) => new WebSocket(url, protocol) as unknown as WsLike,
    timers: { set: (fn, ms) => window.setTimeout(fn, ms), clear: (h) => window.clearTimeout(h as number) },
    now: () => Date.now(),
    random: () => Math.random(),
    newRequestId,
    clientOffsetMinutes: () => -new Date().getTimezoneOffset(),
    tuning: readTuning(),
    locale: locale === 'es' ? 'es_ES' : 'en_US',
  });
}
