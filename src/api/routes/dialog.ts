// Dialogs and Dialog ([finesse-api] §2.3): GET /User/<id>/Dialogs, POST /User/<id>/Dialogs (MAKE_CALL),
// GET /Dialog/<id>, PUT /Dialog/<id> (requestedAction). Accepted commands answer 202.
import type { Dialog } from '../../contact-center/contact-center.js';
import type { UserRecord } from '../../storage/stores.js';
import { isAdmin, supervises } from '../access.js';
import { planDialogAction, planMakeCall } from '../dialog-request.js';
import { apiError, fromCommandFailure } from '../errors.js';
import { accepted, failed, okXml, route, type ApiDeps, type ApiRequest, type ApiResult, type RouteDef } from '../route-types.js';
import { readDialogRequest } from '../xml/requests.js';
import { renderDialog, renderDialogs } from '../xml/dialog.js';
import { bodyElement, readableUser } from './common.js';

function listDialogs(req: ApiRequest, deps: ApiDeps): ApiResult {
  const target = readableUser(req, deps);
  if (!target.ok) return failed(target.error);
  return okXml(renderDialogs(deps.contactCenter.dialogsOf(target.value.id)));
}

async function makeCall(req: ApiRequest, deps: ApiDeps): Promise<ApiResult> {
  const id = req.params.id ?? '';
  const target = deps.dir.user(id);
  if (!target) return failed(apiError.userNotFound(id));
  if (target.id !== req.caller!.id) return failed(apiError.wrongUser(target.id));
  const body = await bodyElement(req, deps, 'Dialog');
  if (!body.ok) return failed(body.error);
  const parsed = readDialogRequest(body.value);
  if (!parsed.ok) return failed(parsed.error);
  const plan = planMakeCall({
    request: parsed.value, agentId: target.id, agentExtension: deps.contactCenter.agent(target.id)?.extension ?? null,
    deployment: deps.settings.deploymentType, requestId: req.requestId,
  });
  if (!plan.ok) return failed(plan.error);
  const outcome = await deps.contactCenter.makeCall(plan.command);
  return outcome.ok ? accepted() : failed(fromCommandFailure(outcome.failure));
}

/** The agents on a dialog: by participant agentId, else by a signed-in agent's extension. */
function agentsOn(d: Dialog, deps: ApiDeps): string[] {
  const ids = new Set<string>();
  const byExtension = new Map<string, string>();
  for (const p of d.participants) {
    if (p.agentId) { ids.add(p.agentId); continue; }
    if (p.mediaAddressType !== 'AGENT_DEVICE') continue;
    if (byExtension.size === 0) for (const a of deps.contactCenter.agents()) if (a.extension) byExtension.set(a.extension, a.agentId);
    const id = byExtension.get(p.mediaAddress);
    if (id) ids.add(id);
  }
  return [...ids];
}

/** The agent on whose behalf the caller acts on this dialog: itself, or a supervised participant. */
function actingAgent(caller: UserRecord, d: Dialog, deps: ApiDeps): string | undefined {
  const agents = agentsOn(d, deps);
  if (agents.includes(caller.id)) return caller.id;
  return agents.find((id) => { const u = deps.dir.user(id); return u !== undefined && supervises(caller, u); });
}

const unknownDialog = (id: string) => apiError.notFound('Invalid dialogId specified for dialog', id.slice(0, 64));

function getDialog(req: ApiRequest, deps: ApiDeps): ApiResult {
  const id = req.params.dialogId ?? '';
  const d = deps.contactCenter.dialog(id);
  if (!d) return failed(unknownDialog(id));
  if (!isAdmin(req.caller!) && actingAgent(req.caller!, d, deps) === undefined) return failed(apiError.wrongUser(req.caller!.id));
  return okXml(renderDialog(d));
}

async function putDialog(req: ApiRequest, deps: ApiDeps): Promise<ApiResult> {
  const id = req.params.dialogId ?? '';
  const d = deps.contactCenter.dialog(id);
  if (!d) return failed(unknownDialog(id));
  const agentId = actingAgent(req.caller!, d, deps);
  if (agentId === undefined) return failed(apiError.wrongUser(req.caller!.id));
  const body = await bodyElement(req, deps, 'Dialog');
  if (!body.ok) return failed(body.error);
  const parsed = readDialogRequest(body.value);
  if (!parsed.ok) return failed(parsed.error);
  const plan = planDialogAction({
    request: parsed.value, dialogId: id, agentId,
    agentExtension: deps.contactCenter.agent(agentId)?.extension ?? null, requestId: req.requestId,
  });
  if (!plan.ok) return failed(plan.error);
  const outcome = await deps.contactCenter.dialogAction(plan.command);
  return outcome.ok ? accepted() : failed(fromCommandFailure(outcome.failure));
}

export const dialogRoutes: readonly RouteDef[] = [
  route('User/:id/Dialogs', { GET: { access: 'user', handler: listDialogs }, POST: { access: 'user', handler: makeCall } }),
  route('Dialog/:dialogId', { GET: { access: 'user', handler: getDialog }, PUT: { access: 'user', handler: putDialog } }),
];
