// Reason codes for users ([finesse-api] §2.2): GET /User/<id>/ReasonCodes?category=NOT_READY|LOGOUT and
// /User/<id>/ReasonCode/<id>; the administrator's ReasonCodes and ReasonCode objects are in
// admin-objects.ts. System codes (255 …) are never listed.
import type { ReasonCategory } from '../../storage/stores.js';
import { apiError, type ApiError } from '../errors.js';
import { failed, okXml, route, type ApiDeps, type ApiRequest, type ApiResult, type RouteDef } from '../route-types.js';
import { renderReasonCode, renderReasonCodes } from '../xml/reason-code.js';
import { readableUser } from './common.js';

/** `category` query parameter: NOT_READY, LOGOUT, or absent/ALL for both. */
export function categoryOf(req: ApiRequest): { ok: true; category: ReasonCategory | undefined } | { ok: false; error: ApiError } {
  const raw = req.query.get('category');
  if (raw === null || raw === '' || raw === 'ALL') return { ok: true, category: undefined };
  if (raw === 'NOT_READY' || raw === 'LOGOUT') return { ok: true, category: raw };
  return { ok: false, error: apiError.invalidInput('Invalid category', raw.slice(0, 64)) };
}

export function listReasonCodes(req: ApiRequest, deps: ApiDeps): ApiResult {
  const c = categoryOf(req);
  if (!c.ok) return failed(c.error);
  return okXml(renderReasonCodes(deps.dir.reasonCodes(c.category).filter((rc) => !rc.isSystemCode), c.category));
}

function userReasonCodes(req: ApiRequest, deps: ApiDeps): ApiResult {
  const target = readableUser(req, deps);
  return target.ok ? listReasonCodes(req, deps) : failed(target.error);
}

function userReasonCode(req: ApiRequest, deps: ApiDeps): ApiResult {
  const target = readableUser(req, deps);
  if (!target.ok) return failed(target.error);
  const rc = deps.dir.reasonCode(req.params.rcId ?? '');
  if (!rc || rc.isSystemCode) return failed(apiError.notFound('Reason code not found', (req.params.rcId ?? '').slice(0, 64)));
  return okXml(renderReasonCode(rc));
}

export const reasonCodeRoutes: readonly RouteDef[] = [
  route('User/:id/ReasonCodes', { GET: { access: 'user', handler: userReasonCodes } }),
  route('User/:id/ReasonCode/:rcId', { GET: { access: 'user', handler: userReasonCode } }),
];
