// Wrap-up reasons in SQLite.
import type { Database } from 'better-sqlite3';
import type { WrapUpReasonRecord, WrapUpReasonStore } from '../stores.js';

interface Row {
  id: string;
  label: string;
  for_all: number;
}

export function createSqliteWrapUpReasonStore(db: Database): WrapUpReasonStore {
  const s = {
    get: db.prepare<[string], Row>('SELECT id, label, for_all FROM wrap_up_reasons WHERE id = ?'),
    all: db.prepare<[], Row>('SELECT id, label, for_all FROM wrap_up_reasons ORDER BY id'),
    put: db.prepare(`INSERT INTO wrap_up_reasons (id, label, for_all) VALUES (?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET label = excluded.label, for_all = excluded.for_all`),
    delete: db.prepare('DELETE FROM wrap_up_reasons WHERE id = ?'),
  };
  return {
    list: () => s.all.all().map(toRecord),
    get(id) {
      const row = s.get.get(id);
      return row && toRecord(row);
    },
    put(w) {
      s.put.run(w.id, w.label, w.forAll ? 1 : 0);
    },
    delete: (id) => s.delete.run(id).changes > 0,
  };
}

function toRecord(r: Row): WrapUpReasonRecord {
  return { id: r.id, label: r.label, forAll: r.for_all === 1 };
}
