// POST /admin/api/sim/calls — the admin REST equivalent of `parley sim call` ([contract] "Calls in the
// simulator"): JSON {queue, ani, dnis?, callVariables?: [{name, value}]} → 201 {callId}.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpAuthenticator } from '../auth/http-auth.js';
import type { HttpRoutes } from '../http/http-routes.js';
import { readJson, requireRole, sendJson, sendProblem } from '../http/admin-api.js';
import type { CallSimulator, CallVariable } from '../contact-center/contact-center.js';

export const SIM_API_PREFIX = '/admin/api/sim/';

type Input = Parameters<CallSimulator['offerCall']>[0];

/** Validates the JSON body; a message a person can act on when it is wrong. */
export function readOfferCall(body: unknown): { ok: true; input: Input } | { ok: false; message: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, message: 'The body must be a JSON object {queue, ani, dnis?, callVariables?}.' };
  const b = body as Record<string, unknown>;
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : undefined);
  const queueId = str(b.queue);
  const ani = str(b.ani);
  if (!queueId || !/^[A-Za-z0-9._-]{1,64}$/.test(queueId)) return { ok: false, message: '"queue" must name a queue id, e.g. "1".' };
  if (!ani || !/^[0-9*#+]{1,32}$/.test(ani)) return { ok: false, message: '"ani" must be a calling number of 1-32 digits.' };
  const dnis = b.dnis === undefined ? undefined : str(b.dnis);
  if (b.dnis !== undefined && (!dnis || !/^[0-9*#+]{1,32}$/.test(dnis))) return { ok: false, message: '"dnis" must be a dialed number of 1-32 digits.' };
  let callVariables: CallVariable[] | undefined;
  if (b.callVariables !== undefined) {
    if (!Array.isArray(b.callVariables) || b.callVariables.length > 200) return { ok: false, message: '"callVariables" must be a list of at most 200 {name, value}.' };
    callVariables = [];
    for (const v of b.callVariables as unknown[]) {
      const o = v as Record<string, unknown> | null;
      if (typeof o !== 'object' || o === null || typeof o.name !== 'string' || typeof o.value !== 'string' || o.name.length > 64 || o.value.length > 2000) {
        return { ok: false, message: 'Each call variable must be {"name": string ≤ 64, "value": string ≤ 2000}.' };
      }
      callVariables.push({ name: o.name, value: o.value });
    }
  }
  return { ok: true, input: { queueId, ani, ...(dnis ? { dnis } : {}), ...(callVariables ? { callVariables } : {}) } };
}

export function mountSimApi(routes: HttpRoutes, auth: HttpAuthenticator, simulator: CallSimulator): void {
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!requireRole(auth, req, res, 'admin')) return;
    const path = new URL(req.url ?? '/', 'https://localhost').pathname.replace(/\/$/, '');
    if (path !== '/admin/api/sim/calls') { sendProblem(res, 404, { error: 'not-found', message: 'Try POST /admin/api/sim/calls.' }); return; }
    if (req.method !== 'POST') { sendProblem(res, 405, { error: 'method-not-allowed', message: 'Use POST.' }, { allow: 'POST' }); return; }
    const body = await readJson(req, res, 64 * 1024);
    if (body === undefined) return;
    const input = readOfferCall(body);
    if (!input.ok) { sendProblem(res, 400, { error: 'bad-request', message: input.message }); return; }
    const outcome = simulator.offerCall(input.input);
    if (!outcome.ok) {
      const status = outcome.failure.errorType === 'Not Found' ? 404 : outcome.failure.errorType === 'Service Unavailable' ? 503 : 400;
      sendProblem(res, status, { error: 'refused', message: outcome.failure.errorMessage, details: outcome.failure });
      return;
    }
    sendJson(res, 201, { callId: outcome.value.callId });
  }
  routes.prefix(SIM_API_PREFIX, (req, res) => {
    handle(req, res).catch(() => { if (!res.headersSent) sendProblem(res, 500, { error: 'internal', message: 'The simulator failed.' }); });
  });
}
