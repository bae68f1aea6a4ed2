// Agent commands (SET_AGENT_STATE with reason codes and force flag, the wrap-up reason) and the agent
// configuration at runtime (agents added, removed, re-skilled; queues added).
import { err, ok } from '../../shared/result.js';
import { FORCED_LOGOUT_REASON, type AgentEvent } from './agent-machine.js';
import type { AcdCore, AcdResult } from './acd-core.js';
import { applyAgentEvent, entered, routeTo, withdrawOffers } from './agent-flow.js';
import { checkCallData } from './call-data.js';
import { cloneData, type Agent, type Queue } from './model.js';
import type { AcdAgentConfig, AcdQueueConfig } from './options.js';

export type SetAgentStateRequest =
  | { state: 'LOGIN' }
  | { state: 'AVAILABLE' }
  | { state: 'NOT_READY'; reasonCode?: number }
  | { state: 'LOGOUT'; reasonCode?: number; force?: boolean };

/** SET_AGENT_STATE_REQ: LOGIN, READY (AVAILABLE), NOT_READY and LOGOUT with reason codes and force flag. */
export function setAgentState(core: AcdCore, agentId: string, req: SetAgentStateRequest): AcdResult {
  const a = core.agents.get(agentId);
  if (!a) return err('agent-not-found');
  const event: AgentEvent =
    req.state === 'LOGIN' ? { type: 'login' }
      : req.state === 'AVAILABLE' ? { type: 'ready' }
        : req.state === 'NOT_READY' ? { type: 'not-ready', reasonCode: req.reasonCode ?? 0 }
          : { type: 'logout', reasonCode: req.reasonCode ?? (req.force ? FORCED_LOGOUT_REASON : 0), force: req.force === true };
  return core.run(() => {
    const r = applyAgentEvent(core, a, event);
    // A direct call ringing on a NOT_READY agent who logs out stops ringing there.
    if (r.ok && a.m.state === 'LOGOUT' && a.conns.size > 0) withdrawOffers(core, a);
    return r;
  });
}

/** The wrap-up reason of the agent's last call, while the agent is in wrap-up. */
export function setWrapUpReason(core: AcdCore, agentId: string, reason: string, callId?: number): AcdResult {
  const a = core.agents.get(agentId);
  if (!a) return err('agent-not-found');
  const last = a.lastCall;
  if (last && callId !== undefined && last.callId !== callId) return err('call-not-found', `call ${callId} is not the agent's last call`);
  if (!last || (a.m.state !== 'WORK_NOT_READY' && a.m.state !== 'WORK_READY')) return err('invalid-state');
  const checked = checkCallData(last.data, { wrapUpReason: reason });
  if (!checked.ok) return checked;
  return core.run(() => {
    last.data = checked.value;
    core.emit({ kind: 'call-data-updated', callId: last.callId, data: cloneData(last.data) });
    return ok(undefined);
  });
}

/** Adds an agent (logged out). Refused when the id or extension is taken or a queue is unknown. */
export function addAgent(core: AcdCore, config: AcdAgentConfig): AcdResult {
  return newAgent(core, config);
}

/**
 * Removes an agent. One on a call is refused ('invalid-state'); one logged in is logged out first
 * (reason 255, an agent-state-changed event).
 */
export function removeAgent(core: AcdCore, agentId: string): AcdResult {
  const a = core.agents.get(agentId);
  if (!a) return err('agent-not-found');
  if (a.conns.size > 0) return err('invalid-state', 'agent is on a call');
  return core.run(() => {
    if (a.m.state !== 'LOGOUT') {
      const previous = a.m.state;
      entered(core, a, previous, 'LOGOUT');
      a.m = { state: 'LOGOUT', reasonCode: FORCED_LOGOUT_REASON, pending: null };
      core.emit({ kind: 'agent-state-changed', agentId: a.id, extension: a.extension, state: 'LOGOUT', reasonCode: FORCED_LOGOUT_REASON, previous });
    }
    a.wrapUpTimer?.cancel();
    for (const q of a.queues) { q.members = q.members.filter((m) => m !== a); q.ready.delete(a.id); core.dirtyQueues.add(q); }
    core.agents.delete(a.id);
    core.byExtension.delete(a.extension);
    return ok(undefined);
  });
}

