// Single-call commands: a call offered to a queue, answer, hold, retrieve, drop, clear, the external
// party hanging up (abandon), make call, and the call data (call variables, ECC, wrap-up reason).
import { err, ok } from '../../shared/result.js';
import type { AcdCore, AcdResult } from './acd-core.js';
import { abandonCall, addConn, clearConn, deliver, endCall, newCall, originate } from './call-flow.js';
import { checkCallData, type CallDataUpdate } from './call-data.js';
import { callSnapshot, cloneData, emptyData } from './model.js';
import { countersFor } from './queue-stats.js';

export interface InboundCall {
  queueId: string;
  ani: string;
  dnis: string;
  dialedNumber?: string;
  callVariables?: CallDataUpdate['callVariables'];
  ecc?: Record<string, string>;
}

/** A call from the network arrives at a queue: delivered to the longest-available agent, else queued. */
export function offerCall(core: AcdCore, input: InboundCall): AcdResult<{ callId: number }> {
  const q = core.queues.get(input.queueId);
  if (!q) return err('queue-not-found');
  const data = checkCallData(emptyData(input.ani, input.dnis, input.dialedNumber ?? input.dnis), input);
  if (!data.ok) return data;
  return core.run(() => {
    const call = newCall(core, 'inbound', data.value, q, null);
    addConn(core, call, input.ani, 'external', null, 'CONNECT');
    core.emit({ kind: 'call-begun', call: callSnapshot(call) });
    const agent = q.ready.values().next();
    if (!agent.done) deliver(core, call, agent.value);
    else {
      q.waiting.set(call.id, call);
      core.dirtyQueues.add(q);
      core.emit({ kind: 'call-queued', callId: call.id, queueId: q.id, connectionId: call.conns[0]!.id });
    }
    return ok({ callId: call.id });
  });
}

/** ANSWER_CALL on the agent's alerting connection. */
export function answer(core: AcdCore, callId: number, agentId: string): AcdResult {
  return core.withConn(callId, agentId, ['ALERTING'], (call, conn) => {
    conn.state = 'CONNECT';
    for (const c of call.conns) if (c.state === 'INITIATE') c.state = 'CONNECT';
    core.emit({ kind: 'call-established', callId, connectionId: conn.id, agentId, device: conn.device });
    if (call.kind === 'inbound' && call.queue && !call.answered) {
      call.answered = true;
      const counters = countersFor(call.queue.counters, core.clock.now());
      counters.handled++;
      if (core.clock.now() - call.queuedAt <= call.queue.slS * 1000) counters.withinThreshold++;
      core.dirtyQueues.add(call.queue);
    }
  });
}

export function hold(core: AcdCore, callId: number, agentId: string): AcdResult {
  return core.withConn(callId, agentId, ['CONNECT'], (call, conn) => {
    conn.state = 'HOLD';
    core.emit({ kind: 'call-held', callId: call.id, connectionId: conn.id, agentId, device: conn.device });
  });
}

/** RETRIEVE_CALL; refused while the agent has another connected call (hold that one first). */
export function retrieve(core: AcdCore, callId: number, agentId: string): AcdResult {
  const a = core.agents.get(agentId);
  if (a && [...a.conns].some((c) => c.call.id !== callId && (c.state === 'CONNECT' || c.state === 'INITIATE'))) {
    return err('invalid-state', 'another call is active');
  }
  return core.withConn(callId, agentId, ['HOLD'], (call, conn) => {
    conn.state = 'CONNECT';
    core.emit({ kind: 'call-retrieved', callId: call.id, connectionId: conn.id, agentId, device: conn.device });
  });
}

/** CLEAR_CONNECTION (Finesse DROP): the agent leaves; a call left with one party clears. */
export function drop(core: AcdCore, callId: number, agentId: string): AcdResult {
  return core.withConn(callId, agentId, ['CONNECT', 'HOLD', 'INITIATE'], (call, conn) => {
    clearConn(core, conn, 'normal');
    if (call.conns.length <= 1) endCall(core, call, 'normal');
  });
}

/** CLEAR_CALL: every party is dropped. */
export function clearCall(core: AcdCore, callId: number): AcdResult {
  const call = core.calls.get(callId);
  if (!call) return err('call-not-found');
  return core.run(() => { endCall(core, call, 'forced'); return ok(undefined); });
}

/**
 * The external party hangs up (the caller, by default the first external party). Before an agent
 * answered, an inbound call is abandoned, in queue or while ringing.
 */
export function hangUpExternal(core: AcdCore, callId: number, device?: string): AcdResult {
  const call = core.calls.get(callId);
  if (!call) return err('call-not-found');
  const conn = call.conns.find((c) => c.deviceKind === 'external' && (device === undefined || c.device === device));
  if (!conn) return err('invalid-destination', 'no such external party');
  return core.run(() => {
    const connected = call.conns.some((c) => c.agent && (c.state === 'CONNECT' || c.state === 'HOLD'));
    if (call.kind === 'inbound' && !call.answered && !connected) {
      abandonCall(core, call);
      return ok(undefined);
    }
    clearConn(core, conn, 'normal');
    if (call.conns.length <= 1) endCall(core, call, 'normal');
    return ok(undefined);
  });
}

/** MAKE_CALL from an agent in NOT_READY to another agent's extension or an external number. */
export function makeCall(core: AcdCore, agentId: string, toAddress: string, data?: CallDataUpdate): AcdResult<{ callId: number }> {
  const a = core.agents.get(agentId);
  if (!a) return err('agent-not-found');
  if (a.m.state !== 'NOT_READY' || a.conns.size > 0) return err('invalid-state', `cannot make a call in ${a.m.state}`);
  const checked = checkCallData(emptyData(a.extension, toAddress, toAddress), data ?? {});
  if (!checked.ok) return checked;
  return originate(core, a, toAddress, checked.value, null);
}

/** SET_CALL_DATA: call variables 1-10, ECC variables, wrap-up reason. */
export function setCallData(core: AcdCore, callId: number, update: CallDataUpdate): AcdResult {
  const call = core.calls.get(callId);
  if (!call) return err('call-not-found');
  const checked = checkCallData(call.data, update);
  if (!checked.ok) return checked;
  return core.run(() => {
    call.data = checked.value;
    core.emit({ kind: 'call-data-updated', callId, data: cloneData(call.data) });
    return ok(undefined);
  });
}
