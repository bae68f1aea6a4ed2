// SET_AGENT_STATE_REQ, QUERY_AGENT_STATE_REQ and SNAPSHOT_DEVICE_REQ against the ACD (docs/cti.md "Agent state").
import { CTI_AGENT_STATE, FORCED_LOGOUT_REASON, type SetAgentStateRequest } from '../../acd/index.js';
import { AgentState, FailureStatus, ForcedFlag, agentStateLabel, type CtiMessageOf } from '../../codec/index.js';
import { failure, findAgent, notLoggedOn, refused, wrongPeripheral, type Reply, type RequestContext } from './request-kit.js';
import { STATIC_CONNECTION, VOICE_MRD, skillGroupNumber } from './wire-ids.js';

function requested(msg: CtiMessageOf<'SET_AGENT_STATE_REQ'>): SetAgentStateRequest | undefined {
  switch (msg.agentState) {
    case AgentState.AGENT_STATE_LOGIN: return { state: 'LOGIN' };
    case AgentState.AGENT_STATE_AVAILABLE: return { state: 'AVAILABLE' };
    case AgentState.AGENT_STATE_NOT_READY: return { state: 'NOT_READY', reasonCode: msg.eventReasonCode };
    case AgentState.AGENT_STATE_LOGOUT: {
      const force = msg.forcedFlag === ForcedFlag.TRUE;
      const reasonCode = msg.eventReasonCode !== 0 ? msg.eventReasonCode : force ? FORCED_LOGOUT_REASON : 0;
      return { state: 'LOGOUT', reasonCode, force };
    }
    default: return undefined;
  }
}

export function setAgentState(ctx: RequestContext, msg: CtiMessageOf<'SET_AGENT_STATE_REQ'>): Reply {
  const { invokeId } = msg;
  const wrong = wrongPeripheral(ctx, invokeId, msg.peripheralId);
  if (wrong) return wrong;
  const req = requested(msg);
  if (!req) {
    return failure(invokeId, FailureStatus.E_CTI_INVALID_OBJECT_STATE,
      `agent state ${agentStateLabel(msg.agentState) ?? msg.agentState} cannot be requested`);
  }
  if (req.state === 'LOGIN' && !msg.agentId && !msg.agentIdLong) {
    return failure(invokeId, FailureStatus.E_CTI_REQUIRED_DATA_MISSING, 'LOGIN needs the AgentID');
  }
  const found = findAgent(ctx, invokeId, { agentId: msg.agentId, agentIdLong: msg.agentIdLong, instruments: [msg.agentInstrument] });
  if ('reply' in found) return found.reply;
  const agent = found.agent;
  if (req.state !== 'LOGIN') {
    const out = notLoggedOn(invokeId, agent);
    if (out) return out;
  }
  // ForcedFlag 2: check the credentials only, change nothing.
  if (msg.forcedFlag === ForcedFlag.AUTHENTICATE_ONLY) return { type: 'SET_AGENT_STATE_CONF', invokeId };
  const r = ctx.acd.setAgentState(agent.agentId, req);
  return r.ok ? { type: 'SET_AGENT_STATE_CONF', invokeId } : refused(invokeId, r);
}

export function queryAgentState(ctx: RequestContext, msg: CtiMessageOf<'QUERY_AGENT_STATE_REQ'>): Reply {
  const { invokeId } = msg;
  const wrong = wrongPeripheral(ctx, invokeId, msg.peripheralId);
  if (wrong) return wrong;
  const icm = msg.icmAgentId > 0 ? String(msg.icmAgentId) : undefined;
  const found = findAgent(ctx, invokeId, {
    agentId: msg.agentId ?? icm, agentIdLong: msg.agentIdLong, instruments: [msg.agentInstrument, msg.agentExtension],
  });
  if ('reply' in found) return found.reply;
  const a = found.agent;
  const wire = CTI_AGENT_STATE[a.state];
  const queueIds = ctx.acd.queueIds();
  return {
    type: 'QUERY_AGENT_STATE_CONF', invokeId, agentState: wire, mrdId: msg.mrdId > 0 ? msg.mrdId : VOICE_MRD,
    numTasks: a.callIds.length, agentMode: 1, maxTaskLimit: 1, icmAgentId: /^\d{1,9}$/.test(a.agentId) ? Number(a.agentId) : 0,
    agentAvailabilityStatus: a.state === 'AVAILABLE' ? 1 : 0, departmentId: 0,
    agentId: a.agentId.slice(0, 11), agentExtension: a.extension, agentInstrument: a.extension, agentIdLong: a.agentId,
    skillGroups: a.queueIds.slice(0, 20).map((q) => {
      const n = skillGroupNumber(q, queueIds);
      return { number: n, id: n, priority: 0, state: wire };
    }),
  };
}

const LCS_OF = { INITIATE: 1, ALERTING: 2, CONNECT: 3, HOLD: 4, QUEUED: 5 } as const;

/** SNAPSHOT_DEVICE_REQ: the calls at an agent's device, each with the device's LocalConnectionState (resynchronization). */
export function snapshotDevice(ctx: RequestContext, msg: CtiMessageOf<'SNAPSHOT_DEVICE_REQ'>): Reply {
  const { invokeId } = msg;
  const wrong = wrongPeripheral(ctx, invokeId, msg.peripheralId);
  if (wrong) return wrong;
  const found = findAgent(ctx, invokeId, { instruments: [msg.agentInstrument] });
  if ('reply' in found) return found.reply;
  const a = found.agent;
  const calls = a.callIds.slice(0, 16).flatMap((callId) => {
    const conn = ctx.acd.call(callId)?.connections.find((c) => c.agentId === a.agentId);
    return conn ? [{ callId, deviceIdType: STATIC_CONNECTION, deviceId: a.extension, state: LCS_OF[conn.state] }] : [];
  });
  return { type: 'SNAPSHOT_DEVICE_CONF', invokeId, calls };
}
