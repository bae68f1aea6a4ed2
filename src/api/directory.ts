// What the REST API and its events read from configuration: users (by login id or login name), teams,
// queues, reason codes and wrap-up reasons. A thin view over the stores so routes and renderers do not
// depend on the storage interfaces' full width.
import type { ReasonCategory, ReasonCodeRecord, Stores, TeamRecord, UserRecord, QueueRecord, WrapUpReasonRecord } from '../storage/stores.js';

export interface ApiDirectory {
  /** A user by login id, else by login name ([finesse-api] §1.2: either may appear in the URL). */
  user(idOrName: string): UserRecord | undefined;
  users(): UserRecord[];
  team(id: string): TeamRecord | undefined;
  teams(): TeamRecord[];
  /** Users whose team is `teamId`, by id. */
  teamMembers(teamId: string): UserRecord[];
  queue(id: string): QueueRecord | undefined;
  queues(): QueueRecord[];
  reasonCode(id: string): ReasonCodeRecord | undefined;
  reasonCodes(category?: ReasonCategory): ReasonCodeRecord[];
  /** The configured reason code with this code value in this category (the object a User shows). */
  reasonCodeByCode(category: ReasonCategory, code: number): ReasonCodeRecord | undefined;
  wrapUpReason(id: string): WrapUpReasonRecord | undefined;
  wrapUpReasons(): WrapUpReasonRecord[];
}

export function storesDirectory(stores: Pick<Stores, 'users' | 'teams' | 'queues' | 'reasonCodes' | 'wrapUpReasons'>): ApiDirectory {
  return {
    user(idOrName) {
      const byId = stores.users.get(idOrName);
      if (byId) return byId;
      if (idOrName === '' || idOrName.length > 256) return undefined;
      return stores.users.list().find((u) => u.loginName === idOrName);
    },
    users: () => stores.users.list(),
    team: (id) => stores.teams.get(id),
    teams: () => stores.teams.list(),
    teamMembers: (teamId) => stores.users.list().filter((u) => u.teamId === teamId),
    queue: (id) => stores.queues.get(id),
    queues: () => stores.queues.list(),
    reasonCode: (id) => stores.reasonCodes.get(id),
    reasonCodes: (category) => stores.reasonCodes.list(category),
    reasonCodeByCode: (category, code) => stores.reasonCodes.list(category).find((rc) => rc.code === code),
    wrapUpReason: (id) => stores.wrapUpReasons.get(id),
    wrapUpReasons: () => stores.wrapUpReasons.list(),
  };
}
