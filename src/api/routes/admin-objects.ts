// The administrator's configuration objects under /finesse/api/ ([finesse-api] §2.2 admin objects,
// guide chunk 237): Users, Teams, Queues, ReasonCodes, WrapUpReasons (list and create) and the single
// objects (read, update, delete). Synchronous: 200 with an empty body (a create names the new object in
// `Location`); no events are published for configuration objects ([finesse-api] §1.3).
import { deriveCredentials } from '../../auth/credentials.js';
import { StorageError } from '../../storage/errors.js';
import type { ReasonCodeRecord, Role, UserRecord } from '../../storage/stores.js';
import type { Element } from '../../xml/element.js';
import { isAdmin } from '../access.js';
import { apiError, type ApiError } from '../errors.js';
import { done, failed, okXml, route, type ApiDeps, type ApiRequest, type ApiResult, type RouteDef, type RouteHandler } from '../route-types.js';
import { node } from '../xml/common.js';
import { queueUri, renderQueue } from '../xml/queue.js';
import { reasonCodeUri, renderReasonCode, renderReasonCodes } from '../xml/reason-code.js';
import { childToken } from '../xml/requests.js';
import { renderTeams } from '../xml/team.js';
import { renderUser, signedOutStatus, teamUri, userUri } from '../xml/user.js';
import { renderWrapUpReason, renderWrapUpReasons, wrapUpReasonUri } from '../xml/wrap-up-reason.js';
import { bodyElement } from './common.js';
import { categoryOf } from './reason-codes.js';

const ID = /^[a-z0-9._-]{1,64}$/;
const LABEL_MAX = 40;
const NAME_MAX = 64;
const ROLES: Readonly<Record<string, Role>> = { Agent: 'agent', Supervisor: 'supervisor', Admin: 'admin', Administrator: 'admin' };

type Checked<T> = { ok: true; value: T } | { ok: false; error: ApiError };
const bad = <T>(error: ApiError): Checked<T> => ({ ok: false, error });

/** Runs a store write; integrity failures (unknown team, duplicate code) become 400 Invalid Input. */
function write(fn: () => void): ApiError | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (e instanceof StorageError) return apiError.invalidInput(e.message.slice(0, 200), e.code);
    throw e;
  }
}

/** An admin handler that reads a body with root `root` and applies it. */
const withBody = (root: string, apply: (el: Element, req: ApiRequest, deps: ApiDeps) => ApiResult): RouteHandler =>
  async (req, deps) => {
    const body = await bodyElement(req, deps, root);
    return body.ok ? apply(body.value, req, deps) : failed(body.error);
  };

function nextId(ids: readonly string[]): string {
  return String(ids.reduce((max, id) => (/^\d+$/.test(id) ? Math.max(max, Number(id)) : max), 0) + 1);
}

function text(el: Element, name: string, max: number, required: boolean): Checked<string | undefined> {
  const v = childToken(el, name);
  if (v === undefined) return required ? bad(apiError.parameterMissing(name)) : { ok: true, value: undefined };
  if (v.length > max) return bad(apiError.invalidInput(`${name} longer than ${max} characters`, name));
  return { ok: true, value: v };
}

function bool(el: Element, name: string, fallback: boolean): Checked<boolean> {
  const v = childToken(el, name);
  if (v === undefined) return { ok: true, value: fallback };
  if (v === 'true' || v === 'false') return { ok: true, value: v === 'true' };
  return bad(apiError.invalidInput(`${name} must be true or false`, name));
}

// ---- Users ----

function listUsers(req: ApiRequest, deps: ApiDeps): ApiResult {
  const caller = req.caller!;
  let users: UserRecord[];
  if (isAdmin(caller)) users = deps.dir.users();
  else if (caller.roles.includes('supervisor')) users = caller.supervisedTeamIds.flatMap((t) => deps.dir.teamMembers(t));
  else return failed(apiError.wrongUser(caller.id));
  return okXml(node('Users', users.map((u) => renderUser(u, deps.contactCenter.agent(u.id) ?? signedOutStatus(u.id), deps.dir))));
}

function readNewUser(el: Element, deps: ApiDeps): Checked<{ user: UserRecord; password: string }> {
  const id = childToken(el, 'loginId');
  if (id === undefined) return bad(apiError.parameterMissing('loginId'));
  if (!ID.test(id)) return bad(apiError.invalidInput('loginId must be 1-64 of a-z 0-9 . _ -', id.slice(0, 64)));
  if (deps.dir.user(id)) return bad(apiError.invalidInput('User already exists', id));
  const password = el.getChildText('password');
  if (password === undefined || password === '') return bad(apiError.parameterMissing('password'));
  const fields: Record<string, string | undefined> = {};
  for (const [name, required] of [['loginName', false], ['firstName', true], ['lastName', true], ['extension', false], ['teamId', false]] as const) {
    const t = text(el, name, NAME_MAX, required);
    if (!t.ok) return t;
    fields[name] = t.value;
  }
  const roles: Role[] = [];
  for (const r of el.getChild('roles')?.getChildren('role') ?? []) {
    const role = ROLES[r.text().trim()];
    if (!role) return bad(apiError.invalidInput('Unknown role', r.text().trim().slice(0, 64)));
    roles.push(role);
  }
  const list = (parent: string, child: string): string[] => (el.getChild(parent)?.getChildren(child) ?? []).map((c) => c.text().trim());
  const user: UserRecord = {
    id, loginName: fields.loginName ?? id, firstName: fields.firstName!, lastName: fields.lastName!,
    extension: fields.extension ?? null, roles: roles.length > 0 ? roles : ['agent'], teamId: fields.teamId ?? null,
    supervisedTeamIds: list('supervisedTeams', 'team'), queueIds: list('queues', 'queue'),
  };
  return { ok: true, value: { user, password } };
}

