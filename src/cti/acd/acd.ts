// The ACD simulator: agents, queues and calls as pure logic over an injected clock and seeded randomness.
// No sockets, no CTI encoding: the CTI server subscribes with `onEvent` and maps each event to GED-188.
// Agent states follow agent-machine.ts ([finesse-api] §3); call and connection states the CTI
// LocalConnectionState values; call data the Dialog mediaProperties of [finesse-api] §2.3.
//
// This class is the public face; the work is done in acd-core.ts (state, command boundary),
// agent-commands.ts, call-control.ts, transfer-conference.ts (commands) and agent-flow.ts,
// call-flow.ts (what the commands share).
import type { Clock } from '../../shared/clock.js';
import { err, ok } from '../../shared/result.js';
import { AcdCore, type AcdCondition, type AcdResult } from './acd-core.js';
import * as agents from './agent-commands.js';
import type { SetAgentStateRequest } from './agent-commands.js';
import type { CallDataUpdate } from './call-data.js';
import * as calls from './call-control.js';
import type { InboundCall } from './call-control.js';
import type { AcdEvent, CallSnapshot } from './events.js';
import { agentSnapshot, callSnapshot, type AgentSnapshot } from './model.js';
import { DEFAULT_ACD_OPTIONS, type AcdAgentConfig, type AcdOptions, type AcdQueueConfig } from './options.js';
import { countAgentStates, countersFor, type QueueStats } from './queue-stats.js';
import type { RandomSource } from './random.js';
import * as twoCall from './transfer-conference.js';

export type { AcdCondition, AcdResult, AgentSnapshot, InboundCall, SetAgentStateRequest };

export interface AcdDeps {
  clock: Clock;
  /** Seeded PRNG (random.ts); the simulator itself draws nothing yet, scenarios do. */
  random: RandomSource;
  agents: AcdAgentConfig[];
  queues: AcdQueueConfig[];
  options?: Partial<AcdOptions>;
}

export type Acd = AcdSimulator;

export function createAcd(deps: AcdDeps): Acd {
  return new AcdSimulator(deps);
}

export class AcdSimulator {
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly options: AcdOptions;
  readonly #core: AcdCore;

  constructor(deps: AcdDeps) {
    this.clock = deps.clock;
    this.random = deps.random;
    this.options = { ...DEFAULT_ACD_OPTIONS, ...deps.options };
    const core = this.#core = new AcdCore(this.clock, this.random, this.options);
    for (const q of deps.queues) {
      if (core.queues.has(q.id)) throw new Error(`duplicate queue ${q.id}`);
      agents.addQueue(core, q);
    }
    for (const a of deps.agents) {
      const r = agents.newAgent(core, a);
      if (!r.ok) throw new Error(`agent ${a.id}: ${r.text ?? r.error}`);
    }
  }

  // ---- configuration at runtime ---------------------------------------------------------------------

