// Presence-driven forced logout ([notification-service] §0.6, [finesse-api] §2.2 "255 semantics",
// issue 5 item 4). Finesse watches the presence of every desktop user: when the last available resource
// of a signed-in agent goes (closed tab, crashed browser, idle BOSH session, dropped socket), the agent
// is put in the "expiry hash"; if no resource comes back within the grace (`--logout-grace`, 60 s), the
// web services send SetAgentStateReq with reason code 255 and the force flag. Available presence within
// the grace cancels it. UCCX always logs the agent out; UCCE sets Not Ready or logs out depending on the
// PG's agent-logout (/LOAD) setting, here `agents.presenceLogout`.
// Pure logic: time comes from the injected clock, the contact center through its port, and the lines
// (worded as the document shows them) go to the injected web-services loggers.
import type { Clock, TimerHandle } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { ContactCenter, LinkState } from './contact-center.js';

/** Reason code of the presence-driven forced logout (reserved by the contract). */
export const PRESENCE_LOGOUT_REASON_CODE = 255;

/** What the forced request asks for: UCCX (and UCCE with agent logout) LOGOUT, UCCE otherwise NOT_READY. */
export type PresenceLogoutOutcome = 'logout' | 'not-ready';
export const PRESENCE_LOGOUT_OUTCOMES: readonly PresenceLogoutOutcome[] = ['logout', 'not-ready'];

/**
 * The mnemonic as Cisco's web services spell it (sic, seed 000), so searches written for Finesse logs
 * find it; each line also names PRESENCE_NOTIFICATION_RECEIVED, so a search in either spelling works.
 */
export const PRESENCE_NOTIFICATION_MNEMONIC = 'PRESENCE_NOTIFICATION_RECIEVED';

export interface PresenceChange {
  /** The full JID whose presence changed. */
  readonly jid: string;
  /** The agent id (the JID's local part). */
  readonly agentId: string;
  readonly type: 'available' | 'unavailable';
  /** How many of the user's resources are available after this change. */
  readonly availableResources: number;
}

export interface PresenceMonitorDeps {
  clock: Clock;
  /** `--logout-grace` in milliseconds. */
  graceMs: number;
  outcome: PresenceLogoutOutcome;
  contactCenter: Pick<ContactCenter, 'agent' | 'link' | 'setAgentState'>;
  /** Lines written as presence arrives (Finesse: "Smack Listener Processor"). */
  listenerLog: Logger;
  /** Lines written when the grace ends (Finesse: "CoreImpl-worker"). */
  workerLog: Logger;
  /** Called for every unavailable resource, after its notification line (the glue drops its ClientLog subscription). */
  onUnavailable?: (change: PresenceChange) => void;
}

export interface PresenceMonitor {
  presenceChanged(change: PresenceChange): void;
  /** The contact-center link changed: logouts deferred while it was down are sent once it is back. */
  linkChanged(state: LinkState): void;
  /** Agents waiting out the grace ("the expiry hash"), and those deferred until the link is back. */
  expiring(): string[];
  deferred(): string[];
  /** Cancels every timer (server stop). */
  stop(): void;
}

export function createPresenceMonitor(deps: PresenceMonitorDeps): PresenceMonitor {
  const { clock, listenerLog, workerLog } = deps;
  const timers = new Map<string, TimerHandle>();
  const deferred = new Set<string>();
  let stopped = false;

  const monitorLine = (text: string): string => `AGENT_PRESENCE_MONITOR: %[message_string=${text}]:`;

  const isSignedIn = (agentId: string): boolean => {
    const state = deps.contactCenter.agent(agentId)?.state;
    return state !== undefined && state !== 'LOGOUT' && state !== 'UNKNOWN';
  };

  function forget(agentId: string): boolean {
    const timer = timers.get(agentId);
    timer?.cancel();
    const had = timers.delete(agentId) || deferred.delete(agentId);
    return had;
  }

  function expire(agentId: string): void {
    timers.delete(agentId);
    if (stopped) return;
    if (!isSignedIn(agentId)) {
      workerLog.info(monitorLine(`Agent ${agentId} is no longer signed in; no presence driven logout.`));
      return;
    }
    if (deps.contactCenter.link().state !== 'IN_SERVICE') {
      deferred.add(agentId);
      workerLog.warn(monitorLine(`The CTI link is out of service; the presence driven logout of agent ${agentId} waits until it is back.`));
      return;
    }
    workerLog.info(`PRESENCE DRIVEN LOGOUT: %[agent_id=${agentId}]: Performing CTI Logout on basis of the agents unavailable presence`);
    const state = deps.outcome === 'not-ready' ? 'NOT_READY' : 'LOGOUT';
    let pending: Promise<unknown>;
    try {
      pending = deps.contactCenter.setAgentState({ agentId, state, reasonCode: PRESENCE_LOGOUT_REASON_CODE, force: true })
        .then((outcome) => {
          if (outcome.ok) return;
          const f = outcome.failure;
          workerLog.warn(`PRESENCE DRIVEN LOGOUT: %[agent_id=${agentId}][error_type=${f.errorType}][error_code=${f.errorCode}]: CTI Logout refused: ${f.errorMessage}`);
        });
    } catch (e) {
      pending = Promise.reject(e);
    }
    pending.catch((e: unknown) => {
      workerLog.error(`PRESENCE DRIVEN LOGOUT: %[agent_id=${agentId}]: CTI Logout failed: ${(e as Error)?.message ?? String(e)}`);
    });
  }

  return {
    presenceChanged(change: PresenceChange): void {
      if (stopped) return;
      const { agentId } = change;
      listenerLog.info(`${PRESENCE_NOTIFICATION_MNEMONIC}: %[FROM JID=${change.jid}][PRESENCE_TYPE=${change.type}]:Finesse received a presence notifcation (PRESENCE_NOTIFICATION_RECEIVED)`);
      if (change.type === 'unavailable') deps.onUnavailable?.(change);
      if (change.type === 'available' || change.availableResources > 0) {
        if (change.type === 'available' && forget(agentId)) {
          listenerLog.info(monitorLine(`Removing agent ${agentId} from the expiry hash: its presence is available again.`));
        }
        return;
      }
      if (timers.has(agentId) || deferred.has(agentId)) return; // the first departure's grace keeps running
      if (!isSignedIn(agentId)) return;
      listenerLog.info(monitorLine(`Adding agent ${agentId} into the expiry hash.`));
      timers.set(agentId, clock.setTimeout(() => expire(agentId), deps.graceMs));
    },

    linkChanged(state: LinkState): void {
      if (stopped || state !== 'IN_SERVICE') return;
      for (const agentId of [...deferred]) {
        deferred.delete(agentId);
        expire(agentId);
      }
    },

    expiring: () => [...timers.keys()],
    deferred: () => [...deferred],

    stop(): void {
      stopped = true;
      for (const t of timers.values()) t.cancel();
      timers.clear();
      deferred.clear();
    },
  };
}
