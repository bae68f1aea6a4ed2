// The admin page /cfadmin/cors on the https port: the allow-lists of every service and the quick check,
// as plain HTML, CSS and JavaScript (src/http/cors/admin-page/) calling /admin/api/cors/. The page and
// its assets need the admin role (HTTP Basic, so the browser asks once and reuses the credentials).
import { readFileSync } from 'node:fs';
import type { HttpAuthenticator } from '../../auth/http-auth.js';
import { requireRole } from '../admin-api.js';
import type { HttpRoutes } from '../http-routes.js';

export const CORS_PAGE_PATH = '/cfadmin/cors';

const ASSETS: Readonly<Record<string, { file: string; type: string }>> = {
  [CORS_PAGE_PATH]: { file: 'cors.html', type: 'text/html; charset=utf-8' },
  [`${CORS_PAGE_PATH}/`]: { file: 'cors.html', type: 'text/html; charset=utf-8' },
  [`${CORS_PAGE_PATH}/cors.css`]: { file: 'cors.css', type: 'text/css; charset=utf-8' },
  [`${CORS_PAGE_PATH}/cors.js`]: { file: 'cors.js', type: 'text/javascript; charset=utf-8' },
};

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

export function registerCorsPage(routes: HttpRoutes, auth: HttpAuthenticator): void {
  const cache = new Map<string, Buffer>();
  const load = (file: string): Buffer => {
    let b = cache.get(file);
    if (!b) cache.set(file, (b = readFileSync(new URL(`./admin-page/${file}`, import.meta.url))));
    return b;
  };
  const handler = function corsAdminPage(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, ctx: { listener: string }): void {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const asset = ASSETS[path];
    if (ctx.listener !== 'https' || !asset) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Use GET\n');
      return;
    }
    if (!requireRole(auth, req, res, 'admin')) return;
    const body = load(asset.file);
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': asset.type, 'content-length': String(body.length) });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  routes.route([CORS_PAGE_PATH], handler);
  routes.prefix(`${CORS_PAGE_PATH}/`, handler);
}
