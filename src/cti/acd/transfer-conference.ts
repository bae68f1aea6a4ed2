// Two-call commands: consultation call, consult transfer, single-step transfer and conference.
import { err, ok } from '../../shared/result.js';
import type { AcdCore, AcdResult } from './acd-core.js';
import { checkDestination, clearConn, endCall, moveParties, originate, reach, removeConn } from './call-flow.js';
import { cloneData } from './model.js';

/** CONSULTATION_CALL: holds the agent's active leg of `callId` and calls `toAddress`. */
export function consult(core: AcdCore, callId: number, agentId: string, toAddress: string): AcdResult<{ callId: number }> {
  const found = core.find(callId, agentId, ['CONNECT']);
  if (!found.ok) return found;
  const { call, conn, agent } = found.value;
  return core.run(() => {
    const target = checkDestination(core, agent, toAddress);
    if (!target.ok) return target;
    conn.state = 'HOLD';
    core.emit({ kind: 'call-held', callId, connectionId: conn.id, agentId, device: conn.device });
    core.touched.add(agent);
    return originate(core, agent, toAddress, cloneData(call.data), call);
  });
}

/**
 * TRANSFER_CALL (consult transfer): the agent has a held call and an active consult call; the
 * consulted party joins the held call and the agent leaves both.
 */
export function transfer(core: AcdCore, agentId: string): AcdResult {
  const pair = core.heldAndActive(agentId);
  if (!pair.ok) return pair;
  const { agent, held, active } = pair.value;
  return core.run(() => {
    const moved = moveParties(core, active.call, held.call, agent);
    core.emit({
      kind: 'call-transferred', primaryCallId: held.call.id, secondaryCallId: active.call.id,
      transferringDevice: agent.extension, transferredDevice: moved[0]?.device ?? '',
    });
    clearConn(core, held, 'transferred');
    clearConn(core, active, 'transferred');
    endCall(core, active.call, 'transferred');
    if (held.call.conns.length <= 1) endCall(core, held.call, 'normal');
    return ok(undefined);
  });
}

/** Single-step (blind) transfer of the agent's active call to `toAddress`. */
export function singleStepTransfer(core: AcdCore, callId: number, agentId: string, toAddress: string): AcdResult {
  const found = core.find(callId, agentId, ['CONNECT']);
  if (!found.ok) return found;
  const { call, conn, agent } = found.value;
  return core.run(() => {
    const target = checkDestination(core, agent, toAddress);
    if (!target.ok) return target;
    const reached = reach(core, call, toAddress, target.value);
    core.emit({
      kind: 'call-transferred', primaryCallId: call.id, secondaryCallId: null,
      transferringDevice: agent.extension, transferredDevice: reached.device,
    });
    clearConn(core, conn, 'transferred');
    return ok(undefined);
  });
}

/** CONFERENCE_CALL: the consulted parties join the held call, which the agent retrieves. */
export function conference(core: AcdCore, agentId: string): AcdResult {
  const pair = core.heldAndActive(agentId);
  if (!pair.ok) return pair;
  const { agent, held, active } = pair.value;
  if (held.call.conns.length + active.call.conns.length - 1 > core.options.maxConferenceParties) return err('conference-full');
  return core.run(() => {
    moveParties(core, active.call, held.call, agent);
    held.state = 'CONNECT';
    removeConn(core, active);
    core.emit({
      kind: 'call-conferenced', primaryCallId: held.call.id, secondaryCallId: active.call.id,
      controllerDevice: agent.extension, parties: held.call.conns.map((c) => c.device),
    });
    endCall(core, active.call, 'conferenced');
    return ok(undefined);
  });
}
