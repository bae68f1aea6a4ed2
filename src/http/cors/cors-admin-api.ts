// The CORS area of the administrator REST API (`/admin/api/cors/…`, JSON, HTTP Basic with the admin
// role; docs/cors.md "Admin REST API"): the allow-lists and the quick check.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpAuthenticator } from '../../auth/http-auth.js';
import { CORS_SERVICES, type CorsService } from '../../storage/stores.js';
import { ADMIN_API_PREFIX, readJson, requireRole, sendJson, sendProblem } from '../admin-api.js';
import type { HttpHandler } from '../http-routes.js';
import { serviceNamed, type CorsLists } from './cors-lists.js';
import type { CorsAnswerSettings } from './cors-rules.js';
import type { QuickChecker } from './cors-quickcheck-service.js';

export const CORS_API_PREFIX = `${ADMIN_API_PREFIX}cors/`;
/** Bodies: a batch of 10,000 origins fits; anything larger is refused unread. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;
const MAX_QUICKCHECK_BODY_BYTES = 64 * 1024;
const MAX_CONCURRENT_QUICKCHECKS = 4;

export interface CorsAdminApiDeps {
  readonly auth: HttpAuthenticator;
  readonly lists: CorsLists;
  readonly settings: CorsAnswerSettings;
  readonly maxOriginsPerService: number;
  readonly quickcheck: QuickChecker;
  /** This node's FQDN: a quick check of `service` on it is open to every signed-in user. */
  readonly fqdn: string;
}

const STATUS_OF_ERROR = { invalid: 400, duplicate: 409, absent: 404, full: 409 } as const;
const CODE_OF_ERROR = { invalid: 'bad-request', duplicate: 'conflict', absent: 'not-found', full: 'conflict' } as const;

