// Administrators read stored ClientLog uploads (JSON admin API, [brief] conventions):
//   GET /admin/api/client-logs/                 → { users: [...] }
//   GET /admin/api/client-logs/<user>/          → { user, files: [...] } newest first
//   GET /admin/api/client-logs/<user>/<file>    → the log text (text/plain)
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpAuthenticator } from '../auth/http-auth.js';
import type { HttpRoutes } from '../http/http-routes.js';
import { requireRole, sendJson, sendProblem } from '../http/admin-api.js';
import type { ClientLogStore } from './client-log-store.js';

export const CLIENT_LOG_ADMIN_PREFIX = '/admin/api/client-logs/';

export function mountClientLogAdmin(routes: HttpRoutes, auth: HttpAuthenticator, store: ClientLogStore): void {
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!requireRole(auth, req, res, 'admin')) return;
    if (req.method !== 'GET') { sendProblem(res, 405, { error: 'method-not-allowed', message: 'Only GET is supported here.' }, { allow: 'GET' }); return; }
    const path = new URL(req.url ?? '/', 'https://localhost').pathname;
    const rest = path.length > CLIENT_LOG_ADMIN_PREFIX.length ? path.slice(CLIENT_LOG_ADMIN_PREFIX.length) : '';
    let parts: string[];
    try {
      parts = rest.split('/').filter((p) => p !== '').map(decodeURIComponent);
    } catch {
      sendProblem(res, 400, { error: 'bad-request', message: 'The path is not valid percent-encoding.' });
      return;
    }
    if (parts.length === 0) { sendJson(res, 200, { users: await store.users() }); return; }
    if (parts.length === 1) { sendJson(res, 200, { user: parts[0], files: await store.files(parts[0]!) }); return; }
    const text = parts.length === 2 ? await store.read(parts[0]!, parts[1]!) : undefined;
    if (text === undefined) { sendProblem(res, 404, { error: 'not-found', message: 'No such client log.' }); return; }
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), 'cache-control': 'no-store' }).end(text);
  }
  routes.prefix(CLIENT_LOG_ADMIN_PREFIX, (req, res) => {
    handle(req, res).catch(() => { if (!res.headersSent) sendProblem(res, 500, { error: 'internal', message: 'Reading the client logs failed.' }); });
  });
}
