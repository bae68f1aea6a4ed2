// Team with its users and their states ([finesse-api] §2.4; uris without the doc's trailing slash, §1.6). Pure.
import type { Element } from '../../xml/element.js';
import type { AgentStatus } from '../../contact-center/contact-center.js';
import type { TeamRecord, UserRecord } from '../../storage/stores.js';
import type { ApiDirectory } from '../directory.js';
import { leaf, node } from './common.js';
import { renderTeamUser, teamUri } from './user.js';

export function renderTeam(team: TeamRecord, members: readonly { user: UserRecord; status: AgentStatus }[], dir: ApiDirectory): Element {
  return node('Team',
    leaf('uri', teamUri(team.id)),
    leaf('id', team.id),
    leaf('name', team.name),
    node('users', members.map((m) => renderTeamUser(m.user, m.status, dir, 'User', 'reasonCode'))));
}

/** The admin list `GET /finesse/api/Teams`: id, name, uri of each team. */
export function renderTeams(teams: readonly TeamRecord[]): Element {
  return node('Teams', teams.map((t) => node('Team', leaf('uri', teamUri(t.id)), leaf('id', t.id), leaf('name', t.name))));
}
