// The agent state machine of the ACD simulator as data: one table per flavour, one pure `transition`.
// [finesse-api] §3 (UCCE and UCCX tables, pending states, forced logout 255); state names are the CTI
// AgentState names of [CTI-REF] "AgentState Values" (../codec/enums.ts), so the CTI server maps them 1:1.
import { AgentState as Cti } from '../codec/enums.js';
import { err, ok, type Result } from '../../shared/result.js';

export const AGENT_STATES = [
  'LOGIN', 'LOGOUT', 'NOT_READY', 'AVAILABLE', 'TALKING', 'WORK_NOT_READY', 'WORK_READY', 'RESERVED', 'HOLD',
] as const;
export type AgentStateName = (typeof AGENT_STATES)[number];

/** The wire value of each state, for the CTI server's AGENT_STATE_EVENT. */
export const CTI_AGENT_STATE = {
  LOGIN: Cti.AGENT_STATE_LOGIN,
  LOGOUT: Cti.AGENT_STATE_LOGOUT,
  NOT_READY: Cti.AGENT_STATE_NOT_READY,
  AVAILABLE: Cti.AGENT_STATE_AVAILABLE,
  TALKING: Cti.AGENT_STATE_TALKING,
  WORK_NOT_READY: Cti.AGENT_STATE_WORK_NOT_READY,
  WORK_READY: Cti.AGENT_STATE_WORK_READY,
  RESERVED: Cti.AGENT_STATE_RESERVED,
  HOLD: Cti.AGENT_STATE_HOLD,
} as const satisfies Record<AgentStateName, number>;

/** Reason code of a forced (presence-driven) logout, [finesse-api] §3. */
export const FORCED_LOGOUT_REASON = 255;

export type AcdFlavor = 'UCCE' | 'UCCX';

export interface AgentPolicy {
  flavor: AcdFlavor;
  /** After an ACD call: wrap-up (WORK/WORK_READY), or straight to READY / NOT_READY. */
  afterCall: 'wrap-up' | 'ready' | 'not-ready';
  /** Where wrap-up ends when the agent asked for nothing: WORK_READY→READY or WORK(_NOT_READY)→NOT_READY. */
  wrapUpEnds: 'ready' | 'not-ready';
  /** Forced logout: LOGOUT, or (the UCCE agent-logout setting) NOT_READY, both with reason 255. */
  forcedLogout: 'logout' | 'not-ready';
}

/** A state the agent asked for while on a call, applied when the call ends (finesse.js `pendingState`). */
export interface PendingState {
  state: 'AVAILABLE' | 'NOT_READY' | 'LOGOUT';
  reasonCode: number;
  force: boolean;
}

export interface AgentMachineState {
  state: AgentStateName;
  reasonCode: number;
  pending: PendingState | null;
}

export type AgentEvent =
  | { type: 'login' }
  | { type: 'ready' }
  | { type: 'not-ready'; reasonCode: number }
  | { type: 'logout'; reasonCode: number; force?: boolean }
  /** A call alerts on the agent's device (ACD delivery, or a direct call). */
  | { type: 'offer' }
  /** The alerting call went away before it was answered (caller abandoned). */
  | { type: 'withdraw' }
  /** The agent has a connected leg (answered, originated, retrieved). */
  | { type: 'connect' }
  /** All the agent's legs are held. */
  | { type: 'hold' }
  /** The agent's last leg cleared. `beforeCall` is where a non-ACD call returns to. */
  | { type: 'release'; isAcdCall: boolean; beforeCall: { state: 'AVAILABLE' | 'NOT_READY'; reasonCode: number } }
  | { type: 'wrap-up-timeout' };

export type AgentEffect =
  /** States entered, in order (LOGOUT → LOGIN → NOT_READY enters two). */
  | { kind: 'entered'; state: AgentStateName; reasonCode: number }
  | { kind: 'pending-set'; pending: PendingState | null }
  | { kind: 'start-wrap-up-timer' }
  /** The alerting offer must go back to its queue (forced logout while RESERVED). */
  | { kind: 'withdraw-offer' };

export interface AgentTransition {
  state: AgentMachineState;
  effects: AgentEffect[];
}

export type AgentCondition = 'invalid-state';

type Target = AgentStateName | 'pending' | 'forced' | 'after-call' | 'after-offer' | 'after-wrap-up';
type TableKey = 'login' | 'ready' | 'not-ready' | 'logout' | 'forced-logout' | 'offer' | 'withdraw' | 'connect'
  | 'hold' | 'release' | 'wrap-up-timeout';
