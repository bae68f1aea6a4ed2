// The administrator REST API of the CTI link (on the https port, admin role):
//   GET /admin/api/cti            → { link, sideA, sideB }
//   PUT /admin/api/cti/settings   { "sideA": {host, port, tls}, "sideB": {…} | null } → reconnects, answers as GET
// Either side may be left out of the PUT body; changes last until the next restart (the config file
// holds the lasting settings, cti.aSideHost …).
import type { ServerResponse } from 'node:http';
import type { HttpAuthenticator } from '../../auth/http-auth.js';
import type { HttpRoutes } from '../../http/http-routes.js';
import { readJson, requireRole, sendJson, sendProblem } from '../../http/admin-api.js';
import type { ContactCenter } from '../contact-center.js';
import type { CtiFeature } from './cti-feature.js';
import { parseSideJson } from './cti-settings.js';

export const CTI_API_PREFIX = '/admin/api/cti';

export function ctiAdminApi(deps: { routes: HttpRoutes; auth: HttpAuthenticator; feature: CtiFeature; contactCenter: ContactCenter }): void {
  const view = (res: ServerResponse, status = 200): void => {
    const sides = deps.feature.sides();
    sendJson(res, status, { link: deps.contactCenter.link(), sideA: sides?.sideA ?? null, sideB: sides?.sideB ?? null });
  };
  const handler = async (req: import('node:http').IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!requireRole(deps.auth, req, res)) return;
    const path = (req.url ?? '').split('?')[0]?.replace(/\/+$/, '') ?? '';
    if (path === CTI_API_PREFIX) {
      if (req.method !== 'GET') { sendProblem(res, 405, { error: 'method-not-allowed', message: 'GET /admin/api/cti; PUT /admin/api/cti/settings changes the sides.' }, { allow: 'GET' }); return; }
      view(res);
      return;
    }
    if (path !== `${CTI_API_PREFIX}/settings`) { sendProblem(res, 404, { error: 'not-found', message: 'Try GET /admin/api/cti or PUT /admin/api/cti/settings.' }); return; }
    if (req.method !== 'PUT') { sendProblem(res, 405, { error: 'method-not-allowed', message: 'PUT a JSON body {"sideA": {...}, "sideB": {...} | null}.' }, { allow: 'PUT' }); return; }
    const body = await readJson(req, res, 4096);
    if (body === undefined) return;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) { sendProblem(res, 400, { error: 'bad-request', message: 'The body must be a JSON object.' }); return; }
    const b = body as Record<string, unknown>;
    const unknownKey = Object.keys(b).find((k) => k !== 'sideA' && k !== 'sideB');
    if (unknownKey !== undefined || Object.keys(b).length === 0) {
      sendProblem(res, 400, { error: 'bad-request', message: 'Give sideA and/or sideB, each {host, port, tls}; sideB may be null.' });
      return;
    }
    const a = 'sideA' in b ? parseSideJson(b['sideA'], 'A') : undefined;
    const bb = 'sideB' in b ? parseSideJson(b['sideB'], 'B') : undefined;
    for (const p of [a, bb]) if (p && !p.ok) { sendProblem(res, 400, { error: 'bad-request', message: p.problem }); return; }
    if (a?.ok) deps.feature.setSide('A', a.side);
    if (bb?.ok) deps.feature.setSide('B', bb.side);
    view(res);
  };
  deps.routes.route([CTI_API_PREFIX, `${CTI_API_PREFIX}/`], handler);
  deps.routes.prefix(`${CTI_API_PREFIX}/`, handler);
}
