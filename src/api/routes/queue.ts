// Queues with statistics ([finesse-api] §2.2 "Queues of a user", §2.5): GET /Queue/<id> for any user,
// GET /User/<id>/Queues (a supervisor gets the queues of every member of its teams). UCCX: -1 statistics.
import type { QueueRecord } from '../../storage/stores.js';
import { apiError } from '../errors.js';
import { failed, okXml, route, type ApiDeps, type ApiRequest, type ApiResult, type RouteDef } from '../route-types.js';
import { renderQueue, renderQueues } from '../xml/queue.js';
import { readableUser } from './common.js';

const statsOf = (deps: ApiDeps, id: string) =>
  deps.settings.deploymentType === 'UCCX' ? undefined : deps.contactCenter.queueStatistics(id);

function getQueue(req: ApiRequest, deps: ApiDeps): ApiResult {
  const id = req.params.queueId ?? '';
  const queue = deps.dir.queue(id);
  if (!queue) return failed(apiError.notFound('Queue not found', id.slice(0, 64)));
  return okXml(renderQueue(queue, statsOf(deps, id)));
}

function userQueues(req: ApiRequest, deps: ApiDeps): ApiResult {
  const target = readableUser(req, deps);
  if (!target.ok) return failed(target.error);
  const user = target.value;
  const ids = new Set(user.queueIds);
  if (user.roles.includes('supervisor')) {
    for (const teamId of user.supervisedTeamIds) for (const m of deps.dir.teamMembers(teamId)) for (const q of m.queueIds) ids.add(q);
  }
  const queues = [...ids].map((id) => deps.dir.queue(id)).filter((q): q is QueueRecord => q !== undefined)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return okXml(renderQueues(queues.map((queue) => ({ queue, stats: statsOf(deps, queue.id) }))));
}

export const queueRoutes: readonly RouteDef[] = [
  route('Queue/:queueId', { GET: { access: 'user', handler: getQueue } }),
  route('User/:id/Queues', { GET: { access: 'user', handler: userQueues } }),
];