export function corsAdminApi(deps: CorsAdminApiDeps): HttpHandler {
  const { lists } = deps;
  const serviceBody = (service: CorsService) => ({ service, ...lists.status(service) });
  const methodNotAllowed = (res: ServerResponse, allow: string): void =>
    sendProblem(res, 405, { error: 'method-not-allowed', message: `Use ${allow}.` }, { allow });

  let running = 0;

  /**
   * The quick check is open to every signed-in user for this node's own services (the desktop's
   * quick-check gadget runs as the agent or supervisor); any other target needs the admin role, since
   * it makes the server send requests to a URL of the caller's choice.
   */
  async function quickcheck(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const outcome = deps.auth.authenticate(req.headers.authorization);
    if (!outcome.ok) {
      req.resume();
      const message = outcome.failure === 'locked'
        ? 'This account is locked after too many failed sign-ins; try again in a few minutes.'
        : outcome.failure === 'missing' ? 'Sign in with HTTP Basic authentication.' : 'Wrong user id or password.';
      return sendProblem(res, 401, { error: outcome.failure === 'locked' ? 'locked' : 'unauthorized', message }, { 'www-authenticate': 'Basic realm="Parley"' });
    }
    if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
    const body = await readJson(req, res, MAX_QUICKCHECK_BODY_BYTES);
    if (body === undefined) return;
    const input = (body ?? {}) as Record<string, unknown>;
    const ownService = input.url === undefined && (input.host === undefined || input.host === null || input.host === '' || input.host === deps.fqdn);
    if (!outcome.user.roles.includes('admin') && !ownService) {
      return sendProblem(res, 403, { error: 'forbidden', message: 'Checking a URL or another server needs the admin role; any signed-in user may check this node\'s services by name ("service": "finesse" | "notification" | "livedata").' });
    }
    if (running >= MAX_CONCURRENT_QUICKCHECKS) {
      return sendProblem(res, 429, { error: 'too-many-requests', message: `At most ${MAX_CONCURRENT_QUICKCHECKS} quick checks run at once; try again in a few seconds.` }, { 'retry-after': '5' });
    }
    running++;
    try {
      const r = await deps.quickcheck.run(input);
      if (!r.ok) return sendProblem(res, 400, { error: 'bad-request', message: r.text ?? r.error, details: { code: r.error } });
      return sendJson(res, 200, r.value);
    } finally {
      running--;
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://parley.invalid');
    const parts = url.pathname.slice(CORS_API_PREFIX.length).split('/').filter(Boolean);
    const method = req.method ?? 'GET';
    if (parts[0] === 'quickcheck' && parts.length === 1) return quickcheck(req, res);
    if (!requireRole(deps.auth, req, res, 'admin')) return;

    if (parts.length === 0) {
      if (method !== 'GET') return methodNotAllowed(res, 'GET');
      return sendJson(res, 200, {
        settings: { maxAgeS: deps.settings.maxAgeS, allowPrivateNetwork: deps.settings.allowPrivateNetwork, maxOriginsPerService: deps.maxOriginsPerService },
        services: Object.fromEntries(CORS_SERVICES.map((s) => [s, lists.status(s)])),
      });
    }
    const service = serviceNamed(decodeURIComponent(parts[0] ?? ''));
    if (!service) return sendProblem(res, 404, { error: 'not-found', message: `No CORS service ${JSON.stringify((parts[0] ?? '').slice(0, 50))}: use finesse, notification, livedata (or cuic), or quickcheck.` });

    if (parts.length === 1) {
      if (method === 'GET') return sendJson(res, 200, serviceBody(service));
      if (method !== 'PUT') return methodNotAllowed(res, 'GET, PUT');
      const body = await readJson(req, res, 4096);
      if (body === undefined) return;
      const enabled = (body as { enabled?: unknown } | null)?.enabled;
      if (typeof enabled !== 'boolean') return sendProblem(res, 400, { error: 'bad-request', message: 'The body is {"enabled": true} or {"enabled": false}.' });
      const { changed } = lists.setEnabled(service, enabled);
      return sendJson(res, 200, { ...serviceBody(service), changed, notes: changed ? [lists.cacheReminder()] : [] });
    }
    if (parts.length === 2 && parts[1] === 'origins') {
      if (method === 'GET') return sendJson(res, 200, { service, origins: lists.status(service).origins });
      if (method === 'POST') {
        const body = await readJson(req, res, MAX_BODY_BYTES);
        if (body === undefined) return;
        const b = (body ?? {}) as { origin?: unknown; origins?: unknown };
        const inputs = typeof b.origin === 'string' && b.origins === undefined ? [b.origin]
          : Array.isArray(b.origins) && b.origin === undefined && b.origins.every((o) => typeof o === 'string') ? b.origins as string[]
            : undefined;
        if (!inputs) return sendProblem(res, 400, { error: 'bad-request', message: 'The body is {"origin": "https://host:port"} or {"origins": ["https://host:port", …]}.' });
        if (inputs.length > deps.maxOriginsPerService) {
          return sendProblem(res, 413, { error: 'too-large', message: `At most ${deps.maxOriginsPerService} origins per request (setting cors.maxOriginsPerService); nothing changed.` });
        }
        const r = lists.add(service, inputs);
        if (!r.ok) return sendProblem(res, STATUS_OF_ERROR[r.error], { error: CODE_OF_ERROR[r.error], message: r.text ?? r.error });
        return sendJson(res, 201, { service, added: r.value.origins, notes: [...new Set(r.value.notes)], reminder: lists.cacheReminder(), count: lists.status(service).origins.length });
      }
      if (method === 'DELETE') {
        const origin = url.searchParams.get('origin');
        if (origin === null) return sendProblem(res, 400, { error: 'bad-request', message: 'Name the origin: DELETE …/origins?origin=<url-encoded origin>.' });
        const r = lists.remove(service, origin);
        if (!r.ok) return sendProblem(res, STATUS_OF_ERROR[r.error], { error: CODE_OF_ERROR[r.error], message: r.text ?? r.error });
        return sendJson(res, 200, { service, deleted: r.value.origins[0], reminder: lists.cacheReminder() });
      }
      return methodNotAllowed(res, 'GET, POST, DELETE');
    }
    return sendProblem(res, 404, { error: 'not-found', message: `No such CORS resource: ${url.pathname.slice(0, 200)}` });
  }

  return function corsAdminApiHandler(req, res) {
    route(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendProblem(res, 500, { error: 'internal', message: `Internal error: ${(e as Error)?.message ?? e}` });
      else res.destroy();
    });
  };
}
