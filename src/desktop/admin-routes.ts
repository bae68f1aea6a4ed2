// Administrator API for the desktop: layouts per role (/admin/api/layout/…) and third-party gadget
// files (/admin/api/gadgets/files/…). JSON out, HTTP Basic with the admin role (src/http/admin-api.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpAuthenticator } from '../auth/http-auth.js';
import { readBodyLimited, requireRole, sendJson, sendProblem } from '../http/admin-api.js';
import type { Logger } from '../shared/logger.js';
import { LAYOUT_LIMITS, LAYOUT_ROLES, type LayoutRole } from './layout-xml.js';
import type { LayoutStore } from './layout-store.js';
import type { GadgetFiles, GadgetFileLimits } from './gadget-files.js';

export const LAYOUT_API_PREFIX = '/admin/api/layout/';
export const GADGETS_API_PREFIX = '/admin/api/gadgets/';

const isRole = (s: string): s is LayoutRole => (LAYOUT_ROLES as readonly string[]).includes(s);

function methodNotAllowed(res: ServerResponse, allow: string): void {
  sendProblem(res, 405, { error: 'method-not-allowed', message: `Use ${allow}.` }, { allow });
}

export function layoutApi(deps: { auth: HttpAuthenticator; layouts: LayoutStore; log: Logger }) {
  return function layoutAdmin(req: IncomingMessage, res: ServerResponse): void {
    void (async () => {
      if (!requireRole(deps.auth, req, res, 'admin')) return;
      const path = new URL(req.url ?? '/', 'https://x').pathname;
      const rest = path.slice(LAYOUT_API_PREFIX.length).replace(/\/$/, '');
      if (rest === '' || path === LAYOUT_API_PREFIX.slice(0, -1)) {
        if (req.method !== 'GET') return methodNotAllowed(res, 'GET');
        sendJson(res, 200, { roles: LAYOUT_ROLES.map((r) => { const l = deps.layouts.get(r); return { role: r, custom: l.custom, tabs: l.layout.tabs.length, ...(l.problem ? { problem: l.problem } : {}) }; }) });
        return;
      }
      if (!isRole(rest)) { sendProblem(res, 404, { error: 'not-found', message: `No layout role "${rest.slice(0, 40)}"; roles: ${LAYOUT_ROLES.join(', ')}.` }); return; }
      switch (req.method) {
        case 'GET': {
          const l = deps.layouts.get(rest);
          sendJson(res, 200, { role: rest, custom: l.custom, xml: l.xml, layout: l.layout, ...(l.problem ? { problem: l.problem } : {}) });
          return;
        }
        case 'PUT': {
          const body = await readBodyLimited(req, LAYOUT_LIMITS.maxChars * 4);
          if (!body.ok) { sendProblem(res, body.status, { error: body.status === 413 ? 'too-large' : 'bad-request', message: body.message }); return; }
          let xml = body.body.toString('utf8');
          if ((req.headers['content-type'] ?? '').includes('json')) {
            try {
              const v = JSON.parse(xml) as { xml?: unknown };
              if (typeof v?.xml !== 'string') { sendProblem(res, 400, { error: 'bad-request', message: 'Send {"xml": "<finesseLayout>…"} or the XML itself.' }); return; }
              xml = v.xml;
            } catch (e) { sendProblem(res, 400, { error: 'bad-request', message: `The body is not valid JSON: ${(e as Error).message}` }); return; }
          }
          const r = deps.layouts.put(rest, xml);
          if (!r.ok) { sendProblem(res, 400, { error: 'invalid-layout', message: r.text ?? 'The layout is not valid.' }); return; }
          sendJson(res, 200, { role: rest, custom: true, layout: r.value.layout });
          return;
        }
        case 'DELETE': {
          const l = deps.layouts.reset(rest);
          sendJson(res, 200, { role: rest, custom: false, layout: l.layout });
          return;
        }
        default: methodNotAllowed(res, 'GET, PUT, DELETE');
      }
    })().catch((e) => {
      deps.log.error(`layout admin API: ${(e as Error)?.stack ?? e}`);
      if (!res.headersSent) sendProblem(res, 500, { error: 'internal', message: 'Internal error.' });
    });
  };
}

export function gadgetsApi(deps: { auth: HttpAuthenticator; files: GadgetFiles; limits: GadgetFileLimits; log: Logger }) {
  return function gadgetsAdmin(req: IncomingMessage, res: ServerResponse): void {
    void (async () => {
      if (!requireRole(deps.auth, req, res, 'admin')) return;
      const path = new URL(req.url ?? '/', 'https://x').pathname;
      const filesPrefix = `${GADGETS_API_PREFIX}files`;
      if (path === filesPrefix || path === `${filesPrefix}/`) {
        if (req.method !== 'GET') return methodNotAllowed(res, 'GET');
        sendJson(res, 200, { files: deps.files.list(), limits: deps.limits });
        return;
      }
      if (!path.startsWith(`${filesPrefix}/`)) { sendProblem(res, 404, { error: 'not-found', message: `Use ${filesPrefix}/<name>.` }); return; }
      const name = path.slice(filesPrefix.length + 1);
      if (req.method === 'PUT' || req.method === 'POST') {
        const body = await readBodyLimited(req, deps.limits.maxFileBytes);
        if (!body.ok) { sendProblem(res, body.status, { error: body.status === 413 ? 'too-large' : 'bad-request', message: body.message }); return; }
        const r = deps.files.write(name, body.body);
        if (!r.ok) { sendProblem(res, r.error === 'bad-name' ? 400 : 413, { error: r.error, message: r.text ?? r.error }); return; }
        deps.log.info(`desktop: gadget file ${r.value.name} uploaded (${r.value.bytes} bytes)`);
        sendJson(res, 201, { file: r.value, url: `/3rdpartygadget/files/${r.value.name}` });
        return;
      }
      if (req.method === 'DELETE') {
        const r = deps.files.remove(name);
        if (!r.ok) { sendProblem(res, r.error === 'bad-name' ? 400 : 404, { error: r.error, message: r.text ?? r.error }); return; }
        sendJson(res, 200, { deleted: name });
        return;
      }
      methodNotAllowed(res, 'PUT, DELETE');
    })().catch((e) => {
      deps.log.error(`gadgets admin API: ${(e as Error)?.stack ?? e}`);
      if (!res.headersSent) sendProblem(res, 500, { error: 'internal', message: 'Internal error.' });
    });
  };
}
