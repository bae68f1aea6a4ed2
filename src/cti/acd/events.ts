// The ACD's events: domain-flavoured, one discriminated union on `kind`. The CTI server maps each to
// its GED-188 message (agent-state-changed → AGENT_STATE_EVENT, call-delivered → CALL_DELIVERED_EVENT, …).
import type { AgentStateName, PendingState } from './agent-machine.js';

/** Where a connection is: an agent's device (extension), an external number (ANI/dialled), or the queue. */
export type DeviceKind = 'agent' | 'external';

/** [CTI-REF] "LocalConnectionState Values" without NULL/NONE (a cleared connection is removed). */
export type ConnectionState = 'INITIATE' | 'ALERTING' | 'CONNECT' | 'HOLD' | 'QUEUED';

export type CallKind = 'inbound' | 'outbound' | 'internal' | 'consult';

export type ClearCause = 'normal' | 'abandoned' | 'transferred' | 'conferenced' | 'forced';

export interface ConnectionSnapshot {
  connectionId: number;
  device: string;
  deviceKind: DeviceKind;
  agentId: string | null;
  state: ConnectionState;
}

export interface CallData {
  ani: string;
  dnis: string;
  dialedNumber: string;
  /** callVariable1..10, index 0 = callVariable1. */
  callVariables: string[];
  /** ECC variables by name (`user.x`, `user.arr[2]`). */
  ecc: Record<string, string>;
  wrapUpReason: string | null;
}

export interface CallSnapshot extends CallData {
  callId: number;
  kind: CallKind;
  state: 'QUEUED' | 'ALERTING' | 'INITIATED' | 'ACTIVE' | 'HELD';
  queueId: string | null;
  /** The call this one consults from (consult calls only). */
  primaryCallId: number | null;
  createdAt: number;
  connections: ConnectionSnapshot[];
}

/** An event without its timestamp, as the simulator builds it. */
export type AcdEventBody =
  | { kind: 'agent-state-changed'; agentId: string; extension: string; state: AgentStateName; reasonCode: number; previous: AgentStateName }
  | { kind: 'agent-pending-changed'; agentId: string; pending: PendingState | null }
  /** BEGIN_CALL_EVENT: a new call with its data. */
  | { kind: 'call-begun'; call: CallSnapshot }
  | { kind: 'call-queued'; callId: number; queueId: string; connectionId: number }
  | { kind: 'call-originated'; callId: number; connectionId: number; agentId: string; device: string; calledDevice: string }
  | { kind: 'call-delivered'; callId: number; connectionId: number; agentId: string | null; device: string; callingDevice: string; queueId: string | null }
  | { kind: 'call-established'; callId: number; connectionId: number; agentId: string | null; device: string }
  | { kind: 'call-held'; callId: number; connectionId: number; agentId: string; device: string }
  | { kind: 'call-retrieved'; callId: number; connectionId: number; agentId: string; device: string }
  | { kind: 'call-transferred'; primaryCallId: number; secondaryCallId: number | null; transferringDevice: string; transferredDevice: string }
  | { kind: 'call-conferenced'; primaryCallId: number; secondaryCallId: number; controllerDevice: string; parties: string[] }
  | { kind: 'call-connection-cleared'; callId: number; connectionId: number; agentId: string | null; device: string; cause: ClearCause }
  | { kind: 'call-cleared'; callId: number; cause: ClearCause }
  | { kind: 'call-data-updated'; callId: number; data: CallData }
  | { kind: 'call-abandoned'; callId: number; queueId: string | null; waitedS: number; whileAlerting: boolean }
  | { kind: 'queue-stats-changed'; queueId: string };

/** `at`: the clock's time (ms) when the event happened. */
export type AcdEvent = AcdEventBody & { at: number };

export type AcdEventKind = AcdEvent['kind'];
export type AcdEventOf<K extends AcdEventKind> = Extract<AcdEvent, { kind: K }>;
