// The agents as the CTI server last described them: AGENT_STATE_EVENT and QUERY_AGENT_STATE_CONF
// fold into AgentStatus records. Pure (the time of a change is passed in); the glue turns each
// returned change into an 'agent-changed' event.
import type { CtiMessageOf } from '../../cti/codec/index.js';
import type { AgentState, AgentStatus } from '../contact-center.js';
import { finesseAgentState } from './agent-states.js';

type AgentStateEvent = CtiMessageOf<'AGENT_STATE_EVENT'>;
type QueryAgentStateConf = CtiMessageOf<'QUERY_AGENT_STATE_CONF'>;

/** The agent a CTI message names: AgentID, else the long form, else undefined. */
export function agentIdOf(msg: { agentId?: string; agentIdLong?: string }): string | undefined {
  const id = msg.agentId ?? msg.agentIdLong;
  return id === undefined || id === '' ? undefined : id;
}

const orNull = (s: string | undefined): string | null => (s === undefined || s === '' ? null : s);

export class AgentCache {
  readonly #agents = new Map<string, AgentStatus>();
  readonly #byExtension = new Map<string, string>();

  get(agentId: string): AgentStatus | undefined { return this.#agents.get(agentId); }
  all(): AgentStatus[] { return [...this.#agents.values()]; }
  get size(): number { return this.#agents.size; }

  /** The agent signed in on a device (extension / instrument), if any. */
  agentOnDevice(device: string): string | undefined { return this.#byExtension.get(device); }

  /** A known agent never described by the CTI server yet: signed out. Returns the record. */
  ensure(agentId: string, now: number): AgentStatus {
    let a = this.#agents.get(agentId);
    if (!a) {
      a = { agentId, extension: null, state: 'LOGOUT', reasonCode: null, pendingState: null, stateChangeTime: now };
      this.#agents.set(agentId, a);
    }
    return a;
  }

  /** AGENT_STATE_EVENT → the changed status, or undefined when nothing a client sees changed. */
  applyEvent(msg: AgentStateEvent, now: number): AgentStatus | undefined {
    const agentId = agentIdOf(msg) ?? this.agentOnDevice(msg.agentExtension ?? msg.agentInstrument ?? '');
    if (agentId === undefined) return undefined;
    const state = finesseAgentState(msg.agentState, msg.direction);
    const pending = msg.nextAgentState === undefined ? null : pendingOf(msg.nextAgentState, state);
    const at = msg.stateDuration > 0 && msg.stateDuration < 86_400 ? now - msg.stateDuration * 1000 : now;
    return this.#set(agentId, {
      state,
      extension: state === 'LOGOUT' ? null : orNull(msg.agentExtension ?? msg.agentInstrument),
      reasonCode: msg.eventReasonCode === 0 ? null : msg.eventReasonCode,
      pendingState: pending,
    }, at);
  }

  /**
   * QUERY_AGENT_STATE_CONF (resynchronization) for `agentId` → the changed status, if any. A
   * confirmation without AgentExtension keeps the known extension, else `fallbackExtension` (the
   * directory's), so that a signed-in agent can still be driven.
   */
  applyQuery(agentId: string, msg: QueryAgentStateConf, now: number, fallbackExtension: string | null = null): AgentStatus | undefined {
    const state = finesseAgentState(msg.agentState);
    const known = this.#agents.get(agentId);
    return this.#set(agentId, {
      state,
      extension: state === 'LOGOUT' ? null : orNull(msg.agentExtension ?? msg.agentInstrument) ?? known?.extension ?? fallbackExtension,
      reasonCode: state === known?.state ? known.reasonCode : null,
      pendingState: state === known?.state ? known.pendingState : null,
    }, now);
  }

  #set(agentId: string, next: Omit<AgentStatus, 'agentId' | 'stateChangeTime'>, at: number): AgentStatus | undefined {
    // An agent not seen before is signed out (ensure): reading it as LOGOUT is no change.
    const prev = this.#agents.get(agentId) ?? (next.state === 'LOGOUT' ? this.ensure(agentId, at) : undefined);
    if (prev && prev.state === next.state && prev.extension === next.extension && prev.reasonCode === next.reasonCode &&
      prev.pendingState === next.pendingState) return undefined;
    const status: AgentStatus = {
      agentId, ...next, stateChangeTime: prev && prev.state === next.state ? prev.stateChangeTime : at,
    };
    if (prev?.extension && this.#byExtension.get(prev.extension) === agentId) this.#byExtension.delete(prev.extension);
    if (status.extension) this.#byExtension.set(status.extension, agentId);
    this.#agents.set(agentId, status);
    return status;
  }
}

/** NextAgentState: a pending state only when it differs from the current one. */
function pendingOf(nextCtiState: number, current: AgentState): AgentState | null {
  const next = finesseAgentState(nextCtiState);
  return next === current || next === 'UNKNOWN' ? null : next;
}
