// The ACD simulator: agents, queues and calls as pure logic over an injected clock and seeded randomness.
// No sockets, no CTI encoding: the CTI server subscribes with `onEvent` and maps each event to GED-188.
// Agent states follow agent-machine.ts ([finesse-api] §3); call and connection states the CTI
// LocalConnectionState values; call data the Dialog mediaProperties of [finesse-api] §2.3.
import type { Clock } from '../../shared/clock.js';
import { err, ok, type Result } from '../../shared/result.js';
import { FORCED_LOGOUT_REASON, transition, type AgentEvent, type AgentStateName } from './agent-machine.js';
import type { AcdEvent, AcdEventBody, CallData, CallKind, CallSnapshot, ClearCause, ConnectionState, DeviceKind } from './events.js';
import {
  agentSnapshot, callSnapshot, cloneData, emptyData, type Agent, type AgentSnapshot, type Call, type Conn, type Queue,
} from './model.js';
import { DEFAULT_ACD_OPTIONS, type AcdAgentConfig, type AcdOptions, type AcdQueueConfig } from './options.js';
import { countAgentStates, countersFor, type QueueStats } from './queue-stats.js';
import type { RandomSource } from './random.js';
import { checkCallData, type CallDataUpdate } from './call-data.js';

export type AcdCondition =
  | 'agent-not-found' | 'call-not-found' | 'queue-not-found' | 'invalid-state' | 'invalid-destination'
  | 'destination-busy' | 'invalid-parameter' | 'conference-full';
export type AcdResult<T = void> = Result<T, AcdCondition>;

export interface AcdDeps {
  clock: Clock;
  /** Seeded PRNG (random.ts); the simulator itself draws nothing yet, scenarios do. */
  random: RandomSource;
  agents: AcdAgentConfig[];
  queues: AcdQueueConfig[];
  options?: Partial<AcdOptions>;
}

export interface InboundCall {
  queueId: string;
  ani: string;
  dnis: string;
  dialedNumber?: string;
  callVariables?: CallDataUpdate['callVariables'];
  ecc?: Record<string, string>;
}


export type { AgentSnapshot };

export type SetAgentStateRequest =
  | { state: 'LOGIN' }
  | { state: 'AVAILABLE' }
  | { state: 'NOT_READY'; reasonCode?: number }
  | { state: 'LOGOUT'; reasonCode?: number; force?: boolean };


export type Acd = AcdSimulator;

export function createAcd(deps: AcdDeps): Acd {
  return new AcdSimulator(deps);
}

export class AcdSimulator {
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly options: AcdOptions;
  #agents = new Map<string, Agent>();
  #byExtension = new Map<string, Agent>();
  #queues = new Map<string, Queue>();
  #calls = new Map<number, Call>();
  #nextCallId = 1;
  #nextConnectionId = 1;
  #subscribers: ((e: AcdEvent) => void)[] = [];
  #buffer: AcdEvent[] = [];
  #depth = 0;
  #delivering = false;
  #touched = new Set<Agent>();
  #dirtyQueues = new Set<Queue>();

  constructor(deps: AcdDeps) {
    this.clock = deps.clock;
    this.random = deps.random;
    this.options = { ...DEFAULT_ACD_OPTIONS, ...deps.options };
    const day = Math.floor(this.clock.now() / 86_400_000);
    for (const q of deps.queues) {
      if (this.#queues.has(q.id)) throw new Error(`duplicate queue ${q.id}`);
      this.#queues.set(q.id, {
        id: q.id, name: q.name, slS: q.serviceLevelThresholdS ?? this.options.serviceLevelThresholdS, members: [],
        ready: new Map(), waiting: new Map(), counters: { day, handled: 0, abandoned: 0, withinThreshold: 0 },
      });
    }
    for (const a of deps.agents) {
      if (this.#agents.has(a.id) || this.#byExtension.has(a.extension)) throw new Error(`duplicate agent ${a.id}/${a.extension}`);
      const queues = a.queueIds.map((id) => {
        const q = this.#queues.get(id);
        if (!q) throw new Error(`agent ${a.id}: unknown queue ${id}`);
        return q;
      });
      const agent: Agent = {
        id: a.id, extension: a.extension, queues, m: { state: 'LOGOUT', reasonCode: 0, pending: null }, availableSince: 0,
        beforeCall: { state: 'NOT_READY', reasonCode: 0 }, conns: new Set(), hadAcdCall: false, wrapUpTimer: null, lastCall: null,
      };
      for (const q of queues) q.members.push(agent);
      this.#agents.set(a.id, agent);
      this.#byExtension.set(a.extension, agent);
    }
  }

