// Teams in SQLite. An upsert, never INSERT OR REPLACE: replacing the row would fire the ON DELETE
// actions and detach every member of the team.
import type { Database } from 'better-sqlite3';
import type { TeamRecord, TeamStore } from '../stores.js';

export function createSqliteTeamStore(db: Database): TeamStore {
  const s = {
    get: db.prepare<[string], TeamRecord>('SELECT id, name FROM teams WHERE id = ?'),
    all: db.prepare<[], TeamRecord>('SELECT id, name FROM teams ORDER BY id'),
    put: db.prepare('INSERT INTO teams (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name'),
    delete: db.prepare('DELETE FROM teams WHERE id = ?'),
  };
  return {
    get: (id) => s.get.get(id),
    list: () => s.all.all(),
    put(team) {
      s.put.run(team.id, team.name);
    },
    delete: (id) => s.delete.run(id).changes > 0,
  };
}