/**
 * Brings agents and queues in line with a configuration: new queues and agents are added, agents
 * absent from it removed (those on a call stay until a later sync), changed skill groups applied.
 * Queues are never removed. Returns what changed.
 */
export function syncAgents(core: AcdCore, agents: readonly AcdAgentConfig[], queues: readonly AcdQueueConfig[] = []): { added: number; removed: number; updated: number } {
  for (const q of queues) if (!core.queues.has(q.id)) addQueue(core, q);
  const wanted = new Map(agents.map((a) => [a.id, a]));
  let added = 0;
  let removed = 0;
  let updated = 0;
  for (const id of [...core.agents.keys()]) if (!wanted.has(id) && removeAgent(core, id).ok) removed++;
  for (const config of agents) {
    const a = core.agents.get(config.id);
    if (!a) { if (newAgent(core, config).ok) added++; continue; }
    if (reskill(core, a, config)) updated++;
  }
  return { added, removed, updated };
}

export function addQueue(core: AcdCore, q: AcdQueueConfig): void {
  core.queues.set(q.id, {
    id: q.id, name: q.name, slS: q.serviceLevelThresholdS ?? core.options.serviceLevelThresholdS, members: [],
    ready: new Map(), waiting: new Map(), counters: { day: Math.floor(core.clock.now() / 86_400_000), handled: 0, abandoned: 0, withinThreshold: 0 },
  });
}

export function newAgent(core: AcdCore, a: AcdAgentConfig): AcdResult {
  if (core.agents.has(a.id) || core.byExtension.has(a.extension)) return err('invalid-parameter', `duplicate agent ${a.id}/${a.extension}`);
  const queues: Queue[] = [];
  for (const id of a.queueIds) {
    const q = core.queues.get(id);
    if (!q) return err('queue-not-found', `unknown queue ${id}`);
    queues.push(q);
  }
  const agent: Agent = {
    id: a.id, extension: a.extension, queues, m: { state: 'LOGOUT', reasonCode: 0, pending: null }, availableSince: 0,
    beforeCall: { state: 'NOT_READY', reasonCode: 0 }, conns: new Set(), hadAcdCall: false, wrapUpTimer: null, lastCall: null,
  };
  for (const q of queues) q.members.push(agent);
  core.agents.set(a.id, agent);
  core.byExtension.set(a.extension, agent);
  return ok(undefined);
}

/** New skill groups (and, when idle, a new extension) for an existing agent; true when something changed. */
export function reskill(core: AcdCore, a: Agent, config: AcdAgentConfig): boolean {
  let changed = false;
  if (config.extension !== a.extension && a.conns.size === 0 && !core.byExtension.has(config.extension)) {
    core.byExtension.delete(a.extension);
    a.extension = config.extension;
    core.byExtension.set(a.extension, a);
    changed = true;
  }
  const queues = config.queueIds.map((id) => core.queues.get(id)).filter((q): q is Queue => q !== undefined);
  const same = queues.length === a.queues.length && queues.every((q, i) => q === a.queues[i]);
  if (same) return changed;
  core.run(() => {
    for (const q of a.queues) { q.members = q.members.filter((m) => m !== a); q.ready.delete(a.id); core.dirtyQueues.add(q); }
    a.queues = queues;
    for (const q of queues) {
      q.members.push(a);
      if (a.m.state === 'AVAILABLE') q.ready.set(a.id, a);
      core.dirtyQueues.add(q);
    }
    if (a.m.state === 'AVAILABLE' && a.conns.size === 0) routeTo(core, a);
  });
  return true;
}