  // ---- subscriptions and queries ------------------------------------------------------------------

  /** Every event, in order. Returns an unsubscribe function. Callbacks may issue commands. */
  onEvent(cb: (e: AcdEvent) => void): () => void {
    this.#subscribers.push(cb);
    return () => { this.#subscribers = this.#subscribers.filter((s) => s !== cb); };
  }

  agent(agentId: string): AgentSnapshot | undefined {
    const a = this.#agents.get(agentId);
    return a && agentSnapshot(a);
  }

  agentByExtension(extension: string): AgentSnapshot | undefined {
    const a = this.#byExtension.get(extension);
    return a && agentSnapshot(a);
  }

  agentIds(): string[] { return [...this.#agents.keys()]; }

  call(callId: number): CallSnapshot | undefined {
    const c = this.#calls.get(callId);
    return c && callSnapshot(c);
  }

  calls(): CallSnapshot[] { return [...this.#calls.values()].map((c) => callSnapshot(c)); }

  queueIds(): string[] { return [...this.#queues.keys()]; }

  queueStats(queueId: string): AcdResult<QueueStats> {
    const q = this.#queues.get(queueId);
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
  setAgentState(agentId: string, req: SetAgentStateRequest): AcdResult {
    const a = this.#agents.get(agentId);
    if (!a) return err('agent-not-found');
    const event: AgentEvent =
      req.state === 'LOGIN' ? { type: 'login' }
        : req.state === 'AVAILABLE' ? { type: 'ready' }
          : req.state === 'NOT_READY' ? { type: 'not-ready', reasonCode: req.reasonCode ?? 0 }
            : { type: 'logout', reasonCode: req.reasonCode ?? (req.force ? FORCED_LOGOUT_REASON : 0), force: req.force === true };
    return this.#run(() => {
      const r = this.#apply(a, event);
      // A direct call ringing on a NOT_READY agent who logs out stops ringing there.
      if (r.ok && a.m.state === 'LOGOUT' && a.conns.size > 0) this.#withdrawOffers(a);
      return r;
    });
  }

  login(agentId: string): AcdResult { return this.setAgentState(agentId, { state: 'LOGIN' }); }

  /** The wrap-up reason of the agent's last call, while the agent is in wrap-up. */
  setWrapUpReason(agentId: string, reason: string): AcdResult {
    const a = this.#agents.get(agentId);
    if (!a) return err('agent-not-found');
    const last = a.lastCall;
    if (!last || (a.m.state !== 'WORK_NOT_READY' && a.m.state !== 'WORK_READY')) return err('invalid-state');
    const checked = checkCallData(last.data, { wrapUpReason: reason });
    if (!checked.ok) return checked;
    return this.#run(() => {
      last.data = checked.value;
      this.#emit({ kind: 'call-data-updated', callId: last.callId, data: cloneData(last.data) });
      return ok(undefined);
    });
  }

  // ---- call commands -------------------------------------------------------------------------------

  /** A call from the network arrives at a queue: delivered to the longest-available agent, else queued. */
  offerCall(input: InboundCall): AcdResult<{ callId: number }> {
    const q = this.#queues.get(input.queueId);
    if (!q) return err('queue-not-found');
    const data = checkCallData(emptyData(input.ani, input.dnis, input.dialedNumber ?? input.dnis), input);
    if (!data.ok) return data;
    return this.#run(() => {
      const call = this.#newCall('inbound', data.value, q, null);
      this.#addConn(call, input.ani, 'external', null, 'CONNECT');
      this.#emit({ kind: 'call-begun', call: callSnapshot(call) });
      const agent = q.ready.values().next();
      if (!agent.done) this.#deliver(call, agent.value);
      else {
        q.waiting.set(call.id, call);
        this.#dirtyQueues.add(q);
        this.#emit({ kind: 'call-queued', callId: call.id, queueId: q.id, connectionId: call.conns[0]!.id });
      }
      return ok({ callId: call.id });
    });
  }

  /** ANSWER_CALL on the agent's alerting connection. */
  answer(callId: number, agentId: string): AcdResult {
    return this.#withConn(callId, agentId, ['ALERTING'], (call, conn) => {
      conn.state = 'CONNECT';
      for (const c of call.conns) if (c.state === 'INITIATE') c.state = 'CONNECT';
      this.#emit({ kind: 'call-established', callId, connectionId: conn.id, agentId, device: conn.device });
      if (call.kind === 'inbound' && call.queue && !call.answered) {
        call.answered = true;
        const counters = countersFor(call.queue.counters, this.clock.now());
        counters.handled++;
        if (this.clock.now() - call.queuedAt <= call.queue.slS * 1000) counters.withinThreshold++;
        this.#dirtyQueues.add(call.queue);
      }
    });
  }

