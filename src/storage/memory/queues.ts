// Queues in memory. Deleting a queue removes it from every agent's skills, as ON DELETE CASCADE does.
import type { QueueStore } from '../stores.js';
import { copyOf, sortedValues, type MemoryState } from './state.js';

export function createMemoryQueueStore(state: MemoryState): QueueStore {
  return {
    get: (id) => copyOf(state.queues.get(id)),
    list: () => sortedValues(state.queues),
    put(queue) {
      state.queues.set(queue.id, { id: queue.id, name: queue.name });
    },
    delete(id) {
      if (!state.queues.delete(id)) return false;
      for (const { user } of state.users.values()) user.queueIds = user.queueIds.filter((q) => q !== id);
      return true;
    },
  };
}
