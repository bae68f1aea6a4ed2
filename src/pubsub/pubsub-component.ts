// Glue: the pubsub service as the XMPP component `pubsub.<fqdn>` of the notification service, plus the
// internal publishing API the web services use to send <Update> documents (issue "REST API").
// The service is pure (service.ts), the codec is xep0060/, this file connects them to the router.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Element } from '../xml/element.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { Stores, UserRecord } from '../storage/stores.js';
import { parseJid } from '../xmpp/jid.js';
import { IqRouter, type IqContext } from '../xmpp/router/iq-router.js';
import type { NotificationService } from '../xmpp/notification-service.js';
import { NS_DISCO_INFO, NS_DISCO_ITEMS, NS_PUBSUB, NS_PUBSUB_OWNER } from '../xml/ns.js';
import { actorFor, INTERNAL_ACTOR, type Actor } from './access.js';
import type { createCachedDirectory } from './cached-directory.js';
import { createPubsubIqHandler } from './pubsub-iq.js';
import { createPubsubService } from './service.js';
import type { ItemPayload } from './xep0060/render.js';

export interface PubsubComponentDeps {
  domain: string;
  stores: Stores;
  notification: NotificationService;
  clock: Clock;
  log: Logger;
  maxItemsPerNode: number;
  /** The shared, cached view of users, teams and queues. */
  directory: ReturnType<typeof createCachedDirectory>;
  /** Metrics hooks (issue 10): one call per published event, one per notification handed off. */
  onPublished?: (node: string, recipients: number) => void;
  onDelivered?: (seconds: number) => void;
}

const SUFFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
function randomSuffix(): string {
  const b = randomBytes(5);
  let s = '';
  for (const x of b) s += SUFFIX_ALPHABET[x % SUFFIX_ALPHABET.length];
  return s;
}

interface PubsubIqContext extends IqContext {
  actor: Actor;
}

export function createPubsubComponent(deps: PubsubComponentDeps) {
  const { domain, stores, notification } = deps;
  const serviceJid = `pubsub.${domain}`;
  const { directory } = deps;
  const service = createPubsubService<ItemPayload>({
    directory,
    subscriptions: stores.subscriptions,
    nodes: stores.pubsubNodes,
    clock: deps.clock,
    randomId: randomUUID,
    domain,
    onlineBareJids: () => notification.registry.availableBareJids(),
    maxItemsPerNode: deps.maxItemsPerNode,
  });
  const send = (stanza: Element): void => notification.router.deliver(stanza);
  const handler = createPubsubIqHandler(service, { send, randomSuffix, serviceJid });

  // Every get/set in these namespaces goes to the XEP-0060 handler; the IqRouter builds the reply.
  const iq = new IqRouter<PubsubIqContext>(deps.log);
  const handle = (ctx: PubsubIqContext, stanza: Element) => handler.handle(ctx.actor, stanza);
  for (const type of ['get', 'set'] as const) {
    iq.on(type, NS_PUBSUB, 'pubsub', handle).on(type, NS_PUBSUB_OWNER, 'pubsub', handle);
  }
  iq.on('get', NS_DISCO_INFO, 'query', handle).on('get', NS_DISCO_ITEMS, 'query', handle);

  const actorOf = (bareJid: string): Actor => {
    const jid = parseJid(bareJid);
    const user: UserRecord | undefined = jid && jid.domain === domain ? directory.getUser(jid.local) : undefined;
    return actorFor(bareJid, user);
  };

  notification.addComponent(serviceJid, 'Finesse notifications (XEP-0060)', function pubsubComponent(stanza, origin) {
    if (!origin || stanza.localName !== 'iq') return; // messages and presence to the service are ignored
    const type = stanza.attr('type');
    if (type !== 'get' && type !== 'set') return;
    const ctx: PubsubIqContext = { from: origin.jid.full, fromBare: origin.jid.bare, to: serviceJid, actor: actorOf(origin.jid.bare) };
    void iq.handle(ctx, stanza).then((reply) => origin.deliver(reply));
  });

  return {
    service,
    serviceJid,

    /**
     * Publishes an <Update> document (text) on a node as Parley's web services do: notifications to the
     * explicit subscribers and the implicit ones (the user of a User/Dialogs/Media node, every online
     * user for SystemInfo); absent users get it in offline storage.
     */
    publishInternal(node: string, payload: string, itemId?: string): { itemId: string; recipients: number } {
      const started = performance.now();
      const result = service.publish(INTERNAL_ACTOR, node, itemId, payload);
      if (!result.ok) throw new Error(`publish to ${node} failed: ${result.error}${result.text ? ` (${result.text})` : ''}`);
      for (const stanza of handler.notificationsFor(result.value)) {
        send(stanza);
        deps.onDelivered?.((performance.now() - started) / 1000);
      }
      deps.onPublished?.(node, result.value.recipients.length);
      return { itemId: result.value.itemId, recipients: result.value.recipients.length };
    },

    /** How many nodes the service lists (Finesse nodes of every user, team and queue, plus created ones). */
    nodeCount(): number {
      let n = 0;
      for (const _ of service.listNodes()) n++;
      return n;
    },

    /** Users, teams or queues changed outside the service (bulk add, admin API): drop cached views. */
    directoryChanged(): void {
      directory.invalidate();
    },
  };
}

export type PubsubComponent = ReturnType<typeof createPubsubComponent>;
