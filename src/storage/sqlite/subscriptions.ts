// Explicit XEP-0060 subscriptions in SQLite. `owner` (the bare JID) is stored beside the JID so
// listForOwner is an index lookup, not a LIKE over JIDs (which would treat '%' and '_' as wildcards).
import type { Database } from 'better-sqlite3';
import { bareOf } from '../normalize.js';
import type { SubscriptionRecord, SubscriptionStore } from '../stores.js';

interface Row {
  node: string;
  jid: string;
  subid: string;
  created_at: number;
}

const COLUMNS = 'node, jid, subid, created_at';

export function createSqliteSubscriptionStore(db: Database): SubscriptionStore {
  const s = {
    all: db.prepare<[], Row>(`SELECT ${COLUMNS} FROM subscriptions ORDER BY seq`),
    forNode: db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM subscriptions WHERE node = ? ORDER BY seq`),
    forOwner: db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM subscriptions WHERE owner = ? ORDER BY seq`),
    // REPLACE is right here: nothing references subscriptions, and the replaced key moves to the end.
    add: db.prepare('INSERT OR REPLACE INTO subscriptions (node, jid, owner, subid, created_at) VALUES (?, ?, ?, ?, ?)'),
    removeOne: db.prepare('DELETE FROM subscriptions WHERE node = ? AND jid = ? AND subid = ?'),
    removeAll: db.prepare('DELETE FROM subscriptions WHERE node = ? AND jid = ?'),
    removeNode: db.prepare('DELETE FROM subscriptions WHERE node = ?'),
  };
  return {
    list: () => s.all.all().map(toRecord),
    listForNode: (node) => s.forNode.all(node).map(toRecord),
    listForOwner: (bareJid) => s.forOwner.all(bareJid).map(toRecord),
    add(sub) {
      s.add.run(sub.node, sub.jid, bareOf(sub.jid), sub.subid, sub.createdAt);
    },
    remove: (node, jid, subid) =>
      (subid === undefined ? s.removeAll.run(node, jid) : s.removeOne.run(node, jid, subid)).changes,
    removeNode: (node) => s.removeNode.run(node).changes,
  };
}

function toRecord(r: Row): SubscriptionRecord {
  return { node: r.node, jid: r.jid, subid: r.subid, createdAt: r.created_at };
}
