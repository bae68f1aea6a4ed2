// Glue between the notification service's presence and the contact center (issue 5 items 4 and 5):
// - every presence change of a local user goes to the presence monitor (presence-monitor.ts), with the
//   number of the user's resources still available, so a user with several resources is gone only when
//   the last one goes; an unavailable resource also loses its ClientLog subscription, as Finesse does;
// - the `finesse` user's presence follows the contact-center link: unavailable to every desktop session
//   while the web services are not serving (link OUT_OF_SERVICE), available again when they are
//   ([finesse-api] §5.3, §5.6).
import type { Clock } from '../shared/clock.js';
import type { WebservicesLog } from '../shared/webservices-log.js';
import type { NotificationService } from '../xmpp/notification-service.js';
import { INTERNAL_ACTOR, type Actor } from '../pubsub/access.js';
import type { Result } from '../shared/result.js';
import { clientLogNode } from '../pubsub/finesse-nodes.js';
import type { ContactCenter, LinkState } from './contact-center.js';
import { createPresenceMonitor, type PresenceChange, type PresenceLogoutOutcome, type PresenceMonitor } from './presence-monitor.js';

/** Thread names in the web-services log, as the document's lines show them. */
export const LISTENER_THREAD = 'Smack Listener Processor (1)';
export const WORKER_THREAD = 'CoreImpl-worker1';

/** What the glue needs of the notification service. */
export interface PresenceSource {
  readonly domain: string;
  readonly presence: Pick<NotificationService['presence'], 'onPresence'>;
  readonly registry: { availableSessionsOf(bareJid: string): readonly unknown[] };
}

/** What the glue needs of the pubsub service (PubsubComponent['service'] fits). */
export interface SubscriptionControl {
  nodeSubscriptions(actor: Actor, node: string): Result<readonly { jid: string; subid: string }[]>;
  unsubscribe(actor: Actor, node: string, jid: string, subid?: string): Result<void>;
}

export interface PresenceDrivenLogoutDeps {
  notification: PresenceSource;
  /** When given, an unavailable resource's ClientLog subscriptions are removed. */
  pubsub?: { readonly service: SubscriptionControl } | undefined;
  contactCenter: Pick<ContactCenter, 'agent' | 'link' | 'setAgentState' | 'onEvent'>;
  clock: Clock;
  /** `--logout-grace` in milliseconds. */
  graceMs: number;
  outcome: PresenceLogoutOutcome;
  log: WebservicesLog;
}

export interface PresenceDrivenLogout {
  readonly monitor: PresenceMonitor;
  stop(): void;
}

export function attachPresenceDrivenLogout(deps: PresenceDrivenLogoutDeps): PresenceDrivenLogout {
  const { notification, contactCenter } = deps;
  const listenerLog = deps.log.thread(LISTENER_THREAD);

  /** [notification-service] §0.6 rule 3: the departed resource's ClientLog subscription goes. */
  function dropClientLogSubscription(change: PresenceChange): void {
    const service = deps.pubsub?.service;
    if (!service) return;
    const node = clientLogNode(change.agentId);
    const bare = change.jid.replace(/\/.*$/, '');
    const subs = service.nodeSubscriptions(INTERNAL_ACTOR, node);
    if (!subs.ok) return;
    for (const s of subs.value) {
      const mine = s.jid === change.jid || (s.jid === bare && change.availableResources === 0);
      if (!mine || !service.unsubscribe(INTERNAL_ACTOR, node, s.jid, s.subid).ok) continue;
      listenerLog.info(`UNSUBSCRIBE_REQUEST_SUCCESS: %[NodeId=${node}][user_id=${bare}]: Sucessfully unsubscribed from a node on the XMPP server`);
    }
  }

  const monitor = createPresenceMonitor({
    clock: deps.clock,
    graceMs: deps.graceMs,
    outcome: deps.outcome,
    contactCenter,
    listenerLog,
    workerLog: deps.log.thread(WORKER_THREAD),
    onUnavailable(change) {
      try {
        dropClientLogSubscription(change);
      } catch (e) {
        listenerLog.error(`UNSUBSCRIBE_REQUEST_FAILED: %[user_id=${change.jid}]: ${(e as Error)?.message ?? String(e)}`);
      }
    },
  });

  const offPresence = notification.presence.onPresence((e) => {
    if (e.jid.domain !== notification.domain || e.jid.local === '' || e.jid.local === 'finesse') return;
    monitor.presenceChanged({
      jid: e.jid.full,
      agentId: e.jid.local,
      type: e.type,
      availableResources: notification.registry.availableSessionsOf(e.jid.bare).length,
    });
  });
  const offEvents = contactCenter.onEvent((ev) => {
    if (ev.kind === 'link-changed') monitor.linkChanged(ev.link.state);
  });

  return {
    monitor,
    stop(): void {
      offPresence();
      offEvents();
      monitor.stop();
    },
  };
}

export interface FinessePresenceDeps {
  presence: Pick<NotificationService['presence'], 'setFinesseAvailable' | 'isFinesseAvailable'>;
  contactCenter: Pick<ContactCenter, 'link' | 'onEvent'>;
  log: WebservicesLog;
}

/** Drives the `finesse` user's presence from the link state; returns the function that stops it. */
export function attachFinessePresence(deps: FinessePresenceDeps): () => void {
  const log = deps.log.thread(LISTENER_THREAD);
  const apply = (state: LinkState, reason: string): void => {
    const available = state === 'IN_SERVICE';
    if (available === deps.presence.isFinesseAvailable) return;
    deps.presence.setFinesseAvailable(available);
    log.info(`FINESSE_USER_PRESENCE: %[PRESENCE_TYPE=${available ? 'available' : 'unavailable'}][link_state=${state}]: ` +
      `The finesse user's presence is now ${available ? 'available' : 'unavailable'} to every desktop session${reason ? ` (${reason})` : ''}`);
  };
  const link = deps.contactCenter.link();
  apply(link.state, link.reason);
  return deps.contactCenter.onEvent((ev) => {
    if (ev.kind === 'link-changed') apply(ev.link.state, ev.link.reason);
  });
}
