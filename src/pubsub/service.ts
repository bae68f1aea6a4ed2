// The pubsub service: nodes, subscriptions, items and who gets what. Pure logic over typed values: no
// XML, no sockets, payloads are opaque (`P`), every side effect is injected (style.md §2, §6.3, §6.4).
// Each operation checks existence and access, then returns Result<…, PubsubCondition>. It emits nothing:
// publish/delete/purge return their recipients and the glue sends the messages.
//
// [XEP-0060] https://xmpp.org/extensions/xep-0060.html
// [notification-service] §2.5 (the subset), [finesse-api] §4.1 (item ids), §5.4 (subscriptions)
import { err, ok, type Result } from '../shared/result.js';
import type { PubsubNodeRecord, SubscriptionRecord } from '../storage/stores.js';
import { parseJid, type Jid } from '../xmpp/jid.js';
import type { PubsubCondition } from './condition.js';
import { finesseNodeExists, listFinesseNodes, parseFinesseNode, userNode, type FinesseNode } from './finesse-nodes.js';
import { affiliationOf, may, type Actor, type Affiliation, type PubsubAction } from './access.js';
import { applyConfigFields, configToFields, defaultNodeConfig, matchesConfig, type NodeConfig } from './node-config.js';
import { createItemCache, type StoredItem } from './item-cache.js';
import { createRecipientResolver } from './recipients.js';
import {
  PUBSUB_DEFAULTS, type ItemQuery, type NodeEventOutcome, type PublishOutcome, type PubsubServiceDeps, type Recipient,
  type SubscribeOutcome, type Subscription, type SubscriptionChange,
} from './service-types.js';

export * from './service-types.js';

type R<T> = Result<T, PubsubCondition>;

interface NodeView {
  node: string;
  record: PubsubNodeRecord | undefined;
  desc: FinesseNode | undefined;
  exists: boolean;
}

const toSubscription = (s: SubscriptionRecord): Subscription => ({ node: s.node, jid: s.jid, subid: s.subid, state: 'subscribed' });
const isPrivileged = (a: Actor): boolean => a.isAdmin || a.isInternal === true;
const defaultSizeOf = (p: unknown): number => (typeof p === 'string' ? Buffer.byteLength(p, 'utf8') : 0);

