// Test helper for sqlite-stores.test.ts: a second thread, with its own connection, pushing offline
// messages into the same database file as the test.
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteStores } from './sqlite-stores.js';

const { path, tag, count, maxMessages } = workerData as { path: string; tag: string; count: number; maxMessages: number };
const stores = openSqliteStores(path);
try {
  let dropped = 0;
  for (let i = 0; i < count; i++) {
    dropped += stores.offline.push('shared@x', `${tag}-${i}`, i, { maxMessages, maxBytes: 10_000_000 }).dropped;
  }
  parentPort?.postMessage({ dropped });
} finally {
  stores.close();
}
