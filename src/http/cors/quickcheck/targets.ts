// The quick check's input as the gadget, the CLI and the API give it (a URL, or one of Parley's own
// services by name with an optional host and port, as the gadget's drop-down and FQDN field do), turned
// into a QuickCheckSpec; and the Parley-specific advice added to findings. Pure.
import type { CorsService } from '../../../storage/stores.js';
import { err, ok, type Result } from '../../../shared/result.js';
import { serviceNamed } from '../cors-lists.js';
import type { Finding } from './browser-checks.js';
import { parseSpec, type QuickCheckSpec } from './request-spec.js';

export interface QuickCheckInput {
  url?: unknown;
  service?: unknown;
  host?: unknown;
  port?: unknown;
  origin?: unknown;
  method?: unknown;
  headers?: unknown;
  credentials?: unknown;
  timeoutMs?: unknown;
}

export interface NodeFacts {
  readonly fqdn: string;
  /** Listening ports by name (https, notification, livedata); config ports where not listening. */
  readonly ports: Readonly<Record<string, number>>;
}

/** The CLI words of each service's allow-list. */
export const CLI_PREFIX: Readonly<Record<CorsService, string>> = {
  finesse: 'utils finesse cors', notification: 'utils notification cors', livedata: 'utils cuic cors',
};

const SERVICE_TARGETS: Readonly<Record<CorsService, { port: string; path: string; method: string; headers: string[] }>> = {
  // What the desktop and gadgets send: REST calls with Basic authentication, BOSH posts of XML, and the
  // Cisco quick-check gadget's cross-origin OPTIONS (preflighted with ACRM: OPTIONS, [pki-cors] §0.12).
  finesse: { port: 'https', path: '/finesse/api/SystemInfo', method: 'GET', headers: ['Authorization'] },
  notification: { port: 'notification', path: '/http-bind', method: 'POST', headers: ['Content-Type: text/xml; charset=utf-8'] },
  livedata: { port: 'livedata', path: '/', method: 'OPTIONS', headers: [] },
};

const HOST = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;

export function desktopOrigin(node: NodeFacts): string {
  const port = node.ports.https ?? 8445;
  return port === 443 ? `https://${node.fqdn}` : `https://${node.fqdn}:${port}`;
}

export interface ResolvedInput {
  readonly spec: QuickCheckSpec;
  /** The Parley service checked, when the input named one. */
  readonly service: CorsService | undefined;
}

export function resolveInput(input: QuickCheckInput, node: NodeFacts): Result<ResolvedInput> {
  if (input === null || typeof input !== 'object') return err('bad-request', 'The body is a JSON object, e.g. {"service": "livedata", "origin": "https://finesse.example.com:8445"}.');
  const hasUrl = input.url !== undefined && input.url !== null && input.url !== '';
  const hasService = input.service !== undefined && input.service !== null && input.service !== '';
  if (hasUrl === hasService) return err('bad-request', 'Give either "url" or "service" (finesse, notification, livedata or cuic).');
  let url = input.url;
  let service: CorsService | undefined;
  let method = input.method;
  let headers = input.headers;
  if (hasService) {
    service = typeof input.service === 'string' ? serviceNamed(input.service) : undefined;
    if (!service) return err('bad-service', `${JSON.stringify(String(input.service).slice(0, 50))} is not a service: use finesse, notification, livedata (or cuic).`);
    const t = SERVICE_TARGETS[service];
    let host = node.fqdn;
    if (input.host !== undefined && input.host !== null && input.host !== '') {
      if (typeof input.host !== 'string' || !HOST.test(input.host)) return err('bad-host', `${JSON.stringify(String(input.host).slice(0, 100))} is not a host name (FQDN).`);
      host = input.host.toLowerCase();
    }
    let port = node.ports[t.port];
    if (input.port !== undefined && input.port !== null && input.port !== '') {
      const p = typeof input.port === 'string' ? Number(input.port) : input.port;
      if (typeof p !== 'number' || !Number.isInteger(p) || p < 1 || p > 65535) return err('bad-port', `${JSON.stringify(input.port)} is not a port (1 to 65535).`);
      port = p;
    }
    url = `https://${host}${port === undefined || port === 443 ? '' : `:${port}`}${t.path}`;
    method ??= t.method;
    headers ??= t.headers;
  }
  const origin = input.origin === undefined || input.origin === null || input.origin === '' ? desktopOrigin(node) : input.origin;
  const spec = parseSpec({ url, origin, method, headers, credentials: input.credentials, timeoutMs: input.timeoutMs });
  if (!spec.ok) return spec;
  return ok({ spec: spec.value, service });
}

/** Which Parley service a URL reaches on this node, if any (same host, a Parley port). */
export function serviceAt(url: string, node: NodeFacts): CorsService | undefined {
  const u = new URL(url);
  if (u.hostname !== node.fqdn && u.hostname !== 'localhost' && u.hostname !== '127.0.0.1') return undefined;
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  if (port === node.ports.livedata) return 'livedata';
  if (port === node.ports.notification) return 'notification';
  if (port === node.ports.https) return u.pathname.startsWith('/http-bind') || u.pathname.startsWith('/ws') ? 'notification' : 'finesse';
  return undefined;
}

const ORIGIN_CODES = new Set(['missing-allow-origin', 'preflight-status', 'allow-origin-mismatch']);

/** Advice for an origin refused by a Parley service: which command fixes it. */
export function parleyHint(f: Finding, spec: QuickCheckSpec, service: CorsService | undefined, list: { enabled: boolean; origins: readonly string[] } | undefined): string | undefined {
  if (!ORIGIN_CODES.has(f.code) || f.severity !== 'error') return undefined;
  if (!service || !list) {
    return `The server does not allow ${spec.origin}. Add it to the target server's allowed origins (on a Cisco CUIC/Live Data node: utils cuic cors allowed_origin add ${spec.origin}); each node keeps its own list.`;
  }
  const prefix = CLI_PREFIX[service];
  if (!list.enabled) return `CORS is disabled for ${service} on this node: ${prefix} enable${list.origins.includes(spec.origin) ? '' : `, then ${prefix} allowed_origin add ${spec.origin}`}.`;
  if (list.origins.includes(spec.origin)) return `${spec.origin} is on this node's ${service} list; if the browser still fails, its cached preflight may be older than the change (max-age).`;
  const host = new URL(spec.origin);
  const near = list.origins.find((o) => {
    try {
      const u = new URL(o);
      return u.hostname === host.hostname && u.protocol === host.protocol;
    } catch {
      return false;
    }
  });
  const nearText = near ? ` (the list has ${near}, which does not match: scheme, host and port must all be equal)` : '';
  return `${spec.origin} is not in this node's ${service} allowed origins${nearText}: ${prefix} allowed_origin add ${spec.origin}`;
}
