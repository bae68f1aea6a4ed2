// Domain commands as GED-188 requests ([CTI-REF] Client Control Service tables). Pure builders: each
// returns a function of the InvokeID the link hands out.
import { AgentWorkMode, ConnectionDeviceIDType, ForcedFlag, Special, type CtiMessage } from '../../cti/codec/index.js';
import type { RequestedAgentState } from '../contact-center.js';
import { ctiAgentStateFor } from './agent-states.js';
import type { CtiCallData } from './call-context.js';

export type RequestBuilder = (invokeId: number) => CtiMessage;

/** [CTI-REF] ConsultType values of CONSULTATION_CALL_REQ. */
export const ConsultType = { CT_TRANSFER: 1, CT_CONFERENCE: 2 } as const;

const STATIC = ConnectionDeviceIDType.CONNECTION_ID_STATIC;

/** The placement fields the call-originating requests share: peripheral defaults everywhere. */
const defaults = {
  callPlacementType: 0, callMannerType: 0, alertRings: 0, callOption: 0, facilityType: 0, answeringMachine: 0,
  priority: false, postRoute: false,
};

export function setAgentStateRequest(p: {
  peripheralId: number; agentId: string; instrument: string; state: RequestedAgentState; reasonCode?: number | undefined; force?: boolean | undefined;
}): RequestBuilder {
  return (invokeId) => ({
    type: 'SET_AGENT_STATE_REQ', invokeId, peripheralId: p.peripheralId, agentState: ctiAgentStateFor(p.state),
    agentWorkMode: AgentWorkMode.AWM_UNSPECIFIED, eventReasonCode: p.reasonCode ?? 0,
    forcedFlag: p.force ? ForcedFlag.TRUE : ForcedFlag.FALSE, agentServiceReq: 0,
    agentInstrument: p.instrument, agentId: p.agentId,
  } as CtiMessage);
}

export function queryAgentStateRequest(peripheralId: number, agentId: string): RequestBuilder {
  return (invokeId) => ({ type: 'QUERY_AGENT_STATE_REQ', invokeId, peripheralId, mrdId: 1, icmAgentId: -1, agentId } as CtiMessage);
}

export function answerRequest(peripheralId: number, callId: string, device: string): RequestBuilder {
  return (invokeId) => ({
    type: 'ANSWER_CALL_REQ', invokeId, peripheralId, connectionCallId: Number(callId), connectionDeviceIdType: STATIC,
    connectionDeviceId: device, agentInstrument: device,
  } as CtiMessage);
}

export function holdRequest(peripheralId: number, callId: string, device: string): RequestBuilder {
  return (invokeId) => ({
    type: 'HOLD_CALL_REQ', invokeId, peripheralId, connectionCallId: Number(callId), connectionDeviceIdType: STATIC, reservation: false,
    connectionDeviceId: device, agentInstrument: device,
  } as CtiMessage);
}

export function retrieveRequest(peripheralId: number, callId: string, device: string): RequestBuilder {
  return (invokeId) => ({
    type: 'RETRIEVE_CALL_REQ', invokeId, peripheralId, heldConnectionCallId: Number(callId), heldConnectionDeviceIdType: STATIC,
    heldConnectionDeviceId: device, agentInstrument: device,
  } as CtiMessage);
}

/** Drops `device`'s connection; `instrument` is the acting agent's (PARTICIPANT_DROP drops someone else). */
export function clearConnectionRequest(peripheralId: number, callId: string, device: string, instrument: string): RequestBuilder {
  return (invokeId) => ({
    type: 'CLEAR_CONNECTION_REQ', invokeId, peripheralId, connectionCallId: Number(callId), connectionDeviceIdType: STATIC,
    connectionDeviceId: device, agentInstrument: instrument,
  } as CtiMessage);
}

export function makeCallRequest(peripheralId: number, instrument: string, dialedNumber: string, data: CtiCallData): RequestBuilder {
  return (invokeId) => ({
    type: 'MAKE_CALL_REQ', invokeId, peripheralId, ...defaults, skillGroupNumber: Special.NULL_SKILL_GROUP,
    agentInstrument: instrument, dialedNumber, ...data,
  } as CtiMessage);
}

export function consultRequest(peripheralId: number, callId: string, device: string, dialedNumber: string): RequestBuilder {
  return (invokeId) => ({
    type: 'CONSULTATION_CALL_REQ', invokeId, peripheralId, activeConnectionCallId: Number(callId), activeConnectionDeviceIdType: STATIC,
    ...defaults, consultType: ConsultType.CT_TRANSFER, activeConnectionDeviceId: device, dialedNumber, agentInstrument: device,
  } as CtiMessage);
}

/** Consult transfer (held + active call) or, with `dialedNumber` and no held call, single-step transfer. */
export function transferRequest(peripheralId: number, device: string, calls: { activeCallId: string; heldCallId?: string | undefined; dialedNumber?: string | undefined }): RequestBuilder {
  const held = calls.heldCallId;
  return (invokeId) => ({
    type: 'TRANSFER_CALL_REQ', invokeId, peripheralId, activeConnectionCallId: Number(calls.activeCallId),
    heldConnectionCallId: held === undefined ? Special.NULL_CALL_ID : Number(held), activeConnectionDeviceIdType: STATIC,
    heldConnectionDeviceIdType: held === undefined ? ConnectionDeviceIDType.CONNECTION_ID_NONE : STATIC, ...defaults,
    activeConnectionDeviceId: device, agentInstrument: device,
    ...(held === undefined ? {} : { heldConnectionDeviceId: device }),
    ...(calls.dialedNumber === undefined ? {} : { dialedNumber: calls.dialedNumber }),
  } as CtiMessage);
}

export function conferenceRequest(peripheralId: number, device: string, calls: { activeCallId: string; heldCallId: string }): RequestBuilder {
  return (invokeId) => ({
    type: 'CONFERENCE_CALL_REQ', invokeId, peripheralId, heldConnectionCallId: Number(calls.heldCallId),
    activeConnectionCallId: Number(calls.activeCallId), heldConnectionDeviceIdType: STATIC, activeConnectionDeviceIdType: STATIC,
    ...defaults, activeConnectionDeviceId: device, heldConnectionDeviceId: device, agentInstrument: device,
  } as CtiMessage);
}

export function setCallDataRequest(peripheralId: number, callId: string, device: string, data: CtiCallData): RequestBuilder {
  return (invokeId) => ({
    type: 'SET_CALL_DATA_REQ', invokeId, peripheralId, connectionDeviceIdType: STATIC, connectionCallId: Number(callId),
    callType: Special.NULL_CALLTYPE, calledPartyDisposition: 0, campaignId: 0, queryRuleId: 0, connectionDeviceId: device, ...data,
  } as CtiMessage);
}
