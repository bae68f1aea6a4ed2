// One client-to-server XMPP session, whatever transport carries it (RFC 6120 §4-§7).
// Phases: wait for the stream header → (STARTTLS) → SASL → restart → bind → stanzas.
// The transport parses and frames; the session negotiates and hands stanzas to the router.
import type { Element } from '../../xml/element.js';
import { xml } from '../../xml/element.js';
import { NS_BIND, NS_CLIENT, NS_SASL, NS_SESSION, NS_TLS } from '../../xml/ns.js';
import type { Clock, TimerHandle } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { Jid, parseJid } from '../jid.js';
import { errorReply, StanzaError } from '../stanza/stanza-error.js';
import type { StreamCondition } from '../stanza/stream-error.js';
import { iq as iqStanza, isStanza } from '../stanza/stanza.js';
import type { StreamHandler, StreamTransport } from '../transport/transport.js';
import type { BoundSession, SessionRegistry } from './session-registry.js';
import { streamFeatures } from './stream-features.js';
import { SaslNegotiation, type SaslProvider } from './sasl-negotiation.js';

export interface C2sConfig {
  requireStartTls: boolean;
  allowPlaintextAuth: boolean;
  saslMaxAttempts: number;
  unauthenticatedTimeoutMs: number;
  /** Server→client XEP-0199 pings after this much silence (TCP, WebSocket); 0 disables. */
  pingIntervalMs: number;
  pingTimeoutMs: number;
}

export interface SessionHooks {
  /** A bound session sent a stanza (from already stamped). */
  route(stanza: Element, session: C2sSession): void;
  /** Presence broadcast (no `to`): available or unavailable; `initial` for the first available. */
  presenceChanged(session: C2sSession, stanza: Element, initial: boolean): void;
  /** The session ended for any reason; if it was available, unavailable presence must go out. */
  sessionEnded(session: C2sSession, wasAvailable: boolean, reason: string): void;
  /** Stanzas the vanished peer probably never read; called after sessionEnded. */
  undelivered(session: C2sSession, stanzas: Element[]): void;
}

/**
 * At most this many unconfirmed stanzas are kept per session, and none older than the time a dead peer
 * takes to be noticed (ping interval + timeout, or UNCONFIRMED_WINDOW_MS without pings): older ones
 * were read, or the peer would have been found dead before (agents mostly listen, so without this
 * bound every event would stay in memory until the client next spoke).
 */
const MAX_UNCONFIRMED = 200;
const UNCONFIRMED_WINDOW_MS = 90_000;

/** What is worth a second chance: messages (events, chat) and requests that need an answer. */
function isReroutable(stanza: Element): boolean {
  if (stanza.localName === 'message') return stanza.attr('type') !== 'error';
  return stanza.localName === 'iq' && (stanza.attr('type') === 'get' || stanza.attr('type') === 'set');
}

export interface C2sDeps {
  domain: string;
  config: C2sConfig;
  sasl: SaslProvider;
  registry: SessionRegistry<C2sSession>;
  hooks: SessionHooks;
  clock: Clock;
  log: Logger;
  randomId: () => string;
}

type Phase = 'connected' | 'negotiating' | 'authenticated' | 'bound' | 'closed';

export class C2sSession implements StreamHandler, BoundSession {
  readonly id: string;
  #phase: Phase = 'connected';
  #jid: Jid | undefined;
  #username: string | undefined;
  #available = false;
  #priority = 0;
  #sasl: SaslNegotiation;
  #lastReceived: number;
  #lastPresence: Element | undefined;
  #timer: TimerHandle | undefined;
  #pingId: string | undefined;
  #pingSeq = 0;
  /**
   * Stanzas sent since the peer last sent anything. Without acknowledgements (TCP, WebSocket) these are
   * the ones a vanished peer may never have read: they are rerouted when it turns out to be gone.
   */
  #unconfirmed: { at: number; stanza: Element }[] = [];
  readonly createdAt: number;

