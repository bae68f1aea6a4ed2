// The notification service: the XMPP server of Parley, assembled from its parts. Transports (TCP here;
// BOSH and WebSocket later) hand it connections; it owns the session registry, the stanza router, the
// server's own IQ features, presence, offline storage, and the components (pubsub.<fqdn>).
import type { Element } from '../xml/element.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { OfflineQuota, Stores } from '../storage/stores.js';
import { C2sSession, type C2sConfig } from './session/c2s-session.js';
import { SessionRegistry } from './session/session-registry.js';
import type { SaslProvider } from './session/sasl-negotiation.js';
import { IqRouter, type IqContext } from './router/iq-router.js';
import { StanzaRouter, type ComponentHandler } from './router/stanza-router.js';
import { createOfflineStorage } from './features/offline.js';
import { createPresenceService } from './features/presence.js';
import { rosterFeature } from './features/roster.js';
import { pingFeature } from './features/ping.js';
import { discoFeature, versionFeature } from './features/disco.js';
import type { StreamHandler, StreamTransport } from './transport/transport.js';
import type { StreamCondition } from './stanza/stream-error.js';
import { errorReply, StanzaError } from './stanza/stanza-error.js';

export interface NotificationServiceDeps {
  domain: string;
  version: string;
  c2s: C2sConfig;
  offlineQuota: OfflineQuota;
  stores: Stores;
  /** Whether a local account exists (asked for every routed stanza: keep it cheap). */
  userExists: (localpart: string) => boolean;
  sasl: SaslProvider;
  clock: Clock;
  log: Logger;
  randomId: () => string;
}

/** A transport that can be connected to a session. */
export interface AttachableTransport extends StreamTransport {
  attach(handler: StreamHandler): void;
}

export function createNotificationService(deps: NotificationServiceDeps) {
  const { domain, stores, log } = deps;
  const finesseJid = `finesse@${domain}/finesse`;
  const registry = new SessionRegistry<C2sSession>();
  const components = new Map<string, ComponentHandler>();
  const serverIq = new IqRouter<IqContext>(log);
  const items: { jid: string; name: string }[] = [];

  const offline = createOfflineStorage({ store: stores.offline, quota: deps.offlineQuota, domain, clock: deps.clock, log });

  const router: StanzaRouter = new StanzaRouter({
    domain,
    registry,
    userExists: deps.userExists,
    serverIq(stanza, origin) {
      const type = stanza.attr('type');
      if (type === 'result' || type === 'error') return;
      const to = stanza.attr('to');
      const ctx: IqContext = { from: origin.jid.full, fromBare: origin.jid.bare, to: to === undefined ? undefined : to };
      void serverIq.handle(ctx, stanza).then((reply) => origin.deliver(reply));
    },
    components,
    storeOffline: (stanza) => offline.store(stanza),
    directedPresence: (origin, to, stanza) => presence.directedPresence(origin, to, stanza),
    log,
  });

  const presence = createPresenceService({
    finesseJid,
    registry,
    deliverOffline: (session) => void offline.deliverTo(session),
    deliver: (stanza) => router.deliver(stanza),
    log,
  });

  rosterFeature({ iq: serverIq, finesseJid: `finesse@${domain}` });
  pingFeature({ iq: serverIq });
  discoFeature({ iq: serverIq, domain, items: () => items });
  versionFeature({ iq: serverIq, version: deps.version });

  const sessionDeps = {
    domain,
    config: deps.c2s,
    sasl: deps.sasl,
    registry,
    clock: deps.clock,
    log,
    randomId: deps.randomId,
    hooks: {
      route: (stanza: Element, session: C2sSession) => router.route(stanza, session),
      presenceChanged: (session: C2sSession, stanza: Element, initial: boolean) => presence.presenceChanged(session, stanza, initial),
      sessionEnded: (session: C2sSession, wasAvailable: boolean, reason: string) => presence.sessionEnded(session, wasAvailable, reason),
      undelivered: (_session: C2sSession, stanzas: Element[]) => { for (const s of stanzas) reroute(s); },
    },
  };
  const open = new Set<C2sSession>();

  /**
   * Gives a stanza that a dead session could not deliver a second chance ([issue] "nothing lost at
   * teardown", XEP-0206 §recipient-unavailable): messages go to the user's other resources or to
   * offline storage, an IQ request comes back to its sender as recipient-unavailable, presence is
   * dropped. Call after the session has ended (so it is no longer a delivery target).
   */
  function reroute(stanza: Element): void {
    const name = stanza.localName;
    const type = stanza.attr('type');
    if (name === 'message') return router.deliver(stanza);
    if (name === 'iq' && (type === 'get' || type === 'set') && stanza.attr('from')) {
      router.deliver(errorReply(stanza, new StanzaError('recipient-unavailable')));
    }
  }

  return {
    domain,
    registry,
    router,
    presence,
    offline,
    serverIq,

    /** Starts a session on a new connection. */
    accept(transport: AttachableTransport): C2sSession {
      const session = new C2sSession(transport, sessionDeps);
      open.add(session);
      transport.attach({
        onStreamOpen: (h) => session.onStreamOpen(h),
        onElement: (el) => session.onElement(el),
        onStreamClose: () => session.onStreamClose(),
        onStreamError: (c, t) => session.onStreamError(c, t),
        onDisconnect: (r) => {
          open.delete(session);
          session.onDisconnect(r);
        },
      });
      return session;
    },

    /** Adds a component such as pubsub.<fqdn>; it is listed in the server's disco#items. */
    addComponent(componentDomain: string, name: string, handler: ComponentHandler): void {
      components.set(componentDomain, handler);
      items.push({ jid: componentDomain, name });
    },

    /** Connections that have not finished (including unauthenticated ones). */
    get connectionCount(): number {
      return open.size;
    },

    /** See `reroute` above; used by transports that know what their peer missed (BOSH). */
    reroute,

    /** Closes every session, e.g. with system-shutdown on SIGTERM. */
    closeAll(condition: StreamCondition = 'system-shutdown', text?: string): void {
      for (const s of [...open]) s.close(condition, text);
    },
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
