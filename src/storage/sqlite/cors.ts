// CORS allow-lists and switches per service in SQLite.
import type { Database } from 'better-sqlite3';
import type { CorsStore } from '../stores.js';

export function createSqliteCorsStore(db: Database): CorsStore {
  const s = {
    enabled: db.prepare<[string], number>('SELECT enabled FROM cors_settings WHERE service = ?').pluck(),
    setEnabled: db.prepare('INSERT INTO cors_settings (service, enabled) VALUES (?, ?) ON CONFLICT (service) DO UPDATE SET enabled = excluded.enabled'),
    origins: db.prepare<[string], string>('SELECT origin FROM cors_origins WHERE service = ? ORDER BY seq').pluck(),
    has: db.prepare<[string, string], number>('SELECT 1 FROM cors_origins WHERE service = ? AND origin = ?').pluck(),
    add: db.prepare('INSERT INTO cors_origins (service, origin) VALUES (?, ?) ON CONFLICT (service, origin) DO NOTHING'),
    remove: db.prepare('DELETE FROM cors_origins WHERE service = ? AND origin = ?'),
  };
  return {
    isEnabled: (service) => s.enabled.get(service) === 1,
    setEnabled(service, enabled) {
      s.setEnabled.run(service, enabled ? 1 : 0);
    },
    origins: (service) => s.origins.all(service),
    hasOrigin: (service, origin) => s.has.get(service, origin) !== undefined,
    addOrigin: (service, origin) => s.add.run(service, origin).changes > 0,
    removeOrigin: (service, origin) => s.remove.run(service, origin).changes > 0,
  };
}
