// What the pubsub service needs to know about users, teams and queues: a read-only view, injected, so
// the service works the same over SQLite, memory or a test fixture.
import type { QueueRecord, TeamRecord, UserRecord } from '../storage/stores.js';

export interface PubsubDirectory {
  getUser(id: string): UserRecord | undefined;
  listUsers(): Iterable<UserRecord>;
  getTeam(id: string): TeamRecord | undefined;
  listTeams(): Iterable<TeamRecord>;
  getQueue(id: string): QueueRecord | undefined;
  listQueues(): Iterable<QueueRecord>;
  /** The members of a team (users whose `teamId` is the team). */
  usersOfTeam(teamId: string): Iterable<UserRecord>;
}

/** A directory over the user, team and queue stores. `usersOfTeam` scans the users. */
export function directoryFromStores(stores: {
  users: { get(id: string): UserRecord | undefined; list(): UserRecord[] };
  teams: { get(id: string): TeamRecord | undefined; list(): TeamRecord[] };
  queues: { get(id: string): QueueRecord | undefined; list(): QueueRecord[] };
}): PubsubDirectory {
  return {
    getUser: (id) => stores.users.get(id),
    listUsers: () => stores.users.list(),
    getTeam: (id) => stores.teams.get(id),
    listTeams: () => stores.teams.list(),
    getQueue: (id) => stores.queues.get(id),
    listQueues: () => stores.queues.list(),
    usersOfTeam: (teamId) => stores.users.list().filter((u) => u.teamId === teamId),
  };
}
