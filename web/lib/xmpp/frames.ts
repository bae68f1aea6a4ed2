// RFC 7395 frames and the few stanzas the desktop sends, as strings (pure). One frame is one
// element; the stream is opened with <open/> and closed with <close/> in the framing namespace.
import { esc } from '../xml.js';

export const NS_FRAMING = 'urn:ietf:params:xml:ns:xmpp-framing';
export const NS_SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';
export const NS_BIND = 'urn:ietf:params:xml:ns:xmpp-bind';
export const NS_SESSION = 'urn:ietf:params:xml:ns:xmpp-session';
export const NS_PING = 'urn:xmpp:ping';
export const NS_PUBSUB = 'http://jabber.org/protocol/pubsub';
export const NS_PUBSUB_EVENT = 'http://jabber.org/protocol/pubsub#event';

export const openFrame = (domain: string): string => `<open xmlns="${NS_FRAMING}" to="${esc(domain)}" version="1.0"/>`;
export const closeFrame = (): string => `<close xmlns="${NS_FRAMING}"/>`;

/** SASL PLAIN initial response: base64(authzid \0 authcid \0 password) with an empty authzid. */
export function saslPlain(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`\u0000${user}\u0000${password}`);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return `<auth xmlns="${NS_SASL}" mechanism="PLAIN">${btoa(bin)}</auth>`;
}

export const bindIq = (id: string, resource: string): string =>
  `<iq type="set" id="${esc(id)}"><bind xmlns="${NS_BIND}"><resource>${esc(resource)}</resource></bind></iq>`;
export const sessionIq = (id: string): string => `<iq type="set" id="${esc(id)}"><session xmlns="${NS_SESSION}"/></iq>`;
export const initialPresence = (): string => '<presence><priority>1</priority></presence>';
export const pingIq = (id: string, to: string): string => `<iq type="get" id="${esc(id)}" to="${esc(to)}"><ping xmlns="${NS_PING}"/></iq>`;
export const iqResult = (id: string, to: string): string => `<iq type="result" id="${esc(id)}"${to ? ` to="${esc(to)}"` : ''}/>`;
export const iqNotImplemented = (id: string, to: string): string =>
  `<iq type="error" id="${esc(id)}"${to ? ` to="${esc(to)}"` : ''}><error type="cancel"><service-unavailable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>`;

/** XEP-0060 subscribe / unsubscribe with the full JID (finesse-api.md §5.4). */
export const subscribeIq = (id: string, pubsub: string, node: string, jid: string): string =>
  `<iq type="set" id="${esc(id)}" to="${esc(pubsub)}"><pubsub xmlns="${NS_PUBSUB}"><subscribe node="${esc(node)}" jid="${esc(jid)}"/></pubsub></iq>`;
export const unsubscribeIq = (id: string, pubsub: string, node: string, jid: string): string =>
  `<iq type="set" id="${esc(id)}" to="${esc(pubsub)}"><pubsub xmlns="${NS_PUBSUB}"><unsubscribe node="${esc(node)}" jid="${esc(jid)}"/></pubsub></iq>`;
