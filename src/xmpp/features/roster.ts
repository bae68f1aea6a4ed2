// jabber:iq:roster (RFC 6121 §2). Parley's roster is fixed: every user has finesse@<fqdn> with a mutual
// subscription, because Finesse clients wait for that contact's presence before they call themselves
// connected ([finesse-api] §5.3). Roster changes are not allowed.
import { xml, type Element } from '../../xml/element.js';
import { NS_ROSTER } from '../../xml/ns.js';
import { StanzaError } from '../stanza/stanza-error.js';
import type { IqRouter } from '../router/iq-router.js';

export function rosterQuery(finesseJid: string): Element {
  return xml('query', { xmlns: NS_ROSTER, ver: 'parley-1' },
    xml('item', { jid: finesseJid, name: 'Finesse', subscription: 'both' }, xml('group', null, 'Finesse')));
}

export function rosterFeature({ iq, finesseJid }: { iq: IqRouter; finesseJid: string }): void {
  iq.on('get', NS_ROSTER, 'query', function rosterGet() {
    return rosterQuery(finesseJid);
  });
  iq.on('set', NS_ROSTER, 'query', function rosterSet() {
    throw new StanzaError('not-allowed', { text: 'The roster is managed by the server' });
  });
}
