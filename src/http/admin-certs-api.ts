// The certificate area of the administrator REST API (`/admin/api/certs/…`, JSON, HTTP Basic with the
// admin role), the same engine as the CLI words and the OS Administration page:
//
//   GET    /admin/api/certs                                  every store + the expiry rows
//   GET    /admin/api/certs/expiry                           certificateDaysLeft() (metric-ready)
//   GET    /admin/api/certs/{store}                          one store ('tomcat', 'tomcat-trust', …)
//   GET    /admin/api/certs/{store}/pem[?which=FILE|SHA256]   download as .pem
//   DELETE /admin/api/certs/{store}-trust/{FILE|SHA256}       delete a trust certificate
//   POST   /admin/api/certs/{service}/regenerate              {"selfSigned"?: bool, "keyType"?: "P-256"}
//   POST   /admin/api/certs/{service}/csr                     {commonName?, organizationalUnit?, …, parentDomain?, extraNames?}
//   GET    /admin/api/certs/{service}/csr                     the pending CSR (.pem)
//   POST   /admin/api/certs/{service}/import?kind=own|trust[&dryRun=1][&peer=1]
//          body: the file's bytes (PEM, DER, .p7b, .p12); PKCS#12 password in `X-Pkcs12-Password`
// An upload that fails its checks answers 422 with the report (errors and warnings, each with a code).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpAuthenticator } from '../auth/http-auth.js';
import type { CertManager } from '../pki/cert-manager.js';
import { parseStoreName } from '../pki/cert-manager.js';
import type { CsrRequest } from '../pki/csr.js';
import { certificateDaysLeft } from '../pki/expiry-watch.js';
import { readBodyLimited, readJson, requireRole, sendJson, sendProblem } from './admin-api.js';
import type { HttpRoutes } from './http-routes.js';

export const CERTS_API_PREFIX = '/admin/api/certs/';

export interface CertsApiOptions {
  readonly routes: HttpRoutes;
  readonly auth: HttpAuthenticator;
  readonly manager: CertManager;
  readonly now: () => number;
}

const CSR_FIELDS = ['commonName', 'organizationalUnit', 'organization', 'locality', 'state', 'country', 'email', 'keyType'] as const;

/** Builds a CsrRequest from untrusted JSON: known string fields only. */
function csrRequestFrom(service: CsrRequest['service'], body: unknown): CsrRequest | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body must be a JSON object';
  const b = body as Record<string, unknown>;
  const out: Record<string, unknown> = { service };
  for (const f of CSR_FIELDS) {
    if (b[f] === undefined || b[f] === null || b[f] === '') continue;
    if (typeof b[f] !== 'string') return `${f} must be a string`;
    out[f] = b[f];
  }
  if (b.allowLegacyRsa1024 !== undefined) out.allowLegacyRsa1024 = b.allowLegacyRsa1024 === true;
  if (b.parentDomain !== undefined && b.parentDomain !== null && b.parentDomain !== '') {
    if (typeof b.parentDomain !== 'boolean' && typeof b.parentDomain !== 'string') return 'parentDomain must be true/false or a domain';
    out.parentDomain = b.parentDomain;
  }
  if (b.extraNames !== undefined) {
    if (!Array.isArray(b.extraNames) || b.extraNames.some((n) => typeof n !== 'string') || b.extraNames.length > 20) return 'extraNames must be a list of host names';
    out.extraNames = b.extraNames;
  }
  return out as unknown as CsrRequest;
}

function sendPem(res: ServerResponse, filename: string, pem: string): void {
  res.writeHead(200, {
    'content-type': 'application/x-pem-file',
    'content-disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
    'content-length': String(Buffer.byteLength(pem)),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  }).end(pem);
}

