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

/**
 * Users. `teamId`, `supervisedTeamIds` and `queueIds` must name existing teams and queues (a write that
 * names an unknown one throws a StorageError `ERR_STORAGE_UNKNOWN_REFERENCE` and changes nothing);
 * deleting a team detaches its members and supervisors, deleting a queue removes it from every user.
 * Role and id lists read back in the order written, duplicates removed. `list()` is ordered by id.
 */
export interface UserStore {
  get(id: string): UserRecord | undefined;
  list(): UserRecord[];
  count(): number;
  /** Creates or replaces the record; stored credentials are kept unless `credentials` is given. */
  put(user: UserRecord, credentials?: Credentials): void;
  /**
   * Creates or replaces many in one transaction (bulk-add of thousands of agents). `credentials` is
   * either one record given to every user, or one per user (same length and order as `users`).
   */
  putMany(users: readonly UserRecord[], credentials?: Credentials | readonly Credentials[]): void;
  /** Deletes the user and its credentials; false when there was no such user. */
  delete(id: string): boolean;
  getCredentials(id: string): Credentials | undefined;
  /** Replaces the user's credentials; false (and nothing stored) when there is no such user. */
  setCredentials(id: string, creds: Credentials): boolean;
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

/**
 * Reason codes, listed by category then code. A code value is unique within its category (a put that
 * would repeat one under another id throws a StorageError `ERR_STORAGE_DUPLICATE`).
 */
export interface ReasonCodeStore {
  list(category?: ReasonCategory): ReasonCodeRecord[];
  get(id: string): ReasonCodeRecord | undefined;
  put(rc: ReasonCodeRecord): void;
  /** False when there is no such reason code, or when it is a system code (those are never deleted). */
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

/** Subscriptions are keyed by (node, subid); lists are in the order added (adding a key again replaces it and moves it to the end). */
export interface SubscriptionStore {
  list(): SubscriptionRecord[];
  listForNode(node: string): SubscriptionRecord[];
  /** Subscriptions whose JID's bare part equals `bareJid`. */
  listForOwner(bareJid: string): SubscriptionRecord[];
  add(sub: SubscriptionRecord): void;
  /** Removes one subscription (by subid, and only if it belongs to `jid`) or all of `jid` on `node`; returns how many were removed. */
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

/** Administrator-created pubsub nodes, listed by node name. */
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
   * alone is larger than the byte quota, or the quota allows no message at all; then nothing changes).
   * `bytes` is the UTF-8 length of `stanza`.
   */
  push(to: string, stanza: string, storedAt: number, quota: OfflineQuota): { dropped: number; rejected: boolean };
  /** Returns and deletes every stored message of `to`, oldest first. */
  take(to: string): OfflineMessage[];
  count(to: string): number;
  /** Messages stored for everyone (for `show status`). */
  total(): number;
}

/** Teams and queues are listed by id (code-point order, as SQLite's BINARY collation). */
/** The services with their own CORS allow-list ([contract] "HTTP behaviour", issue CORS). */
export type CorsService = 'finesse' | 'notification' | 'livedata';
export const CORS_SERVICES: readonly CorsService[] = ['finesse', 'notification', 'livedata'];

export interface CorsStore {
  /** Whether cross-origin use of the service is enabled (off unless set; the demo-data seed of a fresh install switches every service on with an empty list). */
  isEnabled(service: CorsService): boolean;
  setEnabled(service: CorsService, enabled: boolean): void;
  /** Normalized origins (scheme://host[:port]) in the order they were added. */
  origins(service: CorsService): string[];
  /** Whether the normalized origin is on the service's list (one indexed lookup, for every request). */
  hasOrigin(service: CorsService, origin: string): boolean;
  /** Returns false when the origin was already there. */
  addOrigin(service: CorsService, origin: string): boolean;
  /** Returns false when the origin was not there. */
  removeOrigin(service: CorsService, origin: string): boolean;
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
  cors: CorsStore;
  close(): void;
}
