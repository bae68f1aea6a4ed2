// Test doubles for the browser library: a scripted WebSocket, manual timers and xmldom's parser.
import { DOMParser } from '@xmldom/xmldom';
import type { Timers, WsLike } from '../../web/lib/xmpp/xmpp-client.js';
import type { XmlParser } from '../../web/lib/xml.js';

export const parser: XmlParser = new DOMParser({ onError: () => undefined }) as unknown as XmlParser;

export class FakeWs implements WsLike {
  sent: string[] = [];
  closed = false;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  constructor(readonly url: string, readonly protocol: string) {}
  send(data: string): void { this.sent.push(data); }
  close(): void { this.closed = true; }
  open(): void { this.onopen?.({}); }
  receive(frame: string): void { this.onmessage?.({ data: frame }); }
  drop(code = 1006): void { this.onclose?.({ code, reason: '' }); }
  last(): string { return this.sent[this.sent.length - 1] ?? ''; }
}

export class ManualTimers implements Timers {
  now = 0;
  #seq = 0;
  #pending = new Map<number, { at: number; fn: () => void }>();
  set(fn: () => void, ms: number): unknown { const id = ++this.#seq; this.#pending.set(id, { at: this.now + ms, fn }); return id; }
  clear(h: unknown): void { this.#pending.delete(h as number); }
  /** Moves time forward, firing due timers in order (and those they schedule). */
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    await new Promise((r) => setImmediate(r)); // let pending continuations schedule their timers first
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.#pending) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      this.#pending.delete(next[0]);
      this.now = next[1].at;
      next[1].fn();
      await new Promise((r) => setImmediate(r));
    }
    this.now = end;
  }
  get size(): number { return this.#pending.size; }
}

/** Drives a FakeWs through the server side of a successful sign-in. */
export function serverAcceptsLogin(ws: FakeWs, domain = 'localhost'): void {
  ws.open();
  ws.receive(`<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" from="${domain}" id="s1" version="1.0"/>`);
  ws.receive('<stream:features xmlns:stream="http://etherx.jabber.org/streams"><mechanisms xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><mechanism>PLAIN</mechanism></mechanisms></stream:features>');
  ws.receive('<success xmlns="urn:ietf:params:xml:ns:xmpp-sasl"/>');
  ws.receive(`<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" from="${domain}" id="s2" version="1.0"/>`);
  ws.receive('<stream:features xmlns:stream="http://etherx.jabber.org/streams"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"/></stream:features>');
  ws.receive(`<iq type="result" id="bind1" xmlns="jabber:client"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><jid>1001001@${domain}/desktop</jid></bind></iq>`);
  ws.receive(`<presence from="finesse@${domain}/finesse" xmlns="jabber:client"/>`);
}

export const updateFrame = (node: string, update: string, to = '1001001@localhost'): string =>
  `<message from="pubsub.localhost" to="${to}" xmlns="jabber:client"><event xmlns="http://jabber.org/protocol/pubsub#event"><items node="${node}"><item id="i1"><notification xmlns="http://jabber.org/protocol/pubsub">${update.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</notification></item></items></event></message>`;
