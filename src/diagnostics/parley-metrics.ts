// Parley's Prometheus metrics (issue 10 item 5) and the `/metrics` route on the https port.
// Counters are fed by small hooks (the pubsub component's publish path, the HTTPS listeners' responses);
// gauges are read at scrape time from the subsystems (sessions, CTI link, certificates).
// Access is a setting (`metrics.access`): `admin` (the default: HTTP Basic with the admin role, through the
// one shared authenticator, because the https port is the one agents reach), `open` (no authentication,
// for a scraper on a private network), `off` (no route).
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { HttpAuthenticator } from '../auth/http-auth.js';
import { requireRole } from '../http/admin-api.js';
import type { HttpRoutes } from '../http/http-routes.js';
import { SERVICE_NAMES, pkiPaths } from '../pki/layout.js';
import { MetricsRegistry, PROMETHEUS_CONTENT_TYPE, type GaugeReading } from './metrics.js';

const DAY_MS = 86_400_000;

export interface CtiLinkReading {
  readonly state: string;
  readonly side?: 'A' | 'B' | null;
}

export interface ParleyMetricsDeps {
  readonly sessions: () => Readonly<Record<string, number>>;
  /** The CTI link as the web services see it; undefined while there is none. */
  readonly ctiLink: () => CtiLinkReading | undefined;
  /** Days left per certificate store. */
  readonly certificateDaysLeft: () => readonly { readonly store: string; readonly days: number }[];
  readonly startedAtMs: number;
}

export function createParleyMetrics(deps: ParleyMetricsDeps) {
  const registry = new MetricsRegistry();
  registry.gauge('parley_start_time_seconds', 'Start time of the server, seconds since the epoch', () => deps.startedAtMs / 1000);
  registry.gauge('parley_xmpp_sessions', 'Bound XMPP sessions of the notification service, by transport', () =>
    Object.entries(deps.sessions()).map(([transport, value]) => ({ labels: { transport }, value })));
  const published = registry.counter('parley_pubsub_events_published_total', 'Events the web services published to pubsub nodes');
  const delivered = registry.counter('parley_pubsub_notifications_delivered_total', 'Pubsub notifications handed to sessions or offline storage');
  const latency = registry.histogram('parley_pubsub_delivery_seconds', 'Time from the publish call to the hand-off of each notification to its session (or offline storage)');
  registry.gauge('parley_cti_link_up', 'The CTI link as the web services see it: 1 in service, 0 out of service', (): GaugeReading => {
    const link = deps.ctiLink();
    if (!link) return undefined;
    return [{ labels: { side: link.side ?? '' }, value: link.state === 'IN_SERVICE' ? 1 : 0 }];
  });
  registry.gauge('parley_certificate_days_left', 'Whole days until each service certificate expires (negative once expired)', () =>
    deps.certificateDaysLeft().map((c) => ({ labels: { store: c.store }, value: c.days })));
  const http = registry.counter('parley_http_responses_total', 'HTTP responses of the HTTPS listeners, by listener and status code');
  registry.gauge('process_resident_memory_bytes', 'Resident memory size in bytes', () => process.memoryUsage.rss());

  return {
    registry,
    /** Hooks for the pubsub component's publish path. */
    pubsub: {
      published(_node: string, _recipients: number): void { published.inc(); },
      delivered(seconds: number): void { delivered.inc(); latency.observe(seconds); },
    },
    /** Hook for the HTTPS listeners. */
    httpResponse(listener: string, status: number): void {
      http.inc({ listener, code: String(status) });
    },
    render: () => registry.render(),
  };
}

export type ParleyMetrics = ReturnType<typeof createParleyMetrics>;

/** Days left of every service certificate under DATA/pki, re-read at most once a minute. */
export function certificateDaysLeftReader(dataDir: string, now: () => number) {
  let cached: { at: number; value: { store: string; days: number }[] } | undefined;
  return (): { store: string; days: number }[] => {
    if (cached && now() - cached.at < 60_000) return cached.value;
    const paths = pkiPaths(dataDir);
    const value: { store: string; days: number }[] = [];
    const files: [string, string][] = [['trust', paths.caCert], ...SERVICE_NAMES.map((s) => [s, paths.services[s].cert] as [string, string])];
    for (const [store, file] of files) {
      try {
        const cert = new X509Certificate(readFileSync(file));
        value.push({ store, days: Math.floor((Date.parse(cert.validTo) - now()) / DAY_MS) });
      } catch { /* missing or unreadable: left out */ }
    }
    cached = { at: now(), value };
    return value;
  };
}

export type MetricsAccess = 'admin' | 'open' | 'off';

/** GET /metrics on the https port (404 on the notification port, which agents' browsers reach). */
export function metricsRoute(deps: { routes: HttpRoutes; metrics: ParleyMetrics; access: MetricsAccess; httpAuth: HttpAuthenticator }): void {
  if (deps.access === 'off') return;
  deps.routes.route(['/metrics'], function metrics(req, res, ctx) {
    if (ctx.listener !== 'https') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Method not allowed\n');
      return;
    }
    if (deps.access === 'admin' && !requireRole(deps.httpAuth, req, res, 'admin')) return;
    const body = deps.metrics.render();
    res.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE, 'cache-control': 'no-store', 'content-length': String(Buffer.byteLength(body)) });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
}
