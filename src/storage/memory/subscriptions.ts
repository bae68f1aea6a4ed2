// Explicit pubsub subscriptions in memory, in the order added; re-adding a (node, subid) moves it last.
import { bareOf } from '../normalize.js';
import type { SubscriptionRecord, SubscriptionStore } from '../stores.js';
import type { MemoryState } from './state.js';

const keyOf = (node: string, subid: string): string => JSON.stringify([node, subid]);

export function createMemorySubscriptionStore(state: MemoryState): SubscriptionStore {
  const subs = state.subscriptions;
  const select = (keep: (s: SubscriptionRecord) => boolean) => [...subs.values()].filter(keep).map((s) => ({ ...s }));
  const removeWhere = (drop: (s: SubscriptionRecord) => boolean): number => {
    let removed = 0;
    for (const [key, s] of subs) {
      if (drop(s)) {
        subs.delete(key);
        removed++;
      }
    }
    return removed;
  };
  return {
    list: () => select(() => true),
    listForNode: (node) => select((s) => s.node === node),
    listForOwner: (bareJid) => select((s) => bareOf(s.jid) === bareJid),
    add(sub) {
      const key = keyOf(sub.node, sub.subid);
      subs.delete(key);
      subs.set(key, { node: sub.node, jid: sub.jid, subid: sub.subid, createdAt: sub.createdAt });
    },
    remove: (node, jid, subid) =>
      removeWhere((s) => s.node === node && s.jid === jid && (subid === undefined || s.subid === subid)),
    removeNode: (node) => removeWhere((s) => s.node === node),
  };
}
