// XMPP over TCP (RFC 6120): one XML stream per connection, STARTTLS on the `xmpp` port, TLS from the
// first byte on the `xmpps` port. Framing only; negotiation lives in C2sSession.
import type { Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import { serialize, type Element, type XmlContext } from '../../../xml/element.js';
import { escapeAttr } from '../../../xml/escape.js';
import { NS_CLIENT, NS_STREAM, NS_XML } from '../../../xml/ns.js';
import { XmlStreamParser, type StreamEvent, type StreamParserLimits } from '../../../xml/stream-parser.js';
import { streamErrorElement, type StreamCondition } from '../../stanza/stream-error.js';
import type { StreamHandler, StreamHeader, StreamTransport } from '../transport.js';

const STREAM_CONTEXT: XmlContext = { ns: NS_CLIENT, prefixes: new Map([['stream', NS_STREAM], ['xml', NS_XML]]) };
const TLS_HANDSHAKE_TIMEOUT_MS = 15_000;
const CLOSE_GRACE_MS = 2_000;

export interface TcpTransportOptions {
  /** The socket is already TLS (xmpps port). */
  directTls: boolean;
  /** The current certificate, read at STARTTLS time so hot reloads apply to new upgrades. */
  secureContext: () => SecureContext;
  limits: StreamParserLimits;
  /** Bytes queued for a slow reader before the session is closed (back-pressure). */
  maxPendingBytes: number;
  /** Sees the TLS socket of a STARTTLS upgrade before its handshake (the TLS key log, issue 10). */
  onTlsSocket?: (socket: TLSSocket) => void;
}

export class TcpTransport implements StreamTransport {
  readonly kind = 'tcp' as const;
  readonly remoteAddress: string;
  #socket: Socket;
  #handler: StreamHandler | undefined;
  #parser: XmlStreamParser;
  #secure: boolean;
  #headerSent = false;
  #closed = false;
  #upgrading = false;
  #disconnected = false;

  constructor(socket: Socket, private readonly opts: TcpTransportOptions) {
    this.#socket = socket;
    this.#secure = opts.directTls;
    this.remoteAddress = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    this.#parser = new XmlStreamParser((e) => this.#onParserEvent(e), opts.limits);
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 60_000);
    this.#attach(socket);
  }

  /** Connects the session; data is read only once a handler is attached. */
  attach(handler: StreamHandler): void {
    this.#handler = handler;
  }

  get isSecure(): boolean { return this.#secure; }
  get canStartTls(): boolean { return !this.#secure && !this.#upgrading; }
  get pendingBytes(): number { return this.#socket.writableLength; }

  sendStreamHeader(h: StreamHeader): void {
    // Also after a restart: the server answers every new stream header with its own (RFC 6120 §4.3.3).
    this.#headerSent = true;
    this.#write(`<?xml version='1.0'?><stream:stream xmlns='${NS_CLIENT}' xmlns:stream='${NS_STREAM}' ` +
      `from='${escapeAttr(h.from)}' id='${escapeAttr(h.id)}' version='${escapeAttr(h.version)}' xml:lang='${escapeAttr(h.lang)}'>`);
  }

  send(el: Element): void {
    if (this.#closed) return;
    this.#write(serialize(el, STREAM_CONTEXT));
    if (this.#socket.writableLength > this.opts.maxPendingBytes) {
      this.close({ condition: 'policy-violation', text: 'Client does not read its stream' });
    }
  }

  restart(): void {
    this.#headerSent = false;
    this.#parser.reset();
  }

  channelBinding(): Buffer | undefined {
    const s = this.#socket;
    if (!(s instanceof TLSSocket) || s.getProtocol() !== 'TLSv1.3') return undefined;
    // RFC 9266 tls-exporter
    return s.exportKeyingMaterial(32, 'EXPORTER-Channel-Binding', Buffer.alloc(0));
  }

  async startTls(): Promise<void> {
    if (this.#secure) throw new Error('already secure');
    this.#upgrading = true;
    const raw = this.#socket;
    raw.removeAllListeners('data');
    raw.removeAllListeners('close');
    raw.removeAllListeners('error');
    raw.removeAllListeners('end');
    raw.on('error', () => {});
    const tlsSocket = new TLSSocket(raw, { isServer: true, secureContext: this.opts.secureContext() });
    this.opts.onTlsSocket?.(tlsSocket);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('TLS handshake timed out')), TLS_HANDSHAKE_TIMEOUT_MS);
      tlsSocket.once('secure', () => { clearTimeout(timer); resolve(); });
      tlsSocket.once('error', (e) => { clearTimeout(timer); reject(e); });
      tlsSocket.once('close', () => { clearTimeout(timer); reject(new Error('closed during TLS handshake')); });
    }).catch((e) => {
      tlsSocket.destroy();
      this.#disconnect('TLS handshake failed');
      throw e;
    });
    this.#socket = tlsSocket;
    this.#secure = true;
    this.#upgrading = false;
    this.#attach(tlsSocket);
  }

  close(error?: { condition: StreamCondition; text?: string }): void {
    if (this.#closed) return;
    this.#closed = true;
    const socket = this.#socket;
    if (socket.writable && !this.#upgrading) {
      let out = '';
      if (error) {
        // RFC 6120 §4.9.1.1: a stream error before the header is sent needs a header first.
        if (!this.#headerSent) {
          out += `<?xml version='1.0'?><stream:stream xmlns='${NS_CLIENT}' xmlns:stream='${NS_STREAM}' version='1.0'>`;
        }
        out += serialize(streamErrorElement(error.condition, error.text), STREAM_CONTEXT);
      }
      if (this.#headerSent || error) out += '</stream:stream>';
      if (out) socket.write(out);
      socket.end();
    }
    const t = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
    t.unref();
    socket.once('close', () => clearTimeout(t));
    this.#disconnect(error ? `stream error ${error.condition}` : 'stream closed');
  }

  #attach(socket: Socket): void {
    socket.on('data', (chunk: Buffer) => {
      if (this.#closed || this.#upgrading) return;
      this.#parser.write(chunk);
    });
    socket.on('end', () => this.#handler?.onStreamClose());
    socket.on('error', () => this.#disconnect('connection error'));
    socket.on('close', () => this.#disconnect('connection closed'));
  }

  #onParserEvent(e: StreamEvent): void {
    const h = this.#handler;
    if (!h || this.#closed) return;
    switch (e.kind) {
      case 'stream-open':
        if (!e.el.is('stream', NS_STREAM)) return h.onStreamError('invalid-namespace', 'Expected a stream:stream header');
        return h.onStreamOpen(e.el);
      case 'stanza':
        return h.onElement(e.el);
      case 'stream-close':
        return h.onStreamClose();
      case 'error':
        return h.onStreamError(e.condition, e.text);
    }
  }

  #write(s: string): void {
    if (!this.#socket.destroyed) this.#socket.write(s);
  }

  #disconnect(reason: string): void {
    if (this.#disconnected) return;
    this.#disconnected = true;
    this.#closed = true;
    if (!this.#socket.destroyed && reason !== 'stream closed' && !reason.startsWith('stream error')) this.#socket.destroy();
    this.#handler?.onDisconnect(reason);
  }
}
