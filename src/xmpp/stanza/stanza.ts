// Stanza builders: every stanza Parley creates is in jabber:client, so it serializes namespace-complete
// over BOSH and WebSocket and without a redundant xmlns inside a TCP stream.
import { Element, xml, type Child } from '../../xml/element.js';
import { NS_CLIENT } from '../../xml/ns.js';

type StanzaAttrs = Record<string, string | number | undefined>;

export const iq = (attrs: StanzaAttrs, ...children: Child[]): Element => xml('iq', { xmlns: NS_CLIENT, ...attrs }, ...children);
export const message = (attrs: StanzaAttrs, ...children: Child[]): Element => xml('message', { xmlns: NS_CLIENT, ...attrs }, ...children);
export const presence = (attrs: StanzaAttrs, ...children: Child[]): Element => xml('presence', { xmlns: NS_CLIENT, ...attrs }, ...children);

export const STANZA_NAMES = new Set(['message', 'presence', 'iq']);

export function isStanza(el: Element): boolean {
  return el.ns === NS_CLIENT && STANZA_NAMES.has(el.localName);
}
