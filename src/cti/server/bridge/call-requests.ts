// Call control requests against the ACD (docs/cti.md "Call flows"): answer, hold, retrieve, clear
// connection, make call, consultation call, transfer (consult and single-step), conference, and
// SET_CALL_DATA_REQ. The ACD's events go out while the command runs; the CONF is returned after.
import type { AgentSnapshot, CallSnapshot } from '../../acd/index.js';
import { ConnectionDeviceIDType, FailureStatus, Special, type CtiMessageOf } from '../../codec/index.js';
import { callDataUpdateOf } from './call-data-fields.js';
import { failure, findAgent, notLoggedOn, refused, wrongPeripheral, type Reply, type RequestContext } from './request-kit.js';
import { STATIC_CONNECTION, deviceType, lineTypeOf } from './wire-ids.js';

type Found = { agent: AgentSnapshot; call: CallSnapshot } | { reply: Reply };

/** The agent and call of a single-call request; the agent must be a party of the call. */
function agentOnCall(ctx: RequestContext, invokeId: number, peripheralId: number, callId: number, device: string | undefined, instrument: string | undefined): Found {
  const wrong = wrongPeripheral(ctx, invokeId, peripheralId);
  if (wrong) return { reply: wrong };
  const found = findAgent(ctx, invokeId, { instruments: [instrument, device] });
  if ('reply' in found) return found;
  const out = notLoggedOn(invokeId, found.agent);
  if (out) return { reply: out };
  const call = ctx.acd.call(callId);
  if (!call) return { reply: failure(invokeId, FailureStatus.E_CTI_INVALID_CALLID, `no call ${callId}`) };
  if (!call.connections.some((c) => c.agentId === found.agent.agentId)) {
    return { reply: failure(invokeId, FailureStatus.E_CTI_NOT_CALL_PARTY, `agent ${found.agent.agentId} is not on call ${callId}`) };
  }
  return { agent: found.agent, call };
}

export function answerCall(ctx: RequestContext, m: CtiMessageOf<'ANSWER_CALL_REQ'>): Reply {
  let callId = m.connectionCallId;
  if (callId === Special.NULL_CALL_ID) {
    // "ConnectionCallID may be 0xFFFFFFFF": the call alerting at the device.
    const agent = ctx.acd.agentByExtension(m.agentInstrument ?? m.connectionDeviceId);
    const alerting = agent && ctx.acd.calls().find((c) => c.connections.some((x) => x.agentId === agent.agentId && x.state === 'ALERTING'));
    if (alerting) callId = alerting.callId;
  }
  const f = agentOnCall(ctx, m.invokeId, m.peripheralId, callId, m.connectionDeviceId, m.agentInstrument);
  if ('reply' in f) return f.reply;
  const r = ctx.acd.answer(f.call.callId, f.agent.agentId);
  return r.ok ? { type: 'ANSWER_CALL_CONF', invokeId: m.invokeId } : refused(m.invokeId, r);
}

export function holdCall(ctx: RequestContext, m: CtiMessageOf<'HOLD_CALL_REQ'>): Reply {
  const f = agentOnCall(ctx, m.invokeId, m.peripheralId, m.connectionCallId, m.connectionDeviceId, m.agentInstrument);
  if ('reply' in f) return f.reply;
  const r = ctx.acd.hold(f.call.callId, f.agent.agentId);
  return r.ok ? { type: 'HOLD_CALL_CONF', invokeId: m.invokeId } : refused(m.invokeId, r);
}

export function retrieveCall(ctx: RequestContext, m: CtiMessageOf<'RETRIEVE_CALL_REQ'>): Reply {
  const f = agentOnCall(ctx, m.invokeId, m.peripheralId, m.heldConnectionCallId, m.heldConnectionDeviceId, m.agentInstrument);
  if ('reply' in f) return f.reply;
  const r = ctx.acd.retrieve(f.call.callId, f.agent.agentId);
  return r.ok ? { type: 'RETRIEVE_CALL_CONF', invokeId: m.invokeId } : refused(m.invokeId, r);
}

