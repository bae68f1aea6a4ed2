// XMPP over WebSocket ([RFC7395]): one XML stream per WebSocket, one element per text message. Framing
// only (ws-framing.ts decides what a message means); negotiation lives in C2sSession, as for TCP.
//
// Teardown loses nothing ([notification-service] §4 "lost messages around disconnects"): WebSocket has
// no acknowledgements, so C2sSession keeps what it sent since the peer last spoke and reroutes it when
// the peer vanishes, times out or is cut off for not reading; this adapter only reports the disconnect.
//
// [RFC7395] https://www.rfc-editor.org/rfc/rfc7395   [RFC6455] https://www.rfc-editor.org/rfc/rfc6455
import type { Element } from '../../../xml/element.js';
import { systemClock, type Clock, type TimerHandle } from '../../../shared/clock.js';
import { streamErrorElement, type StreamCondition } from '../../stanza/stream-error.js';
import type { StreamHandler, StreamHeader, StreamTransport } from '../transport.js';
import { CLOSE_CODE, CLOSE_FRAME, decodeFrame, encodeElement, encodeOpen, type FrameLimits, type FramePhase } from './ws-framing.js';

/** WebSocket.OPEN ([RFC6455] readyState); the others are CONNECTING 0, CLOSING 2, CLOSED 3. */
const OPEN = 1;
const CLOSED = 3;
const noop = (): void => {};

/** The part of a `ws` WebSocket the transport uses (a fake in unit tests). */
export interface WsSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string, cb: (err?: Error) => void): void;
  close(code: number, reason: string): void;
  terminate(): void;
  ping(): void;
  on(event: 'message', listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): unknown;
  on(event: 'pong', listener: () => void): unknown;
  on(event: 'error', listener: (err: Error & { code?: string }) => void): unknown;
  on(event: 'close', listener: (code: number) => void): unknown;
}

export interface WebSocketTransportOptions {
  /** "ip:port" of the peer. */
  remoteAddress: string;
  limits: FrameLimits;
  /** Bytes queued for a slow reader before the session is closed with policy-violation (back-pressure). */
  maxBufferedBytes: number;
  /** WebSocket ping period; a peer that sent nothing (not even a pong) for a whole period is gone. 0 = off. */
  pingIntervalMs: number;
  /** Time the peer gets to answer our `<close/>` and WebSocket close before the socket is destroyed. */
  closeGraceMs: number;
  clock?: Clock;
}

export class WebSocketTransport implements StreamTransport {
  readonly kind = 'websocket' as const;
  readonly remoteAddress: string;
  /** Always behind TLS: both HTTPS listeners are wss; [RFC7395] leaves TLS to the WebSocket layer (no STARTTLS). */
  readonly isSecure = true;
  readonly canStartTls = false;
  #ws: WsSocket;
  #clock: Clock;
  #handler: StreamHandler | undefined;
  #phase: FramePhase = 'awaiting-open';
  #closed = false;
  #peerClosed = false;
  #disconnected = false;
  #alive = true;
  #heartbeat: TimerHandle | undefined;
  #grace: TimerHandle | undefined;

