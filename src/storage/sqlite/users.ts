// Users in SQLite: one row in `users` plus ordered rows in user_roles / user_queues /
// user_supervised_teams (see migrations.ts for why not JSON). Writes replace the child rows whole.
import type { Database } from 'better-sqlite3';
import type { Credentials } from '../../auth/credentials.js';
import { credentialsFor, normalizeUser } from '../normalize.js';
import type { Role, UserRecord, UserStore } from '../stores.js';
import { withConstraints } from './constraint.js';

interface UserRow {
  id: string;
  login_name: string;
  first_name: string;
  last_name: string;
  extension: string | null;
  team_id: string | null;
}

type ChildRow = [userId: string, value: string];

const COLUMNS = 'id, login_name, first_name, last_name, extension, team_id';

export function createSqliteUserStore(db: Database): UserStore {
  const s = {
    get: db.prepare<[string], UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = ?`),
    all: db.prepare<[], UserRow>(`SELECT ${COLUMNS} FROM users ORDER BY id`),
    count: db.prepare<[], number>('SELECT count(*) FROM users').pluck(),
    roles: db.prepare<[string], string>('SELECT role FROM user_roles WHERE user_id = ? ORDER BY position').pluck(),
    queues: db.prepare<[string], string>('SELECT queue_id FROM user_queues WHERE user_id = ? ORDER BY position').pluck(),
    supervised: db.prepare<[string], string>('SELECT team_id FROM user_supervised_teams WHERE user_id = ? ORDER BY position').pluck(),
    allRoles: db.prepare<[], ChildRow>('SELECT user_id, role FROM user_roles ORDER BY user_id, position').raw(),
    allQueues: db.prepare<[], ChildRow>('SELECT user_id, queue_id FROM user_queues ORDER BY user_id, position').raw(),
    allSupervised: db.prepare<[], ChildRow>('SELECT user_id, team_id FROM user_supervised_teams ORDER BY user_id, position').raw(),
    upsert: db.prepare(`
      INSERT INTO users (id, login_name, first_name, last_name, extension, team_id, credentials)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET
        login_name = excluded.login_name, first_name = excluded.first_name, last_name = excluded.last_name,
        extension = excluded.extension, team_id = excluded.team_id,
        credentials = coalesce(excluded.credentials, users.credentials)`),
    clearRoles: db.prepare('DELETE FROM user_roles WHERE user_id = ?'),
    clearQueues: db.prepare('DELETE FROM user_queues WHERE user_id = ?'),
    clearSupervised: db.prepare('DELETE FROM user_supervised_teams WHERE user_id = ?'),
    addRole: db.prepare('INSERT INTO user_roles (user_id, position, role) VALUES (?, ?, ?)'),
    addQueue: db.prepare('INSERT INTO user_queues (user_id, position, queue_id) VALUES (?, ?, ?)'),
    addSupervised: db.prepare('INSERT INTO user_supervised_teams (user_id, position, team_id) VALUES (?, ?, ?)'),
    delete: db.prepare('DELETE FROM users WHERE id = ?'),
    getCredentials: db.prepare<[string], string | null>('SELECT credentials FROM users WHERE id = ?').pluck(),
    setCredentials: db.prepare('UPDATE users SET credentials = ? WHERE id = ?'),
  };

  function write(input: UserRecord, credentialsJson: string | null): void {
    const u = normalizeUser(input);
    s.upsert.run(u.id, u.loginName, u.firstName, u.lastName, u.extension, u.teamId, credentialsJson);
    s.clearRoles.run(u.id);
    s.clearQueues.run(u.id);
    s.clearSupervised.run(u.id);
    u.roles.forEach((role, i) => s.addRole.run(u.id, i, role));
    u.queueIds.forEach((q, i) => s.addQueue.run(u.id, i, q));
    u.supervisedTeamIds.forEach((t, i) => s.addSupervised.run(u.id, i, t));
  }

  const putOne = db.transaction((user: UserRecord, creds: Credentials | undefined) => {
    write(user, creds === undefined ? null : JSON.stringify(creds));
  });

  const putAll = db.transaction((users: readonly UserRecord[], credsAt: (i: number) => Credentials | undefined) => {
    // One shared credentials object is serialized once, not once per user.
    const json = new Map<Credentials, string>();
    users.forEach((user, i) => {
      const creds = credsAt(i);
      let text: string | null = null;
      if (creds !== undefined) {
        text = json.get(creds) ?? JSON.stringify(creds);
        json.set(creds, text);
      }
      write(user, text);
    });
  });

  return {
    get(id) {
      const row = s.get.get(id);
      if (!row) return undefined;
      return toRecord(row, s.roles.all(id), s.queues.all(id), s.supervised.all(id));
    },
    list() {
      const roles = groupByUser(s.allRoles.all());
      const queues = groupByUser(s.allQueues.all());
      const supervised = groupByUser(s.allSupervised.all());
      return s.all.all().map((row) =>
        toRecord(row, roles.get(row.id) ?? [], queues.get(row.id) ?? [], supervised.get(row.id) ?? []));
    },
    count: () => s.count.get() ?? 0,
    put(user, credentials) {
      withConstraints(`user ${user.id}`, () => putOne(user, credentials));
    },
    putMany(users, credentials) {
      const credsAt = credentialsFor(users.length, credentials);
      withConstraints(`putMany of ${users.length} users`, () => putAll(users, credsAt));
    },
    delete: (id) => s.delete.run(id).changes > 0,
    getCredentials(id) {
      const json = s.getCredentials.get(id);
      return typeof json === 'string' ? (JSON.parse(json) as Credentials) : undefined;
    },
    setCredentials: (id, creds) => s.setCredentials.run(JSON.stringify(creds), id).changes > 0,
  };
}

function groupByUser(rows: ChildRow[]): Map<string, string[]> {
  const byUser = new Map<string, string[]>();
  for (const [userId, value] of rows) {
    const list = byUser.get(userId);
    if (list) list.push(value);
    else byUser.set(userId, [value]);
  }
  return byUser;
}

function toRecord(row: UserRow, roles: string[], queueIds: string[], supervisedTeamIds: string[]): UserRecord {
  return {
    id: row.id,
    loginName: row.login_name,
    firstName: row.first_name,
    lastName: row.last_name,
    extension: row.extension,
    // The CHECK constraint on user_roles admits only Role values.
    roles: roles as Role[],
    teamId: row.team_id,
    supervisedTeamIds,
    queueIds,
  };
}
