// Stanza routing for a single-domain server (RFC 6120 §10, RFC 6121 §8.5). The rules, as a table:
//
// | to                          | iq get/set                  | message                                   | presence            |
// |-----------------------------|-----------------------------|-------------------------------------------|---------------------|
// | absent / domain / own bare  | server handlers             | dropped (nothing addresses the server)    | (session handles)   |
// | a component (pubsub.<fqdn>) | component                   | component                                 | component           |
// | local bare JID              | service-unavailable         | available resources, else offline storage | every resource      |
// | local full JID, connected   | that resource               | that resource                             | that resource       |
// | local full JID, not connected | service-unavailable       | as for the bare JID                       | dropped             |
// | no such user                | service-unavailable         | service-unavailable                       | dropped             |
// | another domain              | remote-server-not-found (no server-to-server)                                           |
import type { Element } from '../../xml/element.js';
import type { Logger } from '../../shared/logger.js';
import { parseJid, type Jid } from '../jid.js';
import { errorReply, StanzaError } from '../stanza/stanza-error.js';
import type { BoundSession, SessionRegistry } from '../session/session-registry.js';

export type ComponentHandler = (stanza: Element, origin: BoundSession | undefined) => void;

export interface RouterDeps {
  domain: string;
  registry: SessionRegistry;
  userExists(localpart: string): boolean;
  /** IQs to the server or to the sender's own account. */
  serverIq(stanza: Element, origin: BoundSession): void;
  components: ReadonlyMap<string, ComponentHandler>;
  /** Offline storage; returns true when the message was kept. */
  storeOffline(stanza: Element): boolean;
  /** Directed presence, so unavailable can follow at session end (RFC 6121 §4.6.2). */
  directedPresence?(origin: BoundSession, to: Jid, stanza: Element): void;
  log: Logger;
}

export class StanzaRouter {
  constructor(private readonly deps: RouterDeps) {}

  /** Routes a stanza a client sent (its `from` is already stamped). */
  route(stanza: Element, origin: BoundSession): void {
    const toAttr = stanza.attr('to');
    const to = toAttr === undefined ? undefined : parseJid(toAttr);
    if (!to || (to.domain === this.deps.domain && (to.local === '' || (to.isBare && to.bare === origin.jid.bare)))) {
      if (stanza.localName === 'iq') this.deps.serverIq(stanza, origin);
      return;
    }
    const component = this.deps.components.get(to.domain);
    if (component) return component(stanza, origin);
    if (stanza.localName === 'presence' && (stanza.attr('type') === undefined || stanza.attr('type') === 'unavailable')) {
      this.deps.directedPresence?.(origin, to, stanza);
    }
    this.deliver(stanza, origin);
  }

  /**
   * Delivers a stanza to a local user (also used for server-generated stanzas, e.g. pubsub
   * notifications). Bounces errors to `origin` when given.
   */
  deliver(stanza: Element, origin?: BoundSession): void {
    const to = parseJid(stanza.attr('to') ?? '');
    if (!to) return;
    if (to.domain !== this.deps.domain) return this.#bounce(stanza, origin, 'remote-server-not-found');
    if (!this.deps.userExists(to.local)) {
      if (stanza.localName !== 'presence') this.#bounce(stanza, origin, 'service-unavailable');
      return;
    }
    const name = stanza.localName;
    const type = stanza.attr('type');
    if (!to.isBare) {
      const session = this.deps.registry.get(to.full);
      if (session) return session.deliver(stanza);
      if (name === 'iq') return this.#bounce(stanza, origin, 'service-unavailable');
      if (name === 'presence') return;
      if (type === 'groupchat') return this.#bounce(stanza, origin, 'service-unavailable');
    } else if (name === 'iq') {
      return this.#bounce(stanza, origin, 'service-unavailable');
    }
    const bare = to.bare;
    if (name === 'presence') {
      for (const s of this.deps.registry.sessionsOf(bare)) s.deliver(stanza);
      return;
    }
    // RFC 6121 §8.5.2.1: messages go to the available resources with non-negative priority.
    const targets = this.deps.registry.availableSessionsOf(bare).filter((s) => s.priority >= 0);
    if (targets.length > 0) {
      for (const s of targets) s.deliver(stanza);
      return;
    }
    if (type === 'error' || type === 'headline' || type === 'groupchat') return; // never stored
    if (!this.deps.storeOffline(stanza)) this.#bounce(stanza, origin, 'service-unavailable');
  }

  #bounce(stanza: Element, origin: BoundSession | undefined, condition: 'service-unavailable' | 'remote-server-not-found'): void {
    const type = stanza.attr('type');
    if (!origin || type === 'error' || type === 'result') return;
    origin.deliver(errorReply(stanza, new StanzaError(condition)));
  }
}
