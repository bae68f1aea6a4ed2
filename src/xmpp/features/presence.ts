// Presence (RFC 6121 §4). Every user's only contact is finesse@<fqdn> (the web services), so:
// - after initial presence the client receives available presence from finesse@<fqdn> ([finesse-api]
//   §5.3: Finesse clients wait for it), then its offline messages;
// - presence broadcasts reach the user's own resources and the internal observers (the web services'
//   presence monitor, which turns `unavailable` into the forced logout);
// - when a session ends for any reason while available, unavailable presence goes to the same places
//   and to every entity that received directed presence (RFC 6121 §4.6.2).
import type { Element } from '../../xml/element.js';
import type { Logger } from '../../shared/logger.js';
import type { Jid } from '../jid.js';
import { presence as presenceStanza } from '../stanza/stanza.js';
import type { BoundSession, SessionRegistry } from '../session/session-registry.js';

export interface PresenceEvent {
  /** The full JID whose presence changed. */
  jid: Jid;
  type: 'available' | 'unavailable';
  /** For available: whether it is the session's initial presence. */
  initial: boolean;
  /** Why an unavailable happened without the client saying so (session end), if it did. */
  reason?: string;
}

export type PresenceObserver = (event: PresenceEvent) => void;

export interface PresenceDeps {
  finesseJid: string;
  registry: SessionRegistry;
  deliverOffline(session: BoundSession): void;
  /** Sends a server-generated stanza to a local JID. */
  deliver(stanza: Element): void;
  log: Logger;
}

export function createPresenceService(deps: PresenceDeps) {
  const directed = new Map<BoundSession, Map<string, Jid>>();
  const observers = new Set<PresenceObserver>();
  let finesseAvailable = true;

  const notify = (event: PresenceEvent): void => {
    for (const o of observers) {
      try {
        o(event);
      } catch (e) {
        deps.log.error(`presence observer failed: ${(e as Error).stack ?? e}`);
      }
    }
  };

  const finessePresence = (to: string, available: boolean): Element =>
    presenceStanza({ from: deps.finesseJid, to, type: available ? undefined : 'unavailable' });

  const broadcastToOwnResources = (session: BoundSession, stanza: Element): void => {
    for (const s of deps.registry.availableSessionsOf(session.jid.bare)) {
      const copy = stanza.clone();
      copy.setAttr('from', session.jid.full).setAttr('to', s.jid.full);
      s.deliver(copy);
    }
  };

  return {
    onPresence(observer: PresenceObserver): () => void {
      observers.add(observer);
      return () => observers.delete(observer);
    },

    presenceChanged(session: BoundSession, stanza: Element, initial: boolean): void {
      const available = stanza.attr('type') !== 'unavailable';
      if (available) broadcastToOwnResources(session, stanza);
      if (available && initial) {
        if (finesseAvailable) session.deliver(finessePresence(session.jid.full, true));
        deps.deliverOffline(session);
      }
      if (!available) {
        broadcastToOwnResources(session, stanza);
        const self = stanza.clone();
        self.setAttr('from', session.jid.full).setAttr('to', session.jid.full);
        session.deliver(self);
        sendUnavailableToDirected(session);
      }
      notify({ jid: session.jid, type: available ? 'available' : 'unavailable', initial });
    },

    sessionEnded(session: BoundSession, wasAvailable: boolean, reason: string): void {
      deps.log.info(`A session is being closed for ${session.jid.full}`);
      if (!wasAvailable) {
        directed.delete(session);
        return;
      }
      const unavailable = presenceStanza({ from: session.jid.full, type: 'unavailable' });
      broadcastToOwnResources(session, unavailable);
      sendUnavailableToDirected(session);
      notify({ jid: session.jid, type: 'unavailable', initial: false, reason });
    },

    directedPresence(origin: BoundSession, to: Jid, stanza: Element): void {
      let targets = directed.get(origin);
      if (stanza.attr('type') === 'unavailable') {
        targets?.delete(to.full);
        return;
      }
      if (!targets) directed.set(origin, (targets = new Map()));
      if (targets.size < 1000) targets.set(to.full, to);
    },

    /** The `finesse` contact goes unavailable while the web services are not serving ([finesse-api] §5.3). */
    setFinesseAvailable(available: boolean): void {
      if (available === finesseAvailable) return;
      finesseAvailable = available;
      for (const bare of deps.registry.availableBareJids()) {
        for (const s of deps.registry.availableSessionsOf(bare)) s.deliver(finessePresence(s.jid.full, available));
      }
    },

    get isFinesseAvailable(): boolean {
      return finesseAvailable;
    },
  };

  function sendUnavailableToDirected(session: BoundSession): void {
    const targets = directed.get(session);
    directed.delete(session);
    if (!targets) return;
    for (const target of targets.values()) {
      deps.deliver(presenceStanza({ from: session.jid.full, to: target.full, type: 'unavailable' }));
    }
  }
}

export type PresenceService = ReturnType<typeof createPresenceService>;
