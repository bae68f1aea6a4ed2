// Shared glue for Parley's administrator REST API (`/admin/api/<area>/…` on the https port, JSON in
// and out, HTTP Basic with the admin role) and for any handler that reads a bounded request body.
// Each area (certs, cors, sim, diagnostics…) registers its own prefix and uses these helpers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpAuthenticator } from '../auth/http-auth.js';
import type { Role, UserRecord } from '../storage/stores.js';

export const ADMIN_API_PREFIX = '/admin/api/';

export interface ApiProblem {
  /** Machine-readable, e.g. 'unauthorized', 'forbidden', 'bad-request', 'not-found', 'too-large'. */
  readonly error: string;
  /** One sentence a person can act on. */
  readonly message: string;
  readonly details?: unknown;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body, null, 2) + '\n';
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    ...headers,
  }).end(text);
}

export function sendProblem(res: ServerResponse, status: number, problem: ApiProblem, headers: Record<string, string> = {}): void {
  sendJson(res, status, problem, headers);
}

/**
 * Authenticates the request and checks the role; answers 401 (with a Basic challenge) or 403 itself
 * and returns undefined when the caller may not go on.
 */
export function requireRole(auth: HttpAuthenticator, req: IncomingMessage, res: ServerResponse, role: Role = 'admin'): UserRecord | undefined {
  const outcome = auth.authenticate(req.headers.authorization);
  if (!outcome.ok) {
    const message = outcome.failure === 'locked'
      ? 'This account is locked after too many failed sign-ins; try again in a few minutes.'
      : outcome.failure === 'missing' ? 'Sign in with HTTP Basic authentication.' : 'Wrong user id or password.';
    sendProblem(res, 401, { error: outcome.failure === 'locked' ? 'locked' : 'unauthorized', message }, { 'www-authenticate': 'Basic realm="Parley"' });
    return undefined;
  }
  if (!outcome.user.roles.includes(role)) {
    sendProblem(res, 403, { error: 'forbidden', message: `This needs the ${role} role.` });
    return undefined;
  }
  return outcome.user;
}

export type BodyOutcome =
  | { readonly ok: true; readonly body: Buffer }
  | { readonly ok: false; readonly status: 413 | 400; readonly message: string };

/** Reads the whole request body up to `limit` bytes; a larger body is refused (413) without buffering it. */
export function readBodyLimited(req: IncomingMessage, limit: number): Promise<BodyOutcome> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      resolve({ ok: false, status: 413, message: `The request body is ${declared} bytes; the limit is ${limit}.` });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        req.resume();
        resolve({ ok: false, status: 413, message: `The request body is over the limit of ${limit} bytes.` });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => { if (!done) { done = true; resolve({ ok: true, body: Buffer.concat(chunks) }); } });
    req.on('error', () => { if (!done) { done = true; resolve({ ok: false, status: 400, message: 'The request body could not be read.' }); } });
  });
}

/** Reads and parses a JSON body; answers 400/413 itself and returns undefined on failure. */
export async function readJson(req: IncomingMessage, res: ServerResponse, limit = 1024 * 1024): Promise<unknown> {
  const r = await readBodyLimited(req, limit);
  if (!r.ok) { sendProblem(res, r.status, { error: r.status === 413 ? 'too-large' : 'bad-request', message: r.message }); return undefined; }
  try {
    return JSON.parse(r.body.toString('utf8') || 'null');
  } catch (e) {
    sendProblem(res, 400, { error: 'bad-request', message: `The body is not valid JSON: ${(e as Error).message}` });
    return undefined;
  }
}