export type AgentTable = Readonly<Record<TableKey, Readonly<Partial<Record<AgentStateName, Target>>>>>;

/** [finesse-api] §3 UCCE table. Client requests: login, ready, not-ready, logout; the rest are call-driven. */
export const UCCE_AGENT_TABLE = {
  login: { LOGOUT: 'NOT_READY' },
  ready: { NOT_READY: 'AVAILABLE', WORK_NOT_READY: 'AVAILABLE', WORK_READY: 'AVAILABLE', RESERVED: 'pending', TALKING: 'pending', HOLD: 'pending' },
  'not-ready': {
    NOT_READY: 'NOT_READY', AVAILABLE: 'NOT_READY', WORK_NOT_READY: 'NOT_READY', WORK_READY: 'NOT_READY',
    RESERVED: 'pending', TALKING: 'pending', HOLD: 'pending',
  },
  // "NOT_READY → LOGOUT only if that agent is in NOT_READY".
  logout: { NOT_READY: 'LOGOUT' },
  'forced-logout': {
    NOT_READY: 'forced', AVAILABLE: 'forced', RESERVED: 'forced', WORK_NOT_READY: 'forced', WORK_READY: 'forced',
    TALKING: 'pending', HOLD: 'pending',
  },
  offer: { AVAILABLE: 'RESERVED', NOT_READY: 'NOT_READY' },
  withdraw: { RESERVED: 'after-offer', NOT_READY: 'NOT_READY' },
  connect: { RESERVED: 'TALKING', NOT_READY: 'TALKING', TALKING: 'TALKING', HOLD: 'TALKING' },
  hold: { TALKING: 'HOLD', HOLD: 'HOLD' },
  release: { TALKING: 'after-call', HOLD: 'after-call' },
  'wrap-up-timeout': { WORK_NOT_READY: 'after-wrap-up', WORK_READY: 'after-wrap-up' },
} as const satisfies AgentTable;

/**
 * [finesse-api] §3 UCCX table: LOGOUT also from READY; hold leaves the agent TALKING; no WORK_READY (wrap-up
 * is WORK, ending where the agent or the policy says); a READY request cannot be pending while on a call.
 */
export const UCCX_AGENT_TABLE = {
  ...UCCE_AGENT_TABLE,
  ready: { NOT_READY: 'AVAILABLE', WORK_NOT_READY: 'AVAILABLE' },
  'not-ready': {
    NOT_READY: 'NOT_READY', AVAILABLE: 'NOT_READY', WORK_NOT_READY: 'NOT_READY', RESERVED: 'pending', TALKING: 'pending', HOLD: 'pending',
  },
  logout: { NOT_READY: 'LOGOUT', AVAILABLE: 'LOGOUT' },
  'forced-logout': { NOT_READY: 'forced', AVAILABLE: 'forced', RESERVED: 'forced', WORK_NOT_READY: 'forced', TALKING: 'pending', HOLD: 'pending' },
  hold: { TALKING: 'TALKING' },
  'wrap-up-timeout': { WORK_NOT_READY: 'after-wrap-up' },
} as const satisfies AgentTable;

export function agentTable(flavor: AcdFlavor): AgentTable {
  return flavor === 'UCCX' ? UCCX_AGENT_TABLE : UCCE_AGENT_TABLE;
}

function tableKey(event: AgentEvent): TableKey {
  return event.type === 'logout' && event.force ? 'forced-logout' : event.type;
}

/** Pure: the next agent state and what the ACD must do about it, or 'invalid-state'. */
export function transition(
  m: AgentMachineState, event: AgentEvent, policy: AgentPolicy,
): Result<AgentTransition, AgentCondition> {
  const target = agentTable(policy.flavor)[tableKey(event)][m.state];
  if (target === undefined) return err('invalid-state', `${event.type} is not allowed in ${m.state}`);
  switch (target) {
    case 'pending': return ok(setPending(m, requested(event)));
    case 'forced': {
      const t = forced(m, event, policy);
      return ok(m.state === 'RESERVED' ? { ...t, effects: [...t.effects, { kind: 'withdraw-offer' }] } : t);
    }
    case 'after-offer': return ok(applyPendingOr(m, { state: 'AVAILABLE', reasonCode: 0 }, policy));
    case 'after-call': return ok(afterCall(m, event, policy));
    case 'after-wrap-up': return ok(applyPendingOr(m, afterWrapUp(m, policy), policy));
    default: return ok(enter(m, target, reasonFor(event, m, target), m.pending));
  }
}

