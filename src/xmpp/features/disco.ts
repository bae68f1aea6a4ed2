// XEP-0030 for the server itself: identity, features, and the pubsub service as an item.
import { xml } from '../../xml/element.js';
import { NS_DISCO_INFO, NS_DISCO_ITEMS, NS_PING, NS_ROSTER, NS_VERSION } from '../../xml/ns.js';
import { StanzaError } from '../stanza/stanza-error.js';
import type { IqRouter } from '../router/iq-router.js';

export const SERVER_FEATURES = [
  NS_DISCO_INFO, NS_DISCO_ITEMS, NS_PING, NS_ROSTER, NS_VERSION, 'msgoffline', 'urn:xmpp:delay',
  'urn:ietf:params:xml:ns:xmpp-bind', 'urn:ietf:params:xml:ns:xmpp-session',
];

export function discoFeature({ iq, domain, items }: { iq: IqRouter; domain: string; items: () => { jid: string; name: string }[] }): void {
  iq.on('get', NS_DISCO_INFO, 'query', function discoInfo(ctx, _iq, query) {
    if (query.attr('node') !== undefined) throw new StanzaError('item-not-found');
    if (ctx.to !== undefined && ctx.to !== domain) {
      // An account (bare JID) answers for itself (XEP-0030 §3.1).
      return xml('query', { xmlns: NS_DISCO_INFO }, xml('identity', { category: 'account', type: 'registered' }));
    }
    return xml('query', { xmlns: NS_DISCO_INFO },
      xml('identity', { category: 'server', type: 'im', name: 'Parley notification service' }),
      SERVER_FEATURES.map((f) => xml('feature', { var: f })));
  });
  iq.on('get', NS_DISCO_ITEMS, 'query', function discoItems(ctx, _iq, query) {
    if (query.attr('node') !== undefined) throw new StanzaError('item-not-found');
    if (ctx.to !== undefined && ctx.to !== domain) return xml('query', { xmlns: NS_DISCO_ITEMS });
    return xml('query', { xmlns: NS_DISCO_ITEMS }, items().map((i) => xml('item', i)));
  });
}

export function versionFeature({ iq, version }: { iq: IqRouter; version: string }): void {
  iq.on('get', NS_VERSION, 'query', function softwareVersion() {
    return xml('query', { xmlns: NS_VERSION }, xml('name', null, 'Parley'), xml('version', null, version));
  });
}
