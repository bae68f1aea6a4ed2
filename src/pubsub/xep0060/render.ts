// Typed results → XEP-0060 elements: IQ result payloads and the event notifications.
//
// [XEP-0060] §7.1.2 (notification), §8.4.2 (delete), §8.5.2 (purge), §6.1.2 / §5.6 / §6.5 / §8 (results)
// [finesse-api] §4.1: the Finesse envelope, e.g. (the <Update> document is escaped text, [decisions] 7)
//   <message from="pubsub.<fqdn>" to="6021@<fqdn>" id="…"><event xmlns="http://jabber.org/protocol/pubsub#event">
//   <items node="/finesse/api/User/6021"><item id="<uuid><counter>"><notification xmlns="http://jabber.org/protocol/pubsub">
//   &lt;Update&gt;…&lt;/Update&gt;</notification></item></items></event></message>
import { Element, xml } from '../../xml/element.js';
import { NS_CLIENT, NS_PUBSUB, NS_PUBSUB_EVENT, NS_PUBSUB_OWNER } from '../../xml/ns.js';
import type { Affiliation } from '../access.js';
import type { NodeConfig, NotificationType } from '../node-config.js';
import type { StoredItem, Subscription } from '../service-types.js';
import { nodeConfigForm } from './data-form.js';

/** What the codec can carry as an item: the Finesse `<Update>` document as text, or an element an administrator published. */
export type ItemPayload = string | Element;

/**
 * The child of `<item/>`. A string goes into `<notification/>` as a text child, which the serializer
 * escapes (every Finesse client reads the text content); an element is the payload itself ([XEP-0060] §7.1).
 * The notification namespace is configurable ([finesse-api] §4.1: the 12.5 capture shows urn:xmpp:push:0).
 */
export function itemPayload(payload: ItemPayload, notificationNs: string = NS_PUBSUB): Element {
  return typeof payload === 'string' ? xml('notification', { xmlns: notificationNs }, payload) : payload;
}

const pubsub = (...children: Element[]): Element => xml('pubsub', { xmlns: NS_PUBSUB }, ...children);
const owner = (...children: Element[]): Element => xml('pubsub', { xmlns: NS_PUBSUB_OWNER }, ...children);

const subscriptionElement = (s: Subscription, withNode: boolean): Element =>
  xml('subscription', { node: withNode ? s.node : undefined, jid: s.jid, subscription: s.state, subid: s.subid });

/** [XEP-0060] §6.1.2: `<pubsub><subscription node jid subscription='subscribed' subid/></pubsub>`. */
export const subscriptionResult = (s: Subscription): Element => pubsub(subscriptionElement(s, true));

/** [XEP-0060] §5.6. */
export const subscriptionsResult = (subs: readonly Subscription[], node?: string): Element =>
  pubsub(xml('subscriptions', { node }, subs.map((s) => subscriptionElement(s, true))));

/** [XEP-0060] §5.7. */
export const affiliationsResult = (affs: readonly { node: string; affiliation: Affiliation }[], node?: string): Element =>
  pubsub(xml('affiliations', { node }, affs.map((a) => xml('affiliation', { node: a.node, affiliation: a.affiliation }))));

/** [XEP-0060] §6.5.2. */
export const itemsResult = (node: string, items: readonly StoredItem<ItemPayload>[], notificationNs?: string): Element =>
  pubsub(xml('items', { node }, items.map((i) => xml('item', { id: i.id }, itemPayload(i.payload, notificationNs)))));

/** [XEP-0060] §7.1.2: the result carries the item id (generated or not). */
export const publishResult = (node: string, itemId: string): Element =>
  pubsub(xml('publish', { node }, xml('item', { id: itemId })));

/** [XEP-0060] §8.2.1. */
export const configureResult = (node: string, config: NodeConfig): Element =>
  owner(xml('configure', { node }, nodeConfigForm(config)));

/** [XEP-0060] §8.3. */
export const defaultResult = (config: NodeConfig): Element => owner(xml('default', null, nodeConfigForm(config)));

/** [XEP-0060] §8.8.1. */
export const ownerSubscriptionsResult = (node: string, subs: readonly Subscription[]): Element =>
  owner(xml('subscriptions', { node }, subs.map((s) => subscriptionElement(s, false))));

/** [XEP-0060] §8.9.1. */
export const ownerAffiliationsResult = (node: string, affs: readonly { jid: string; affiliation: Affiliation }[]): Element =>
  owner(xml('affiliations', { node }, affs.map((a) => xml('affiliation', { jid: a.jid, affiliation: a.affiliation }))));

/** `<node>__<bare JID>__<random>` as in the product document's log line ([notification-service] §0.7). */
export function notificationMessageId(node: string, to: string, random: string): string {
  const slash = to.indexOf('/');
  return `${node}__${slash < 0 ? to : to.slice(0, slash)}__${random}`;
}

export interface EnvelopeOptions {
  /** The pubsub service JID, `pubsub.<fqdn>`. */
  from: string;
  /** The subscribed JID, bare or full. */
  to: string;
  id: string;
  node: string;
  /** `headline` adds type='headline'; `normal` (the default) leaves the type out, as Finesse does. */
  type?: NotificationType;
}

/** The `<message/>` around an event; Finesse's has no type attribute ([finesse-api] §4.1). */
function envelope(opts: EnvelopeOptions, event: Element): Element {
  return xml('message', {
    xmlns: NS_CLIENT, from: opts.from, to: opts.to, id: opts.id,
    type: opts.type === 'headline' ? 'headline' : undefined,
  }, xml('event', { xmlns: NS_PUBSUB_EVENT }, event));
}

export interface NotificationOptions extends EnvelopeOptions {
  itemId: string;
  /** Left out when the node does not deliver payloads. */
  payload?: ItemPayload;
  notificationNs?: string;
}

/** [XEP-0060] §7.1.2.1: an item notification in the Finesse envelope. */
export function notificationMessage(opts: NotificationOptions): Element {
  const item = xml('item', { id: opts.itemId }, opts.payload === undefined ? null : itemPayload(opts.payload, opts.notificationNs));
  return envelope(opts, xml('items', { node: opts.node }, item));
}

/** [XEP-0060] §8.4.2: the node was deleted. */
export const deleteNotification = (opts: EnvelopeOptions): Element => envelope(opts, xml('delete', { node: opts.node }));

/** [XEP-0060] §8.5.2: the node's items were purged. */
export const purgeNotification = (opts: EnvelopeOptions): Element => envelope(opts, xml('purge', { node: opts.node }));
