// Storage interfaces, shaped by the code that uses them (style.md §6.16). Every backend passes
// stores.contract.ts. SQLite (better-sqlite3) is the default backend; memory is for unit tests.
import type { Credentials } from '../auth/credentials.js';

export type Role = 'agent' | 'supervisor' | 'admin';

export interface UserRecord {
  /** Finesse login id, also the XMPP localpart (e.g. "1001001", "admin"). */
  id: string;
  /** Finesse loginName; equals id for the demo users. */
  loginName: string;
  firstName: string;
  lastName: string;
  extension: string | null;
  roles: Role[];
  /** The team the user belongs to (agents), or null. */
  teamId: string | null;
  /** Teams a supervisor supervises. */
  supervisedTeamIds: string[];
  /** Queues (CSQs / skill groups) the agent is skilled in. */
  queueIds: string[];
}

export interface TeamRecord { id: string; name: string }
export interface QueueRecord { id: string; name: string }

export type ReasonCategory = 'NOT_READY' | 'LOGOUT';
export interface ReasonCodeRecord {
  id: string;
  category: ReasonCategory;
  code: number;
  label: string;
  forAll: boolean;
  /** System codes (like 255, forced logout) cannot be deleted. */
  isSystemCode: boolean;
}
export interface WrapUpReasonRecord { id: string; label: string; forAll: boolean }

export interface UserStore {
  get(id: string): UserRecord | undefined;
  list(): UserRecord[];
  count(): number;
  /** Creates or replaces. */
  put(user: UserRecord): void;
  /** Creates or replaces many in one transaction (bulk-add of thousands of agents). */
  putMany(users: readonly UserRecord[], credentials?: Credentials): void;
  delete(id: string): boolean;
  getCredentials(id: string): Credentials | undefined;
  setCredentials(id: string, creds: Credentials): void;
}

export interface TeamStore {
  get(id: string): TeamRecord | undefined;
  list(): TeamRecord[];
  put(team: TeamRecord): void;
  delete(id: string): boolean;
}

export interface QueueStore {
  get(id: string): QueueRecord | undefined;
  list(): QueueRecord[];
  put(queue: QueueRecord): void;
  delete(id: string): boolean;
}

export interface ReasonCodeStore {
  list(category?: ReasonCategory): ReasonCodeRecord[];
  get(id: string): ReasonCodeRecord | undefined;
  put(rc: ReasonCodeRecord): void;
  delete(id: string): boolean;
}

export interface WrapUpReasonStore {
  list(): WrapUpReasonRecord[];
  get(id: string): WrapUpReasonRecord | undefined;
  put(w: WrapUpReasonRecord): void;
  delete(id: string): boolean;
}

/** An explicit XEP-0060 subscription; persists until removed. */
export interface SubscriptionRecord {
  node: string;
  /** The subscribed JID exactly as requested (bare or full), normalized. */
  jid: string;
  subid: string;
  createdAt: number;
}

export interface SubscriptionStore {
  list(): SubscriptionRecord[];
  listForNode(node: string): SubscriptionRecord[];
  /** Subscriptions whose JID's bare part equals `bareJid`. */
  listForOwner(bareJid: string): SubscriptionRecord[];
  add(sub: SubscriptionRecord): void;
  /** Removes one subscription (by subid) or all of `jid` on `node`; returns how many were removed. */
  remove(node: string, jid: string, subid?: string): number;
  removeNode(node: string): number;
}

/** A pubsub node created by an administrator (Finesse nodes are derived from users, teams, queues). */
export interface PubsubNodeRecord {
  node: string;
  owner: string;
  config: Record<string, string>;
  createdAt: number;
}

export interface PubsubNodeStore {
  list(): PubsubNodeRecord[];
  get(node: string): PubsubNodeRecord | undefined;
  put(rec: PubsubNodeRecord): void;
  delete(node: string): boolean;
}

export interface OfflineMessage {
  id: number;
  /** Bare JID of the recipient. */
  to: string;
  /** The stanza as serialized XML (namespace-complete). */
  stanza: string;
  /** When it was stored, ms since epoch (becomes the XEP-0203 delay stamp). */
  storedAt: number;
  bytes: number;
}

export interface OfflineQuota { maxMessages: number; maxBytes: number }

export interface OfflineStore {
  /**
   * Stores a message; when the recipient's quota would be exceeded, the oldest messages are dropped
   * first. Returns how many older messages were dropped to make room (or `rejected` when the message
   * alone is larger than the byte quota).
   */
  push(to: string, stanza: string, storedAt: number, quota: OfflineQuota): { dropped: number; rejected: boolean };
  /** Returns and deletes every stored message of `to`, oldest first. */
  take(to: string): OfflineMessage[];
  count(to: string): number;
}

export interface Stores {
  users: UserStore;
  teams: TeamStore;
  queues: QueueStore;
  reasonCodes: ReasonCodeStore;
  wrapUpReasons: WrapUpReasonStore;
  subscriptions: SubscriptionStore;
  pubsubNodes: PubsubNodeStore;
  offline: OfflineStore;
  close(): void;
}