  hold(callId: number, agentId: string): AcdResult {
    return this.#withConn(callId, agentId, ['CONNECT'], (call, conn) => {
      conn.state = 'HOLD';
      this.#emit({ kind: 'call-held', callId: call.id, connectionId: conn.id, agentId, device: conn.device });
    });
  }

  /** RETRIEVE_CALL; refused while the agent has another connected call (hold that one first). */
  retrieve(callId: number, agentId: string): AcdResult {
    const a = this.#agents.get(agentId);
    if (a && [...a.conns].some((c) => c.call.id !== callId && (c.state === 'CONNECT' || c.state === 'INITIATE'))) {
      return err('invalid-state', 'another call is active');
    }
    return this.#withConn(callId, agentId, ['HOLD'], (call, conn) => {
      conn.state = 'CONNECT';
      this.#emit({ kind: 'call-retrieved', callId: call.id, connectionId: conn.id, agentId, device: conn.device });
    });
  }

  /** CLEAR_CONNECTION (Finesse DROP): the agent leaves; a call left with one party clears. */
  drop(callId: number, agentId: string): AcdResult {
    return this.#withConn(callId, agentId, ['CONNECT', 'HOLD', 'INITIATE'], (call, conn) => {
      this.#clearConn(conn, 'normal');
      if (call.conns.length <= 1) this.#endCall(call, 'normal');
    });
  }

  /** CLEAR_CALL: every party is dropped. */
  clearCall(callId: number): AcdResult {
    const call = this.#calls.get(callId);
    if (!call) return err('call-not-found');
    return this.#run(() => { this.#endCall(call, 'forced'); return ok(undefined); });
  }

  /**
   * The external party hangs up (the caller, by default the first external party). Before an agent
   * answered, an inbound call is abandoned, in queue or while ringing.
   */
  hangUpExternal(callId: number, device?: string): AcdResult {
    const call = this.#calls.get(callId);
    if (!call) return err('call-not-found');
    const conn = call.conns.find((c) => c.deviceKind === 'external' && (device === undefined || c.device === device));
    if (!conn) return err('invalid-destination', 'no such external party');
    return this.#run(() => {
      const connected = call.conns.some((c) => c.agent && (c.state === 'CONNECT' || c.state === 'HOLD'));
      if (call.kind === 'inbound' && !call.answered && !connected) {
        this.#abandon(call);
        return ok(undefined);
      }
      this.#clearConn(conn, 'normal');
      if (call.conns.length <= 1) this.#endCall(call, 'normal');
      return ok(undefined);
    });
  }

  /** Alias of `hangUpExternal(callId)`: the caller abandons or hangs up. */
  abandon(callId: number): AcdResult { return this.hangUpExternal(callId); }

  /** MAKE_CALL from an agent in NOT_READY to another agent's extension or an external number. */
  makeCall(agentId: string, toAddress: string, data?: CallDataUpdate): AcdResult<{ callId: number }> {
    const a = this.#agents.get(agentId);
    if (!a) return err('agent-not-found');
    if (a.m.state !== 'NOT_READY' || a.conns.size > 0) return err('invalid-state', `cannot make a call in ${a.m.state}`);
    const checked = checkCallData(emptyData(a.extension, toAddress, toAddress), data ?? {});
    if (!checked.ok) return checked;
    return this.#originate(a, toAddress, checked.value, null);
  }

  /** CONSULTATION_CALL: holds the agent's active leg of `callId` and calls `toAddress`. */
  consult(callId: number, agentId: string, toAddress: string): AcdResult<{ callId: number }> {
    const found = this.#find(callId, agentId, ['CONNECT']);
    if (!found.ok) return found;
    const { call, conn, agent } = found.value;
    return this.#run(() => {
      const target = this.#checkDestination(agent, toAddress);
      if (!target.ok) return target;
      conn.state = 'HOLD';
      this.#emit({ kind: 'call-held', callId, connectionId: conn.id, agentId, device: conn.device });
      this.#touched.add(agent);
      return this.#originate(agent, toAddress, cloneData(call.data), call);
    });
  }

  /**
   * TRANSFER_CALL (consult transfer): the agent has a held call and an active consult call; the
   * consulted party joins the held call and the agent leaves both.
   */
  transfer(agentId: string): AcdResult {
    const pair = this.#heldAndActive(agentId);
    if (!pair.ok) return pair;
    const { agent, held, active } = pair.value;
    return this.#run(() => {
      const moved = this.#moveParties(active.call, held.call, agent);
      this.#emit({
        kind: 'call-transferred', primaryCallId: held.call.id, secondaryCallId: active.call.id,
        transferringDevice: agent.extension, transferredDevice: moved[0]?.device ?? '',
      });
      this.#clearConn(held, 'transferred');
      this.#clearConn(active, 'transferred');
      this.#endCall(active.call, 'transferred');
      if (held.call.conns.length <= 1) this.#endCall(held.call, 'normal');
      return ok(undefined);
    });
  }

  /** Single-step (blind) transfer of the agent's active call to `toAddress`. */
  singleStepTransfer(callId: number, agentId: string, toAddress: string): AcdResult {
    const found = this.#find(callId, agentId, ['CONNECT']);
    if (!found.ok) return found;
    const { call, conn, agent } = found.value;
    return this.#run(() => {
      const target = this.#checkDestination(agent, toAddress);
      if (!target.ok) return target;
      const reached = this.#reach(call, toAddress, target.value);
      this.#emit({
        kind: 'call-transferred', primaryCallId: call.id, secondaryCallId: null,
        transferringDevice: agent.extension, transferredDevice: reached.device,
      });
      this.#clearConn(conn, 'transferred');
      return ok(undefined);
    });
  }

  /** CONFERENCE_CALL: the consulted parties join the held call, which the agent retrieves. */
  conference(agentId: string): AcdResult {
    const pair = this.#heldAndActive(agentId);
    if (!pair.ok) return pair;
    const { agent, held, active } = pair.value;
    if (held.call.conns.length + active.call.conns.length - 1 > this.options.maxConferenceParties) return err('conference-full');
    return this.#run(() => {
      this.#moveParties(active.call, held.call, agent);
      held.state = 'CONNECT';
      this.#removeConn(active);
      this.#emit({
        kind: 'call-conferenced', primaryCallId: held.call.id, secondaryCallId: active.call.id,
        controllerDevice: agent.extension, parties: held.call.conns.map((c) => c.device),
      });
      this.#endCall(active.call, 'conferenced');
      return ok(undefined);
    });
  }

  /** SET_CALL_DATA: call variables 1-10, ECC variables, wrap-up reason. */
  setCallData(callId: number, update: CallDataUpdate): AcdResult {
    const call = this.#calls.get(callId);
    if (!call) return err('call-not-found');
    const checked = checkCallData(call.data, update);
    if (!checked.ok) return checked;
    return this.#run(() => {
      call.data = checked.value;
      this.#emit({ kind: 'call-data-updated', callId, data: cloneData(call.data) });
      return ok(undefined);
    });
  }

  // ---- internals: agents ---------------------------------------------------------------------------

  #apply(a: Agent, event: AgentEvent): AcdResult {
    const r = transition(a.m, event, this.options);
    if (!r.ok) return r;
    const previous = a.m;
    a.m = r.value.state;
    let last = previous.state;
    for (const e of r.value.effects) {
      if (e.kind === 'entered') {
        this.#entered(a, last, e.state);
        this.#emit({ kind: 'agent-state-changed', agentId: a.id, extension: a.extension, state: e.state, reasonCode: e.reasonCode, previous: last });
        last = e.state;
      } else if (e.kind === 'pending-set') {
        this.#emit({ kind: 'agent-pending-changed', agentId: a.id, pending: e.pending });
      } else if (e.kind === 'start-wrap-up-timer') {
        this.#startWrapUpTimer(a);
      } else {
        this.#withdrawOffers(a);
      }
    }
    if (a.m.state === 'AVAILABLE' && previous.state !== 'AVAILABLE') this.#routeTo(a);
    return ok(undefined);
  }

  #entered(a: Agent, from: AgentStateName, to: AgentStateName): void {
    for (const q of a.queues) this.#dirtyQueues.add(q);
    if ((from === 'WORK_READY' || from === 'WORK_NOT_READY') && a.wrapUpTimer) { a.wrapUpTimer.cancel(); a.wrapUpTimer = null; }
    if (from === 'AVAILABLE') for (const q of a.queues) q.ready.delete(a.id);
    if (to === 'AVAILABLE') {
      a.availableSince = this.clock.now();
      for (const q of a.queues) { q.ready.delete(a.id); q.ready.set(a.id, a); }
    }
  }

  #startWrapUpTimer(a: Agent): void {
    if (this.options.wrapUpTimeS <= 0) return;
    a.wrapUpTimer?.cancel();
    a.wrapUpTimer = this.clock.setTimeout(() => {
      a.wrapUpTimer = null;
      this.#run(() => this.#apply(a, { type: 'wrap-up-timeout' }));
    }, this.options.wrapUpTimeS * 1000);
  }

  /** Forced logout while RESERVED: the ringing call goes back to the head of its queue. */
  #withdrawOffers(a: Agent): void {
    for (const conn of [...a.conns]) {
      if (conn.state !== 'ALERTING') continue;
      const call = conn.call;
      this.#clearConn(conn, 'forced');
      if (call.kind === 'inbound' && call.queue && !call.answered && call.conns.length === 1) {
        const q = call.queue;
        q.waiting = new Map([[call.id, call], ...q.waiting]);
        this.#dirtyQueues.add(q);
        this.#emit({ kind: 'call-queued', callId: call.id, queueId: q.id, connectionId: call.conns[0]!.id });
        const next = q.ready.values().next();
        if (!next.done) this.#deliver(call, next.value);
      } else if (call.conns.length <= 1) this.#endCall(call, 'forced');
    }
  }

  /** The agent became AVAILABLE: deliver the longest-waiting call among its queues. */
  #routeTo(a: Agent): void {
    let best: Call | null = null;
    for (const q of a.queues) {
      const first = q.waiting.values().next();
      if (first.done) continue;
      const c = first.value;
      if (!best || c.queuedAt < best.queuedAt || (c.queuedAt === best.queuedAt && c.id < best.id)) best = c;
    }
    if (best) this.#deliver(best, a);
  }

  /** Brings an agent's state in line with its connections, after a call operation. */
  #sync(a: Agent): void {
    const conns = [...a.conns];
    const s = a.m.state;
    if (conns.length === 0) {
      if (s === 'RESERVED') this.#apply(a, { type: 'withdraw' });
      else if (s === 'TALKING' || s === 'HOLD') {
        const isAcdCall = a.hadAcdCall;
        a.hadAcdCall = false;
        this.#apply(a, { type: 'release', isAcdCall, beforeCall: a.beforeCall });
      }
      return;
    }
    if (conns.some((c) => c.state === 'CONNECT' || c.state === 'INITIATE')) {
      if (s !== 'TALKING') this.#apply(a, { type: 'connect' });
    } else if (conns.every((c) => c.state === 'HOLD')) {
      if (s === 'TALKING') this.#apply(a, { type: 'hold' });
    }
  }

  // ---- internals: calls ----------------------------------------------------------------------------

  #newCall(kind: CallKind, data: CallData, queue: Queue | null, primary: Call | null): Call {
    const now = this.clock.now();
    const call: Call = {
      id: this.#nextCallId++, kind, queue, primaryCallId: primary?.id ?? null, createdAt: now, queuedAt: now,
      answered: false, data, conns: [],
    };
    this.#calls.set(call.id, call);
    return call;
  }

  #addConn(call: Call, device: string, deviceKind: DeviceKind, agent: Agent | null, state: ConnectionState): Conn {
    const conn: Conn = { id: this.#nextConnectionId++, call, device, deviceKind, agent, state };
    call.conns.push(conn);
    if (agent) this.#attach(agent, conn);
    return conn;
  }

  #attach(agent: Agent, conn: Conn): void {
    if (agent.conns.size === 0) {
      agent.beforeCall = agent.m.state === 'AVAILABLE' ? { state: 'AVAILABLE', reasonCode: 0 }
        : { state: 'NOT_READY', reasonCode: agent.m.state === 'NOT_READY' ? agent.m.reasonCode : 0 };
    }
    agent.conns.add(conn);
    if (conn.call.kind === 'inbound' && conn.call.queue) agent.hadAcdCall = true;
    this.#touched.add(agent);
  }

  /** ACD delivery: the call rings on the agent's device and the agent is RESERVED. */
  #deliver(call: Call, agent: Agent): void {
    if (call.queue?.waiting.delete(call.id)) this.#dirtyQueues.add(call.queue);
    const conn = this.#addConn(call, agent.extension, 'agent', agent, 'ALERTING');
    this.#emit({
      kind: 'call-delivered', callId: call.id, connectionId: conn.id, agentId: agent.id, device: agent.extension,
      callingDevice: call.data.ani, queueId: call.queue?.id ?? null,
    });
    this.#apply(agent, { type: 'offer' });
  }

  #clearConn(conn: Conn, cause: ClearCause): void {
    this.#removeConn(conn);
    this.#emit({
      kind: 'call-connection-cleared', callId: conn.call.id, connectionId: conn.id, agentId: conn.agent?.id ?? null,
      device: conn.device, cause,
    });
  }

  #removeConn(conn: Conn): void {
    const i = conn.call.conns.indexOf(conn);
    if (i >= 0) conn.call.conns.splice(i, 1);
    if (conn.agent) {
      conn.agent.conns.delete(conn);
      if (conn.agent.conns.size === 0) conn.agent.lastCall = { callId: conn.call.id, data: cloneData(conn.call.data) };
      this.#touched.add(conn.agent);
    }
  }

  #endCall(call: Call, cause: ClearCause): void {
    if (!this.#calls.has(call.id)) return;
    for (const conn of [...call.conns]) this.#clearConn(conn, cause);
    if (call.queue?.waiting.delete(call.id)) this.#dirtyQueues.add(call.queue);
    this.#calls.delete(call.id);
    this.#emit({ kind: 'call-cleared', callId: call.id, cause });
  }

  #abandon(call: Call): void {
    const q = call.queue;
    const whileAlerting = call.conns.some((c) => c.state === 'ALERTING');
    if (q) {
      countersFor(q.counters, this.clock.now()).abandoned++;
      this.#dirtyQueues.add(q);
    }
    this.#emit({
      kind: 'call-abandoned', callId: call.id, queueId: q?.id ?? null,
      waitedS: Math.floor((this.clock.now() - call.queuedAt) / 1000), whileAlerting,
    });
    this.#endCall(call, 'abandoned');
  }

  #checkDestination(from: Agent, to: string): AcdResult<Agent | null> {
    if (to === '' || to === from.extension) return err('invalid-destination');
    const target = this.#byExtension.get(to);
    if (!target) return /^[0-9+*#]{1,40}$/.test(to) ? ok(null) : err('invalid-destination');
    const s = target.m.state;
    if (target.conns.size > 0 || (s !== 'AVAILABLE' && s !== 'NOT_READY')) return err('destination-busy');
    return ok(target);
  }

  /** Adds the destination to a call: an agent's device rings; an external number answers at once. */
  #reach(call: Call, to: string, target: Agent | null): Conn {
    if (target) {
      const conn = this.#addConn(call, to, 'agent', target, 'ALERTING');
      this.#emit({
        kind: 'call-delivered', callId: call.id, connectionId: conn.id, agentId: target.id, device: to,
        callingDevice: call.data.ani, queueId: null,
      });
      this.#apply(target, { type: 'offer' });
      return conn;
    }
    const conn = this.#addConn(call, to, 'external', null, 'CONNECT');
    for (const c of call.conns) if (c.state === 'INITIATE') c.state = 'CONNECT';
    this.#emit({ kind: 'call-established', callId: call.id, connectionId: conn.id, agentId: null, device: to });
    return conn;
  }

  #originate(a: Agent, to: string, data: CallData, primary: Call | null): AcdResult<{ callId: number }> {
    return this.#run(() => {
      const target = this.#checkDestination(a, to);
      if (!target.ok) return target;
      const kind: CallKind = primary ? 'consult' : target.value ? 'internal' : 'outbound';
      const call = this.#newCall(kind, data, null, primary);
      const own = this.#addConn(call, a.extension, 'agent', a, 'INITIATE');
      this.#emit({ kind: 'call-begun', call: callSnapshot(call) });
      this.#emit({ kind: 'call-originated', callId: call.id, connectionId: own.id, agentId: a.id, device: a.extension, calledDevice: to });
      this.#reach(call, to, target.value);
      return ok({ callId: call.id });
    });
  }

  /** Moves every party of `from` except the agent's own leg into `to`. */
  #moveParties(from: Call, to: Call, agent: Agent): Conn[] {
    const moved = from.conns.filter((c) => c.agent !== agent);
    for (const c of moved) {
      from.conns.splice(from.conns.indexOf(c), 1);
      c.call = to;
      to.conns.push(c);
      if (c.agent && to.kind === 'inbound' && to.queue) c.agent.hadAcdCall = true;
      if (c.agent) this.#touched.add(c.agent);
    }
    return moved;
  }

  #heldAndActive(agentId: string): AcdResult<{ agent: Agent; held: Conn; active: Conn }> {
    const agent = this.#agents.get(agentId);
    if (!agent) return err('agent-not-found');
    const conns = [...agent.conns];
    const active = conns.find((c) => (c.state === 'CONNECT' || c.state === 'INITIATE') && c.call.primaryCallId !== null);
    const held = active && conns.find((c) => c.state === 'HOLD' && c.call.id === active.call.primaryCallId);
    if (!active || !held) return err('invalid-state', 'needs a held call and its active consult call');
    return ok({ agent, held, active });
  }

  #find(callId: number, agentId: string, states: ConnectionState[]): AcdResult<{ call: Call; conn: Conn; agent: Agent }> {
    const agent = this.#agents.get(agentId);
    if (!agent) return err('agent-not-found');
    const call = this.#calls.get(callId);
    if (!call) return err('call-not-found');
    const conn = call.conns.find((c) => c.agent === agent);
    if (!conn || !states.includes(conn.state)) return err('invalid-state', `connection is ${conn?.state ?? 'absent'}`);
    return ok({ call, conn, agent });
  }

  #withConn(callId: number, agentId: string, states: ConnectionState[], fn: (call: Call, conn: Conn) => void): AcdResult {
    const found = this.#find(callId, agentId, states);
    if (!found.ok) return found;
    return this.#run(() => { fn(found.value.call, found.value.conn); this.#touched.add(found.value.agent); return ok(undefined); });
  }

  // ---- internals: command boundary and event delivery ----------------------------------------------

  #emit(e: AcdEventBody): void {
    this.#buffer.push({ ...e, at: this.clock.now() });
  }

  /** Runs a command; at the outermost level settles agents, then delivers the events in order. */
  #run<T>(fn: () => T): T {
    this.#depth++;
    try {
      return fn();
    } finally {
      this.#depth--;
      if (this.#depth === 0) this.#settle();
    }
  }

  #settle(): void {
    this.#depth++;
    try {
      while (this.#touched.size > 0) {
        const agents = [...this.#touched];
        this.#touched.clear();
        for (const a of agents) this.#sync(a);
      }
      if (this.options.queueStatsEvents) for (const q of this.#dirtyQueues) this.#emit({ kind: 'queue-stats-changed', queueId: q.id });
      this.#dirtyQueues.clear();
    } finally {
      this.#depth--;
    }
    if (this.#delivering) return;
    this.#delivering = true;
    try {
      for (let i = 0; i < this.#buffer.length; i++) {
        const e = this.#buffer[i]!;
        for (const cb of this.#subscribers) cb(e);
      }
    } finally {
      this.#buffer = [];
      this.#delivering = false;
    }
  }
}
