// The adapter between one BoshSession (rid/hold/wait state) and its C2sSession (XMPP negotiation), so
// that BOSH is just another StreamTransport ([style] §6.7). It translates in both directions:
// - up: stream open/restart, payloads, client terminate, session end → StreamHandler calls;
// - down: features and stanzas → the session's outgoing buffer; close(error) → a terminate body,
//   `remote-stream-error` carrying the stream error, except system-shutdown, which BOSH has itself.
// When the BOSH session ends, the XMPP session ends first (unavailable presence goes out), then the
// stanzas the client may not have received are re-routed ([notification-service] §1 item 3, X5).
//
// [XEP-0206] https://xmpp.org/extensions/xep-0206.html §5 (restart), §7 (stream errors)
import { Element } from '../../../xml/element.js';
import { NS_STREAM } from '../../../xml/ns.js';
import { streamErrorElement, type StreamCondition } from '../../stanza/stream-error.js';
import { isStanza } from '../../stanza/stanza.js';
import type { AttachableTransport } from '../../notification-service.js';
import type { StreamHandler, StreamHeader } from '../transport.js';
import type { BoshRequest } from './bosh-codec.js';
import type { BoshEnd, BoshSession, BoshSessionEvents } from './bosh-session.js';

export interface BoshTransportDeps {
  /** "ip:port" of the client that created the session. */
  remoteAddress: string;
  isSecure: boolean;
  /** The creation request's `to`, used when a restart omits it. */
  to: string;
  /** Gives an undelivered stanza a second chance (notification.reroute); called after the session ended. */
  reroute(stanza: Element): void;
  /** Before the XMPP session is told (the idle log line must precede its "session is being closed" line). */
  onEnding(end: BoshEnd): void;
  /** After everything: the session can leave the sid table. */
  onEnded(): void;
}

export class BoshTransport implements AttachableTransport {
  readonly kind = 'bosh' as const;
  /** Rids acknowledge responses: the BOSH session reroutes what the client never received. */
  readonly acknowledgesDelivery = true;
  readonly canStartTls = false;
  readonly remoteAddress: string;
  readonly isSecure: boolean;
  #handler: StreamHandler | undefined;
  #reason: string | undefined;

  constructor(readonly session: BoshSession, private readonly deps: BoshTransportDeps) {
    this.remoteAddress = deps.remoteAddress;
    this.isSecure = deps.isSecure;
  }

  attach(handler: StreamHandler): void {
    this.#handler = handler;
  }

  get pendingBytes(): number {
    return this.session.bufferedBytes;
  }

  /** BOSH has no stream header on the wire: its id becomes the creation response's `authid`. */
  sendStreamHeader(header: StreamHeader): void {
    this.session.setStreamId(header.id);
  }

  send(el: Element): void {
    if (this.session.enqueue(el)) return;
    if (this.session.isEnded) return this.deps.reroute(el);
    this.close({ condition: 'policy-violation', text: 'Client does not collect its stanzas' });
  }

  restart(): void {
    this.session.expectRestart();
  }

  close(error?: { condition: StreamCondition; text?: string }): void {
    if (this.session.isEnded) return;
    this.#reason ??= error ? `stream error ${error.condition}` : 'stream closed';
    if (!error) this.session.terminate();
    else if (error.condition === 'system-shutdown') this.session.terminate('system-shutdown');
    else this.session.terminate('remote-stream-error', streamErrorElement(error.condition, error.text));
  }

  /** What the BOSH session reports, wired to the XMPP session. */
  readonly events: BoshSessionEvents = {
    streamOpened: (req) => this.#handler?.onStreamOpen(this.#header(req)),
    payloads: (els) => {
      for (const el of els) {
        if (this.session.isEnded) return;
        this.#handler?.onElement(el);
      }
    },
    clientTerminated: () => {
      this.#reason ??= 'client terminated the BOSH session';
      this.#handler?.onStreamClose();
      this.close(); // in case the XMPP session was already closing
    },
    ended: (end) => {
      this.deps.onEnding(end);
      this.#handler?.onDisconnect(this.#reason ?? reasonOf(end));
      for (const el of end.undelivered) if (isStanza(el)) this.deps.reroute(el); // not features, SASL…
      this.deps.onEnded();
    },
  };

  /** A stream header for the C2sSession; xmpp:version defaults to 1.0 (COMPAT: clients that omit it). */
  #header(req: BoshRequest): Element {
    return new Element('stream:stream', {
      to: req.to ?? this.deps.to,
      version: req.xmppVersion ?? '1.0',
      'xml:lang': req.lang ?? 'en',
    }, NS_STREAM);
  }
}

function reasonOf(end: BoshEnd): string {
  switch (end.cause) {
    case 'inactivity': return `BOSH client silent for over ${Math.round(end.idleMs / 1000)} seconds`;
    case 'violation': return `BOSH ${end.condition}: ${end.text}`;
    case 'closed': return 'BOSH session closed';
  }
}
