// The schema, as numbered migrations applied in order at open (migrate.ts). Never edit a released
// migration: add the next number. Tables are STRICT, so a wrong type is an error rather than a surprise.
//
// Users keep their roles, queues and supervised teams in child tables rather than JSON columns: the
// foreign keys then keep them consistent (deleting a queue removes it from every agent, deleting a team
// detaches its members and supervisors) and a CHECK rejects an unknown role, and "who is in team T /
// skilled in queue Q" is an index lookup for the ACD and the team pubsub nodes. Credentials are one JSON
// value, always read and written whole.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE teams (
        id   TEXT PRIMARY KEY,
        name TEXT NOT NULL
      ) STRICT;

      CREATE TABLE queues (
        id   TEXT PRIMARY KEY,
        name TEXT NOT NULL
      ) STRICT;

      CREATE TABLE users (
        id          TEXT PRIMARY KEY,
        login_name  TEXT NOT NULL,
        first_name  TEXT NOT NULL,
        last_name   TEXT NOT NULL,
        extension   TEXT,
        team_id     TEXT REFERENCES teams (id) ON DELETE SET NULL,
        credentials TEXT -- JSON of Credentials (SCRAM keys), NULL until a password is set
      ) STRICT;
      CREATE INDEX users_team ON users (team_id);

      CREATE TABLE user_roles (
        user_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        role     TEXT NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
        PRIMARY KEY (user_id, role)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE user_queues (
        user_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        queue_id TEXT NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
        PRIMARY KEY (user_id, queue_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX user_queues_queue ON user_queues (queue_id);

      CREATE TABLE user_supervised_teams (
        user_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        team_id  TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
        PRIMARY KEY (user_id, team_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX user_supervised_teams_team ON user_supervised_teams (team_id);

      CREATE TABLE reason_codes (
        id             TEXT PRIMARY KEY,
        category       TEXT NOT NULL CHECK (category IN ('NOT_READY', 'LOGOUT')),
        code           INTEGER NOT NULL,
        label          TEXT NOT NULL,
        for_all        INTEGER NOT NULL CHECK (for_all IN (0, 1)),
        is_system_code INTEGER NOT NULL CHECK (is_system_code IN (0, 1)),
        UNIQUE (category, code)
      ) STRICT;

      CREATE TABLE wrap_up_reasons (
        id      TEXT PRIMARY KEY,
        label   TEXT NOT NULL,
        for_all INTEGER NOT NULL CHECK (for_all IN (0, 1))
      ) STRICT;

      -- seq keeps the order of adding; re-adding (node, subid) replaces the row with a later seq.
      CREATE TABLE subscriptions (
        seq        INTEGER PRIMARY KEY AUTOINCREMENT,
        node       TEXT NOT NULL,
        jid        TEXT NOT NULL,
        owner      TEXT NOT NULL, -- bare part of jid
        subid      TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (node, subid)
      ) STRICT;
      CREATE INDEX subscriptions_node_jid ON subscriptions (node, jid);
      CREATE INDEX subscriptions_owner ON subscriptions (owner);

      CREATE TABLE pubsub_nodes (
        node       TEXT PRIMARY KEY,
        owner      TEXT NOT NULL,
        config     TEXT NOT NULL, -- JSON object of string values
        created_at INTEGER NOT NULL
      ) STRICT;

      -- AUTOINCREMENT: ids are never reused, so id order is arrival order even after take().
      CREATE TABLE offline_messages (
        id        INTEGER PRIMARY KEY AUTOINCREMENT,
        recipient TEXT NOT NULL,
        stanza    TEXT NOT NULL,
        stored_at INTEGER NOT NULL,
        bytes     INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX offline_messages_recipient ON offline_messages (recipient, id);
    `,
  },
  {
    version: 2,
    name: 'cors allow-lists',
    sql: `
      CREATE TABLE cors_settings (
        service TEXT PRIMARY KEY CHECK (service IN ('finesse', 'notification', 'livedata')),
        enabled INTEGER NOT NULL CHECK (enabled IN (0, 1))
      ) STRICT;

      CREATE TABLE cors_origins (
        seq      INTEGER PRIMARY KEY AUTOINCREMENT,
        service  TEXT NOT NULL CHECK (service IN ('finesse', 'notification', 'livedata')),
        origin   TEXT NOT NULL,
        UNIQUE (service, origin)
      ) STRICT;
    `,
  },
];
