// Wrap-up reasons in memory.
import type { WrapUpReasonStore } from '../stores.js';
import { copyOf, sortedValues, type MemoryState } from './state.js';

export function createMemoryWrapUpReasonStore(state: MemoryState): WrapUpReasonStore {
  return {
    list: () => sortedValues(state.wrapUpReasons),
    get: (id) => copyOf(state.wrapUpReasons.get(id)),
    put(w) {
      state.wrapUpReasons.set(w.id, { id: w.id, label: w.label, forAll: w.forAll });
    },
    delete: (id) => state.wrapUpReasons.delete(id),
  };
}
