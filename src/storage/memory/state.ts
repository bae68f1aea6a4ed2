// The maps behind the in-memory stores. The stores share one state because they share integrity
// rules: deleting a team detaches its members, deleting a queue removes it from every agent.
import type { Credentials } from '../../auth/credentials.js';
import type {
  OfflineMessage, PubsubNodeRecord, QueueRecord, ReasonCodeRecord, SubscriptionRecord, TeamRecord, UserRecord,
  WrapUpReasonRecord,
} from '../stores.js';
import { compareCodePoints } from '../normalize.js';

export interface StoredUser {
  user: UserRecord;
  credentials: Credentials | undefined;
}

export interface MemoryState {
  users: Map<string, StoredUser>;
  teams: Map<string, TeamRecord>;
  queues: Map<string, QueueRecord>;
  reasonCodes: Map<string, ReasonCodeRecord>;
  wrapUpReasons: Map<string, WrapUpReasonRecord>;
  /** Keyed by subscriptionKey(node, subid); Map order is the order of adding. */
  subscriptions: Map<string, SubscriptionRecord>;
  pubsubNodes: Map<string, PubsubNodeRecord>;
  /** Per recipient, oldest first. */
  offline: Map<string, OfflineMessage[]>;
  nextOfflineId: number;
}

export function createMemoryState(): MemoryState {
  return {
    users: new Map(),
    teams: new Map(),
    queues: new Map(),
    reasonCodes: new Map(),
    wrapUpReasons: new Map(),
    subscriptions: new Map(),
    pubsubNodes: new Map(),
    offline: new Map(),
    nextOfflineId: 1,
  };
}

/** The map's values in key order (code points, as SQLite sorts), each copied. */
export function sortedValues<T>(map: Map<string, T>): T[] {
  return [...map.keys()].sort(compareCodePoints).map((k) => structuredClone(map.get(k) as T));
}

export function copyOf<T>(value: T | undefined): T | undefined {
  return value === undefined ? undefined : structuredClone(value);
}
