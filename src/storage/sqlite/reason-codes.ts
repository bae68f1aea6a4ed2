// Not-ready and logout reason codes in SQLite; (category, code) is unique, system codes stay.
import type { Database } from 'better-sqlite3';
import type { ReasonCategory, ReasonCodeRecord, ReasonCodeStore } from '../stores.js';
import { withConstraints } from './constraint.js';

interface Row {
  id: string;
  category: ReasonCategory;
  code: number;
  label: string;
  for_all: number;
  is_system_code: number;
}

const COLUMNS = 'id, category, code, label, for_all, is_system_code';

export function createSqliteReasonCodeStore(db: Database): ReasonCodeStore {
  const s = {
    get: db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM reason_codes WHERE id = ?`),
    all: db.prepare<[], Row>(`SELECT ${COLUMNS} FROM reason_codes ORDER BY category, code, id`),
    byCategory: db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM reason_codes WHERE category = ? ORDER BY code, id`),
    put: db.prepare(`
      INSERT INTO reason_codes (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET category = excluded.category, code = excluded.code, label = excluded.label,
        for_all = excluded.for_all, is_system_code = excluded.is_system_code`),
    delete: db.prepare('DELETE FROM reason_codes WHERE id = ? AND is_system_code = 0'),
  };
  return {
    list: (category) => (category === undefined ? s.all.all() : s.byCategory.all(category)).map(toRecord),
    get(id) {
      const row = s.get.get(id);
      return row && toRecord(row);
    },
    put(rc) {
      withConstraints(`reason code ${rc.id} (${rc.category} ${rc.code})`, () =>
        s.put.run(rc.id, rc.category, rc.code, rc.label, rc.forAll ? 1 : 0, rc.isSystemCode ? 1 : 0));
    },
    delete: (id) => s.delete.run(id).changes > 0,
  };
}

function toRecord(r: Row): ReasonCodeRecord {
  return { id: r.id, category: r.category, code: r.code, label: r.label, forAll: r.for_all === 1, isSystemCode: r.is_system_code === 1 };
}
