// A transport carries one XMPP stream: TCP (RFC 6120), BOSH (XEP-0206) or WebSocket (RFC 7395).
// Transports differ only in framing; each is an adapter onto the same C2sSession (style.md §6.7).
// The transport calls the StreamHandler with what it parsed; the session calls the transport to write.
import type { Element } from '../../xml/element.js';
import type { StreamCondition } from '../stanza/stream-error.js';

export type TransportKind = 'tcp' | 'bosh' | 'websocket';

export interface StreamHeader {
  from: string;
  id: string;
  version: string;
  lang: string;
}

export interface StreamTransport {
  readonly kind: TransportKind;
  /** "ip:port" of the peer. */
  readonly remoteAddress: string;
  /** True once the channel is encrypted (TLS, HTTPS, WSS). */
  readonly isSecure: boolean;
  /** True when the transport can negotiate STARTTLS now (TCP before TLS). */
  readonly canStartTls: boolean;
  /** Writes the server's stream header in this transport's framing (stream:stream, open, or BOSH body). */
  sendStreamHeader(header: StreamHeader): void;
  /** Writes one top-level element (stanza or nonza). */
  send(el: Element): void;
  /** TCP only: upgrade to TLS after `<proceed/>`; resolves after the handshake. */
  startTls?(): Promise<void>;
  /** Expects a new stream header from the peer (after STARTTLS or SASL success). */
  restart(): void;
  /** RFC 9266 tls-exporter data for SCRAM-*-PLUS, when the channel is TLS 1.3. */
  channelBinding?(): Buffer | undefined;
  /** Ends the stream: optional stream error, then the closing tag, then the connection. Idempotent. */
  close(error?: { condition: StreamCondition; text?: string }): void;
  /** Bytes the peer has not yet taken off our send buffer (slow-reader back-pressure). */
  readonly pendingBytes?: number;
  /**
   * True when the transport itself knows which stanzas the peer received and reroutes the rest (BOSH:
   * rids acknowledge responses). Otherwise (TCP, WebSocket) the session keeps what it sent since the peer
   * last spoke and reroutes that when the peer turns out to be gone.
   */
  readonly acknowledgesDelivery?: boolean;
}

/** What a transport reports to its session. */
export interface StreamHandler {
  onStreamOpen(header: Element): void;
  onElement(el: Element): void;
  /** The peer closed its stream (`</stream:stream>`, `<close/>`, BOSH terminate). */
  onStreamClose(): void;
  /** The peer's XML broke a rule: the session answers with this stream error. */
  onStreamError(condition: StreamCondition, text?: string): void;
  /** The connection is gone (socket closed, BOSH session expired). Called once. */
  onDisconnect(reason: string): void;
}
