// XEP-0030 on the pubsub service: what the service is, what each node is, and which nodes and items exist.
//
// [XEP-0060] §5.1–§5.5 (discovery), [finesse-api] §5.4 (Smack needs identity pubsub/leaf for every Finesse
// node, even one never published to), [notification-service] §0.5 (disco#items lists every node).
import { Element, xml } from '../xml/element.js';
import { NS_DISCO_INFO, NS_DISCO_ITEMS, NS_PUBSUB } from '../xml/ns.js';
import { StanzaError } from '../xmpp/stanza/stanza-error.js';
import type { Actor } from './access.js';
import type { PubsubService } from './service.js';
import { pubsubError } from './xep0060/errors.js';
import type { ItemPayload } from './xep0060/render.js';
import { NS_RSM, pageOf, parseRsm, rsmResult } from './xep0060/rsm.js';

/** The features the service implements ([XEP-0060] §10). */
export const PUBSUB_FEATURES: readonly string[] = [
  NS_DISCO_INFO, NS_DISCO_ITEMS, NS_PUBSUB,
  ...['publish', 'subscribe', 'retrieve-subscriptions', 'retrieve-items', 'retrieve-affiliations', 'create-nodes',
    'delete-nodes', 'purge-nodes', 'config-node', 'retrieve-default', 'manage-subscriptions', 'persistent-items',
    'multi-subscribe', 'publish-options', 'item-ids', 'access-whitelist', 'access-open',
  ].map((f) => `${NS_PUBSUB}#${f}`),
  NS_RSM,
];

export function createPubsubDisco(service: PubsubService<ItemPayload>, serviceJid: string) {
  return {
    /** Without node: the service (pubsub/service + features). With node: pubsub/leaf, or item-not-found. */
    discoInfo(node?: string): Element {
      if (node === undefined) {
        return xml('query', { xmlns: NS_DISCO_INFO },
          xml('identity', { category: 'pubsub', type: 'service', name: 'Parley notification service' }),
          PUBSUB_FEATURES.map((f) => xml('feature', { var: f })));
      }
      if (!service.exists(node)) throw new StanzaError('item-not-found');
      return xml('query', { xmlns: NS_DISCO_INFO, node },
        xml('identity', { category: 'pubsub', type: 'leaf' }),
        xml('feature', { var: NS_PUBSUB }));
    },

    /**
     * Without node: every node, `<item jid='pubsub.<fqdn>' node='…'/>`. With node: its item ids as
     * `<item jid='pubsub.<fqdn>' name='<id>'/>` (needs item retrieval access). `set` is a XEP-0059 request.
     */
    discoItems(actor: Actor, node?: string, set?: Element): Element {
      const rsm = set === undefined ? undefined : parseRsm(set);
      if (rsm instanceof StanzaError) throw rsm;
      let ids: string[];
      if (node === undefined) {
        ids = [...service.listNodes()];
      } else {
        const items = service.items(actor, node);
        if (!items.ok) throw pubsubError(items.error);
        ids = items.value.map((i) => i.id);
      }
      const toItem = (id: string): Element => xml('item', node === undefined ? { jid: serviceJid, node: id } : { jid: serviceJid, name: id });
      if (rsm === undefined) return xml('query', { xmlns: NS_DISCO_ITEMS, node }, ids.map(toItem));
      const page = pageOf(ids, (id) => id, rsm);
      if (page instanceof StanzaError) throw page;
      return xml('query', { xmlns: NS_DISCO_ITEMS, node }, page.items.map(toItem), rsmResult(page, (id) => id));
    },
  };
}