  constructor(readonly transport: StreamTransport, private readonly deps: C2sDeps) {
    this.id = deps.randomId();
    this.createdAt = this.#lastReceived = deps.clock.now();
    this.#sasl = new SaslNegotiation(deps.sasl, transport, deps.config.saslMaxAttempts, deps.config.allowPlaintextAuth);
    this.#timer = deps.clock.setTimeout(() => {
      if (this.#phase !== 'bound') this.close('connection-timeout', 'Not authenticated in time');
    }, deps.config.unauthenticatedTimeoutMs);
  }

  get jid(): Jid {
    if (!this.#jid) throw new Error('session is not bound');
    return this.#jid;
  }
  get boundJid(): Jid | undefined { return this.#jid; }
  get username(): string | undefined { return this.#username; }
  get transportKind() { return this.transport.kind; }
  get isAvailable(): boolean { return this.#available; }
  get priority(): number { return this.#priority; }
  get isBound(): boolean { return this.#phase === 'bound'; }
  get isClosed(): boolean { return this.#phase === 'closed'; }
  get lastActive(): number { return this.#lastReceived; }
  get lastPresence(): Element | undefined { return this.#lastPresence; }

  deliver(stanza: Element): void {
    if (this.#phase === 'closed') return;
    this.transport.send(stanza);
    if (!this.transport.acknowledgesDelivery && isReroutable(stanza)) {
      const now = this.deps.clock.now();
      const { pingIntervalMs, pingTimeoutMs } = this.deps.config;
      const window = pingIntervalMs > 0 ? pingIntervalMs + pingTimeoutMs : UNCONFIRMED_WINDOW_MS;
      const list = this.#unconfirmed;
      list.push({ at: now, stanza });
      let drop = Math.max(0, list.length - MAX_UNCONFIRMED);
      while (drop < list.length && now - list[drop]!.at > window) drop++;
      if (drop > 0) list.splice(0, drop);
    }
  }

  // ---- StreamHandler ----

  onStreamOpen(header: Element): void {
    this.#touch();
    if (this.#phase === 'closed') return;
    const to = header.attr('to');
    const version = header.attr('version');
    this.transport.sendStreamHeader({ from: this.deps.domain, id: this.deps.randomId(), version: '1.0', lang: 'en' });
    if (to !== undefined && parseJid(to)?.bare !== this.deps.domain) {
      this.close('host-unknown', `This server serves ${this.deps.domain}`);
      return;
    }
    // RFC 6120 §4.7.5: without version 1.0 there is no stream negotiation to offer.
    if (version === undefined || Number.parseInt(version, 10) !== 1) {
      this.close('unsupported-version', 'XMPP version 1.0 is required');
      return;
    }
    if (this.#phase === 'connected') this.#phase = 'negotiating';
    this.transport.send(this.#features());
  }

  onElement(el: Element): void {
    this.#touch();
    switch (this.#phase) {
      case 'negotiating': return this.#negotiate(el);
      case 'authenticated': return this.#bind(el);
      case 'bound': return this.#stanza(el);
      case 'connected': return this.close('not-authorized', 'Stream not opened');
      case 'closed': return;
    }
  }

  onStreamClose(): void {
    this.#touch();
    // What was sent after the client's own close will not be read.
    this.#end('stream closed by client', true);
    this.transport.close();
  }

  onStreamError(condition: StreamCondition, text?: string): void {
    this.close(condition, text);
  }

  onDisconnect(reason: string): void {
    this.#end(reason, true);
  }

  /**
   * Ends the session with an optional stream error; unavailable presence follows if it was available.
   * The session ends first, so the transport's own disconnect report finds it closed.
   */
  close(condition?: StreamCondition, text?: string): void {
    if (this.#phase === 'closed') return;
    const reason = condition ? `stream error ${condition}${text ? `: ${text}` : ''}` : (text ?? 'closed');
    // A peer that stopped answering pings is gone: what it was sent meanwhile gets a second chance.
    this.#end(reason, condition === 'connection-timeout');
    this.transport.close(condition ? (text === undefined ? { condition } : { condition, text }) : undefined);
  }

  // ---- phases ----

  #features(): Element {
    const authenticated = this.#phase === 'authenticated';
    const t = this.transport;
    const tlsFirst = t.canStartTls && this.deps.config.requireStartTls;
    const mayAuth = t.isSecure || !tlsFirst;
    return streamFeatures({
      authenticated,
      offerStartTls: t.canStartTls && !authenticated,
      requireStartTls: tlsFirst,
      channelBindingTypes: ['tls-exporter'],
      mechanisms: authenticated || !mayAuth ? [] : this.deps.sasl.offered({
        isSecure: t.isSecure,
        allowPlaintextPlain: this.deps.config.allowPlaintextAuth,
        hasChannelBinding: t.channelBinding?.() !== undefined,
      }),
    });
  }

  #negotiate(el: Element): void {
    if (el.is('starttls', NS_TLS)) return void this.#startTls();
    if (el.ns === NS_SASL) {
      if (this.transport.canStartTls && this.deps.config.requireStartTls && !this.transport.isSecure) {
        this.transport.send(xml('failure', { xmlns: NS_SASL }, xml('encryption-required')));
        return this.close('policy-violation', 'STARTTLS is required before authentication');
      }
      const outcome = this.#sasl.handle(el);
      if (outcome.kind === 'success') {
        this.#username = outcome.username;
        this.#phase = 'authenticated';
        this.transport.restart();
      } else if (outcome.kind === 'give-up') {
        this.close('policy-violation', 'Too many failed authentication attempts');
      }
      return;
    }
    this.close('not-authorized', 'Authenticate first');
  }

  async #startTls(): Promise<void> {
    if (this.transport.kind === 'bosh') {
      // XEP-0206 §… / requirement X4: TLS inside BOSH is not offered; a STARTTLS request is ignored
      // (the HTTP layer is already HTTPS), not answered with a failure that would end the session.
      this.deps.log.debug(`Ignoring STARTTLS over BOSH from ${this.transport.remoteAddress}`);
      return;
    }
    if (!this.transport.canStartTls || !this.transport.startTls) {
      this.transport.send(xml('failure', { xmlns: NS_TLS }));
      return this.close(undefined, 'STARTTLS not available');
    }
    this.transport.send(xml('proceed', { xmlns: NS_TLS }));
    try {
      await this.transport.startTls();
      this.transport.restart();
    } catch (e) {
      this.deps.log.debug(`TLS handshake failed with ${this.transport.remoteAddress}: ${(e as Error).message}`);
      this.#end('TLS handshake failed', true);
    }
  }

  #bind(el: Element): void {
    const payload = el.is('iq', NS_CLIENT) && el.attr('type') === 'set' ? el.getChild('bind', NS_BIND) : undefined;
    if (!payload) {
      if (el.is('iq', NS_CLIENT)) return this.#reply(el, new StanzaError('not-authorized', { text: 'Bind a resource first' }));
      return this.close('not-authorized', 'Bind a resource first');
    }
    const requested = payload.getChildText('resource')?.trim();
    const resource = requested || `parley-${this.deps.randomId().slice(0, 12)}`;
    const jid = parseJid(`${this.#username}@${this.deps.domain}/${resource}`);
    if (!jid) return this.#reply(el, new StanzaError('bad-request', { text: 'Invalid resource' }));
    this.#jid = jid;
    this.#phase = 'bound';
    this.#timer?.cancel();
    const replaced = this.deps.registry.add(this);
    // The resource "desktop" is reserved for the Finesse desktop: a second login with the same full JID
    // replaces the first, which gets <conflict/> ([finesse-api] §5.1).
    replaced?.close('conflict', 'Replaced by new connection');
    this.transport.send(iqStanza({ type: 'result', id: el.attr('id') }, xml('bind', { xmlns: NS_BIND }, xml('jid', null, jid.full))));
    this.#scheduleLiveness();
  }

  #stanza(el: Element): void {
    if (!isStanza(el)) {
      if (el.ns === NS_CLIENT || el.ns === undefined) return this.close('unsupported-stanza-type');
      return this.close('unsupported-stanza-type', `Unexpected element in ${el.ns}`);
    }
    const jid = this.jid;
    const from = el.attr('from');
    if (from !== undefined && from !== jid.full && from !== jid.bare) {
      const parsed = parseJid(from);
      if (!parsed || (parsed.full !== jid.full && parsed.full !== jid.bare)) return this.close('invalid-from');
    }
    el.setAttr('from', jid.full);
    const type = el.attr('type');
    if (el.localName === 'iq') {
      if (type === 'set' && el.getChild('session', NS_SESSION)) {
        return this.deliver(iqStanza({ type: 'result', id: el.attr('id'), from: this.deps.domain }));
      }
      if ((type === 'result' || type === 'error') && this.#pingId !== undefined && el.attr('id') === this.#pingId) {
        this.#pingId = undefined;
        return;
      }
    }
    if (el.localName === 'presence' && el.attr('to') === undefined) return this.#presence(el);
    const to = el.attr('to');
    if (to !== undefined && !parseJid(to)) {
      if (type === 'error' || type === 'result') return;
      return this.#reply(el, new StanzaError('jid-malformed'));
    }
    this.deps.hooks.route(el, this);
  }

  /** RFC 6121 §4.2, §4.4: presence broadcast from the client (no `to`). */
  #presence(el: Element): void {
    const type = el.attr('type');
    if (type === undefined) {
      const initial = !this.#available;
      const priority = Number.parseInt(el.getChildText('priority') ?? '0', 10);
      this.#priority = Number.isFinite(priority) ? Math.max(-128, Math.min(127, priority)) : 0;
      this.#available = true;
      this.#lastPresence = el;
      this.deps.hooks.presenceChanged(this, el, initial);
    } else if (type === 'unavailable') {
      if (!this.#available) return;
      this.#available = false;
      this.#lastPresence = el;
      this.deps.hooks.presenceChanged(this, el, false);
    }
    // Other types without `to` (probe, subscribe…) have no meaning for the server's own roster.
  }

  #reply(el: Element, error: StanzaError): void {
    if (el.attr('type') === 'error' || el.attr('type') === 'result') return;
    const reply = errorReply(el, error);
    reply.setAttr('to', this.#jid?.full).setAttr('from', el.attr('to'));
    this.deliver(reply);
  }

  // ---- liveness (RFC 6120 §4.6.1, XEP-0199) ----

  #touch(): void {
    this.#lastReceived = this.deps.clock.now();
    if (this.#unconfirmed.length > 0) this.#unconfirmed = [];
  }

  #scheduleLiveness(): void {
    const { pingIntervalMs, pingTimeoutMs } = this.deps.config;
    if (pingIntervalMs <= 0 || this.transport.kind === 'bosh') return;
    const check = (): void => {
      if (this.#phase !== 'bound') return;
      const now = this.deps.clock.now();
      const idle = now - this.#lastReceived;
      if (idle < pingIntervalMs) {
        this.#timer = this.deps.clock.setTimeout(check, pingIntervalMs - idle);
        return;
      }
      const pingId = `ping-${++this.#pingSeq}`;
      this.#pingId = pingId;
      // Sent directly: the server's own ping is never worth rerouting.
      this.transport.send(iqStanza({ type: 'get', id: pingId, from: this.deps.domain, to: this.jid.full }, xml('ping', { xmlns: 'urn:xmpp:ping' })));
      const sentAt = now;
      this.#timer = this.deps.clock.setTimeout(() => {
        // Answered (the reply clears #pingId), or anything else arrived since: the peer is alive. The
        // clock has millisecond steps, so a reply read in the same millisecond must count too.
        if (this.#pingId !== pingId || this.#lastReceived > sentAt) return check();
        this.close('connection-timeout', `No answer to a ping within ${Math.round(pingTimeoutMs / 1000)} s`);
      }, pingTimeoutMs);
    };
    this.#timer = this.deps.clock.setTimeout(check, pingIntervalMs);
  }

  /** `peerGone`: the peer left without reading (vanished, timed out, or closed its stream). */
  #end(reason: string, peerGone: boolean): void {
    if (this.#phase === 'closed') return;
    const wasBound = this.#phase === 'bound';
    const wasAvailable = this.#available;
    this.#phase = 'closed';
    this.#available = false;
    this.#timer?.cancel();
    const unread = peerGone ? this.#unconfirmed.map((u) => u.stanza) : [];
    this.#unconfirmed = [];
    if (!wasBound) return;
    this.deps.registry.remove(this);
    this.deps.hooks.sessionEnded(this, wasAvailable, reason);
    if (unread.length > 0) this.deps.hooks.undelivered(this, unread);
  }
}

