/**
 * The ACD simulator behind the embedded CTI server (issue 11 item 3): agents, queues, calls and
 * statistics as pure logic over an injected clock and seeded randomness, emitting typed ACD events.
 *
 * Design decisions:
 * - Agent states are the CTI AgentState names (`CTI_AGENT_STATE` gives the wire numbers); the legal
 *   moves are data (`UCCE_AGENT_TABLE`, `UCCX_AGENT_TABLE`, [finesse-api] §3) and `transition` is pure.
 *   Call operations drive the agent through the same table ('offer', 'connect', 'hold', 'release', …).
 * - READY / NOT_READY asked for while RESERVED, TALKING or HOLD becomes the pending state (finesse.js
 *   `pendingState`) and applies when the agent's last leg clears; after an ACD call it decides the
 *   wrap-up state (WORK_READY ends in READY, WORK_NOT_READY in NOT_READY). UCCX: no WORK_READY, hold
 *   keeps TALKING, READY cannot be pending, LOGOUT also from READY.
 * - Forced logout (reason 255, force flag): immediate from NOT_READY, READY, WORK states; while RESERVED
 *   the agent logs out at once and the ringing call goes back to the head of its queue; while TALKING
 *   or HOLD it is a pending logout, applied when the call ends, with no wrap-up, and the call is NOT
 *   dropped (as Finesse's pending states; a later READY/NOT_READY does not replace it). With
 *   `forcedLogout: 'not-ready'` (the UCCE agent-logout setting) it ends in NOT_READY 255 instead.
 * - Routing: each queue keeps its AVAILABLE members in the order they became available (the clock is
 *   monotonic), so longest-available is the first entry, O(1); an agent becoming available takes the
 *   longest-waiting call across its queues. Non-ACD calls (make call, direct, consult) return the agent
 *   to the state before the call; only queued inbound calls (or calls transferred in from one) wrap up.
 * - External parties (numbers that are no agent's extension) answer at once; agent devices ring until
 *   `answer`. A device that is on a call, in wrap-up or logged out is 'destination-busy'.
 * - Every command returns a Result; a refused command changes nothing and emits nothing. Events are
 *   buffered and delivered after the command settles, in order; subscribers may issue commands.
 * - Statistics are computed on demand; "today" is the UTC day of the clock. Service level = answered
 *   within the threshold / (answered + abandoned); calls count as handled when answered.
 * @module
 */
export { createAcd, AcdSimulator, type Acd, type AcdDeps, type AcdCondition, type AcdResult, type InboundCall, type AgentSnapshot, type SetAgentStateRequest } from './acd.js';
export {
  AGENT_STATES, CTI_AGENT_STATE, FORCED_LOGOUT_REASON, UCCE_AGENT_TABLE, UCCX_AGENT_TABLE, agentTable, transition,
  type AgentStateName, type AgentEvent, type AgentEffect, type AgentMachineState, type AgentPolicy, type AgentTransition,
  type AcdFlavor, type PendingState,
} from './agent-machine.js';
export type {
  AcdEvent, AcdEventBody, AcdEventKind, AcdEventOf, CallData, CallKind, CallSnapshot, ClearCause, ConnectionSnapshot, ConnectionState, DeviceKind,
} from './events.js';
export { DEFAULT_ACD_OPTIONS, type AcdOptions, type AcdAgentConfig, type AcdQueueConfig } from './options.js';
export type { QueueStats } from './queue-stats.js';
export { checkCallData, type CallDataUpdate } from './call-data.js';
export { seededRandom, exponential, type RandomSource } from './random.js';
export { runScenario, type ScenarioSpec, type ScenarioRun, type ScenarioCounters } from './scenario.js';