  constructor(ws: WsSocket, private readonly opts: WebSocketTransportOptions) {
    this.#ws = ws;
    this.#clock = opts.clock ?? systemClock;
    this.remoteAddress = opts.remoteAddress;
    ws.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
    ws.on('pong', () => { this.#alive = true; });
    ws.on('error', (err) => this.#onError(err));
    ws.on('close', (code) => {
      this.#grace?.cancel();
      this.#disconnect(`connection closed (WebSocket ${code})`);
    });
    if (opts.pingIntervalMs > 0) this.#heartbeat = this.#clock.setInterval(() => this.#ping(), opts.pingIntervalMs);
  }

  /** Connects the session; messages are read only once a handler is attached. */
  attach(handler: StreamHandler): void {
    this.#handler = handler;
  }

  get pendingBytes(): number { return this.#ws.bufferedAmount; }

  sendStreamHeader(h: StreamHeader): void {
    if (this.#closed || this.#ws.readyState !== OPEN) return;
    this.#ws.send(encodeOpen(h), noop);
  }

  send(el: Element): void {
    if (this.#closed || this.#ws.readyState !== OPEN) return;
    this.#ws.send(encodeElement(el), noop);
    if (this.#ws.bufferedAmount > this.opts.maxBufferedBytes) {
      this.close({ condition: 'policy-violation', text: 'Client does not read its stream' });
    }
  }

  /** After SASL success the client sends a new `<open/>` ([RFC7395] stream restarts: no `xmpp:restart`). */
  restart(): void {
    this.#phase = 'awaiting-open';
  }

  /**
   * [RFC7395] §3.6: the stream error if any, then `<close/>`, then the WebSocket close (1000). After an
   * error, or when the client already sent its `<close/>`, the WebSocket closes at once; otherwise the
   * client gets the grace period to answer with its own `<close/>`. Idempotent.
   */
  close(error?: { condition: StreamCondition; text?: string }): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ws.readyState === OPEN) {
      if (error) this.#ws.send(encodeElement(streamErrorElement(error.condition, error.text)), noop);
      this.#ws.send(CLOSE_FRAME, noop);
      if (error || this.#peerClosed) this.#ws.close(CLOSE_CODE.normal, 'Stream closed');
    }
    this.#armGrace();
    this.#disconnect(error ? `stream error ${error.condition}` : 'stream closed');
  }

  #onMessage(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    this.#alive = true;
    const h = this.#handler;
    if (!h) return;
    if (this.#closed) {
      // We sent <close/> and wait for the client's: that answer ends the WebSocket; the rest is ignored.
      if (this.#ws.readyState === OPEN && decodeFrame(toBuffer(data), isBinary, 'open', this.opts.limits).kind === 'stream-close') {
        this.#ws.close(CLOSE_CODE.normal, 'Stream closed');
      }
      return;
    }
    const e = decodeFrame(toBuffer(data), isBinary, this.#phase, this.opts.limits);
    switch (e.kind) {
      case 'ws-close':
        return this.#abort(e.code, e.reason);
      case 'stream-open':
        this.#phase = 'open';
        return h.onStreamOpen(e.el);
      case 'stream-close':
        this.#peerClosed = true;
        return h.onStreamClose();
      case 'element':
        return h.onElement(e.el);
      case 'stream-error':
        return h.onStreamError(e.condition, e.text);
    }
  }

  /** ws found broken framing and is already closing with the right code (1002, 1007, 1009). */
  #onError(err: Error & { code?: string }): void {
    if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' && this.#handler && !this.#closed) {
      // Close the session, not just the socket, or a resuming client would simply resend (Prosody).
      return this.#handler.onStreamError('policy-violation', 'stanza too large');
    }
    this.#closed = true;
    this.#armGrace();
    this.#disconnect(`WebSocket error: ${err.message}`);
  }

  /** Closes the WebSocket with a code and no XML: the message was not an XMPP frame at all. */
  #abort(code: number, reason: string): void {
    this.#closed = true;
    if (this.#ws.readyState === OPEN) this.#ws.close(code, reason);
    this.#armGrace();
    this.#disconnect(`WebSocket closed with ${code}: ${reason}`);
  }

  /** WebSocket keepalive ([RFC6455] §5.5.2): also keeps proxies from timing out an idle connection. */
  #ping(): void {
    if (this.#closed || this.#ws.readyState !== OPEN) return;
    if (!this.#alive) {
      const text = `No WebSocket pong within ${Math.round(this.opts.pingIntervalMs / 1000)} s`;
      if (this.#handler) return this.#handler.onStreamError('connection-timeout', text);
      return this.close({ condition: 'connection-timeout', text });
    }
    this.#alive = false;
    this.#ws.ping();
  }

  /** Ends the WebSocket when the peer does not finish the closing handshake in time. */
  #armGrace(): void {
    if (this.#grace) return;
    const step = (): void => {
      const state = this.#ws.readyState;
      if (state === CLOSED) return;
      if (state === OPEN) {
        this.#ws.close(CLOSE_CODE.normal, 'Stream closed');
        this.#grace = this.#clock.setTimeout(step, this.opts.closeGraceMs);
        return;
      }
      this.#ws.terminate();
    };
    this.#grace = this.#clock.setTimeout(step, this.opts.closeGraceMs);
  }

  #disconnect(reason: string): void {
    if (this.#disconnected) return;
    this.#disconnected = true;
    this.#closed = true;
    this.#heartbeat?.cancel();
    this.#handler?.onDisconnect(reason);
  }
}

function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
