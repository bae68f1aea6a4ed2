// The thin glue between the pure CORS rules and Node's HTTP objects, shared by the REST API, BOSH,
// WebSocket and Live Data. Every route that serves browsers on another origin goes through it:
//
//   routes.prefix('/finesse/api/', withCors(cors, 'finesse', handler));   // one call per mount
//   if (cors.handle(req, res, ctx, 'livedata')) return;                    // or inside a handler
//
// Preflights and refusals are answered here, before any authentication; otherwise the CORS headers are
// set on the response and the handler answers as usual (it must not overwrite `vary`).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CorsService, CorsStore } from '../../storage/stores.js';
import type { HttpContext, HttpHandler, HttpRoutes } from '../http-routes.js';
import type { OriginPolicy } from '../origin-policy.js';
import {
  classifyOrigin, decideCors, isAllowedVerdict, type CorsAnswerSettings, type CorsDecision, type DecideOptions, type OriginVerdict,
} from './cors-rules.js';

export interface CorsGate extends OriginPolicy {
  readonly settings: CorsAnswerSettings;
  /** How the request's Origin relates to the service's list. */
  verdict(service: CorsService, origin: string | undefined, ownOrigin: string): OriginVerdict;
  /** The decision for a request, without touching the response (BOSH applies the headers itself). */
  decide(req: IncomingMessage, ctx: Pick<HttpContext, 'ownOrigin'>, service: CorsService, opts?: DecideOptions): CorsDecision;
  /**
   * Answers a preflight, a cross-origin OPTIONS or a refusal and returns true; otherwise sets the CORS
   * headers on `res` and returns false (the caller goes on).
   */
  handle(req: IncomingMessage, res: ServerResponse, ctx: Pick<HttpContext, 'ownOrigin'>, service: CorsService, opts?: DecideOptions): boolean;
}

const TEXT = 'text/plain; charset=utf-8';

/** One header value as a string (a repeated header is never a valid origin). */
function single(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(', ') : v;
}

export function createCorsGate(store: CorsStore, settings: CorsAnswerSettings): CorsGate {
  const verdict: CorsGate['verdict'] = (service, origin, ownOrigin) => classifyOrigin(origin, ownOrigin, {
    get enabled() { return store.isEnabled(service); },
    has: (o) => store.hasOrigin(service, o),
  });

  const decide: CorsGate['decide'] = (req, ctx, service, opts) => {
    const origin = single(req.headers.origin);
    const facts = {
      method: (req.method ?? 'GET').toUpperCase(),
      origin,
      requestMethod: single(req.headers['access-control-request-method']),
      requestPrivateNetwork: single(req.headers['access-control-request-private-network']),
    };
    return decideCors(facts, verdict(service, origin, ctx.ownOrigin), settings, opts);
  };

  return {
    settings,
    verdict,
    decide,
    isAllowed: (service, origin, ownOrigin) => isAllowedVerdict(verdict(service, origin, ownOrigin)),
    handle(req, res, ctx, service, opts) {
      const d = decide(req, ctx, service, opts);
      if (d.action === 'continue') {
        for (const [k, v] of Object.entries(d.headers)) res.setHeader(k, v);
        return false;
      }
      answer(req, res, d);
      return true;
    },
  };
}

/** Writes a decision's answer: 200 with an empty body, or 403 with a short text and no CORS headers. */
export function answer(req: IncomingMessage, res: ServerResponse, d: Extract<CorsDecision, { action: 'answer' }>): void {
  // The body of the request (if any) is read and dropped, so that keep-alive connections stay usable.
  req.resume();
  if (d.status === 200) {
    res.writeHead(200, { ...d.headers, 'content-length': '0' }).end();
    return;
  }
  const body = d.verdict === 'disabled'
    ? 'Cross-origin requests are disabled for this service\n'
    : 'Origin not allowed\n';
  res.writeHead(403, { ...d.headers, 'content-type': TEXT, 'content-length': String(Buffer.byteLength(body)), 'cache-control': 'no-store' }).end(body);
}

/** The one-call wrapper for a mount: `routes.prefix('/finesse/api/', withCors(cors, 'finesse', api))`. */
export function withCors(cors: CorsGate, service: CorsService, handler: HttpHandler, opts?: DecideOptions): HttpHandler {
  return function corsChecked(req, res, ctx) {
    if (cors.handle(req, res, ctx, service, opts)) return;
    handler(req, res, ctx);
  };
}

/**
 * A view of the route table whose handlers go through `withCors` for `service`, for mounts that register
 * their own routes: `finesseWebServices({ routes: corsRoutes(routes, cors, 'finesse', { under: '/finesse/api/' }), … })`.
 * With `under`, only paths and prefixes below it are wrapped (the admin API a mount also registers is
 * not a cross-origin surface). Upgrade handlers (WebSocket) are registered unchanged.
 */
export function corsRoutes(routes: HttpRoutes, cors: CorsGate, service: CorsService, opts: DecideOptions & { under?: string } = {}): HttpRoutes {
  const wrap = (path: string, handler: HttpHandler): HttpHandler =>
    opts.under === undefined || path.startsWith(opts.under) ? withCors(cors, service, handler, opts) : handler;
  return {
    ...routes,
    route: (paths, handler) => {
      for (const p of paths) routes.route([p], wrap(p, handler));
    },
    prefix: (prefix, handler) => routes.prefix(prefix, wrap(prefix, handler)),
    upgrade: (paths, handler) => routes.upgrade(paths, handler),
    find: (path) => routes.find(path),
    findUpgrade: (path) => routes.findUpgrade(path),
  };
}
