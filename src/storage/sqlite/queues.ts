// Queues (CSQs) in SQLite. An upsert, never INSERT OR REPLACE: replacing the row would fire the ON
// DELETE action and remove the queue from every agent's skills.
import type { Database } from 'better-sqlite3';
import type { QueueRecord, QueueStore } from '../stores.js';

export function createSqliteQueueStore(db: Database): QueueStore {
  const s = {
    get: db.prepare<[string], QueueRecord>('SELECT id, name FROM queues WHERE id = ?'),
    all: db.prepare<[], QueueRecord>('SELECT id, name FROM queues ORDER BY id'),
    put: db.prepare('INSERT INTO queues (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name'),
    delete: db.prepare('DELETE FROM queues WHERE id = ?'),
  };
  return {
    get: (id) => s.get.get(id),
    list: () => s.all.all(),
    put(queue) {
      s.put.run(queue.id, queue.name);
    },
    delete: (id) => s.delete.run(id).changes > 0,
  };
}
