// GET /finesse/api/Team/<id>: the team with its users and their states ([finesse-api] §2.4), for the
// team's supervisors and administrators. There is no /Team/<id>/Users resource (finesse.js reads
// Team.users); its node carries the member events.
import { isAdmin, supervisesTeam } from '../access.js';
import { apiError } from '../errors.js';
import { failed, okXml, route, type ApiDeps, type ApiRequest, type ApiResult, type RouteDef } from '../route-types.js';
import { renderTeam } from '../xml/team.js';
import { signedOutStatus } from '../xml/user.js';

function getTeam(req: ApiRequest, deps: ApiDeps): ApiResult {
  const id = req.params.teamId ?? '';
  const team = deps.dir.team(id);
  if (!team) return failed(apiError.notFound('Team not found', id.slice(0, 64)));
  const caller = req.caller!;
  if (!isAdmin(caller) && !supervisesTeam(caller, id)) {
    return failed(caller.roles.includes('supervisor') ? apiError.invalidSupervisor(caller.id) : apiError.wrongUser(caller.id));
  }
  const members = deps.dir.teamMembers(id).map((user) => ({ user, status: deps.contactCenter.agent(user.id) ?? signedOutStatus(user.id) }));
  return okXml(renderTeam(team, members, deps.dir));
}

export const teamRoutes: readonly RouteDef[] = [
  route('Team/:teamId', { GET: { access: 'user', handler: getTeam } }),
];
