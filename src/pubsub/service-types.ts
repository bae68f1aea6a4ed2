// The vocabulary of the pubsub service's API: its dependencies, what its operations return.
// Pure types, shared by the service (service.ts), the codec (xep0060/) and the glue.
import type { Clock } from '../shared/clock.js';
import type { PubsubNodeStore, SubscriptionStore } from '../storage/stores.js';
import type { PubsubDirectory } from './directory.js';
import type { StoredItem } from './item-cache.js';
import type { NotificationType } from './node-config.js';
import type { Recipient } from './recipients.js';

export type { Recipient } from './recipients.js';
export type { StoredItem } from './item-cache.js';

export interface PubsubServiceDeps<P> {
  directory: PubsubDirectory;
  subscriptions: SubscriptionStore;
  nodes: PubsubNodeStore;
  clock: Pick<Clock, 'now'>;
  /** Random ids for subids and for the per-instance prefix of item ids (a UUID fits). */
  randomId: () => string;
  /** The XMPP domain: user `<id>` is `<id>@<domain>`. */
  domain: string;
  /** Bare JIDs with at least one available session (SystemInfo, presence-based delivery). */
  onlineBareJids: () => Iterable<string>;
  /** Default `pubsub#max_items`: the last N items of each node are kept, in memory (setting pubsub.maxItemsPerNode). */
  maxItemsPerNode?: number;
  /**
   * Default `pubsub#max_items` of Finesse nodes, when it should differ (memory: 10,000 users × 3 published
   * nodes × N items × a few KiB). Defaults to maxItemsPerNode.
   */
  finesseMaxItems?: number;
  /** What `pubsub#max_items=max` means, and the highest value accepted. */
  maxItemsCap?: number;
  /** Larger payloads are refused with payload-too-big. */
  maxPayloadBytes?: number;
  /** Size of a payload in bytes; by default UTF-8 length of a string, 0 otherwise. */
  sizeOf?: (payload: P) => number;
}

export const PUBSUB_DEFAULTS = {
  maxItemsPerNode: 10,
  maxItemsCap: 256,
  maxPayloadBytes: 256 * 1024,
} as const;

export interface Subscription {
  node: string;
  jid: string;
  subid: string;
  state: 'subscribed';
}

export interface SubscribeOutcome<P> {
  subscription: Subscription;
  /** Whether this call created it (false: the existing subscription of this JID was returned). */
  isNew: boolean;
  /** The last item, when the node's `send_last_published_item` asks for it on subscription. */
  lastItem?: StoredItem<P>;
  notificationType: NotificationType;
}

export interface PublishOutcome<P> {
  node: string;
  itemId: string;
  payload: P;
  /** One entry per notification to send, with the node name to put in it. */
  recipients: Recipient[];
  notificationType: NotificationType;
  deliverPayloads: boolean;
}

/** Recipients of a node-level event (`<delete/>`, `<purge/>`): the node's explicit subscribers. */
export interface NodeEventOutcome {
  node: string;
  recipients: Recipient[];
  notificationType: NotificationType;
}

export interface ItemQuery {
  max?: number;
  itemIds?: readonly string[];
}

export type SubscriptionChange = { jid: string; subscription: 'subscribed' | 'none'; subid?: string };
