// Wires the desktop into the https listener: /desktop/ (page, bundled scripts, the role's layout,
// gadget pages), /3rdpartygadget/files/ (gadget files), /cfadmin/ (admin pages and their
// navigation) and the admin API areas layout and gadgets.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpAuthenticator } from '../auth/http-auth.js';
import type { HttpContext, HttpRoutes } from '../http/http-routes.js';
import { requireRole, sendJson, sendProblem } from '../http/admin-api.js';
import type { Logger } from '../shared/logger.js';
import { desktopHandler, pageHtml, serveStatic } from './desktop-routes.js';
import { contentTypeFor, CONTENT_TYPES, gadgetCsp, methodAllowed, sendBody, sendText } from './http-headers.js';
import { createLayoutStore, type LayoutStore } from './layout-store.js';
import { createGadgetFiles, GADGET_FILE_LIMITS, GADGET_URL_PREFIX, type GadgetFileLimits, type GadgetFiles } from './gadget-files.js';
import { parseGadget, renderGadgetError, renderGadgetPage } from './gadget-xml.js';
import { gadgetsApi, GADGETS_API_PREFIX, layoutApi, LAYOUT_API_PREFIX } from './admin-routes.js';
import type { LayoutRole } from './layout-xml.js';
import { createHash } from 'node:crypto';

export interface DesktopFeatureDeps {
  routes: HttpRoutes;
  auth: HttpAuthenticator;
  dataDir: string;
  log: Logger;
  gadgetLimits?: GadgetFileLimits;
}

export interface DesktopFeature { layouts: LayoutStore; gadgetFiles: GadgetFiles }

const CFADMIN_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";
const CFADMIN_HTML = pageHtml({ title: 'Parley Administration', script: '/cfadmin/assets/cfadmin.js', styles: ['/cfadmin/assets/cfadmin.css'], bodyClass: 'cfadmin' });
const etag = (b: Buffer | string): string => `"${createHash('sha256').update(b).digest('base64url').slice(0, 22)}"`;

/** The cfadmin pages this feature serves itself (other helpers add /cfadmin/certificates, /cfadmin/cors). */
export const CFADMIN_PAGES = ['/cfadmin/', '/cfadmin/index.html', '/cfadmin/layout', '/cfadmin/gadgets'] as const;