/** CLEAR_CONNECTION_REQ: an agent's device leaves; an external device named here hangs up. */
export function clearConnection(ctx: RequestContext, m: CtiMessageOf<'CLEAR_CONNECTION_REQ'>): Reply {
  const call = ctx.acd.call(m.connectionCallId);
  const external = call?.connections.find((c) => c.deviceKind === 'external' && c.device === m.connectionDeviceId);
  if (external && !m.agentInstrument) {
    const wrong = wrongPeripheral(ctx, m.invokeId, m.peripheralId);
    if (wrong) return wrong;
    const r = ctx.acd.hangUpExternal(m.connectionCallId, external.device);
    return r.ok ? { type: 'CLEAR_CONNECTION_CONF', invokeId: m.invokeId } : refused(m.invokeId, r);
  }
  const f = agentOnCall(ctx, m.invokeId, m.peripheralId, m.connectionCallId, m.connectionDeviceId, m.agentInstrument);
  if ('reply' in f) return f.reply;
  const r = ctx.acd.drop(f.call.callId, f.agent.agentId);
  return r.ok ? { type: 'CLEAR_CONNECTION_CONF', invokeId: m.invokeId } : refused(m.invokeId, r);
}

function newCallConf<T extends 'MAKE_CALL_CONF' | 'CONSULTATION_CALL_CONF'>(type: T, invokeId: number, call: CallSnapshot | undefined, callId: number, device: string) {
  return {
    type, invokeId, newConnectionCallId: callId, newConnectionDeviceIdType: STATIC_CONNECTION, lineHandle: 0,
    lineType: lineTypeOf(call?.kind ?? 'internal'), newConnectionDeviceId: device,
  } as const;
}

export function makeCall(ctx: RequestContext, m: CtiMessageOf<'MAKE_CALL_REQ'>): Reply {
  const wrong = wrongPeripheral(ctx, m.invokeId, m.peripheralId);
  if (wrong) return wrong;
  const found = findAgent(ctx, m.invokeId, { instruments: [m.agentInstrument] });
  if ('reply' in found) return found.reply;
  const out = notLoggedOn(m.invokeId, found.agent);
  if (out) return out;
  const r = ctx.acd.makeCall(found.agent.agentId, m.dialedNumber, callDataUpdateOf(m));
  if (!r.ok) return refused(m.invokeId, r);
  return newCallConf('MAKE_CALL_CONF', m.invokeId, ctx.acd.call(r.value.callId), r.value.callId, found.agent.extension);
}

export function consultationCall(ctx: RequestContext, m: CtiMessageOf<'CONSULTATION_CALL_REQ'>): Reply {
  const f = agentOnCall(ctx, m.invokeId, m.peripheralId, m.activeConnectionCallId, m.activeConnectionDeviceId, m.agentInstrument);
  if ('reply' in f) return f.reply;
  const r = ctx.acd.consult(f.call.callId, f.agent.agentId, m.dialedNumber);
  if (!r.ok) return refused(m.invokeId, r);
  const update = callDataUpdateOf(m);
  if (Object.keys(update).length > 0) ctx.acd.setCallData(r.value.callId, update);
  return newCallConf('CONSULTATION_CALL_CONF', m.invokeId, ctx.acd.call(r.value.callId), r.value.callId, f.agent.extension);
}

function partiesOf(call: CallSnapshot | undefined) {
  return (call?.connections ?? []).slice(0, 16).map((c) => ({ callId: call!.callId, deviceIdType: deviceType(c.deviceKind), deviceId: c.device }));
}

/** The consult pair a transfer/conference names must be the agent's held call and its consult call. */
function consultPair(ctx: RequestContext, invokeId: number, agent: AgentSnapshot, heldCallId: number, activeCallId: number): Reply | undefined {
  const held = ctx.acd.call(heldCallId);
  const active = ctx.acd.call(activeCallId);
  if (!held || !active) return failure(invokeId, FailureStatus.E_CTI_INVALID_CALLID, `no call ${held ? activeCallId : heldCallId}`);
  if (active.primaryCallId !== heldCallId) {
    return failure(invokeId, FailureStatus.E_CTI_INVALID_CALLID, `call ${activeCallId} is not a consult call of ${heldCallId}`);
  }
  if (!held.connections.some((c) => c.agentId === agent.agentId)) {
    return failure(invokeId, FailureStatus.E_CTI_NOT_CALL_PARTY, `agent ${agent.agentId} is not on call ${heldCallId}`);
  }
  return undefined;
}

const isSingleStep = (heldCallId: number, heldType: number, heldDevice: string | undefined): boolean =>
  heldCallId === Special.NULL_CALL_ID || heldType === ConnectionDeviceIDType.CONNECTION_ID_NONE || !heldDevice;

