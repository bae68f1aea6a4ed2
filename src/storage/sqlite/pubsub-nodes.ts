// Administrator-created pubsub nodes in SQLite; the node configuration is one JSON object.
import type { Database } from 'better-sqlite3';
import type { PubsubNodeRecord, PubsubNodeStore } from '../stores.js';

interface Row {
  node: string;
  owner: string;
  config: string;
  created_at: number;
}

const COLUMNS = 'node, owner, config, created_at';

export function createSqlitePubsubNodeStore(db: Database): PubsubNodeStore {
  const s = {
    get: db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM pubsub_nodes WHERE node = ?`),
    all: db.prepare<[], Row>(`SELECT ${COLUMNS} FROM pubsub_nodes ORDER BY node`),
    put: db.prepare(`INSERT INTO pubsub_nodes (${COLUMNS}) VALUES (?, ?, ?, ?)
      ON CONFLICT (node) DO UPDATE SET owner = excluded.owner, config = excluded.config, created_at = excluded.created_at`),
    delete: db.prepare('DELETE FROM pubsub_nodes WHERE node = ?'),
  };
  return {
    list: () => s.all.all().map(toRecord),
    get(node) {
      const row = s.get.get(node);
      return row && toRecord(row);
    },
    put(rec) {
      s.put.run(rec.node, rec.owner, JSON.stringify(rec.config), rec.createdAt);
    },
    delete: (node) => s.delete.run(node).changes > 0,
  };
}

function toRecord(r: Row): PubsubNodeRecord {
  return { node: r.node, owner: r.owner, config: JSON.parse(r.config) as Record<string, string>, createdAt: r.created_at };
}
