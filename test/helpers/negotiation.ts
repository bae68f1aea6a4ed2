// The client side of SASL PLAIN and resource binding, shared by the TCP and WebSocket test clients
// (BOSH wraps the same elements in <body/>).
import { xml, type Element } from '../../src/xml/element.js';
import { NS_BIND, NS_SASL } from '../../src/xml/ns.js';

export interface StreamSide {
  send(el: Element): void;
  waitFor(match: (el: Element) => boolean, timeoutMs?: number): Promise<Element>;
}

/** Sends PLAIN and resolves with <success/> or <failure/>. */
export function authPlain(c: StreamSide, username: string, password: string): Promise<Element> {
  const payload = Buffer.from(`\0${username}\0${password}`).toString('base64');
  c.send(xml('auth', { xmlns: NS_SASL, mechanism: 'PLAIN' }, payload));
  return c.waitFor((el) => el.ns === NS_SASL && (el.localName === 'success' || el.localName === 'failure'));
}

/** Binds a resource (or lets the server choose) and resolves with the full JID. */
export async function bindResource(c: StreamSide, resource?: string): Promise<string> {
  c.send(xml('iq', { type: 'set', id: 'bind1' }, xml('bind', { xmlns: NS_BIND }, resource ? xml('resource', null, resource) : null)));
  const reply = await c.waitFor((el) => el.is('iq') && el.attr('id') === 'bind1');
  const jid = reply.getChild('bind', NS_BIND)?.getChildText('jid');
  if (!jid) throw new Error(`bind failed: ${reply}`);
  return jid;
}