function requested(event: AgentEvent): PendingState {
  if (event.type === 'ready') return { state: 'AVAILABLE', reasonCode: 0, force: false };
  if (event.type === 'not-ready') return { state: 'NOT_READY', reasonCode: event.reasonCode, force: false };
  if (event.type === 'logout') return { state: 'LOGOUT', reasonCode: event.reasonCode, force: event.force === true };
  throw new Error(`no pending state for ${event.type}`);
}

function setPending(m: AgentMachineState, pending: PendingState): AgentTransition {
  // A pending forced logout is never replaced by a later READY / NOT_READY request.
  if (m.pending?.force) return { state: m, effects: [] };
  return { state: { ...m, pending }, effects: [{ kind: 'pending-set', pending }] };
}

function reasonFor(event: AgentEvent, m: AgentMachineState, target: AgentStateName): number {
  if (event.type === 'not-ready' || event.type === 'logout') return event.reasonCode;
  if (target === 'AVAILABLE' || target === 'TALKING' || target === 'RESERVED' || target === 'HOLD') return 0;
  if (event.type === 'login') return 0;
  return m.reasonCode;
}

function enter(m: AgentMachineState, state: AgentStateName, reasonCode: number, pending: PendingState | null): AgentTransition {
  const effects: AgentEffect[] = [];
  if (m.state === 'LOGOUT' && state === 'NOT_READY') effects.push({ kind: 'entered', state: 'LOGIN', reasonCode: 0 });
  if (state !== m.state || reasonCode !== m.reasonCode) effects.push({ kind: 'entered', state, reasonCode });
  if (pending !== m.pending) effects.push({ kind: 'pending-set', pending });
  return { state: { state, reasonCode, pending }, effects };
}

function forced(m: AgentMachineState, event: AgentEvent, policy: AgentPolicy): AgentTransition {
  const reasonCode = event.type === 'logout' ? event.reasonCode : FORCED_LOGOUT_REASON;
  return enter(m, policy.forcedLogout === 'not-ready' ? 'NOT_READY' : 'LOGOUT', reasonCode, null);
}

function applyPendingOr(
  m: AgentMachineState, fallback: { state: 'AVAILABLE' | 'NOT_READY'; reasonCode: number }, policy: AgentPolicy,
): AgentTransition {
  const p = m.pending;
  if (p?.force) return forced(m, { type: 'logout', reasonCode: p.reasonCode, force: true }, policy);
  if (p) return enter(m, p.state, p.reasonCode, null);
  return enter(m, fallback.state, fallback.reasonCode, null);
}

function afterWrapUp(m: AgentMachineState, policy: AgentPolicy): { state: 'AVAILABLE' | 'NOT_READY'; reasonCode: number } {
  if (policy.flavor === 'UCCE') return m.state === 'WORK_READY' ? { state: 'AVAILABLE', reasonCode: 0 } : { state: 'NOT_READY', reasonCode: m.reasonCode };
  return policy.wrapUpEnds === 'ready' ? { state: 'AVAILABLE', reasonCode: 0 } : { state: 'NOT_READY', reasonCode: 0 };
}

function afterCall(m: AgentMachineState, event: AgentEvent, policy: AgentPolicy): AgentTransition {
  if (event.type !== 'release') throw new Error('after-call target on a non-release event');
  const p = m.pending;
  if (p?.force || !event.isAcdCall) return applyPendingOr(m, event.beforeCall, policy);
  if (policy.afterCall === 'ready') return applyPendingOr(m, { state: 'AVAILABLE', reasonCode: 0 }, policy);
  if (policy.afterCall === 'not-ready') return applyPendingOr(m, { state: 'NOT_READY', reasonCode: 0 }, policy);
  // Wrap-up: WORK_READY ends in READY, WORK (WORK_NOT_READY) ends in NOT_READY ([finesse-api] §3).
  const endsReady = p ? p.state === 'AVAILABLE' : policy.wrapUpEnds === 'ready';
  if (policy.flavor === 'UCCX') {
    const t = enter(m, 'WORK_NOT_READY', p?.reasonCode ?? 0, p);
    return { ...t, effects: [...t.effects, { kind: 'start-wrap-up-timer' }] };
  }
  const t = enter(m, endsReady ? 'WORK_READY' : 'WORK_NOT_READY', endsReady ? 0 : (p?.reasonCode ?? 0), null);
  return { ...t, effects: [...t.effects, { kind: 'start-wrap-up-timer' }] };
}
