// Queue statistics from what the link knows: the agents of a queue by state ([finesse-api] §2.2
// "Queues of a user" fields), kept as counters updated on every agent change (O(1) per change, so a
// busy contact center does not rescan thousands of queue members per CTI event), and, when a source
// of call counts is given (the embedded ACD), the calls waiting and today's counters. Pure.
import type { AgentState, QueueStatistics } from '../contact-center.js';

/** Call counts of a queue that agent states cannot tell. */
export interface QueueCallCounts {
  readonly callsInQueue: number;
  readonly startTimeOfLongestCallInQueue: number | null;
  readonly callsHandledToday: number;
  readonly callsAbandonedToday: number;
  readonly serviceLevelPct: number | null;
}

const NO_CALLS: QueueCallCounts = { callsInQueue: 0, startTimeOfLongestCallInQueue: null, callsHandledToday: 0, callsAbandonedToday: 0, serviceLevelPct: null };

/** The one column an agent counts in ('out' = not counted; 'other' = logged on only, e.g. RESERVED). */
export type AgentBucket = 'out' | 'ready' | 'notReady' | 'talkIn' | 'talkOut' | 'talkInternal' | 'wrapNotReady' | 'wrapReady' | 'other';
const BUCKETS: readonly AgentBucket[] = ['out', 'ready', 'notReady', 'talkIn', 'talkOut', 'talkInternal', 'wrapNotReady', 'wrapReady', 'other'];

const OUTBOUND = new Set(['OUT', 'AGENT_OUT', 'AUTO_OUT', 'OUTBOUND', 'OUTBOUND_PREVIEW']);

/** The column of an agent in `state`; `callType` is its current dialog's (decides inbound/outbound/internal talk). */
export function bucketOf(state: AgentState, callType: string | undefined): AgentBucket {
  switch (state) {
    case 'LOGOUT':
    case 'UNKNOWN': return 'out';
    case 'READY': return 'ready';
    case 'NOT_READY': return 'notReady';
    case 'WORK': return 'wrapNotReady';
    case 'WORK_READY': return 'wrapReady';
    case 'TALKING':
    case 'HOLD':
      return callType !== undefined && OUTBOUND.has(callType) ? 'talkOut' : callType === 'AGENT_INSIDE' ? 'talkInternal' : 'talkIn';
    default: return 'other';
  }
}

type Counts = Record<AgentBucket, number>;
const zero = (): Counts => Object.fromEntries(BUCKETS.map((b) => [b, 0])) as Counts;

export class QueueCounters {
  readonly #counts = new Map<string, Counts>();
  readonly #agents = new Map<string, { bucket: AgentBucket; queues: readonly string[] }>();

  /** Moves the agent to `bucket` in `queues` (its current queues); returns the queues whose counts changed. */
  update(agentId: string, queues: readonly string[], bucket: AgentBucket): string[] {
    const prev = this.#agents.get(agentId);
    if (prev && prev.bucket === bucket && prev.queues.length === queues.length && prev.queues.every((q, i) => q === queues[i])) return [];
    const changed = new Set<string>();
    for (const q of prev?.queues ?? []) { this.#of(q)[prev!.bucket]--; changed.add(q); }
    for (const q of queues) { this.#of(q)[bucket]++; changed.add(q); }
    this.#agents.set(agentId, { bucket, queues: [...queues] });
    return [...changed];
  }

  statistics(queueId: string, calls: QueueCallCounts | undefined): QueueStatistics {
    const n = this.#counts.get(queueId) ?? zero();
    const c = calls ?? NO_CALLS;
    const loggedOn = BUCKETS.reduce((sum, b) => (b === 'out' ? sum : sum + n[b]), 0);
    return {
      queueId, callsInQueue: c.callsInQueue, startTimeOfLongestCallInQueue: c.startTimeOfLongestCallInQueue,
      agentsReady: n.ready, agentsNotReady: n.notReady, agentsBusyOther: 0, agentsLoggedOn: loggedOn,
      agentsTalkingInbound: n.talkIn, agentsTalkingOutbound: n.talkOut, agentsTalkingInternal: n.talkInternal,
      agentsWrapUpNotReady: n.wrapNotReady, agentsWrapUpReady: n.wrapReady,
      callsHandledToday: c.callsHandledToday, callsAbandonedToday: c.callsAbandonedToday, serviceLevelPct: c.serviceLevelPct,
    };
  }

  #of(queueId: string): Counts {
    let n = this.#counts.get(queueId);
    if (!n) this.#counts.set(queueId, (n = zero()));
    return n;
  }
}
