// Offline messages in SQLite (XEP-0160). The per-recipient quota is enforced by one DELETE: walking the
// recipient's messages newest first with a running count and byte total, every message past the room
// left for the new one goes; since the totals only grow, that is always the oldest ones.
import type { Database } from 'better-sqlite3';
import type { OfflineMessage, OfflineStore } from '../stores.js';

interface Row {
  id: number;
  recipient: string;
  stanza: string;
  stored_at: number;
  bytes: number;
}

export function createSqliteOfflineStore(db: Database): OfflineStore {
  const s = {
    makeRoom: db.prepare<[string, number, number]>(`
      DELETE FROM offline_messages WHERE id IN (
        SELECT id FROM (
          SELECT id, row_number() OVER newest AS n, sum(bytes) OVER newest AS total
          FROM offline_messages WHERE recipient = ?
          WINDOW newest AS (ORDER BY id DESC ROWS UNBOUNDED PRECEDING)
        ) WHERE n > ? OR total > ?
      )`),
    insert: db.prepare('INSERT INTO offline_messages (recipient, stanza, stored_at, bytes) VALUES (?, ?, ?, ?)'),
    take: db.prepare<[string], Row>('DELETE FROM offline_messages WHERE recipient = ? RETURNING id, recipient, stanza, stored_at, bytes'),
    count: db.prepare<[string], number>('SELECT count(*) FROM offline_messages WHERE recipient = ?').pluck(),
    total: db.prepare<[], number>('SELECT count(*) FROM offline_messages').pluck(),
  };

  const push = db.transaction((to: string, stanza: string, storedAt: number, bytes: number, maxMessages: number, maxBytes: number) => {
    const dropped = s.makeRoom.run(to, maxMessages - 1, maxBytes - bytes).changes;
    s.insert.run(to, stanza, storedAt, bytes);
    return dropped;
  });

  return {
    push(to, stanza, storedAt, quota) {
      const bytes = Buffer.byteLength(stanza, 'utf8');
      const maxMessages = Math.floor(quota.maxMessages);
      if (bytes > quota.maxBytes || maxMessages < 1) return { dropped: 0, rejected: true };
      return { dropped: push.immediate(to, stanza, storedAt, bytes, maxMessages, quota.maxBytes), rejected: false };
    },
    take(to) {
      // One statement, so reading and deleting are one transaction; RETURNING has no defined order.
      return s.take.all(to).map(toMessage).sort((a, b) => a.id - b.id);
    },
    count: (to) => s.count.get(to) ?? 0,
    total: () => s.total.get() ?? 0,
  };
}

function toMessage(r: Row): OfflineMessage {
  return { id: r.id, to: r.recipient, stanza: r.stanza, storedAt: r.stored_at, bytes: r.bytes };
}
