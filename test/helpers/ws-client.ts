// A small raw XMPP-over-WebSocket client (RFC 7395) for Parley's own end-to-end tests: the `ws` client
// verifying the server against the ready line's CA, one frame per element, step by step (open, SASL
// PLAIN, restart, bind), so tests can also send what real clients never would. Strophe.js is tested
// separately (test/interop).
import { authPlain, bindResource } from './negotiation.js';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { parseElement } from '../../src/xml/parse.js';
import { serialize, xml, type Element } from '../../src/xml/element.js';
import { NS_BIND, NS_CLIENT, NS_FRAMING, NS_SASL } from '../../src/xml/ns.js';
import { ElementInbox, iqRoundTrip, type ElementMatch } from './element-inbox.js';

export interface WsClientOptions {
  port: number;
  /** `/ws/` by default, as Finesse's EventTunnel connects. */
  path?: string;
  ca: string;
  /** Sec-WebSocket-Protocol values; `['xmpp']` by default. */
  protocols?: string[];
  origin?: string;
  domain?: string;
  /** Answer WebSocket pings (the default, as every WebSocket stack does). */
  autoPong?: boolean;
}

export type Frame = { text: string; el: Element | undefined };

/** The handshake was refused with a plain HTTP answer. */
export class HandshakeRefused extends Error {
  override name = 'HandshakeRefused';
  constructor(readonly status: number, readonly body: string) {
    super(`handshake refused with HTTP ${status}: ${body}`);
  }
}

export class TestWsClient {
  readonly frames: Frame[] = [];
  readonly inbox = new ElementInbox(() => `received frames:\n${this.frames.map((f) => f.text).join('\n')}`);
  jid = '';
  closeCode: number | undefined;
  closeReason = '';
  #closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket, readonly opts: WsClientOptions) {
    ws.on('message', (data: Buffer, isBinary: boolean) => this.#onMessage(data.toString('utf8'), isBinary));
    ws.on('error', () => {});
    this.#closed = new Promise((resolve) => ws.once('close', (code: number, reason: Buffer) => {
      this.closeCode = code;
      this.closeReason = reason.toString('utf8');
      this.inbox.end(`WebSocket closed with ${code}`);
      resolve({ code, reason: this.closeReason });
    }));
  }

  static connect(opts: WsClientOptions): Promise<TestWsClient> {
    const url = `wss://localhost:${opts.port}${opts.path ?? '/ws/'}`;
    const ws = new WebSocket(url, opts.protocols ?? ['xmpp'], {
      ca: readFileSync(opts.ca),
      autoPong: opts.autoPong ?? true,
      ...(opts.origin === undefined ? {} : { origin: opts.origin }),
    });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new TestWsClient(ws, opts)));
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => { body += c; }).on('end', () => reject(new HandshakeRefused(res.statusCode ?? 0, body)));
      });
      ws.once('error', reject);
    });
  }

  get domain(): string {
    return this.opts.domain ?? 'localhost';
  }

  /** Received elements no wait has taken yet. */
  get received(): Element[] {
    return this.inbox.received;
  }

  /** Sends one text frame as it is. */
  sendRaw(data: string | Buffer, binary = false): void {
    this.ws.send(data, { binary });
  }

  send(el: Element): void {
    this.sendRaw(serialize(el.ns === undefined ? xml(el.name, { ...el.attrs, xmlns: NS_CLIENT }, ...el.children) : el));
  }

  /** Sends `<open/>` and resolves with the stream features that follow the server's `<open/>`. */
  async open(): Promise<Element> {
    this.sendRaw(`<open xmlns='${NS_FRAMING}' to='${this.domain}' version='1.0'/>`);
    await this.waitFor((el) => el.is('open', NS_FRAMING));
    return this.waitFor((el) => el.localName === 'features');
  }

  authPlain(username: string, password: string): Promise<Element> {
    return authPlain(this, username, password);
  }

  async bind(resource?: string): Promise<string> {
    this.jid = await bindResource(this, resource);
    return this.jid;
  }

  /** Connects, opens, PLAIN, restart, bind, and optionally initial presence. */
  static async login(opts: WsClientOptions & { username: string; password: string; resource?: string; presence?: boolean }): Promise<TestWsClient> {
    const c = await TestWsClient.connect(opts);
    try {
      await c.open();
      const result = await c.authPlain(opts.username, opts.password);
      if (!result.is('success', NS_SASL)) throw new Error(`auth failed: ${result}`);
      await c.open();
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

  /** Resolves with the WebSocket close code and reason once the connection is closed. */
  waitClosed(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    return Promise.race([
      this.#closed,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('WebSocket not closed')), timeoutMs).unref()),
    ]);
  }

  /** Sends `<close/>` and waits for the server's `<close/>` and WebSocket close. */
  async close(): Promise<{ code: number; reason: string }> {
    if (this.ws.readyState === WebSocket.OPEN) this.sendRaw(`<close xmlns='${NS_FRAMING}'/>`);
    return this.waitClosed();
  }

  /** The peer vanishes: the TCP connection ends without a WebSocket close frame or `<close/>`. */
  destroy(): void {
    this.ws.terminate();
  }

  #onMessage(text: string, isBinary: boolean): void {
    const parsed = isBinary ? undefined : parseElement(text, { maxBytes: 10_000_000 });
    const el = parsed?.ok ? parsed.value : undefined;
    this.frames.push({ text, el });
    if (el) this.inbox.push(el);
  }
}