const createUser = withBody('User', (el, _req, deps) => {
  const r = readNewUser(el, deps);
  if (!r.ok) return failed(r.error);
  const error = write(() => deps.stores.users.put(r.value.user, deriveCredentials(r.value.password)));
  if (error) return failed(error);
  deps.directoryChanged(r.value.user.id);
  return done({ location: userUri(r.value.user.id) });
});

function deleteUser(req: ApiRequest, deps: ApiDeps): ApiResult {
  const user = deps.dir.user(req.params.id ?? '');
  if (!user) return failed(apiError.userNotFound(req.params.id ?? ''));
  if (user.id === req.caller!.id) return failed(apiError.invalidInput('An administrator cannot delete itself', user.id));
  deps.stores.users.delete(user.id);
  deps.directoryChanged(user.id);
  return done();
}

// ---- Teams and queues (id + name) ----

function namedObject(kind: 'Team' | 'Queue') {
  const store = (deps: ApiDeps) => (kind === 'Team' ? deps.stores.teams : deps.stores.queues);
  const uri = kind === 'Team' ? teamUri : queueUri;
  const param = kind === 'Team' ? 'teamId' : 'queueId';
  const create = withBody(kind, (el, _req, deps) => {
    const name = text(el, 'name', NAME_MAX, true);
    if (!name.ok) return failed(name.error);
    const given = childToken(el, 'id');
    if (given !== undefined && !ID.test(given)) return failed(apiError.invalidInput('Invalid id', given.slice(0, 64)));
    const id = given ?? nextId(store(deps).list().map((x) => x.id));
    if (store(deps).get(id)) return failed(apiError.invalidInput(`${kind} already exists`, id));
    store(deps).put({ id, name: name.value! });
    deps.directoryChanged();
    return done({ location: uri(id) });
  });
  const update = withBody(kind, (el, req, deps) => {
    const id = req.params[param] ?? '';
    if (!store(deps).get(id)) return failed(apiError.notFound(`${kind} not found`, id.slice(0, 64)));
    const name = text(el, 'name', NAME_MAX, true);
    if (!name.ok) return failed(name.error);
    store(deps).put({ id, name: name.value! });
    deps.directoryChanged();
    return done();
  });
  const remove: RouteHandler = (req, deps) => {
    const id = req.params[param] ?? '';
    if (!store(deps).delete(id)) return failed(apiError.notFound(`${kind} not found`, id.slice(0, 64)));
    deps.directoryChanged();
    return done();
  };
  return { create, update, remove };
}

const teams = namedObject('Team');
const queues = namedObject('Queue');

function listTeams(req: ApiRequest, deps: ApiDeps): ApiResult {
  const caller = req.caller!;
  if (isAdmin(caller)) return okXml(renderTeams(deps.dir.teams()));
  if (caller.roles.includes('supervisor')) return okXml(renderTeams(deps.dir.teams().filter((t) => caller.supervisedTeamIds.includes(t.id))));
  return failed(apiError.wrongUser(caller.id));
}

const listQueues: RouteHandler = (_req, deps) =>
  okXml(node('Queues', deps.dir.queues().map((q) => renderQueue(q, deps.settings.deploymentType === 'UCCX' ? undefined : deps.contactCenter.queueStatistics(q.id)))));

// ---- Reason codes ----

function readReasonCode(el: Element, id: string): Checked<ReasonCodeRecord> {
  const category = childToken(el, 'category');
  if (category === undefined) return bad(apiError.parameterMissing('category'));
  if (category !== 'NOT_READY' && category !== 'LOGOUT') return bad(apiError.invalidInput('Invalid category', category.slice(0, 64)));
  const codeText = childToken(el, 'code');
  if (codeText === undefined) return bad(apiError.parameterMissing('code'));
  const code = Number(codeText);
  if (!/^\d{1,5}$/.test(codeText) || code < 1 || code > 65535) return bad(apiError.invalidInput('code must be 1-65535', codeText.slice(0, 64)));
  const label = text(el, 'label', LABEL_MAX, true);
  if (!label.ok) return label;
  const forAll = bool(el, 'forAll', true);
  if (!forAll.ok) return forAll;
  return { ok: true, value: { id, category, code, label: label.value!, forAll: forAll.value, isSystemCode: false } };
}