export function transferCall(ctx: RequestContext, m: CtiMessageOf<'TRANSFER_CALL_REQ'>): Reply {
  const f = agentOnCall(ctx, m.invokeId, m.peripheralId, m.activeConnectionCallId, m.activeConnectionDeviceId, m.agentInstrument);
  if ('reply' in f) return f.reply;
  const { agent, call } = f;
  if (isSingleStep(m.heldConnectionCallId, m.heldConnectionDeviceIdType, m.heldConnectionDeviceId)) {
    if (!m.dialedNumber) return failure(m.invokeId, FailureStatus.E_CTI_REQUIRED_DATA_MISSING, 'single-step transfer needs a DialedNumber');
    const r = ctx.acd.singleStepTransfer(call.callId, agent.agentId, m.dialedNumber);
    return r.ok ? transferConf(ctx, m.invokeId, call.callId, m.dialedNumber) : refused(m.invokeId, r);
  }
  const bad = consultPair(ctx, m.invokeId, agent, m.heldConnectionCallId, m.activeConnectionCallId);
  if (bad) return bad;
  // The consulted party: the device on the consult call other than the agent's; it is the new connection.
  const consulted = call.connections.find((c) => c.agentId !== agent.agentId)?.device ?? '';
  const r = ctx.acd.transfer(agent.agentId);
  return r.ok ? transferConf(ctx, m.invokeId, m.heldConnectionCallId, consulted) : refused(m.invokeId, r);
}

function transferConf(ctx: RequestContext, invokeId: number, callId: number, device: string): Reply {
  const parties = partiesOf(ctx.acd.call(callId));
  return {
    type: 'TRANSFER_CALL_CONF', invokeId, newConnectionCallId: callId, newConnectionDeviceIdType: STATIC_CONNECTION,
    lineHandle: 0, lineType: 0, newConnectionDeviceId: device, connectedParties: parties,
  };
}

export function conferenceCall(ctx: RequestContext, m: CtiMessageOf<'CONFERENCE_CALL_REQ'>): Reply {
  const f = agentOnCall(ctx, m.invokeId, m.peripheralId, m.activeConnectionCallId, m.activeConnectionDeviceId, m.agentInstrument);
  if ('reply' in f) return f.reply;
  if (isSingleStep(m.heldConnectionCallId, m.heldConnectionDeviceIdType, m.heldConnectionDeviceId)) {
    return failure(m.invokeId, FailureStatus.E_CTI_FUNCTION_NOT_AVAILABLE, 'single-step conference is not supported');
  }
  const bad = consultPair(ctx, m.invokeId, f.agent, m.heldConnectionCallId, m.activeConnectionCallId);
  if (bad) return bad;
  const r = ctx.acd.conference(f.agent.agentId);
  if (!r.ok) return refused(m.invokeId, r);
  return {
    type: 'CONFERENCE_CALL_CONF', invokeId: m.invokeId, newConnectionCallId: m.heldConnectionCallId,
    newConnectionDeviceIdType: STATIC_CONNECTION, lineHandle: 0, lineType: 0, newConnectionDeviceId: f.agent.extension,
    connectedParties: partiesOf(ctx.acd.call(m.heldConnectionCallId)),
  };
}

/**
 * SET_CALL_DATA_REQ: call variables, ECC variables, CallWrapupData. After the call cleared, only
 * CallWrapupData is accepted, for the agent at ConnectionDeviceID while in wrap-up.
 */
export function setCallData(ctx: RequestContext, m: CtiMessageOf<'SET_CALL_DATA_REQ'>): Reply {
  const wrong = wrongPeripheral(ctx, m.invokeId, m.peripheralId);
  if (wrong) return wrong;
  const update = callDataUpdateOf(m);
  if (ctx.acd.call(m.connectionCallId)) {
    const r = ctx.acd.setCallData(m.connectionCallId, update);
    return r.ok ? { type: 'SET_CALL_DATA_CONF', invokeId: m.invokeId } : refused(m.invokeId, r);
  }
  const agent = ctx.acd.agentByExtension(m.connectionDeviceId);
  if (update.wrapUpReason === undefined || !agent) {
    return failure(m.invokeId, FailureStatus.E_CTI_INVALID_CALLID, `no call ${m.connectionCallId}`);
  }
  const r = ctx.acd.setWrapUpReason(agent.agentId, update.wrapUpReason, m.connectionCallId);
  return r.ok ? { type: 'SET_CALL_DATA_CONF', invokeId: m.invokeId } : refused(m.invokeId, r);
}
