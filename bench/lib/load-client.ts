// A lean XMPP client for load generation over TCP: connect, (STARTTLS), SASL PLAIN, restart, bind,
// initial presence; then IQs by id, incoming messages to a callback, server pings answered.
// Outgoing XML is written as strings; incoming XML goes through Parley's own XmlStreamParser (saxes),
// which both servers' output must satisfy anyway. One object per connection, no per-stanza timers.
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { Element } from '../../src/xml/element.js';
import { NS_BIND, NS_PING, NS_SASL, NS_STREAM, NS_TLS } from '../../src/xml/ns.js';
import { XmlStreamParser, type StreamEvent } from '../../src/xml/stream-parser.js';

export interface LoginOptions {
  host: string;
  port: number;
  domain: string;
  /** STARTTLS before SASL; the server certificate is verified against `ca`. */
  tls: boolean;
  ca?: Buffer;
  username: string;
  password: string;
  resource: string;
  timeoutMs: number;
}

export interface TlsFacts {
  protocol: string;
  cipher: string;
  peerKey: string;
}

/** Escapes the five XML special characters for attribute values and text. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'));
}

type IqCallback = (reply: Element) => void;

export class LoadSession {
  jid = '';
  /** Application bytes received (after TLS), for bytes-per-event figures. */
  bytesIn = 0;
  /** Called for every <message/> once bound. */
  onMessage: ((el: Element) => void) | undefined;
  /** Called once when the connection or stream ends after login. */
  onLost: ((reason: string) => void) | undefined;
  tlsFacts: TlsFacts | undefined;

  #socket: Socket | TLSSocket | undefined;
  #parser: XmlStreamParser;
  #bound = false;
  #dead = false;
  #backlog: Element[] = [];
  #waiter: { resolve: (el: Element) => void; reject: (e: Error) => void } | undefined;
  #iqs = new Map<string, IqCallback>();
  #iqSeq = 0;
  #onDeath: ((e: Error) => void) | undefined;

  constructor(readonly opts: LoginOptions) {
    this.#parser = new XmlStreamParser((e) => this.#onEvent(e), { maxStanzaBytes: 1_000_000 });
  }

  get isAlive(): boolean {
    return !this.#dead;
  }

  /** Runs the whole login; rejects (and destroys the socket) on failure, on disconnection or after `timeoutMs`. */
  async login(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`login timed out after ${this.opts.timeoutMs} ms`)), this.opts.timeoutMs);
    });
    const died = new Promise<never>((_, reject) => { this.#onDeath = reject; });
    try {
      await Promise.race([this.#negotiate(), timeout, died]);
    } catch (e) {
      this.#fail(e instanceof Error ? e : new Error(String(e)));
      throw e;
    } finally {
      clearTimeout(timer);
      this.#onDeath = undefined;
    }
  }

  async #negotiate(): Promise<void> {
    const { opts } = this;
    await this.#connect();
    let features = await this.#restart();
    if (opts.tls) {
      if (!features.getChild('starttls', NS_TLS)) throw new Error(`no STARTTLS offered: ${features}`);
      this.write(`<starttls xmlns='${NS_TLS}'/>`);
      const proceed = await this.#next();
      if (!proceed.is('proceed', NS_TLS)) throw new Error(`STARTTLS refused: ${proceed}`);
      await this.#upgrade();
      features = await this.#restart();
    }
    const mechanisms = features.getChild('mechanisms', NS_SASL)?.getChildren('mechanism', NS_SASL).map((m) => m.text()) ?? [];
    if (!mechanisms.includes('PLAIN')) throw new Error(`PLAIN not offered (${mechanisms.join(' ')})`);
    const creds = Buffer.from(`\0${opts.username}\0${opts.password}`).toString('base64');
    this.write(`<auth xmlns='${NS_SASL}' mechanism='PLAIN'>${creds}</auth>`);
    const outcome = await this.#next();
    if (!outcome.is('success', NS_SASL)) throw new Error(`authentication failed for ${opts.username}: ${outcome}`);
    features = await this.#restart();
    if (!features.getChild('bind', NS_BIND)) throw new Error(`no bind offered: ${features}`);
    this.write(`<iq type='set' id='bind'><bind xmlns='${NS_BIND}'><resource>${esc(opts.resource)}</resource></bind></iq>`);
    const bound = await this.#next();
    const jid = bound.getChild('bind', NS_BIND)?.getChildText('jid', NS_BIND);
    if (bound.attr('type') !== 'result' || !jid) throw new Error(`bind failed: ${bound}`);
    this.jid = jid;
    this.#bound = true;
    this.write('<presence/>');
    for (const el of this.#backlog.splice(0)) this.#dispatch(el);
  }

  write(data: string): void {
    if (!this.#dead) this.#socket?.write(data);
  }

  /** Sends an IQ built by `build(id)`; `onReply` gets the result or error (never called if the session dies). */
  sendIq(build: (id: string) => string, onReply: IqCallback): string {
    const id = `q${++this.#iqSeq}`;
    this.#iqs.set(id, onReply);
    this.write(build(id));
    return id;
  }

  /** Promise form of sendIq, with a timeout. */
  iq(build: (id: string) => string, timeoutMs: number): Promise<Element> {
    return new Promise((resolve, reject) => {
      const id = this.sendIq(build, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      const timer = setTimeout(() => {
        this.#iqs.delete(id);
        reject(new Error(`IQ ${id} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
    });
  }

  /** Closes the stream politely; the socket is destroyed shortly after either way. */
  close(): void {
    if (this.#dead) return;
    this.#dead = true;
    const s = this.#socket;
    if (!s) return;
    s.end('</stream:stream>');
    setTimeout(() => s.destroy(), 500).unref();
  }

  destroy(): void {
    this.#dead = true;
    this.#socket?.destroy();
  }

  // ---- internals ---------------------------------------------------------------------------------

  #connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const s = netConnect({ host: this.opts.host, port: this.opts.port }, () => {
        s.off('error', reject);
        resolve();
      });
      s.setNoDelay(true);
      s.once('error', reject);
      this.#listen(s);
    });
  }

  #upgrade(): Promise<void> {
    const raw = this.#socket!;
    raw.removeAllListeners('data');
    raw.removeAllListeners('close');
    return new Promise((resolve, reject) => {
      const s: TLSSocket = tlsConnect({ socket: raw, servername: this.opts.domain, ca: this.opts.ca }, () => {
        s.off('error', reject);
        const cert = s.getPeerCertificate();
        const key = cert.bits ? `RSA ${cert.bits}` : cert.asn1Curve ? `EC ${cert.asn1Curve}` : '?';
        this.tlsFacts = { protocol: s.getProtocol() ?? '?', cipher: s.getCipher().name, peerKey: key };
        resolve();
      });
      s.once('error', reject);
      this.#listen(s);
    });
  }

  #listen(s: Socket | TLSSocket): void {
    this.#socket = s;
    s.on('data', (chunk: Buffer) => {
      this.bytesIn += chunk.length;
      this.#parser.write(chunk);
    });
    s.on('error', (e: Error) => this.#fail(e));
    s.on('close', () => this.#fail(new Error('connection closed')));
  }

  /** Opens a new stream (first one, after STARTTLS, after SASL) and returns its features. */
  #restart(): Promise<Element> {
    this.#parser.reset();
    this.#backlog.length = 0;
    this.write(`<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='${NS_STREAM}' to='${esc(this.opts.domain)}' version='1.0'>`);
    return this.#next().then((el) => {
      if (!el.is('features', NS_STREAM)) throw new Error(`expected stream features: ${el}`);
      return el;
    });
  }

  #next(): Promise<Element> {
    const el = this.#backlog.shift();
    if (el) return Promise.resolve(el);
    if (this.#dead) return Promise.reject(new Error('session is dead'));
    return new Promise((resolve, reject) => { this.#waiter = { resolve, reject }; });
  }

  #onEvent(e: StreamEvent): void {
    switch (e.kind) {
      case 'stanza':
        if (e.el.is('error', NS_STREAM)) return this.#fail(new Error(`stream error: ${e.el}`));
        if (this.#bound) return this.#dispatch(e.el);
        if (this.#waiter) {
          const w = this.#waiter;
          this.#waiter = undefined;
          w.resolve(e.el);
        } else {
          this.#backlog.push(e.el);
        }
        return;
      case 'stream-close':
        return this.#fail(new Error('server closed the stream'));
      case 'error':
        return this.#fail(new Error(`XML error from server: ${e.condition} ${e.text}`));
      case 'stream-open':
        return;
    }
  }

  #dispatch(el: Element): void {
    switch (el.localName) {
      case 'message':
        this.onMessage?.(el);
        return;
      case 'iq': {
        const type = el.attr('type');
        const id = el.attr('id') ?? '';
        if (type === 'result' || type === 'error') {
          const cb = this.#iqs.get(id);
          if (cb) {
            this.#iqs.delete(id);
            cb(el);
          }
          return;
        }
        const from = el.attr('from');
        const to = from ? ` to='${esc(from)}'` : '';
        if (type === 'get' && el.getChild('ping', NS_PING)) {
          this.write(`<iq type='result' id='${esc(id)}'${to}/>`);
        } else {
          this.write(`<iq type='error' id='${esc(id)}'${to}><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`);
        }
        return;
      }
      default:
        return; // presence: nothing to do
    }
  }

  #fail(e: Error): void {
    if (this.#dead) return;
    this.#dead = true;
    this.#socket?.destroy();
    const w = this.#waiter;
    this.#waiter = undefined;
    w?.reject(e);
    this.#onDeath?.(e);
    if (this.#bound) this.onLost?.(e.message);
  }
}
