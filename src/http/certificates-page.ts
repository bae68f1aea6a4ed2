// The "OS Administration — Certificate Management" page at /cfadmin/certificates (issue 6 item 8): plain
// HTML, CSS and a little vanilla JS calling the certificate admin API. Admin sign-in (HTTP Basic) is asked
// for by the page itself, so the browser reuses the credentials for the API calls.
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpAuthenticator } from '../auth/http-auth.js';
import { requireRole } from './admin-api.js';
import type { HttpRoutes } from './http-routes.js';

export const CERTIFICATES_PAGE_PATH = '/cfadmin/certificates';

const ASSETS = {
  html: { file: 'index.html', type: 'text/html; charset=utf-8' },
  js: { file: 'page.js', type: 'text/javascript; charset=utf-8' },
  css: { file: 'page.css', type: 'text/css; charset=utf-8' },
} as const;

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export function certificatesPage(options: { routes: HttpRoutes; auth: HttpAuthenticator }): void {
  const dir = new URL('./certificates-page/', import.meta.url);
  const body = Object.fromEntries(Object.entries(ASSETS).map(([k, a]) => [k, readFileSync(new URL(a.file, dir))])) as Record<keyof typeof ASSETS, Buffer>;
  const serve = (asset: keyof typeof ASSETS) => function certificatesAsset(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Method not allowed\n');
      return;
    }
    if (!requireRole(options.auth, req, res, 'admin')) return;
    res.writeHead(200, { 'content-type': ASSETS[asset].type, 'content-length': String(body[asset].length), ...SECURITY_HEADERS });
    res.end(req.method === 'HEAD' ? undefined : body[asset]);
  };
  options.routes.route([CERTIFICATES_PAGE_PATH, `${CERTIFICATES_PAGE_PATH}/`], serve('html'));
  options.routes.route([`${CERTIFICATES_PAGE_PATH}/page.js`], serve('js'));
  options.routes.route([`${CERTIFICATES_PAGE_PATH}/page.css`], serve('css'));
}
