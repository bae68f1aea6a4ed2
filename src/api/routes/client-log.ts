// POST /finesse/api/User/<id>/ClientLog ([finesse-api] §2.6): the desktop's "Send Error Report". logData
// up to the clientLogMaxChars setting (400 Invalid Input beyond, 400 Parameter Missing without), stored
// as a file, then acknowledged with a POST <Update> on the user's ClientLog node (finesse.js clears its
// buffer on it). Other methods: 405.
import { clientLogNode } from '../../pubsub/finesse-nodes.js';
import { apiError } from '../errors.js';
import { accepted, failed, route, type ApiDeps, type ApiRequest, type ApiResult, type RouteDef } from '../route-types.js';
import { parseRoot, readClientLog } from '../xml/requests.js';
import { renderUpdate } from '../xml/update.js';

/** The body may carry escaped text (`&amp;` is 5 bytes for 1 character): bound bytes generously. */
export const clientLogBodyLimit = (maxChars: number): number => maxChars * 6 + 64 * 1024;

async function postClientLog(req: ApiRequest, deps: ApiDeps): Promise<ApiResult> {
  const id = req.params.id ?? '';
  const target = deps.dir.user(id);
  if (!target) return failed(apiError.userNotFound(id));
  if (target.id !== req.caller!.id) return failed(apiError.wrongUser(target.id));
  const max = deps.settings.clientLogMaxChars;
  const limit = clientLogBodyLimit(max);
  const tooLong = apiError.invalidInput(`logData longer than ${max} characters`, 'logData');
  const body = await req.readBody(limit);
  if (!body.ok) return failed(body.error.status === 413 ? tooLong : body.error);
  const parsed = parseRoot(body.body, 'ClientLog', limit);
  if (!parsed.ok) return failed(parsed.error);
  const logData = readClientLog(parsed.value);
  if (logData === undefined || logData.trim() === '') return failed(apiError.parameterMissing('logData'));
  if (logData.length > max) return failed(tooLong);
  const file = await deps.clientLogs.save(target.id, logData, deps.clock.now());
  deps.log.info(`ClientLog of ${target.id} stored as ${file} (${logData.length} characters)`);
  const node = clientLogNode(target.id);
  deps.publish(node, renderUpdate({ data: null, event: 'POST', requestId: req.requestId, source: node }));
  return accepted();
}

export const clientLogRoutes: readonly RouteDef[] = [
  route('User/:id/ClientLog', { POST: { access: 'user', handler: postClientLog } }),
];
