// How agents move: agent-machine transitions applied with their effects (queue membership of the
// available, wrap-up timer, offers withdrawn), longest-waiting routing to an agent that became
// available, and an agent's state brought in line with its connections after a call operation.
import { ok } from '../../shared/result.js';
import { transition, type AgentEvent, type AgentStateName } from './agent-machine.js';
import type { AcdCore, AcdResult } from './acd-core.js';
import { clearConn, deliver, endCall } from './call-flow.js';
import type { Agent, Call } from './model.js';

export function applyAgentEvent(core: AcdCore, a: Agent, event: AgentEvent): AcdResult {
  const r = transition(a.m, event, core.options);
  if (!r.ok) return r;
  const previous = a.m;
  a.m = r.value.state;
  let last = previous.state;
  for (const e of r.value.effects) {
    if (e.kind === 'entered') {
      entered(core, a, last, e.state);
      core.emit({ kind: 'agent-state-changed', agentId: a.id, extension: a.extension, state: e.state, reasonCode: e.reasonCode, previous: last });
      last = e.state;
    } else if (e.kind === 'pending-set') {
      core.emit({ kind: 'agent-pending-changed', agentId: a.id, pending: e.pending });
    } else if (e.kind === 'start-wrap-up-timer') {
      startWrapUpTimer(core, a);
    } else {
      withdrawOffers(core, a);
    }
  }
  if (a.m.state === 'AVAILABLE' && previous.state !== 'AVAILABLE') routeTo(core, a);
  return ok(undefined);
}

export function entered(core: AcdCore, a: Agent, from: AgentStateName, to: AgentStateName): void {
  for (const q of a.queues) core.dirtyQueues.add(q);
  if ((from === 'WORK_READY' || from === 'WORK_NOT_READY') && a.wrapUpTimer) { a.wrapUpTimer.cancel(); a.wrapUpTimer = null; }
  if (from === 'AVAILABLE') for (const q of a.queues) q.ready.delete(a.id);
  if (to === 'AVAILABLE') {
    a.availableSince = core.clock.now();
    for (const q of a.queues) { q.ready.delete(a.id); q.ready.set(a.id, a); }
  }
}

export function startWrapUpTimer(core: AcdCore, a: Agent): void {
  if (core.options.wrapUpTimeS <= 0) return;
  a.wrapUpTimer?.cancel();
  a.wrapUpTimer = core.clock.setTimeout(() => {
    a.wrapUpTimer = null;
    core.run(() => applyAgentEvent(core, a, { type: 'wrap-up-timeout' }));
  }, core.options.wrapUpTimeS * 1000);
}

/** Forced logout while RESERVED: the ringing call goes back to the head of its queue. */
export function withdrawOffers(core: AcdCore, a: Agent): void {
  for (const conn of [...a.conns]) {
    if (conn.state !== 'ALERTING') continue;
    const call = conn.call;
    clearConn(core, conn, 'forced');
    if (call.kind === 'inbound' && call.queue && !call.answered && call.conns.length === 1) {
      const q = call.queue;
      q.waiting = new Map([[call.id, call], ...q.waiting]);
      core.dirtyQueues.add(q);
      core.emit({ kind: 'call-queued', callId: call.id, queueId: q.id, connectionId: call.conns[0]!.id });
      const next = q.ready.values().next();
      if (!next.done) deliver(core, call, next.value);
    } else if (call.conns.length <= 1) endCall(core, call, 'forced');
  }
}

/** The agent became AVAILABLE: deliver the longest-waiting call among its queues. */
export function routeTo(core: AcdCore, a: Agent): void {
  let best: Call | null = null;
  for (const q of a.queues) {
    const first = q.waiting.values().next();
    if (first.done) continue;
    const c = first.value;
    if (!best || c.queuedAt < best.queuedAt || (c.queuedAt === best.queuedAt && c.id < best.id)) best = c;
  }
  if (best) deliver(core, best, a);
}

/** Brings an agent's state in line with its connections, after a call operation. */
export function syncAgent(core: AcdCore, a: Agent): void {
  const conns = [...a.conns];
  const s = a.m.state;
  if (conns.length === 0) {
    if (s === 'RESERVED') applyAgentEvent(core, a, { type: 'withdraw' });
    else if (s === 'TALKING' || s === 'HOLD') {
      const isAcdCall = a.hadAcdCall;
      a.hadAcdCall = false;
      applyAgentEvent(core, a, { type: 'release', isAcdCall, beforeCall: a.beforeCall });
    }
    return;
  }
  if (conns.some((c) => c.state === 'CONNECT' || c.state === 'INITIATE')) {
    if (s !== 'TALKING') applyAgentEvent(core, a, { type: 'connect' });
  } else if (conns.every((c) => c.state === 'HOLD')) {
    if (s === 'TALKING') applyAgentEvent(core, a, { type: 'hold' });
  }
}
