// The directory read on every stanza (routing asks whether a user exists; pubsub checks access and
// finds recipients), cached: users, teams and queues change rarely (admin actions), stanzas all the
// time (bench/xmpp-tcp found ~18 SQLite statements per publish without it). `invalidate()` after any
// change to users, teams or queues.
import type { QueueRecord, Stores, TeamRecord, UserRecord } from '../storage/stores.js';
import type { PubsubDirectory } from './directory.js';

interface Snapshot {
  users: UserRecord[];
  byId: Map<string, UserRecord>;
  teams: TeamRecord[];
  queues: QueueRecord[];
  members: Map<string, UserRecord[]>;
}

export function createCachedDirectory(stores: Pick<Stores, 'users' | 'teams' | 'queues'>): PubsubDirectory & { invalidate(): void } {
  let snapshot: Snapshot | undefined;
  const load = (): Snapshot => {
    if (snapshot) return snapshot;
    const users = stores.users.list();
    const members = new Map<string, UserRecord[]>();
    for (const u of users) {
      if (u.teamId === null) continue;
      let list = members.get(u.teamId);
      if (!list) members.set(u.teamId, (list = []));
      list.push(u);
    }
    snapshot = { users, byId: new Map(users.map((u) => [u.id, u])), teams: stores.teams.list(), queues: stores.queues.list(), members };
    return snapshot;
  };
  return {
    getUser: (id) => load().byId.get(id),
    listUsers: () => load().users,
    getTeam: (id) => stores.teams.get(id),
    listTeams: () => load().teams,
    getQueue: (id) => stores.queues.get(id),
    listQueues: () => load().queues,
    usersOfTeam: (teamId) => load().members.get(teamId) ?? [],
    invalidate() {
      snapshot = undefined;
    },
  };
}
