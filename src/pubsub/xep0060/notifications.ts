// Service outcomes → the messages to send: one per recipient, each with its own id. Used by the IQ
// handler (publishes by administrators) and by the glue for the internal API (the <Update> documents).
//
// [XEP-0060] §7.1.2 (one notification per eligible subscriber, SHOULD carry a unique id)
import type { Element } from '../../xml/element.js';
import type { NodeEventOutcome, PublishOutcome, Recipient } from '../service-types.js';
import type { StoredItem } from '../item-cache.js';
import type { NotificationType } from '../node-config.js';
import { deleteNotification, notificationMessage, notificationMessageId, purgeNotification, type ItemPayload } from './render.js';

export interface NotifyOptions {
  /** The pubsub service JID, `pubsub.<fqdn>`. */
  from: string;
  /** A few random characters for each message id (the product document shows 5). */
  randomSuffix: () => string;
  /** Namespace of `<notification/>` around text payloads (default NS_PUBSUB). */
  notificationNs?: string;
}

const envelopeFor = (r: Recipient, type: NotificationType, opts: NotifyOptions) => ({
  from: opts.from, to: r.jid, id: notificationMessageId(r.node, r.jid, opts.randomSuffix()), node: r.node, type,
});

/** One item notification per recipient, under the node name that recipient subscribed with. */
export function publishNotifications(outcome: PublishOutcome<ItemPayload>, opts: NotifyOptions): Element[] {
  return outcome.recipients.map((r) => notificationMessage({
    ...envelopeFor(r, outcome.notificationType, opts),
    itemId: outcome.itemId,
    ...(outcome.deliverPayloads ? { payload: outcome.payload } : {}),
    ...(opts.notificationNs !== undefined ? { notificationNs: opts.notificationNs } : {}),
  }));
}

/** The last published item, sent to a new subscriber when the node asks for it ([XEP-0060] §6.1.7). */
export function lastItemNotification(
  recipient: Recipient, item: StoredItem<ItemPayload>, type: NotificationType, opts: NotifyOptions,
): Element {
  return notificationMessage({
    ...envelopeFor(recipient, type, opts),
    itemId: item.id,
    payload: item.payload,
    ...(opts.notificationNs !== undefined ? { notificationNs: opts.notificationNs } : {}),
  });
}

/** `<delete/>` or `<purge/>` to each subscriber of the node. */
export function nodeEventNotifications(kind: 'delete' | 'purge', outcome: NodeEventOutcome, opts: NotifyOptions): Element[] {
  const build = kind === 'delete' ? deleteNotification : purgeNotification;
  return outcome.recipients.map((r) => build(envelopeFor(r, outcome.notificationType, opts)));
}
