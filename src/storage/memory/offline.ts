// Offline messages in memory, with the same quota rule as the SQLite store: make room for the new
// message by dropping the recipient's oldest messages; refuse a message that alone exceeds the bytes.
import type { OfflineStore } from '../stores.js';
import type { MemoryState } from './state.js';

export function createMemoryOfflineStore(state: MemoryState): OfflineStore {
  return {
    push(to, stanza, storedAt, quota) {
      const bytes = Buffer.byteLength(stanza, 'utf8');
      const maxMessages = Math.floor(quota.maxMessages);
      if (bytes > quota.maxBytes || maxMessages < 1) return { dropped: 0, rejected: true };
      const queue = state.offline.get(to) ?? [];
      let total = queue.reduce((sum, m) => sum + m.bytes, 0);
      let dropped = 0;
      while (queue.length > 0 && (queue.length + 1 > maxMessages || total + bytes > quota.maxBytes)) {
        total -= queue.shift()?.bytes ?? 0;
        dropped++;
      }
      queue.push({ id: state.nextOfflineId++, to, stanza, storedAt, bytes });
      state.offline.set(to, queue);
      return { dropped, rejected: false };
    },
    take(to) {
      const queue = state.offline.get(to) ?? [];
      state.offline.delete(to);
      return queue;
    },
    count: (to) => state.offline.get(to)?.length ?? 0,
    total: () => [...state.offline.values()].reduce((n, list) => n + list.length, 0),
  };
}
