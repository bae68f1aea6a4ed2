// Administrator-created pubsub nodes in memory.
import type { PubsubNodeStore } from '../stores.js';
import { copyOf, sortedValues, type MemoryState } from './state.js';

export function createMemoryPubsubNodeStore(state: MemoryState): PubsubNodeStore {
  return {
    list: () => sortedValues(state.pubsubNodes),
    get: (node) => copyOf(state.pubsubNodes.get(node)),
    put(rec) {
      state.pubsubNodes.set(rec.node, structuredClone(rec));
    },
    delete: (node) => state.pubsubNodes.delete(node),
  };
}
