// Agent states between the two vocabularies: GED-188 AgentState values ([CTI-REF] "AgentState Values")
// and Finesse User.state ([finesse-api] §2.2 field notes, §3). Pure.
import { AgentState as Cti, Direction } from '../../cti/codec/index.js';
import type { AgentState, RequestedAgentState } from '../contact-center.js';

export type DeploymentType = 'UCCE' | 'UCCX';

/**
 * The Finesse state of a CTI AgentState. LOGIN is transient (the agent lands in NOT_READY);
 * AVAILABLE is READY; WORK_NOT_READY is WORK (wrap-up ending in NOT_READY); BUSY_OTHER (on a call
 * of another skill group) and the multichannel task states show as the voice state they resemble.
 * RESERVED is split by the AGENT_STATE_EVENT Direction into the outbound reservations.
 */
export function finesseAgentState(ctiState: number, direction?: number): AgentState {
  switch (ctiState) {
    case Cti.AGENT_STATE_LOGIN: return 'NOT_READY';
    case Cti.AGENT_STATE_LOGOUT: return 'LOGOUT';
    case Cti.AGENT_STATE_NOT_READY: return 'NOT_READY';
    case Cti.AGENT_STATE_AVAILABLE: return 'READY';
    case Cti.AGENT_STATE_TALKING: return 'TALKING';
    case Cti.AGENT_STATE_WORK_NOT_READY: return 'WORK';
    case Cti.AGENT_STATE_WORK_READY: return 'WORK_READY';
    case Cti.AGENT_STATE_BUSY_OTHER: return 'TALKING';
    case Cti.AGENT_STATE_RESERVED:
      if (direction === Direction.OUTBOUND_RESERVE) return 'RESERVED_OUTBOUND';
      if (direction === Direction.OUTBOUND_PREVIEW) return 'RESERVED_OUTBOUND_PREVIEW';
      return 'RESERVED';
    case Cti.AGENT_STATE_HOLD: return 'HOLD';
    case Cti.AGENT_STATE_ACTIVE: return 'TALKING';
    case Cti.AGENT_STATE_PAUSED: return 'HOLD';
    case Cti.AGENT_STATE_INTERRUPTED: return 'HOLD';
    case Cti.AGENT_STATE_NOT_ACTIVE: return 'NOT_READY';
    default: return 'UNKNOWN';
  }
}

/** The SET_AGENT_STATE_REQ AgentState for a requested Finesse state. */
export function ctiAgentStateFor(requested: RequestedAgentState): number {
  switch (requested) {
    case 'LOGIN': return Cti.AGENT_STATE_LOGIN;
    case 'READY': return Cti.AGENT_STATE_AVAILABLE;
    case 'NOT_READY': return Cti.AGENT_STATE_NOT_READY;
    case 'LOGOUT': return Cti.AGENT_STATE_LOGOUT;
    case 'WORK': return Cti.AGENT_STATE_WORK_NOT_READY;
    case 'WORK_READY': return Cti.AGENT_STATE_WORK_READY;
  }
}

/** States in which a READY / NOT_READY request becomes the pending state ([finesse-api] §3, finesse.js isPendingStateChange). */
export const ON_A_CALL: ReadonlySet<AgentState> = new Set(['RESERVED', 'RESERVED_OUTBOUND', 'RESERVED_OUTBOUND_PREVIEW', 'TALKING', 'HOLD']);

/**
 * Refusals known without asking the CTI server: a request that no table of [finesse-api] §3 allows
 * from the cached state. Everything else goes to the CTI server, whose refusal comes back as a
 * 'request-failed' event. Returns the reason, or undefined when the request may go.
 */
export function localRefusal(current: AgentState, requested: RequestedAgentState, deployment: DeploymentType, force: boolean): string | undefined {
  if (requested === 'LOGIN') return undefined; // forced sign-in: keeps the current state when signed in
  if (current === 'LOGOUT') return `${requested} is not allowed while the agent is signed out`;
  if (requested === 'WORK_READY' && deployment === 'UCCX') return 'WORK_READY does not exist in Unified CCX';
  if (requested === 'LOGOUT' && force) return undefined;
  if ((requested === 'WORK' || requested === 'WORK_READY') && !ON_A_CALL.has(current) && current !== 'WORK' && current !== 'WORK_READY') {
    return `${requested} is only reachable from a call`;
  }
  return undefined;
}