const createReasonCode = withBody('ReasonCode', (el, _req, deps) => {
  const id = nextId(deps.dir.reasonCodes().map((rc) => rc.id));
  const rc = readReasonCode(el, id);
  if (!rc.ok) return failed(rc.error);
  const error = write(() => deps.stores.reasonCodes.put(rc.value));
  return error ? failed(error) : done({ location: reasonCodeUri(id) });
});

const rcNotFound = (id: string) => apiError.notFound('Reason code not found', id.slice(0, 64));

const updateReasonCode = withBody('ReasonCode', (el, req, deps) => {
  const id = req.params.rcId ?? '';
  const old = deps.dir.reasonCode(id);
  if (!old) return failed(rcNotFound(id));
  if (old.isSystemCode) return failed(apiError.invalidInput('System reason codes cannot be changed', id));
  const rc = readReasonCode(el, id);
  if (!rc.ok) return failed(rc.error);
  const error = write(() => deps.stores.reasonCodes.put(rc.value));
  return error ? failed(error) : done();
});

function deleteReasonCode(req: ApiRequest, deps: ApiDeps): ApiResult {
  const id = req.params.rcId ?? '';
  const old = deps.dir.reasonCode(id);
  if (!old) return failed(rcNotFound(id));
  if (old.isSystemCode) return failed(apiError.invalidInput('System reason codes cannot be deleted', id));
  deps.stores.reasonCodes.delete(id);
  return done();
}

function getReasonCode(req: ApiRequest, deps: ApiDeps): ApiResult {
  const rc = deps.dir.reasonCode(req.params.rcId ?? '');
  return rc ? okXml(renderReasonCode(rc)) : failed(rcNotFound(req.params.rcId ?? ''));
}

function listAllReasonCodes(req: ApiRequest, deps: ApiDeps): ApiResult {
  const c = categoryOf(req);
  return c.ok ? okXml(renderReasonCodes(deps.dir.reasonCodes(c.category).filter((rc) => !rc.isSystemCode), c.category)) : failed(c.error);
}

// ---- Wrap-up reasons ----

function readWrapUp(el: Element, id: string): Checked<{ id: string; label: string; forAll: boolean }> {
  const label = text(el, 'label', LABEL_MAX, true);
  if (!label.ok) return label;
  const forAll = bool(el, 'forAll', true);
  if (!forAll.ok) return forAll;
  return { ok: true, value: { id, label: label.value!, forAll: forAll.value } };
}

const wrNotFound = (id: string) => apiError.notFound('Wrap-up reason not found', id.slice(0, 64));

const createWrapUp = withBody('WrapUpReason', (el, _req, deps) => {
  const id = nextId(deps.dir.wrapUpReasons().map((w) => w.id));
  const w = readWrapUp(el, id);
  if (!w.ok) return failed(w.error);
  if (deps.dir.wrapUpReasons().some((x) => x.label === w.value.label)) return failed(apiError.invalidInput('Wrap-up reason already exists', w.value.label));
  deps.stores.wrapUpReasons.put(w.value);
  return done({ location: wrapUpReasonUri(id) });
});

const updateWrapUp = withBody('WrapUpReason', (el, req, deps) => {
  const id = req.params.wrId ?? '';
  if (!deps.dir.wrapUpReason(id)) return failed(wrNotFound(id));
  const w = readWrapUp(el, id);
  if (!w.ok) return failed(w.error);
  deps.stores.wrapUpReasons.put(w.value);
  return done();
});

const admin = (handler: RouteHandler) => ({ access: 'admin' as const, handler });
const user = (handler: RouteHandler) => ({ access: 'user' as const, handler });

export const adminObjectRoutes: readonly RouteDef[] = [
  route('Users', { GET: user(listUsers), POST: admin(createUser) }),
  route('User/:id', { DELETE: admin(deleteUser) }),
  route('Teams', { GET: user(listTeams), POST: admin(teams.create) }),
  route('Team/:teamId', { PUT: admin(teams.update), DELETE: admin(teams.remove) }),
  route('Queues', { GET: admin(listQueues), POST: admin(queues.create) }),
  route('Queue/:queueId', { PUT: admin(queues.update), DELETE: admin(queues.remove) }),
  route('ReasonCodes', { GET: admin(listAllReasonCodes), POST: admin(createReasonCode) }),
  route('ReasonCode/:rcId', { GET: admin(getReasonCode), PUT: admin(updateReasonCode), DELETE: admin(deleteReasonCode) }),
  route('WrapUpReasons', { GET: admin((_r, deps) => okXml(renderWrapUpReasons(deps.dir.wrapUpReasons()))), POST: admin(createWrapUp) }),
  route('WrapUpReason/:wrId', {
    GET: admin((req, deps) => { const w = deps.dir.wrapUpReason(req.params.wrId ?? ''); return w ? okXml(renderWrapUpReason(w)) : failed(wrNotFound(req.params.wrId ?? '')); }),
    PUT: admin(updateWrapUp),
    DELETE: admin((req, deps) => (deps.stores.wrapUpReasons.delete(req.params.wrId ?? '') ? done() : failed(wrNotFound(req.params.wrId ?? '')))),
  }),
];
