// A small XMPP-over-WebSocket client (RFC 7395, subprotocol "xmpp") for the Finesse notification
// service, written for the desktop and the gadget container: SASL PLAIN (the socket is wss://, so TLS),
// resource binding, initial presence, "connected" once the `finesse` user's presence arrives
// (finesse-api.md §5.3), XEP-0199 pings to the domain every 10–20 s with a timeout and a retry budget,
// XEP-0060 subscribe/unsubscribe, and pubsub events handed over as the escaped <Update> text.
// The socket factory, the XML parser and the timers are injected; there is no global state.
import { attrOf, child, childrenNamed, elementsOf, localNameOf, parseXml, textOf, type XmlNode, type XmlParser } from '../xml.js';
import * as f from './frames.js';

export type XmppStatus = 'connecting' | 'connected' | 'disconnected' | 'unauthorized' | 'conflict';

export interface WsLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}
export type WsFactory = (url: string, protocol: string) => WsLike;

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface XmppClientOptions {
  url: string;
  domain: string;
  pubsubDomain: string;
  user: string;
  password: string;
  resource: string;
  ws: WsFactory;
  parser: XmlParser;
  timers: Timers;
  /** XEP-0199 ping to the domain every this many ms (10,000–20,000 per the Finesse documents). */
  pingIntervalMs?: number;
  /** An unanswered ping counts as failed after this long. */
  pingTimeoutMs?: number;
  /** Failed pings in a row that mean the connection is gone. */
  pingMaxFailures?: number;
  /** Whole negotiation must finish within this (socket open → connected). */
  connectTimeoutMs?: number;
  /** Without a presence from the `finesse` user, declare "connected" after this long anyway. */
  finessePresenceWaitMs?: number;
  /** Frames larger than this are refused (the connection is dropped). */
  maxFrameChars?: number;
}

export interface XmppEvents {
  onStatus(status: XmppStatus, reason: string): void;
  onNotification(node: string, updateText: string, itemId: string): void;
  onPresence?(from: string, type: string): void;
  /** Diagnostics for the client log. */
  onLog?(line: string): void;
}

export const XMPP_DEFAULTS = {
  pingIntervalMs: 15_000,
  pingTimeoutMs: 10_000,
  pingMaxFailures: 2,
  connectTimeoutMs: 20_000,
  finessePresenceWaitMs: 5_000,
  maxFrameChars: 2_000_000,
} as const;

type Phase = 'idle' | 'socket' | 'auth' | 'restart' | 'bind' | 'presence' | 'connected' | 'closed';

interface PendingIq { resolve(result: { ok: boolean; error: string }): void; timer: unknown }

export class XmppClient {
  readonly #o: Required<XmppClientOptions>;
  readonly #ev: XmppEvents;
  #ws: WsLike | undefined;
  #phase: Phase = 'idle';
  #authed = false;
  #jid = '';
  #seq = 0;
  #pending = new Map<string, PendingIq>();
  #pingTimer: unknown;
  #connectTimer: unknown;
  #presenceTimer: unknown;
  #pingFailures = 0;

  constructor(options: XmppClientOptions, events: XmppEvents) {
    this.#o = { ...XMPP_DEFAULTS, ...options } as Required<XmppClientOptions>;
    this.#ev = events;
  }

