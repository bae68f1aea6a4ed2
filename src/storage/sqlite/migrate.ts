// Brings a database up to the newest schema version this code knows, in one IMMEDIATE transaction
// (so two processes opening a fresh file at once cannot both migrate it), and refuses a database that
// a newer Parley has already migrated further.
import type { Database } from 'better-sqlite3';
import { SchemaTooNewError } from '../errors.js';
import type { Migration } from './migrations.js';

export interface MigrationOutcome {
  from: number;
  to: number;
  applied: string[];
}

/** Versions must be 1, 2, 3, … in order; anything else is a mistake in migrations.ts. */
export function checkMigrations(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration #${i} has version ${m.version}, expected ${i + 1}`);
    if (m.name.trim() === '') throw new Error(`migration ${m.version} has no name`);
  });
}

export function migrate(db: Database, migrations: readonly Migration[], path: string): MigrationOutcome {
  checkMigrations(migrations);
  const latest = migrations.length;
  const run = db.transaction((): MigrationOutcome => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    INTEGER PRIMARY KEY,
      name       TEXT NOT NULL,
      applied_at INTEGER NOT NULL
    ) STRICT`);
    const from = (db.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number | null) ?? 0;
    if (from > latest) throw new SchemaTooNewError(path, from, latest);
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    const applied: string[] = [];
    for (const m of migrations.slice(from)) {
      db.exec(m.sql);
      record.run(m.version, m.name, Date.now());
      applied.push(`${m.version} ${m.name}`);
    }
    return { from, to: latest, applied };
  });
  return run.immediate();
}