export function desktopFeature(deps: DesktopFeatureDeps): DesktopFeature {
  const layouts = createLayoutStore(deps.dataDir, deps.log);
  const limits = deps.gadgetLimits ?? GADGET_FILE_LIMITS;
  const gadgetFiles = createGadgetFiles(deps.dataDir, limits);

  const layoutForUser = (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    const outcome = deps.auth.authenticate(req.headers.authorization);
    if (!outcome.ok) {
      sendProblem(res, 401, { error: outcome.failure === 'locked' ? 'locked' : 'unauthorized', message: 'Sign in first.' });
      return;
    }
    const wanted = url.searchParams.get('role') ?? (outcome.user.roles.includes('supervisor') ? 'supervisor' : 'agent');
    if (wanted !== 'agent' && wanted !== 'supervisor') { sendProblem(res, 400, { error: 'bad-request', message: 'role is agent or supervisor.' }); return; }
    if (wanted === 'supervisor' && !outcome.user.roles.includes('supervisor')) { sendProblem(res, 403, { error: 'forbidden', message: 'The supervisor layout is for supervisors.' }); return; }
    sendJson(res, 200, layouts.get(wanted as LayoutRole).layout);
  };

  // The sign-in check: one credential verification that tells a wrong password from a locked account
  // (the Finesse REST API answers both with the same 401, as Finesse does).
  const whoami = (req: IncomingMessage, res: ServerResponse): void => {
    const outcome = deps.auth.authenticate(req.headers.authorization);
    if (!outcome.ok) {
      const locked = outcome.failure === 'locked';
      sendProblem(res, 401, {
        error: locked ? 'locked' : 'unauthorized',
        message: locked ? 'This account is locked after too many failed sign-ins.' : 'Wrong user id or password.',
        ...(locked && outcome.lockedUntil ? { details: { lockedUntil: new Date(outcome.lockedUntil).toISOString() } } : {}),
      });
      return;
    }
    sendJson(res, 200, { id: outcome.user.id, roles: outcome.user.roles });
  };

  const gadgetPage = (req: IncomingMessage, res: ServerResponse, url: URL, ctx: HttpContext): void => {
    const headers = { 'content-type': CONTENT_TYPES.html!, 'content-security-policy': gadgetCsp(ctx.ownOrigin) };
    const target = url.searchParams.get('url') ?? '';
    const moduleId = (url.searchParams.get('mid') ?? '0').replace(/[^0-9]/g, '').slice(0, 6) || '0';
    const fail = (status: number, message: string): void => sendBody(req, res, status, renderGadgetError(message), headers);
    if (!target.startsWith(GADGET_URL_PREFIX)) return fail(400, `The gadget URL must be under ${GADGET_URL_PREFIX} on this server.`);
    const name = target.slice(GADGET_URL_PREFIX.length).split('?')[0]!;
    const bytes = gadgetFiles.read(name);
    if (!bytes) return fail(404, `There is no gadget ${target}. An administrator can upload it.`);
    const spec = parseGadget(bytes.toString('utf8'));
    if (!spec.ok) return fail(422, `The gadget ${target} cannot be used: ${spec.text}.`);
    const s = spec.value;
    if (s.content.type === 'url') {
      const href = s.content.href;
      if (!href.startsWith(GADGET_URL_PREFIX) || href.includes('..')) return fail(422, `The gadget ${target} points elsewhere (${href.slice(0, 100)}); only pages under ${GADGET_URL_PREFIX} can be shown.`);
      res.writeHead(302, { location: href, 'cache-control': 'no-store' }).end();
      return;
    }
    const baseHref = target.slice(0, target.lastIndexOf('/') + 1);
    sendBody(req, res, 200, renderGadgetPage({ spec: { ...s, content: s.content }, baseHref, moduleId }), headers);
  };

  deps.routes.prefix('/desktop/', desktopHandler({
    log: deps.log,
    extra: (req, res, path, ctx) => {
      const url = new URL(req.url ?? '/', 'https://x');
      if (path === '/desktop/whoami') { if (methodAllowed(req, res, ['GET'])) whoami(req, res); return true; }
      if (path === '/desktop/layout') { if (methodAllowed(req, res, ['GET'])) layoutForUser(req, res, url); return true; }
      if (path === '/desktop/gadget') { if (methodAllowed(req, res, ['GET', 'HEAD'])) gadgetPage(req, res, url, ctx); return true; }
      return false;
    },
  }));

  // Gadget files: public like Finesse's /3rdpartygadget/files (they hold no secrets); HTML is served
  // sandboxed with the gadget policy.
  deps.routes.prefix('/3rdpartygadget/', (req, res, ctx) => {
    if (ctx.listener !== 'https') { sendText(req, res, 404, 'Not found'); return; }
    if (!methodAllowed(req, res, ['GET', 'HEAD'])) return;
    const path = new URL(req.url ?? '/', 'https://x').pathname;
    if (!path.startsWith(GADGET_URL_PREFIX)) { sendText(req, res, 404, 'Not found'); return; }
    const name = path.slice(GADGET_URL_PREFIX.length);
    const bytes = gadgetFiles.read(name);
    if (!bytes) { sendText(req, res, 404, 'Not found'); return; }
    const type = contentTypeFor(name);
    const extra: Record<string, string> = type.startsWith('text/html') ? { 'content-security-policy': gadgetCsp(ctx.ownOrigin) } : {};
    sendBody(req, res, 200, bytes, { 'content-type': type, ...extra }, etag(bytes));
  });

  deps.routes.prefix(LAYOUT_API_PREFIX, layoutApi({ auth: deps.auth, layouts, log: deps.log }));
  deps.routes.prefix(GADGETS_API_PREFIX, gadgetsApi({ auth: deps.auth, files: gadgetFiles, limits, log: deps.log }));

  // /cfadmin/: the administration pages (one script; it signs the administrator in itself).
  deps.routes.prefix('/cfadmin/', (req, res, ctx) => {
    void (async () => {
      if (ctx.listener !== 'https') { sendText(req, res, 404, 'Not found'); return; }
      if (!methodAllowed(req, res, ['GET', 'HEAD'])) return;
      const path = new URL(req.url ?? '/', 'https://x').pathname;
      if ((CFADMIN_PAGES as readonly string[]).includes(path)) {
        // The browser's own Basic sign-in: the page's API calls then carry the same credentials.
        if (!requireRole(deps.auth, req, res, 'admin')) return;
        sendBody(req, res, 200, CFADMIN_HTML, { 'content-type': CONTENT_TYPES.html!, 'content-security-policy': CFADMIN_CSP, 'x-frame-options': 'DENY' });
        return;
      }
      if (await serveStatic(req, res, path, deps.log)) return;
      sendText(req, res, 404, 'Not found');
    })().catch((e) => { deps.log.error(`cfadmin: ${(e as Error)?.stack ?? e}`); if (!res.headersSent) sendText(req, res, 500, 'Internal error'); });
  });
  deps.routes.route(['/cfadmin'], (_req, res) => { res.writeHead(301, { location: '/cfadmin/', 'cache-control': 'no-store' }).end(); });

  return { layouts, gadgetFiles };
}