export function certsAdminApi(options: CertsApiOptions): void {
  const { routes, auth, manager } = options;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!requireRole(auth, req, res, 'admin')) return;
    const url = new URL(req.url ?? '/', 'https://x');
    const parts = url.pathname.slice(CERTS_API_PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent);
    const method = req.method ?? 'GET';
    const notAllowed = (allow: string) => sendProblem(res, 405, { error: 'method-not-allowed', message: `Use ${allow}.` }, { allow });

    if (parts.length === 0) {
      if (method !== 'GET') return notAllowed('GET');
      return sendJson(res, 200, { stores: manager.list(), expiry: certificateDaysLeft(manager, options.now()) });
    }
    if (parts.length === 1 && parts[0] === 'expiry') {
      if (method !== 'GET') return notAllowed('GET');
      return sendJson(res, 200, certificateDaysLeft(manager, options.now()));
    }
    const store = parseStoreName(parts[0]!);
    if (!store || parts.length > 3) return sendProblem(res, 404, { error: 'not-found', message: `No certificate store or action ${url.pathname}.` });
    const action = parts[1];

    if (parts.length === 1) {
      if (method !== 'GET') return notAllowed('GET');
      const l = manager.listStore(parts[0]!);
      return l.ok ? sendJson(res, 200, l.value) : sendProblem(res, 404, { error: l.error, message: l.text ?? l.error });
    }
    if (action === 'pem' && parts.length === 2) {
      if (method !== 'GET') return notAllowed('GET');
      const d = manager.download(parts[0]!, url.searchParams.get('which') ?? undefined);
      return d.ok ? sendPem(res, d.value.filename, d.value.pem) : sendProblem(res, 404, { error: d.error, message: d.text ?? d.error });
    }
    if (store.kind === 'trust' && parts.length === 2) {
      if (method !== 'DELETE') return notAllowed('DELETE');
      const r = await manager.deleteTrust(parts[0]!, action!);
      if (r.ok) return sendJson(res, 200, r.value);
      return sendProblem(res, r.error === 'not-found' ? 404 : r.error === 'refused' ? 409 : 400, { error: r.error, message: r.text ?? r.error });
    }
    if (store.kind !== 'own' || parts.length !== 2) return sendProblem(res, 404, { error: 'not-found', message: `No action ${url.pathname}.` });
    const service = store.service;

    if (action === 'regenerate') {
      if (method !== 'POST') return notAllowed('POST');
      const body = await readJson(req, res, 4096);
      if (body === undefined) return;
      const b = (body ?? {}) as Record<string, unknown>;
      if (typeof b !== 'object' || Array.isArray(b)) return sendProblem(res, 400, { error: 'bad-request', message: 'The body must be a JSON object.' });
      const r = await manager.regenerate(service, { selfSigned: b.selfSigned === true, ...(typeof b.keyType === 'string' ? { keyType: b.keyType } : {}) });
      return r.ok ? sendJson(res, 200, { certificate: r.value, selfSigned: b.selfSigned === true })
        : sendProblem(res, r.error === 'bad-request' ? 400 : 500, { error: r.error, message: r.text ?? r.error });
    }
    if (action === 'csr') {
      if (method === 'GET') {
        const r = manager.pendingCsr(service);
        return r.ok ? sendPem(res, `${service}.csr`, r.value) : sendProblem(res, 404, { error: r.error, message: r.text ?? r.error });
      }
      if (method !== 'POST') return notAllowed('GET, POST');
      const body = await readJson(req, res, 16 * 1024);
      if (body === undefined) return;
      const request = csrRequestFrom(service, body);
      if (typeof request === 'string') return sendProblem(res, 400, { error: 'bad-request', message: request });
      const r = await manager.generateCsr(request);
      return r.ok ? sendJson(res, 201, r.value) : sendProblem(res, 400, { error: r.error, message: r.text ?? r.error });
    }
    if (action === 'import') {
      if (method !== 'POST') return notAllowed('POST');
      const kind = url.searchParams.get('kind') ?? 'own';
      if (kind !== 'own' && kind !== 'trust') return sendProblem(res, 400, { error: 'bad-request', message: 'kind must be own or trust.' });
      const body = await readBodyLimited(req, manager.limits.maxBytes);
      if (!body.ok) return sendProblem(res, body.status, { error: body.status === 413 ? 'too-large' : 'bad-request', message: `${body.message} Nothing changed.` });
      const password = req.headers['x-pkcs12-password'];
      const common = {
        dryRun: ['1', 'true'].includes(url.searchParams.get('dryRun') ?? ''),
        ...(typeof password === 'string' ? { password } : {}),
      };
      const r = kind === 'own'
        ? await manager.importOwn(service, body.body, common)
        : await manager.importTrust(service, body.body, { ...common, peer: ['1', 'true'].includes(url.searchParams.get('peer') ?? '') });
      return sendJson(res, r.ok ? 200 : 422, r);
    }
    return sendProblem(res, 404, { error: 'not-found', message: `No action ${url.pathname}.` });
  }

  routes.prefix(CERTS_API_PREFIX, (req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) sendProblem(res, 500, { error: 'internal', message: `Certificate operation failed: ${(e as Error)?.message ?? e}` });
      else res.destroy();
    });
  });
}
