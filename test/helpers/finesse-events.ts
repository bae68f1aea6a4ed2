// Waits for Finesse <Update> events on an XMPP test client: the pubsub message for a node, with the
// escaped <Update> text parsed back into an element.
import { parseElement } from '../../src/xml/parse.js';
import { xml, type Element } from '../../src/xml/element.js';
import { NS_PUBSUB, NS_PUBSUB_EVENT } from '../../src/xml/ns.js';

export interface FinesseUpdate {
  node: string;
  update: Element;
  event: string;
  requestId: string;
  source: string;
  /** The first element under <data>, if any. */
  data: Element | undefined;
}

interface Waitable { waitFor(match: (el: Element) => boolean, timeoutMs?: number): Promise<Element> }

export function updateOf(message: Element): FinesseUpdate | undefined {
  const items = message.getChild('event', NS_PUBSUB_EVENT)?.getChild('items');
  const text = items?.getChild('item')?.getChild('notification', NS_PUBSUB)?.text();
  if (!items || text === undefined) return undefined;
  const parsed = parseElement(text);
  if (!parsed.ok) return undefined;
  const u = parsed.value;
  return {
    node: items.attr('node') ?? '', update: u, event: u.getChildText('event') ?? '', requestId: u.getChildText('requestId') ?? '',
    source: u.getChildText('source') ?? '', data: u.getChild('data')?.elements()[0],
  };
}

/** The next Update on `node` that satisfies `match` (earlier non-matching ones stay queued). */
export async function waitUpdate(client: Waitable, node: string, match: (u: FinesseUpdate) => boolean = () => true, timeoutMs = 5000): Promise<FinesseUpdate> {
  const msg = await client.waitFor((el) => {
    if (!el.is('message')) return false;
    const u = updateOf(el);
    return u !== undefined && u.node === node && match(u);
  }, timeoutMs);
  return updateOf(msg)!;
}

/** Explicit XEP-0060 subscription of the client's full JID to `node` (Team Users, Queue, ClientLog). */
export async function subscribeNode(client: { jid: string; iq(el: Element, timeoutMs?: number): Promise<Element> }, node: string, domain = 'localhost'): Promise<Element> {
  const reply = await client.iq(xml('iq', { type: 'set', to: `pubsub.${domain}`, id: `sub-${node}` },
    xml('pubsub', { xmlns: NS_PUBSUB }, xml('subscribe', { node, jid: client.jid }))));
  if (reply.attr('type') !== 'result') throw new Error(`subscribe to ${node} failed: ${reply}`);
  return reply;
}
