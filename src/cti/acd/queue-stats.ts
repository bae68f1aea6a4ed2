// Queue statistics, computed on demand from the queue's members and counters.
import type { AgentStateName } from './agent-machine.js';

export interface QueueStats {
  queueId: string;
  name: string;
  callsWaiting: number;
  /** Seconds the oldest waiting call has waited (0 when none). */
  longestWaitS: number;
  agentsLoggedIn: number;
  agentsReady: number;
  agentsNotReady: number;
  /** TALKING and HOLD. */
  agentsTalking: number;
  /** WORK_NOT_READY and WORK_READY. */
  agentsWrapUp: number;
  agentsReserved: number;
  /** Calls answered today (counted at answer). */
  callsHandledToday: number;
  /** Calls abandoned today, in queue or while ringing. */
  callsAbandonedToday: number;
  callsAnsweredWithinThresholdToday: number;
  serviceLevelThresholdS: number;
  /** answered within threshold / (answered + abandoned) × 100; null before the first such call. */
  serviceLevelPercent: number | null;
}

/** The daily counters of one queue; `day` is the UTC day number they belong to. */
export interface QueueCounters {
  day: number;
  handled: number;
  abandoned: number;
  withinThreshold: number;
}

export const dayOf = (ms: number): number => Math.floor(ms / 86_400_000);

/** Counters for `now`, reset when the UTC day has changed. */
export function countersFor(c: QueueCounters, now: number): QueueCounters {
  const day = dayOf(now);
  if (c.day !== day) { c.day = day; c.handled = 0; c.abandoned = 0; c.withinThreshold = 0; }
  return c;
}

export function countAgentStates(states: Iterable<AgentStateName>): Pick<QueueStats,
  'agentsLoggedIn' | 'agentsReady' | 'agentsNotReady' | 'agentsTalking' | 'agentsWrapUp' | 'agentsReserved'> {
  const out = { agentsLoggedIn: 0, agentsReady: 0, agentsNotReady: 0, agentsTalking: 0, agentsWrapUp: 0, agentsReserved: 0 };
  for (const s of states) {
    if (s === 'LOGOUT') continue;
    out.agentsLoggedIn++;
    if (s === 'AVAILABLE') out.agentsReady++;
    else if (s === 'NOT_READY' || s === 'LOGIN') out.agentsNotReady++;
    else if (s === 'TALKING' || s === 'HOLD') out.agentsTalking++;
    else if (s === 'WORK_NOT_READY' || s === 'WORK_READY') out.agentsWrapUp++;
    else if (s === 'RESERVED') out.agentsReserved++;
  }
  return out;
}
