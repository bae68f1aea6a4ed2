// How calls move: calls and connections created and cleared, ACD delivery, reaching a destination
// (an agent's device rings; an external number answers at once), originating, merging parties,
// abandonment and its statistics.
import { err, ok } from '../../shared/result.js';
import type { AcdCore, AcdResult } from './acd-core.js';
import { applyAgentEvent } from './agent-flow.js';
import type { CallData, CallKind, ClearCause, ConnectionState, DeviceKind } from './events.js';
import { callSnapshot, cloneData, type Agent, type Call, type Conn, type Queue } from './model.js';
import { countersFor } from './queue-stats.js';

export function newCall(core: AcdCore, kind: CallKind, data: CallData, queue: Queue | null, primary: Call | null): Call {
  const now = core.clock.now();
  const call: Call = {
    id: core.nextCallId++, kind, queue, primaryCallId: primary?.id ?? null, createdAt: now, queuedAt: now,
    answered: false, data, conns: [],
  };
  core.calls.set(call.id, call);
  return call;
}

export function addConn(core: AcdCore, call: Call, device: string, deviceKind: DeviceKind, agent: Agent | null, state: ConnectionState): Conn {
  const conn: Conn = { id: core.nextConnectionId++, call, device, deviceKind, agent, state };
  call.conns.push(conn);
  if (agent) attach(core, agent, conn);
  return conn;
}

export function attach(core: AcdCore, agent: Agent, conn: Conn): void {
  if (agent.conns.size === 0) {
    agent.beforeCall = agent.m.state === 'AVAILABLE' ? { state: 'AVAILABLE', reasonCode: 0 }
      : { state: 'NOT_READY', reasonCode: agent.m.state === 'NOT_READY' ? agent.m.reasonCode : 0 };
  }
  agent.conns.add(conn);
  if (conn.call.kind === 'inbound' && conn.call.queue) agent.hadAcdCall = true;
  core.touched.add(agent);
}

/** ACD delivery: the call rings on the agent's device and the agent is RESERVED. */
export function deliver(core: AcdCore, call: Call, agent: Agent): void {
  if (call.queue?.waiting.delete(call.id)) core.dirtyQueues.add(call.queue);
  const conn = addConn(core, call, agent.extension, 'agent', agent, 'ALERTING');
  core.emit({
    kind: 'call-delivered', callId: call.id, connectionId: conn.id, agentId: agent.id, device: agent.extension,
    callingDevice: call.data.ani, queueId: call.queue?.id ?? null,
  });
  applyAgentEvent(core, agent, { type: 'offer' });
}

export function clearConn(core: AcdCore, conn: Conn, cause: ClearCause): void {
  removeConn(core, conn);
  core.emit({
    kind: 'call-connection-cleared', callId: conn.call.id, connectionId: conn.id, agentId: conn.agent?.id ?? null,
    device: conn.device, cause,
  });
}

export function removeConn(core: AcdCore, conn: Conn): void {
  const i = conn.call.conns.indexOf(conn);
  if (i >= 0) conn.call.conns.splice(i, 1);
  if (conn.agent) {
    conn.agent.conns.delete(conn);
    if (conn.agent.conns.size === 0) conn.agent.lastCall = { callId: conn.call.id, data: cloneData(conn.call.data) };
    core.touched.add(conn.agent);
  }
}

export function endCall(core: AcdCore, call: Call, cause: ClearCause): void {
  if (!core.calls.has(call.id)) return;
  for (const conn of [...call.conns]) clearConn(core, conn, cause);
  if (call.queue?.waiting.delete(call.id)) core.dirtyQueues.add(call.queue);
  core.calls.delete(call.id);
  core.emit({ kind: 'call-cleared', callId: call.id, cause });
}

export function abandonCall(core: AcdCore, call: Call): void {
  const q = call.queue;
  const whileAlerting = call.conns.some((c) => c.state === 'ALERTING');
  if (q) {
    countersFor(q.counters, core.clock.now()).abandoned++;
    core.dirtyQueues.add(q);
  }
  core.emit({
    kind: 'call-abandoned', callId: call.id, queueId: q?.id ?? null,
    waitedS: Math.floor((core.clock.now() - call.queuedAt) / 1000), whileAlerting,
  });
  endCall(core, call, 'abandoned');
}

export function checkDestination(core: AcdCore, from: Agent, to: string): AcdResult<Agent | null> {
  if (to === '' || to === from.extension) return err('invalid-destination');
  const target = core.byExtension.get(to);
  if (!target) return /^[0-9+*#]{1,40}$/.test(to) ? ok(null) : err('invalid-destination');
  const s = target.m.state;
  if (target.conns.size > 0 || (s !== 'AVAILABLE' && s !== 'NOT_READY')) return err('destination-busy');
  return ok(target);
}

/** Adds the destination to a call: an agent's device rings; an external number answers at once. */
export function reach(core: AcdCore, call: Call, to: string, target: Agent | null): Conn {
  if (target) {
    const conn = addConn(core, call, to, 'agent', target, 'ALERTING');
    core.emit({
      kind: 'call-delivered', callId: call.id, connectionId: conn.id, agentId: target.id, device: to,
      callingDevice: call.data.ani, queueId: null,
    });
    applyAgentEvent(core, target, { type: 'offer' });
    return conn;
  }
  const conn = addConn(core, call, to, 'external', null, 'CONNECT');
  for (const c of call.conns) if (c.state === 'INITIATE') c.state = 'CONNECT';
  core.emit({ kind: 'call-established', callId: call.id, connectionId: conn.id, agentId: null, device: to });
  return conn;
}

export function originate(core: AcdCore, a: Agent, to: string, data: CallData, primary: Call | null): AcdResult<{ callId: number }> {
  return core.run(() => {
    const target = checkDestination(core, a, to);
    if (!target.ok) return target;
    const kind: CallKind = primary ? 'consult' : target.value ? 'internal' : 'outbound';
    const call = newCall(core, kind, data, null, primary);
    const own = addConn(core, call, a.extension, 'agent', a, 'INITIATE');
    core.emit({ kind: 'call-begun', call: callSnapshot(call) });
    core.emit({ kind: 'call-originated', callId: call.id, connectionId: own.id, agentId: a.id, device: a.extension, calledDevice: to });
    reach(core, call, to, target.value);
    return ok({ callId: call.id });
  });
}

/** Moves every party of `from` except the agent's own leg into `to`. */
export function moveParties(core: AcdCore, from: Call, to: Call, agent: Agent): Conn[] {
  const moved = from.conns.filter((c) => c.agent !== agent);
  for (const c of moved) {
    from.conns.splice(from.conns.indexOf(c), 1);
    c.call = to;
    to.conns.push(c);
    if (c.agent && to.kind === 'inbound' && to.queue) c.agent.hadAcdCall = true;
    if (c.agent) core.touched.add(c.agent);
  }
  return moved;
}
