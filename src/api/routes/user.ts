// User: GET /User/<id> (by login id or login name), PUT /User/<id> (sign in, READY, NOT_READY, LOGOUT)
// ([finesse-api] §2.2, §3). Accepted changes answer 202; the new state arrives as a User event.
import { mayAct } from '../access.js';
import { fromCommandFailure } from '../errors.js';
import { accepted, failed, okXml, route, type ApiDeps, type ApiRequest, type ApiResult, type RouteDef } from '../route-types.js';
import { planStateChange } from '../state-change.js';
import { readUserUpdate } from '../xml/requests.js';
import { renderUser, signedOutStatus } from '../xml/user.js';
import { bodyElement, readableUser } from './common.js';
import { apiError } from '../errors.js';

function getUser(req: ApiRequest, deps: ApiDeps): ApiResult {
  const target = readableUser(req, deps);
  if (!target.ok) return failed(target.error);
  const status = deps.contactCenter.agent(target.value.id) ?? signedOutStatus(target.value.id);
  return okXml(renderUser(target.value, status, deps.dir));
}

async function putUser(req: ApiRequest, deps: ApiDeps): Promise<ApiResult> {
  const id = req.params.id ?? '';
  const target = deps.dir.user(id);
  if (!target) return failed(apiError.userNotFound(id));
  const access = mayAct(req.caller!, target);
  if (!access.ok) return failed(access.error);
  const body = await bodyElement(req, deps, 'User');
  if (!body.ok) return failed(body.error);
  const cc = deps.contactCenter;
  const plan = planStateChange({
    update: readUserUpdate(body.value),
    agentId: target.id,
    as: access.as,
    current: cc.agent(target.id) ?? signedOutStatus(target.id),
    dir: deps.dir,
    deployment: deps.settings.deploymentType,
    extensionInUse: (ext) => cc.agents().some((a) => a.agentId !== target.id && a.extension === ext && a.state !== 'LOGOUT'),
    requestId: req.requestId,
  });
  if (!plan.ok) return failed(plan.error);
  const outcome = await cc.setAgentState(plan.command);
  return outcome.ok ? accepted() : failed(fromCommandFailure(outcome.failure));
}

export const userRoutes: readonly RouteDef[] = [
  route('User/:id', { GET: { access: 'user', handler: getUser }, PUT: { access: 'user', handler: putUser } }),
];