  /** Adds an agent (logged out). Refused when the id or extension is taken or a queue is unknown. */
  addAgent(config: AcdAgentConfig): AcdResult { return agents.addAgent(this.#core, config); }

  /**
   * Removes an agent. One on a call is refused ('invalid-state'); one logged in is logged out first
   * (reason 255, an agent-state-changed event).
   */
  removeAgent(agentId: string): AcdResult { return agents.removeAgent(this.#core, agentId); }

  /**
   * Brings agents and queues in line with a configuration: new queues and agents are added, agents
   * absent from it removed (those on a call stay until a later sync), changed skill groups applied.
   * Queues are never removed.
   */
  syncAgents(list: readonly AcdAgentConfig[], queues: readonly AcdQueueConfig[] = []): { added: number; removed: number; updated: number } {
    return agents.syncAgents(this.#core, list, queues);
  }

  // ---- subscriptions and queries ------------------------------------------------------------------

  /** Every event, in order. Returns an unsubscribe function. Callbacks may issue commands. */
  onEvent(cb: (e: AcdEvent) => void): () => void {
    const core = this.#core;
    core.subscribers.push(cb);
    return () => { core.subscribers = core.subscribers.filter((s) => s !== cb); };
  }

  agent(agentId: string): AgentSnapshot | undefined {
    const a = this.#core.agents.get(agentId);
    return a && agentSnapshot(a);
  }

  agentByExtension(extension: string): AgentSnapshot | undefined {
    const a = this.#core.byExtension.get(extension);
    return a && agentSnapshot(a);
  }

  agentIds(): string[] { return [...this.#core.agents.keys()]; }

  call(callId: number): CallSnapshot | undefined {
    const c = this.#core.calls.get(callId);
    return c && callSnapshot(c);
  }

  calls(): CallSnapshot[] { return [...this.#core.calls.values()].map((c) => callSnapshot(c)); }

  queueIds(): string[] { return [...this.#core.queues.keys()]; }

  queueStats(queueId: string): AcdResult<QueueStats> {
    const q = this.#core.queues.get(queueId);
    if (!q) return err('queue-not-found');
    const now = this.clock.now();
    const c = countersFor(q.counters, now);
    const oldest = q.waiting.values().next();
    const answeredOrAbandoned = c.handled + c.abandoned;
    return ok({
      queueId: q.id, name: q.name, callsWaiting: q.waiting.size,
      longestWaitS: oldest.done ? 0 : Math.floor((now - oldest.value.queuedAt) / 1000),
      ...countAgentStates(q.members.map((a) => a.m.state)),
      callsHandledToday: c.handled, callsAbandonedToday: c.abandoned, callsAnsweredWithinThresholdToday: c.withinThreshold,
      serviceLevelThresholdS: q.slS,
      serviceLevelPercent: answeredOrAbandoned === 0 ? null : (c.withinThreshold / answeredOrAbandoned) * 100,
    });
  }

  // ---- agent commands ------------------------------------------------------------------------------

  /** SET_AGENT_STATE_REQ: LOGIN, READY (AVAILABLE), NOT_READY and LOGOUT with reason codes and force flag. */
  setAgentState(agentId: string, req: SetAgentStateRequest): AcdResult { return agents.setAgentState(this.#core, agentId, req); }

  login(agentId: string): AcdResult { return this.setAgentState(agentId, { state: 'LOGIN' }); }

  /** The wrap-up reason of the agent's last call (`callId`, when given, must be it), while the agent is in wrap-up. */
  setWrapUpReason(agentId: string, reason: string, callId?: number): AcdResult {
    return agents.setWrapUpReason(this.#core, agentId, reason, callId);
  }

  // ---- call commands -------------------------------------------------------------------------------

  /** A call from the network arrives at a queue: delivered to the longest-available agent, else queued. */
  offerCall(input: InboundCall): AcdResult<{ callId: number }> { return calls.offerCall(this.#core, input); }

  /** ANSWER_CALL on the agent's alerting connection. */
  answer(callId: number, agentId: string): AcdResult { return calls.answer(this.#core, callId, agentId); }

  hold(callId: number, agentId: string): AcdResult { return calls.hold(this.#core, callId, agentId); }

  /** RETRIEVE_CALL; refused while the agent has another connected call (hold that one first). */
  retrieve(callId: number, agentId: string): AcdResult { return calls.retrieve(this.#core, callId, agentId); }

  /** CLEAR_CONNECTION (Finesse DROP): the agent leaves; a call left with one party clears. */
  drop(callId: number, agentId: string): AcdResult { return calls.drop(this.#core, callId, agentId); }

  /** CLEAR_CALL: every party is dropped. */
  clearCall(callId: number): AcdResult { return calls.clearCall(this.#core, callId); }

  /**
   * The external party hangs up (the caller, by default the first external party). Before an agent
   * answered, an inbound call is abandoned, in queue or while ringing.
   */
  hangUpExternal(callId: number, device?: string): AcdResult { return calls.hangUpExternal(this.#core, callId, device); }

  /** Alias of `hangUpExternal(callId)`: the caller abandons or hangs up. */
  abandon(callId: number): AcdResult { return this.hangUpExternal(callId); }

  /** MAKE_CALL from an agent in NOT_READY to another agent's extension or an external number. */
  makeCall(agentId: string, toAddress: string, data?: CallDataUpdate): AcdResult<{ callId: number }> {
    return calls.makeCall(this.#core, agentId, toAddress, data);
  }

  /** SET_CALL_DATA: call variables 1-10, ECC variables, wrap-up reason. */
  setCallData(callId: number, update: CallDataUpdate): AcdResult { return calls.setCallData(this.#core, callId, update); }

  // ---- two-call commands ---------------------------------------------------------------------------

  /** CONSULTATION_CALL: holds the agent's active leg of `callId` and calls `toAddress`. */
  consult(callId: number, agentId: string, toAddress: string): AcdResult<{ callId: number }> {
    return twoCall.consult(this.#core, callId, agentId, toAddress);
  }

  /**
   * TRANSFER_CALL (consult transfer): the agent has a held call and an active consult call; the
   * consulted party joins the held call and the agent leaves both.
   */
  transfer(agentId: string): AcdResult { return twoCall.transfer(this.#core, agentId); }

  /** Single-step (blind) transfer of the agent's active call to `toAddress`. */
  singleStepTransfer(callId: number, agentId: string, toAddress: string): AcdResult {
    return twoCall.singleStepTransfer(this.#core, callId, agentId, toAddress);
  }

  /** CONFERENCE_CALL: the consulted parties join the held call, which the agent retrieves. */
  conference(agentId: string): AcdResult { return twoCall.conference(this.#core, agentId); }
}