  get status(): Phase { return this.#phase; }
  get jid(): string { return this.#jid; }
  get connected(): boolean { return this.#phase === 'connected'; }

  connect(): void {
    if (this.#phase !== 'idle' && this.#phase !== 'closed') return;
    this.#authed = false;
    this.#jid = '';
    this.#pingFailures = 0;
    this.#phase = 'socket';
    this.#ev.onStatus('connecting', '');
    this.#log(`connecting to ${this.#o.url}`);
    let ws: WsLike;
    try {
      ws = this.#o.ws(this.#o.url, 'xmpp');
    } catch (e) {
      this.#fail('disconnected', `cannot open ${this.#o.url}: ${(e as Error).message}`);
      return;
    }
    this.#ws = ws;
    this.#connectTimer = this.#o.timers.set(() => this.#fail('disconnected', 'the notification service did not complete the sign-in in time'), this.#o.connectTimeoutMs);
    ws.onopen = () => { if (this.#ws === ws) this.#send(f.openFrame(this.#o.domain)); };
    ws.onmessage = (ev) => { if (this.#ws === ws) this.#onFrame(typeof ev.data === 'string' ? ev.data : ''); };
    ws.onclose = (ev) => { if (this.#ws === ws) this.#fail('disconnected', `connection closed (${ev.code}${ev.reason ? ` ${ev.reason}` : ''})`); };
    ws.onerror = () => { /* onclose follows */ };
  }

  /** Closes on purpose: no status is reported afterwards. */
  disconnect(): void {
    if (this.#phase === 'idle' || this.#phase === 'closed') return;
    const ws = this.#ws;
    this.#teardown();
    try {
      ws?.send('<presence type="unavailable"/>');
      ws?.send(f.closeFrame());
    } catch { /* already gone */ }
    try { ws?.close(1000, 'sign-out'); } catch { /* ignore */ }
  }

  /** Explicit XEP-0060 subscription with the full JID; resolves ok or with the error condition. */
  subscribe(node: string): Promise<{ ok: boolean; error: string }> {
    return this.#iq((id) => f.subscribeIq(id, this.#o.pubsubDomain, node, this.#jid));
  }

  unsubscribe(node: string): Promise<{ ok: boolean; error: string }> {
    return this.#iq((id) => f.unsubscribeIq(id, this.#o.pubsubDomain, node, this.#jid));
  }

  #iq(build: (id: string) => string, timeoutMs = this.#o.pingTimeoutMs): Promise<{ ok: boolean; error: string }> {
    if (this.#phase !== 'connected') return Promise.resolve({ ok: false, error: 'not-connected' });
    const id = this.#nextId();
    return new Promise((resolve) => {
      const timer = this.#o.timers.set(() => {
        this.#pending.delete(id);
        resolve({ ok: false, error: 'timeout' });
      }, timeoutMs);
      this.#pending.set(id, { resolve, timer });
      this.#send(build(id));
    });
  }

  #nextId(): string { return `pl${++this.#seq}`; }

  #send(frame: string): void {
    try {
      this.#ws?.send(frame);
    } catch (e) {
      this.#fail('disconnected', `send failed: ${(e as Error).message}`);
    }
  }

  #log(line: string): void { this.#ev.onLog?.(line); }

  #onFrame(text: string): void {
    if (text.length > this.#o.maxFrameChars) {
      this.#fail('disconnected', `a frame of ${text.length} characters is over the limit`);
      return;
    }
    if (!text.trim()) return; // whitespace keepalive
    const el = parseXml(text, this.#o.parser);
    if (!el) {
      this.#log(`ignored a frame that is not XML: ${text.slice(0, 120)}`);
      return;
    }
    switch (localNameOf(el)) {
      case 'open': return;
      case 'close': return this.#fail('disconnected', 'the server closed the stream');
      case 'error': return this.#onStreamError(el);
      case 'features': return this.#onFeatures(el);
      case 'success': return this.#onSaslSuccess();
      case 'failure': return this.#fail('unauthorized', 'the notification service refused the password');
      case 'iq': return this.#onIq(el);
      case 'presence': return this.#onPresence(el);
      case 'message': return this.#onMessage(el);
      default: this.#log(`ignored <${localNameOf(el)}>`);
    }
  }

  #onStreamError(el: XmlNode): void {
    const condition = elementsOf(el).map(localNameOf).find((n) => n !== 'text') ?? 'undefined-condition';
    if (condition === 'conflict') this.#fail('conflict', 'signed in from another window or device');
    else if (condition === 'not-authorized') this.#fail('unauthorized', 'not authorized');
    else this.#fail('disconnected', `stream error: ${condition}`);
  }

  #onFeatures(el: XmlNode): void {
    if (!this.#authed) {
      const mechs = childrenNamed(child(el, 'mechanisms'), 'mechanism').map((m) => textOf(m));
      if (!mechs.includes('PLAIN')) {
        this.#fail('disconnected', `the server offers no PLAIN sign-in (offers: ${mechs.join(', ') || 'none'})`);
        return;
      }
      this.#phase = 'auth';
      this.#send(f.saslPlain(this.#o.user, this.#o.password));
      return;
    }
    if (child(el, 'bind')) {
      this.#phase = 'bind';
      this.#send(f.bindIq('bind1', this.#o.resource));
    }
  }

  #onSaslSuccess(): void {
    this.#authed = true;
    this.#phase = 'restart';
    this.#send(f.openFrame(this.#o.domain));
  }

  #onIq(el: XmlNode): void {
    const type = attrOf(el, 'type');
    const id = attrOf(el, 'id');
    const from = attrOf(el, 'from');
    if (type === 'get' || type === 'set') {
      // Server-to-client ping (XEP-0199) is answered; anything else is not implemented here.
      if (child(el, 'ping')) this.#send(f.iqResult(id, from));
      else this.#send(f.iqNotImplemented(id, from));
      return;
    }
    if (this.#phase === 'bind' && id === 'bind1') {
      if (type !== 'result') { this.#fail('disconnected', 'resource binding refused'); return; }
      this.#jid = textOf(el, 'bind', 'jid') || `${this.#o.user}@${this.#o.domain}/${this.#o.resource}`;
      this.#phase = 'presence';
      this.#send(f.initialPresence());
      this.#presenceTimer = this.#o.timers.set(() => this.#becomeConnected('no presence from the finesse user; carrying on'), this.#o.finessePresenceWaitMs);
      return;
    }
    const p = this.#pending.get(id);
    if (!p) return;
    this.#pending.delete(id);
    this.#o.timers.clear(p.timer);
    const condition = type === 'error' ? (elementsOf(child(el, 'error')).map(localNameOf).find((n) => n !== 'text') ?? 'error') : '';
    p.resolve({ ok: type === 'result', error: condition });
  }

  #onPresence(el: XmlNode): void {
    const from = attrOf(el, 'from');
    const type = attrOf(el, 'type') || 'available';
    this.#ev.onPresence?.(from, type);
    const local = from.split('@')[0]?.toLowerCase() ?? '';
    if (local === 'finesse' && this.#phase === 'presence' && type === 'available') this.#becomeConnected('');
  }

  #becomeConnected(note: string): void {
    if (this.#phase !== 'presence') return;
    if (note) this.#log(note);
    this.#o.timers.clear(this.#presenceTimer);
    this.#o.timers.clear(this.#connectTimer);
    this.#phase = 'connected';
    this.#schedulePing();
    this.#ev.onStatus('connected', this.#jid);
  }

  #schedulePing(): void {
    this.#pingTimer = this.#o.timers.set(() => void this.#ping(), this.#o.pingIntervalMs);
  }

  async #ping(): Promise<void> {
    if (this.#phase !== 'connected') return;
    const r = await this.#iq((id) => f.pingIq(id, this.#o.domain), this.#o.pingTimeoutMs);
    if (this.#phase !== 'connected') return;
    // Any answer (even an error) proves the server is there; only silence counts as a failure.
    if (r.ok || r.error !== 'timeout') this.#pingFailures = 0;
    else {
      this.#pingFailures++;
      this.#log(`ping unanswered (${this.#pingFailures}/${this.#o.pingMaxFailures})`);
      if (this.#pingFailures >= this.#o.pingMaxFailures) {
        this.#fail('disconnected', `no answer to ${this.#pingFailures} pings`);
        return;
      }
    }
    this.#schedulePing();
  }

  #onMessage(el: XmlNode): void {
    const event = child(el, 'event');
    const items = child(event, 'items');
    if (!items) return;
    const node = attrOf(items, 'node');
    for (const item of childrenNamed(items, 'item')) {
      const notification = child(item, 'notification');
      if (!notification) continue;
      // The <Update> arrives as escaped text; a server that sent it as child elements is tolerated.
      const inner = elementsOf(notification)[0];
      const text = inner ? serializeLoose(inner) : (notification.textContent ?? '');
      this.#ev.onNotification(node, text, attrOf(item, 'id'));
    }
  }

  #teardown(): void {
    this.#phase = 'closed';
    const ws = this.#ws;
    this.#ws = undefined;
    if (ws) { ws.onopen = null; ws.onmessage = null; ws.onclose = null; ws.onerror = null; }
    for (const h of [this.#pingTimer, this.#connectTimer, this.#presenceTimer]) if (h !== undefined) this.#o.timers.clear(h);
    for (const p of this.#pending.values()) { this.#o.timers.clear(p.timer); p.resolve({ ok: false, error: 'disconnected' }); }
    this.#pending.clear();
  }

  #fail(status: XmppStatus, reason: string): void {
    if (this.#phase === 'closed' || this.#phase === 'idle') return;
    const ws = this.#ws;
    this.#teardown();
    try { ws?.close(); } catch { /* ignore */ }
    this.#log(`notification connection lost: ${reason}`);
    this.#ev.onStatus(status, reason);
  }
}

/** Re-serializes an element tree (only for servers that send <Update> unescaped). */
function serializeLoose(node: XmlNode): string {
  const name = localNameOf(node);
  const kids: string[] = [];
  const list = node.childNodes;
  for (let i = 0; i < list.length; i++) {
    const c = list[i]!;
    if (c.nodeType === 1) kids.push(serializeLoose(c));
    else if (c.nodeType === 3) kids.push((c.textContent ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;'));
  }
  return `<${name}>${kids.join('')}</${name}>`;
}
