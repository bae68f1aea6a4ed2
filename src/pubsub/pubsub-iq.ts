// IQs addressed to the pubsub service: XEP-0060 requests (parsed, run on the service, rendered) and
// XEP-0030 discovery. One small function per command kind, found through a table (style.md §6.20).
// A handler returns the result payload (undefined: empty result) or throws a StanzaError; the router
// builds the reply. Notifications caused by a request go out through the injected `send`.
import type { Element } from '../xml/element.js';
import { NS_DISCO_INFO, NS_DISCO_ITEMS, NS_PUBSUB, NS_PUBSUB_OWNER } from '../xml/ns.js';
import { StanzaError } from '../xmpp/stanza/stanza-error.js';
import type { Result } from '../shared/result.js';
import type { Actor } from './access.js';
import type { PubsubCondition } from './condition.js';
import { createPubsubDisco } from './pubsub-disco.js';
import type { PubsubService } from './service.js';
import { pubsubError } from './xep0060/errors.js';
import { parsePubsub, type PubsubCommand } from './xep0060/parse.js';
import { lastItemNotification, nodeEventNotifications, publishNotifications, type NotifyOptions } from './xep0060/notifications.js';
import * as render from './xep0060/render.js';
import type { ItemPayload } from './xep0060/render.js';
import { NS_RSM } from './xep0060/rsm.js';

export interface PubsubIqOptions {
  /** Hands a notification to the router (sessions, or offline storage for an absent user). */
  send: (stanza: Element) => void;
  /** A few random characters for each notification's message id. */
  randomSuffix: () => string;
  /** Default `pubsub.<domain>`. */
  serviceJid?: string;
  /** Namespace of `<notification/>` around text payloads (default NS_PUBSUB). */
  notificationNs?: string;
  /**
   * Sends what must follow the IQ result (the last item on subscription, [XEP-0060] §6.1.7). Default: on
   * the next turn of the event loop, after the router has delivered the reply.
   */
  sendAfterReply?: (stanza: Element) => void;
}

type Handler<K extends PubsubCommand['kind']> = (actor: Actor, command: Extract<PubsubCommand, { kind: K }>) => Element | undefined;

/** The value of a service result, or its condition thrown as a stanza error. */
function unwrap<T>(result: Result<T, PubsubCondition>): T {
  if (!result.ok) throw pubsubError(result.error, result.text === undefined ? {} : { text: result.text });
  return result.value;
}

export function createPubsubIqHandler(service: PubsubService<ItemPayload>, options: PubsubIqOptions) {
  const serviceJid = options.serviceJid ?? `pubsub.${service.domain}`;
  const notify: NotifyOptions = {
    from: serviceJid,
    randomSuffix: options.randomSuffix,
    ...(options.notificationNs !== undefined ? { notificationNs: options.notificationNs } : {}),
  };
  const sendAfterReply = options.sendAfterReply ?? ((stanza: Element) => void setImmediate(() => options.send(stanza)));
  const sendAll = (stanzas: Element[]): void => stanzas.forEach((s) => options.send(s));
  const disco = createPubsubDisco(service, serviceJid);

  const handlers: { [K in PubsubCommand['kind']]: Handler<K> } = {
    subscribe(actor, c) {
      const outcome = unwrap(service.subscribe(actor, c.node, c.jid));
      if (outcome.lastItem) {
        const to = { jid: outcome.subscription.jid, node: c.node };
        sendAfterReply(lastItemNotification(to, outcome.lastItem, outcome.notificationType, notify));
      }
      return render.subscriptionResult(outcome.subscription);
    },
    unsubscribe: (actor, c) => void unwrap(service.unsubscribe(actor, c.node, c.jid, c.subid)),
    subscriptions: (actor, c) => render.subscriptionsResult(unwrap(service.subscriptions(actor, c.node)), c.node),
    affiliations: (actor, c) => render.affiliationsResult(unwrap(service.affiliations(actor, c.node)), c.node),
    items: (actor, c) => render.itemsResult(c.node, unwrap(service.items(actor, c.node, c)), options.notificationNs),
    publish(actor, c) {
      const outcome = unwrap(service.publish(actor, c.node, c.itemId, c.payload, c.options));
      sendAll(publishNotifications(outcome, notify));
      return render.publishResult(c.node, outcome.itemId);
    },
    create(actor, c) {
      unwrap(service.create(actor, c.node, c.config));
      return undefined;
    },
    'configure-get': (actor, c) => render.configureResult(c.node, unwrap(service.getConfiguration(actor, c.node))),
    'configure-set'(actor, c) {
      if (c.config === undefined) unwrap(service.getConfiguration(actor, c.node));
      else unwrap(service.configure(actor, c.node, c.config));
      return undefined;
    },
    default: (actor) => render.defaultResult(unwrap(service.defaultConfiguration(actor))),
    delete(actor, c) {
      sendAll(nodeEventNotifications('delete', unwrap(service.delete(actor, c.node)), notify));
      return undefined;
    },
    purge(actor, c) {
      sendAll(nodeEventNotifications('purge', unwrap(service.purge(actor, c.node)), notify));
      return undefined;
    },
    'owner-subscriptions-get': (actor, c) => render.ownerSubscriptionsResult(c.node, unwrap(service.nodeSubscriptions(actor, c.node))),
    'owner-subscriptions-set': (actor, c) => void unwrap(service.modifySubscriptions(actor, c.node, c.changes)),
    'owner-affiliations-get': (actor, c) => render.ownerAffiliationsResult(c.node, unwrap(service.nodeAffiliations(actor, c.node))),
  };

  function run(actor: Actor, command: PubsubCommand): Element | undefined {
    const handler = handlers[command.kind] as Handler<PubsubCommand['kind']>;
    return handler(actor, command);
  }

  return {
    serviceJid,
    discoInfo: disco.discoInfo,
    discoItems: disco.discoItems,

    /**
     * Answers an IQ get/set to the service: pubsub, pubsub#owner, disco#info, disco#items.
     * Returns the result payload (undefined for an empty result); throws StanzaError.
     */
    handle(actor: Actor, iq: Element): Element | undefined {
      const type = iq.attr('type') ?? '';
      const payloads = iq.elements();
      const payload = payloads[0];
      if (payload === undefined || payloads.length !== 1) throw new StanzaError('bad-request');
      const node = payload.attr('node');
      switch (payload.ns) {
        case NS_PUBSUB:
        case NS_PUBSUB_OWNER: {
          if (!payload.is('pubsub')) break;
          const parsed = parsePubsub(type, payload);
          if (!parsed.ok) throw parsed.error;
          return run(actor, parsed.command);
        }
        case NS_DISCO_INFO:
          if (type === 'get' && payload.is('query')) return disco.discoInfo(node);
          break;
        case NS_DISCO_ITEMS:
          if (type === 'get' && payload.is('query')) return disco.discoItems(actor, node, payload.getChild('set', NS_RSM));
          break;
      }
      throw new StanzaError('service-unavailable');
    },

    /** The messages for a publish made outside XMPP (the internal API); the caller sends them. */
    notificationsFor: (outcome: Parameters<typeof publishNotifications>[0]): Element[] => publishNotifications(outcome, notify),
  };
}

export type PubsubIqHandler = ReturnType<typeof createPubsubIqHandler>;
