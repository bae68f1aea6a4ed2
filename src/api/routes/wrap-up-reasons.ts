// Wrap-up reasons for users ([finesse-api] §2.2): GET /User/<id>/WrapUpReasons and
// /User/<id>/WrapUpReason/<id>. The administrator's objects are in admin-objects.ts.
import { apiError } from '../errors.js';
import { failed, okXml, route, type ApiDeps, type ApiRequest, type ApiResult, type RouteDef } from '../route-types.js';
import { renderWrapUpReason, renderWrapUpReasons } from '../xml/wrap-up-reason.js';
import { readableUser } from './common.js';

function list(req: ApiRequest, deps: ApiDeps): ApiResult {
  const target = readableUser(req, deps);
  return target.ok ? okXml(renderWrapUpReasons(deps.dir.wrapUpReasons())) : failed(target.error);
}

function one(req: ApiRequest, deps: ApiDeps): ApiResult {
  const target = readableUser(req, deps);
  if (!target.ok) return failed(target.error);
  const w = deps.dir.wrapUpReason(req.params.wrId ?? '');
  return w ? okXml(renderWrapUpReason(w)) : failed(apiError.notFound('Wrap-up reason not found', (req.params.wrId ?? '').slice(0, 64)));
}

export const wrapUpReasonRoutes: readonly RouteDef[] = [
  route('User/:id/WrapUpReasons', { GET: { access: 'user', handler: list } }),
  route('User/:id/WrapUpReason/:wrId', { GET: { access: 'user', handler: one } }),
];
