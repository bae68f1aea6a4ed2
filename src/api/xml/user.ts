// User: the full object of GET /User/<id> and of User events, and the short form of a team member
// ([finesse-api] §2.2 User, §2.4 Team, §4.3 captured 12.5 User PUT). Element order as the capture. Pure.
import type { Element } from '../../xml/element.js';
import type { AgentStatus } from '../../contact-center/contact-center.js';
import type { ReasonCategory, Role, UserRecord } from '../../storage/stores.js';
import type { ApiDirectory } from '../directory.js';
import { FINESSE_API, finesseDate, leaf, node } from './common.js';
import { renderUserReasonCode } from './reason-code.js';

export const userUri = (id: string): string => `${FINESSE_API}/User/${id}`;
export const teamUri = (id: string): string => `${FINESSE_API}/Team/${id}`;

const ROLE_NAMES: Readonly<Record<Role, string>> = { agent: 'Agent', supervisor: 'Supervisor', admin: 'Admin' };

/** The status of a user the contact center does not know (never signed in). */
export function signedOutStatus(agentId: string): AgentStatus {
  return { agentId, extension: null, state: 'LOGOUT', reasonCode: null, pendingState: null, stateChangeTime: 0 };
}

function reasonCategory(status: AgentStatus): ReasonCategory {
  return status.state === 'LOGOUT' ? 'LOGOUT' : 'NOT_READY';
}

/** reasonCodeId: the ReasonCode object id, -1 when none or a system code ([finesse-api] §2.2 field notes). */
function reasonParts(status: AgentStatus, dir: ApiDirectory, root: string): { id: string; element: Element | null } {
  if (status.reasonCode === null) return { id: '-1', element: null };
  const category = reasonCategory(status);
  const configured = dir.reasonCodeByCode(category, status.reasonCode);
  return { id: configured?.id ?? '-1', element: renderUserReasonCode(category, status.reasonCode, configured, root) };
}

/** The full User object; `root` is `User` for GET bodies and `user` inside events. */
export function renderUser(user: UserRecord, status: AgentStatus, dir: ApiDirectory, root: 'User' | 'user' = 'User'): Element {
  const team = user.teamId ? dir.team(user.teamId) : undefined;
  const reason = reasonParts(status, dir, 'ReasonCode');
  const supervised = user.roles.includes('supervisor')
    ? node('teams', user.supervisedTeamIds.map((id) =>
      node('Team', leaf('id', id), leaf('name', dir.team(id)?.name ?? ''), leaf('uri', teamUri(id)))))
    : null;
  return node(root,
    leaf('dialogs', `${userUri(user.id)}/Dialogs`),
    leaf('extension', status.extension ?? ''),
    leaf('firstName', user.firstName),
    leaf('lastName', user.lastName),
    leaf('loginId', user.id),
    leaf('loginName', user.loginName),
    leaf('mediaType', 1),
    leaf('pendingState', status.pendingState ?? ''),
    leaf('reasonCodeId', reason.id),
    reason.element,
    node('roles', user.roles.map((r) => leaf('role', ROLE_NAMES[r]))),
    node('settings', leaf('wrapUpOnIncoming', 'OPTIONAL'), leaf('wrapUpOnOutgoing', 'OPTIONAL')),
    leaf('state', status.state),
    leaf('stateChangeTime', finesseDate(status.stateChangeTime)),
    leaf('teamId', user.teamId ?? ''),
    leaf('teamName', team?.name ?? ''),
    supervised,
    leaf('uri', userUri(user.id)));
}

/**
 * A team member as Team/<id> lists it (`reasonRoot` `reasonCode`, [finesse-api] §2.4) and as the Team
 * Users notification carries it (`root` `user`, `reasonRoot` `ReasonCode`, §4.3).
 */
export function renderTeamUser(user: UserRecord, status: AgentStatus, dir: ApiDirectory, root: 'User' | 'user', reasonRoot: 'reasonCode' | 'ReasonCode'): Element {
  const reason = reasonParts(status, dir, reasonRoot);
  return node(root,
    leaf('uri', userUri(user.id)),
    leaf('loginId', user.id),
    leaf('loginName', user.loginName),
    leaf('firstName', user.firstName),
    leaf('lastName', user.lastName),
    leaf('dialogs', `${userUri(user.id)}/Dialogs`),
    leaf('extension', status.extension ?? ''),
    leaf('pendingState', status.pendingState ?? ''),
    leaf('state', status.state),
    leaf('reasonCodeId', reason.id),
    reason.element,
    leaf('stateChangeTime', finesseDate(status.stateChangeTime)));
}
