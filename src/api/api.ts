// The Finesse REST API under /finesse/api/ on the https port ([finesse-api] §1–§2): parses the path,
// answers 503 while the CTI link is down, authenticates (HTTP Basic with the shared authenticator, so
// five failures lock the account for every surface), dispatches to the route handlers, and writes
// the outcome: XML bodies, 202 with an empty body, or <ApiErrors>. The requestId header is echoed.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseBasic, type HttpAuthenticator } from '../auth/http-auth.js';
import type { HttpRoutes } from '../http/http-routes.js';
import { readBodyLimited } from '../http/admin-api.js';
import type { OriginPolicy } from '../http/origin-policy.js';
import { apiError, type ApiError } from './errors.js';
import { createRouteTable, splitApiPath } from './router.js';
import type { ApiDeps, ApiRequest, ApiResult, BodyRead, Method, RouteDef } from './route-types.js';
import { renderApiErrors } from './xml/api-errors.js';
import { systemInfoRoutes } from './routes/system-info.js';
import { userRoutes } from './routes/user.js';
import { dialogRoutes } from './routes/dialog.js';
import { teamRoutes } from './routes/team.js';
import { queueRoutes } from './routes/queue.js';
import { reasonCodeRoutes } from './routes/reason-codes.js';
import { wrapUpReasonRoutes } from './routes/wrap-up-reasons.js';
import { clientLogRoutes } from './routes/client-log.js';
import { adminObjectRoutes } from './routes/admin-objects.js';

export const API_PREFIX = '/finesse/api/';

export const ALL_ROUTES: readonly RouteDef[] = [
  ...systemInfoRoutes, ...userRoutes, ...dialogRoutes, ...teamRoutes, ...queueRoutes,
  ...reasonCodeRoutes, ...wrapUpReasonRoutes, ...clientLogRoutes, ...adminObjectRoutes,
];

export interface FinesseApiOptions {
  readonly routes: HttpRoutes;
  readonly auth: HttpAuthenticator;
  /** Browser origins are checked against the `finesse` allow-list ([contract] "HTTP behaviour"). */
  readonly originPolicy?: OriginPolicy;
  readonly deps: ApiDeps;
}

const METHODS: readonly string[] = ['GET', 'PUT', 'POST', 'DELETE'];
/** A requestId is echoed as a header and copied into events: keep it a short printable token. */
const REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

function send(res: ServerResponse, result: ApiResult, requestId: string | undefined): void {
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (requestId !== undefined) headers.requestId = requestId;
  if (result.kind === 'empty') {
    res.writeHead(result.status, { ...headers, ...result.headers, 'content-length': '0' }).end();
    return;
  }
  const status = result.kind === 'xml' ? result.status : result.error.status;
  const body = result.kind === 'xml' ? result.body : renderApiErrors([result.error]);
  if (result.kind === 'error' && result.error.status === 401) headers['www-authenticate'] = 'Basic realm="Finesse"';
  if (result.kind === 'error' && result.error.status === 405) headers.allow = result.error.data;
  res.writeHead(status, {
    ...headers,
    ...(result.kind === 'xml' ? result.headers : undefined),
    'content-type': 'application/xml; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
  }).end(body);
}

/**
 * Finesse users may sign in with their login name as well as their login id ([finesse-api] §1.2); the
 * authenticator knows ids, so a Basic header naming a login name is rewritten to the user's id (and
 * failures then count against that account).
 */
function loginIdAuthorization(dir: ApiDeps['dir']) {
  return (authorization: string | undefined): string | undefined => {
    const basic = parseBasic(authorization);
    if (!basic) return authorization;
    const user = dir.user(basic.id);
    if (!user || user.id === basic.id) return authorization;
    return `Basic ${Buffer.from(`${user.id}:${basic.password}`).toString('base64')}`;
  };
}

/** Registers the REST API on the route table; returns the handler (for tests that mount it elsewhere). */
export function mountFinesseApi(opts: FinesseApiOptions) {
  const table = createRouteTable(ALL_ROUTES);
  const { deps, auth } = opts;
  const byLoginId = loginIdAuthorization(deps.dir);

  async function dispatch(req: IncomingMessage, ownOrigin: string): Promise<ApiResult> {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const rest = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : '';
    const segments = splitApiPath(rest);
    if (!segments) return { kind: 'error', error: apiError.badRequest('Invalid path') };
    const match = table.match(segments);
    if (!match) return { kind: 'error', error: apiError.notFound('Resource not found', url.pathname.slice(0, 200)) };
    if (opts.originPolicy && !opts.originPolicy.isAllowed('finesse', req.headers.origin, ownOrigin)) {
      return { kind: 'error', error: { status: 403, type: 'Forbidden', message: 'Origin not allowed', data: String(req.headers.origin).slice(0, 200) } };
    }
    if (!match.def.whileOutOfService && deps.contactCenter.link().state !== 'IN_SERVICE') {
      return { kind: 'error', error: apiError.outOfService() };
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const entry = METHODS.includes(method) ? match.def.methods[method as Method] : undefined;
    if (!entry) {
      const allow = METHODS.filter((m) => match.def.methods[m as Method]).join(', ');
      return { kind: 'error', error: { ...apiError.methodNotAllowed(method.slice(0, 16)), data: allow } };
    }
    let caller = null;
    if (entry.access !== 'public') {
      const outcome = auth.authenticate(byLoginId(req.headers.authorization));
      if (!outcome.ok) {
        if (outcome.failure === 'locked') deps.log.info(`REST sign-in refused for ${outcome.userId}: account locked`);
        return { kind: 'error', error: apiError.unauthorized(outcome.userId ?? '') };
      }
      caller = outcome.user;
      if (entry.access === 'admin' && !caller.roles.includes('admin')) {
        return { kind: 'error', error: apiError.wrongUser(caller.id) };
      }
    }
    const rawRequestId = req.headers.requestid;
    const requestId = typeof rawRequestId === 'string' && REQUEST_ID.test(rawRequestId) ? rawRequestId : undefined;
    let bodyRead = false;
    const apiReq: ApiRequest = {
      method,
      params: match.params,
      query: url.searchParams,
      caller,
      requestId,
      async readBody(limit = deps.settings.maxBodyBytes): Promise<BodyRead> {
        bodyRead = true;
        const r = await readBodyLimited(req, limit);
        if (r.ok) return r;
        return { ok: false, error: r.status === 413 ? apiError.tooLarge(limit) : apiError.badRequest(r.message) };
      },
    };
    try {
      return await entry.handler(apiReq, deps);
    } finally {
      if (!bodyRead) req.resume();
    }
  }

  function handler(req: IncomingMessage, res: ServerResponse, ctx: { ownOrigin: string; listener: string }): void {
    const rawRequestId = req.headers.requestid;
    const echo = typeof rawRequestId === 'string' && REQUEST_ID.test(rawRequestId) ? rawRequestId : undefined;
    if (ctx.listener !== 'https') {
      send(res, { kind: 'error', error: apiError.notFound('The REST API is served on the https port') }, echo);
      return;
    }
    dispatch(req, ctx.ownOrigin).then(
      (result) => send(res, result, echo),
      (e: unknown) => {
        deps.log.error(`REST ${req.method} ${req.url} failed: ${(e as Error)?.stack ?? e}`);
        if (!res.headersSent) send(res, { kind: 'error', error: apiError.internal() }, echo);
        else res.destroy();
      },
    );
  }

  opts.routes.prefix(API_PREFIX, handler);
  return { handler };
}

export type { ApiError };
