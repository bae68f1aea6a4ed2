// A small raw XMPP client for Parley's own end-to-end tests: it speaks the wire protocol step by step
// (stream header, STARTTLS, SASL PLAIN, bind) so tests can also send what real clients never would.
// Interoperability with clients nobody here wrote is tested separately (slixmpp, go-sendxmpp).
import { authPlain, bindResource } from './negotiation.js';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { readFileSync } from 'node:fs';
import { serialize, xml, type Element } from '../../src/xml/element.js';
import { NS_BIND, NS_CLIENT, NS_SASL, NS_STREAM, NS_TLS } from '../../src/xml/ns.js';
import { XmlStreamParser, type StreamEvent } from '../../src/xml/stream-parser.js';
import { ElementInbox, iqRoundTrip, type ElementMatch } from './element-inbox.js';

export interface ClientOptions {
  port: number;
  host?: string;
  domain?: string;
  /** CA file to verify the server certificate against. */
  ca?: string;
  directTls?: boolean;
}

export class TestXmppClient {
  socket: Socket | TLSSocket;
  readonly inbox = new ElementInbox(() => `received: ${this.received.map(String).join('\n')}`);
  streamHeader: Element | undefined;
  closed = false;
  streamClosed = false;
  jid = '';
  #parser: XmlStreamParser;
  #headerWaiters: (() => void)[] = [];
  #closeWaiters: (() => void)[] = [];

  private constructor(socket: Socket | TLSSocket, readonly opts: ClientOptions) {
    this.socket = socket;
    this.#parser = new XmlStreamParser((e) => this.#onEvent(e), { maxStanzaBytes: 10_000_000 });
    this.#listen(socket);
  }

  static async connect(opts: ClientOptions): Promise<TestXmppClient> {
    const host = opts.host ?? '127.0.0.1';
    const socket = await new Promise<Socket | TLSSocket>((resolve, reject) => {
      const s = opts.directTls
        ? tlsConnect({ host, port: opts.port, servername: opts.domain ?? 'localhost', ca: opts.ca ? readFileSync(opts.ca) : undefined }, () => resolve(s))
        : netConnect({ host, port: opts.port }, () => resolve(s));
      s.once('error', reject);
    });
    return new TestXmppClient(socket, opts);
  }

  get domain(): string {
    return this.opts.domain ?? 'localhost';
  }

  /** Received elements no wait has taken yet. */
  get received(): Element[] {
    return this.inbox.received;
  }

  writeRaw(data: string | Buffer): void {
    this.socket.write(data);
  }

  send(el: Element): void {
    this.socket.write(serialize(el, { ns: NS_CLIENT, prefixes: new Map([['stream', NS_STREAM]]) }));
  }

  async openStream(): Promise<Element> {
    this.streamHeader = undefined;
    this.#parser.reset();
    const header = new Promise<void>((r) => this.#headerWaiters.push(r));
    this.writeRaw(`<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='${NS_STREAM}' to='${this.domain}' version='1.0'>`);
    await header;
    return this.waitFor((el) => el.is('features', NS_STREAM));
  }

  async startTls(): Promise<void> {
    this.send(xml('starttls', { xmlns: NS_TLS }));
    await this.waitFor((el) => el.is('proceed', NS_TLS));
    const raw = this.socket;
    raw.removeAllListeners('data');
    const secure = await new Promise<TLSSocket>((resolve, reject) => {
      const s = tlsConnect({ socket: raw, servername: this.domain, ca: this.opts.ca ? readFileSync(this.opts.ca) : undefined }, () => resolve(s));
      s.once('error', reject);
    });
    this.socket = secure;
    this.#listen(secure);
  }

  authPlain(username: string, password: string): Promise<Element> {
    return authPlain(this, username, password);
  }

  async bind(resource?: string): Promise<string> {
    this.jid = await bindResource(this, resource);
    return this.jid;
  }

  /** Connects, STARTTLS, PLAIN, bind, and optionally initial presence. */
  static async login(opts: ClientOptions & { username: string; password: string; resource?: string; presence?: boolean }): Promise<TestXmppClient> {
    const c = await TestXmppClient.connect(opts);
    try {
      await c.openStream();
      if (!opts.directTls) {
        await c.startTls();
        await c.openStream();
      }
      const result = await c.authPlain(opts.username, opts.password);
      if (!result.is('success', NS_SASL)) throw new Error(`auth failed: ${result}`);
      await c.openStream();
      await c.bind(opts.resource);
    } catch (e) {
      c.destroy(); // a failed login leaves no connection behind
      throw e;
    }
    if (opts.presence !== false) c.send(xml('presence'));
    return c;
  }

  iq(el: Element, timeoutMs = 5000): Promise<Element> {
    return iqRoundTrip(this, el, timeoutMs);
  }

  /** Resolves with the first received element (past or future) matching; consumes it. */
  waitFor(match: ElementMatch, timeoutMs = 5000): Promise<Element> {
    return this.inbox.waitFor(match, timeoutMs);
  }

  /** Resolves when the server closed the connection. */
  waitClosed(timeoutMs = 5000): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('connection not closed')), timeoutMs);
      this.#closeWaiters.push(() => { clearTimeout(t); resolve(); });
    });
  }

  close(): void {
    if (!this.closed) this.writeRaw('</stream:stream>');
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  #listen(socket: Socket | TLSSocket): void {
    socket.on('data', (d: Buffer) => this.#parser.write(d));
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closed = true;
      this.inbox.end('connection closed');
      for (const w of this.#closeWaiters.splice(0)) w();
    });
  }

  #onEvent(e: StreamEvent): void {
    switch (e.kind) {
      case 'stream-open':
        this.streamHeader = e.el;
        for (const w of this.#headerWaiters.splice(0)) w();
        return;
      case 'stanza':
        return this.inbox.push(e.el);
      case 'stream-close':
        this.streamClosed = true;
        return;
      case 'error':
        return;
    }
  }
}