export function createPubsubService<P>(deps: PubsubServiceDeps<P>) {
  const { directory, subscriptions, nodes, clock, domain } = deps;
  const maxItemsPerNode = deps.maxItemsPerNode ?? PUBSUB_DEFAULTS.maxItemsPerNode;
  const finesseMaxItems = deps.finesseMaxItems ?? maxItemsPerNode;
  const maxItemsCap = deps.maxItemsCap ?? PUBSUB_DEFAULTS.maxItemsCap;
  const maxPayloadBytes = deps.maxPayloadBytes ?? PUBSUB_DEFAULTS.maxPayloadBytes;
  const sizeOf = deps.sizeOf ?? defaultSizeOf;
  const items = createItemCache<P>();

  const userJid = (userId: string): string => parseJid(`${userId}@${domain}`)?.bare ?? `${userId.toLowerCase()}@${domain}`;
  const recipients = createRecipientResolver({ directory, subscriptions, onlineBareJids: deps.onlineBareJids, userJid });

  // [finesse-api] §4.1: item ids look like `<uuid><counter>` with a monotonic suffix.
  const itemIdPrefix = deps.randomId();
  let itemCounter = 0;

  /** What one operation needs to know about a node, read from the stores once. */
  function view(node: string): NodeView {
    const record = nodes.get(node);
    const desc = parseFinesseNode(node);
    return { node, record, desc, exists: record !== undefined || (desc !== undefined && finesseNodeExists(desc, directory)) };
  }

  function configOf(v: NodeView): NodeConfig {
    const base = v.desc
      ? defaultNodeConfig(finesseMaxItems, { title: v.node, presenceBasedDelivery: v.desc.kind === 'system-info' })
      : defaultNodeConfig(maxItemsPerNode);
    if (!v.record) return base;
    const applied = applyConfigFields(base, v.record.config, maxItemsCap);
    return applied.ok ? applied.value : base;
  }

  const accessCtx = (v: NodeView) => ({ directory, accessModel: v.record?.config['pubsub#access_model'] });

  /** Existence, then access: the common guard of node operations. */
  function guard(actor: Actor, action: PubsubAction, node: string): R<NodeView> {
    const v = view(node);
    if (!v.exists) return err('item-not-found');
    if (!may(actor, action, node, accessCtx(v))) return err('forbidden');
    return ok(v);
  }

  /** Whether a JID is the actor's own (compared bare), or the actor may act for anyone. */
  const mayActFor = (actor: Actor, target: Jid): boolean => isPrivileged(actor) || target.bare === (parseJid(actor.bareJid)?.bare ?? actor.bareJid);

  function newSubid(node: string): string {
    const taken = new Set(subscriptions.listForNode(node).map((s) => s.subid));
    for (let i = 0; i < 16; i++) {
      const id = deps.randomId();
      if (id !== '' && !taken.has(id)) return id;
    }
    throw new Error('randomId keeps returning subids already in use');
  }

  function addSubscription(node: string, jid: string): SubscriptionRecord {
    const record: SubscriptionRecord = { node, jid, subid: newSubid(node), createdAt: clock.now() };
    subscriptions.add(record);
    recipients.noteSubscribed(node);
    return record;
  }

  function removeSubscription(node: string, jid: string, subid?: string): number {
    const removed = subscriptions.remove(node, jid, subid);
    recipients.noteUnsubscribed(node);
    return removed;
  }

  function deleteSubscriptionsOf(bareJid: string): number {
    let removed = 0;
    for (const s of subscriptions.listForOwner(bareJid)) removed += removeSubscription(s.node, s.jid, s.subid);
    return removed;
  }

  function nodeEvent(v: NodeView): NodeEventOutcome {
    const subs = subscriptions.listForNode(v.node).map((s) => ({ jid: s.jid, node: v.node }));
    return { node: v.node, recipients: subs, notificationType: configOf(v).notificationType };
  }

  function storeConfig(actor: Actor, v: NodeView, config: NodeConfig): void {
    const { record } = v;
    nodes.put({ node: v.node, owner: record?.owner ?? actor.bareJid, config: configToFields(config), createdAt: record?.createdAt ?? clock.now() });
  }

  return {
    domain,

    /** Whether the node exists: a Finesse node of a configured user, team or queue, or a created node. */
    exists: (node: string): boolean => view(node).exists,

    /** The node's effective configuration, or undefined when it does not exist. */
    configuration(node: string): NodeConfig | undefined {
      const v = view(node);
      return v.exists ? configOf(v) : undefined;
    },

    /** Every node: the Finesse tree, then the created nodes that are not part of it. */
    *listNodes(): Generator<string> {
      yield* listFinesseNodes(directory);
      for (const rec of nodes.list()) {
        const desc = parseFinesseNode(rec.node);
        if (!desc || !finesseNodeExists(desc, directory) || desc.kind === 'user-queue') yield rec.node;
      }
    },

    /** The bare JID of a directory user. */
    userJid,

    /** [XEP-0060] §6.1. Re-subscribing the same JID returns its existing subscription. */
    subscribe(actor: Actor, node: string, jid: string): R<SubscribeOutcome<P>> {
      const target = parseJid(jid);
      if (!target || !mayActFor(actor, target)) return err('invalid-jid');
      const g = guard(actor, 'subscribe', node);
      if (!g.ok) return g;
      const config = configOf(g.value);
      const existing = subscriptions.listForNode(node).find((s) => s.jid === target.full);
      const record = existing ?? addSubscription(node, target.full);
      const outcome: SubscribeOutcome<P> = { subscription: toSubscription(record), isNew: !existing, notificationType: config.notificationType };
      const last = config.sendLastPublishedItem === 'never' ? undefined : items.latest(node);
      if (last) outcome.lastItem = last;
      return ok(outcome);
    },

    /** [XEP-0060] §6.2. Works on a stale subscription of a node that no longer exists. */
    unsubscribe(actor: Actor, node: string, jid: string, subid?: string): R<void> {
      const target = parseJid(jid);
      if (!target) return err('invalid-jid');
      if (!mayActFor(actor, target)) return err('forbidden');
      const subs = subscriptions.listForNode(node).filter((s) => s.jid === target.full);
      if (subs.length === 0) return err(view(node).exists ? 'not-subscribed' : 'item-not-found');
      if (subid !== undefined && !subs.some((s) => s.subid === subid)) return err('invalid-subid');
      if (subid === undefined && subs.length > 1) return err('subid-required');
      removeSubscription(node, target.full, subid);
      return ok(undefined);
    },

    /** [XEP-0060] §5.6: the requester's own explicit subscriptions, optionally of one node. */
    subscriptions(actor: Actor, node?: string): R<Subscription[]> {
      if (actor.bareJid === '') return ok([]);
      const own = subscriptions.listForOwner(actor.bareJid).filter((s) => node === undefined || s.node === node);
      if (node !== undefined && own.length === 0 && !view(node).exists) return err('item-not-found');
      return ok(own.map(toSubscription));
    },

    /** [XEP-0060] §5.7: the requester's affiliations (the nodes it created, or its affiliation with one node). */
    affiliations(actor: Actor, node?: string): R<{ node: string; affiliation: Affiliation }[]> {
      if (node !== undefined) {
        const v = view(node);
        if (!v.exists) return err('item-not-found');
        const affiliation = affiliationOf(actor, node, accessCtx(v));
        return ok(affiliation === 'none' ? [] : [{ node, affiliation }]);
      }
      return ok(nodes.list().filter((r) => r.owner !== '' && r.owner === actor.bareJid).map((r) => ({ node: r.node, affiliation: 'owner' as const })));
    },

    /** [XEP-0060] §6.5: the newest `max` items (oldest first), or the items with the given ids. */
    items(actor: Actor, node: string, query: ItemQuery = {}): R<StoredItem<P>[]> {
      const g = guard(actor, 'retrieve-items', node);
      if (!g.ok) return g;
      if (query.itemIds !== undefined) {
        return ok(query.itemIds.map((id) => items.get(node, id)).filter((i): i is StoredItem<P> => i !== undefined));
      }
      return ok(items.list(node, query.max));
    },

    /**
     * [XEP-0060] §7.1. Without `itemId` a Finesse-style id is generated; an existing id is overwritten.
     * `options` are publish-options: every field must match the node configuration.
     */
    publish(actor: Actor, node: string, itemId: string | undefined, payload: P, options?: Readonly<Record<string, string>>): R<PublishOutcome<P>> {
      const g = guard(actor, 'publish', node);
      if (!g.ok) return g;
      if (sizeOf(payload) > maxPayloadBytes) return err('payload-too-big');
      const config = configOf(g.value);
      if (options !== undefined && !matchesConfig(config, options, maxItemsCap)) return err('precondition-not-met');
      const id = itemId ?? `${itemIdPrefix}${++itemCounter}`;
      if (config.persistItems && config.maxItems > 0) {
        items.put(node, { id, payload, publishedAt: clock.now(), publisher: actor.bareJid }, config.maxItems);
      }
      return ok({
        node, itemId: id, payload,
        recipients: recipients.resolve(node, config.presenceBasedDelivery),
        notificationType: config.notificationType,
        deliverPayloads: config.deliverPayloads,
      });
    },

    /** Who a publish to `node` would reach now (no access check, for the glue and diagnostics). */
    recipients(node: string): Recipient[] {
      return recipients.resolve(node, configOf(view(node)).presenceBasedDelivery);
    },

    /**
     * [XEP-0060] §8.1. Instant nodes are not supported. A Finesse node exists without being created;
     * creating it once stores its configuration (so probes written for other servers pass), twice is a conflict.
     */
    create(actor: Actor, node: string | undefined, fields: Readonly<Record<string, string>> = {}): R<{ node: string }> {
      if (node === undefined) return isPrivileged(actor) ? err('instant-nodes-unsupported') : err('forbidden');
      if (node === '') return err('nodeid-required');
      const v = view(node);
      if (!may(actor, 'create', node, accessCtx(v))) return err('forbidden');
      if (v.record !== undefined) return err('conflict');
      const config = applyConfigFields(configOf(v), fields, maxItemsCap);
      if (!config.ok) return config;
      storeConfig(actor, v, config.value);
      return ok({ node });
    },

    /** [XEP-0060] §8.4. Removes the node's record, subscriptions and items; a Finesse node lives on with defaults. */
    delete(actor: Actor, node: string): R<NodeEventOutcome> {
      const g = guard(actor, 'delete', node);
      if (!g.ok) return g;
      const event = nodeEvent(g.value);
      nodes.delete(node);
      subscriptions.removeNode(node);
      recipients.noteUnsubscribed(node);
      items.clear(node);
      return ok(event);
    },

    /** [XEP-0060] §8.5. */
    purge(actor: Actor, node: string): R<NodeEventOutcome> {
      const g = guard(actor, 'purge', node);
      if (!g.ok) return g;
      items.clear(node);
      return ok(nodeEvent(g.value));
    },

    /** [XEP-0060] §8.2: the node configuration form. */
    getConfiguration(actor: Actor, node: string): R<NodeConfig> {
      const g = guard(actor, 'configure', node);
      return g.ok ? ok(configOf(g.value)) : g;
    },

    /** [XEP-0060] §8.2.4. Lowering max_items drops the oldest items. */
    configure(actor: Actor, node: string, fields: Readonly<Record<string, string>>): R<NodeConfig> {
      const g = guard(actor, 'configure', node);
      if (!g.ok) return g;
      const config = applyConfigFields(configOf(g.value), fields, maxItemsCap);
      if (!config.ok) return config;
      storeConfig(actor, g.value, config.value);
      const kept = config.value.persistItems ? items.list(node, config.value.maxItems) : [];
      items.clear(node);
      for (const item of kept) items.put(node, item, config.value.maxItems);
      return ok(config.value);
    },

    /** [XEP-0060] §8.3: the configuration a new node gets. */
    defaultConfiguration(actor: Actor): R<NodeConfig> {
      return isPrivileged(actor) ? ok(defaultNodeConfig(maxItemsPerNode)) : err('forbidden');
    },

    /** [XEP-0060] §8.8.1: every subscription of the node (owner). */
    nodeSubscriptions(actor: Actor, node: string): R<Subscription[]> {
      const g = guard(actor, 'manage-subscriptions', node);
      return g.ok ? ok(subscriptions.listForNode(node).map(toSubscription)) : g;
    },

    /** [XEP-0060] §8.8.2: add (`subscribed`) or remove (`none`) subscriptions; all or nothing. */
    modifySubscriptions(actor: Actor, node: string, changes: readonly SubscriptionChange[]): R<void> {
      const g = guard(actor, 'manage-subscriptions', node);
      if (!g.ok) return g;
      const parsed: SubscriptionChange[] = [];
      for (const c of changes) {
        const jid = parseJid(c.jid)?.full;
        if (jid === undefined) return err('jid-malformed');
        parsed.push({ ...c, jid });
      }
      for (const c of parsed) {
        const has = subscriptions.listForNode(node).some((s) => s.jid === c.jid);
        if (c.subscription === 'subscribed' && !has) addSubscription(node, c.jid);
        if (c.subscription === 'none' && has) removeSubscription(node, c.jid, c.subid);
      }
      return ok(undefined);
    },

    /** [XEP-0060] §8.9.1: the node's affiliations (owner): its creator. */
    nodeAffiliations(actor: Actor, node: string): R<{ jid: string; affiliation: Affiliation }[]> {
      const g = guard(actor, 'manage-subscriptions', node);
      if (!g.ok) return g;
      const owner = g.value.record?.owner;
      return ok(owner ? [{ jid: owner, affiliation: 'owner' }] : []);
    },

    /** Removes every subscription of an entity (bare JID), e.g. when its user is deleted. Returns how many. */
    deleteSubscriptionsOf,

    /**
     * Forgets a deleted user: its own subscriptions, every subscription to its nodes (supervisors', aliases)
     * and their items. Publish the user's DELETE update before calling this. Returns subscriptions removed.
     */
    forgetUser(userId: string): number {
      const prefix = userNode(userId);
      const isUserNode = (node: string): boolean => node === prefix || node.startsWith(`${prefix}/`);
      let removed = deleteSubscriptionsOf(userJid(userId));
      for (const node of new Set(subscriptions.list().map((s) => s.node).filter(isUserNode))) {
        removed += subscriptions.removeNode(node);
        recipients.noteUnsubscribed(node);
      }
      items.clearWhere(isUserNode);
      return removed;
    },
  };
}

export type PubsubService<P = unknown> = ReturnType<typeof createPubsubService<P>>;
