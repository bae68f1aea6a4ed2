// Reason codes in memory: (category, code) unique, system codes never deleted, listed by category then code.
import { StorageError } from '../errors.js';
import { compareCodePoints } from '../normalize.js';
import type { ReasonCodeRecord, ReasonCodeStore } from '../stores.js';
import { copyOf, type MemoryState } from './state.js';

const CATEGORIES: ReadonlySet<string> = new Set(['NOT_READY', 'LOGOUT']);

export function createMemoryReasonCodeStore(state: MemoryState): ReasonCodeStore {
  const byOrder = (a: ReasonCodeRecord, b: ReasonCodeRecord) =>
    compareCodePoints(a.category, b.category) || a.code - b.code || compareCodePoints(a.id, b.id);
  return {
    list(category) {
      const all = [...state.reasonCodes.values()].filter((r) => category === undefined || r.category === category);
      return all.sort(byOrder).map((r) => ({ ...r }));
    },
    get: (id) => copyOf(state.reasonCodes.get(id)),
    put(rc) {
      const what = `reason code ${rc.id} (${rc.category} ${rc.code})`;
      if (!CATEGORIES.has(rc.category)) throw new StorageError('ERR_STORAGE_INVALID', `${what}: unknown category`);
      const clash = [...state.reasonCodes.values()].find((r) => r.id !== rc.id && r.category === rc.category && r.code === rc.code);
      if (clash) throw new StorageError('ERR_STORAGE_DUPLICATE', `${what}: code already used by reason code ${clash.id}`);
      state.reasonCodes.set(rc.id, { ...rc });
    },
    delete(id) {
      const rc = state.reasonCodes.get(id);
      if (!rc || rc.isSystemCode) return false;
      return state.reasonCodes.delete(id);
    },
  };
}
