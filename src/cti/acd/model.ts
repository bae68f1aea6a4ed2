// The simulator's internal model (mutable records linked both ways) and its read-only snapshots.
import type { AgentMachineState, AgentStateName, PendingState } from './agent-machine.js';
import type { CallData, CallKind, CallSnapshot, ConnectionState, DeviceKind } from './events.js';
import type { TimerHandle } from '../../shared/clock.js';
import type { QueueCounters } from './queue-stats.js';

export interface AgentSnapshot {
  agentId: string;
  extension: string;
  queueIds: string[];
  state: AgentStateName;
  reasonCode: number;
  pending: PendingState | null;
  /** Since when the agent is AVAILABLE (ms), for longest-available routing; null when not available. */
  availableSince: number | null;
  callIds: number[];
}

export interface Agent {
  id: string;
  extension: string;
  queues: Queue[];
  m: AgentMachineState;
  availableSince: number;
  beforeCall: { state: 'AVAILABLE' | 'NOT_READY'; reasonCode: number };
  conns: Set<Conn>;
  /** Handled an ACD (queued inbound) call since the last release: decides wrap-up. */
  hadAcdCall: boolean;
  wrapUpTimer: TimerHandle | null;
  lastCall: { callId: number; data: CallData } | null;
}

export interface Conn { id: number; call: Call; device: string; deviceKind: DeviceKind; agent: Agent | null; state: ConnectionState }

export interface Call {
  id: number;
  kind: CallKind;
  queue: Queue | null;
  primaryCallId: number | null;
  createdAt: number;
  queuedAt: number;
  answered: boolean;
  data: CallData;
  conns: Conn[];
}

export interface Queue {
  id: string;
  name: string;
  slS: number;
  members: Agent[];
  /** AVAILABLE members in the order they became available: the first is the longest available. */
  ready: Map<string, Agent>;
  /** Waiting calls, oldest first. */
  waiting: Map<number, Call>;
  counters: QueueCounters;
}

export function agentSnapshot(a: Agent): AgentSnapshot {
  return {
    agentId: a.id, extension: a.extension, queueIds: a.queues.map((q) => q.id), state: a.m.state, reasonCode: a.m.reasonCode,
    pending: a.m.pending, availableSince: a.m.state === 'AVAILABLE' ? a.availableSince : null,
    callIds: [...a.conns].map((c) => c.call.id),
  };
}

export function callSnapshot(c: Call): CallSnapshot {
  const agentConns = c.conns.filter((x) => x.agent);
  const state: CallSnapshot['state'] =
    c.queue?.waiting.has(c.id) ? 'QUEUED'
      : agentConns.some((x) => x.state === 'CONNECT') ? 'ACTIVE'
        : agentConns.some((x) => x.state === 'INITIATE') ? 'INITIATED'
          : agentConns.length > 0 && agentConns.every((x) => x.state === 'HOLD') ? 'HELD'
            : 'ALERTING';
  return {
    ...cloneData(c.data), callId: c.id, kind: c.kind, state, queueId: c.queue?.id ?? null, primaryCallId: c.primaryCallId,
    createdAt: c.createdAt,
    connections: c.conns.map((x) => ({ connectionId: x.id, device: x.device, deviceKind: x.deviceKind, agentId: x.agent?.id ?? null, state: x.state })),
  };
}

export function emptyData(ani: string, dnis: string, dialedNumber: string): CallData {
  return { ani, dnis, dialedNumber, callVariables: Array.from({ length: 10 }, () => ''), ecc: {}, wrapUpReason: null };
}

export function cloneData(d: CallData): CallData {
  return { ...d, callVariables: [...d.callVariables], ecc: { ...d.ecc } };
}
