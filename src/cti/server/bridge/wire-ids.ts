// How the ACD simulator's names become GED-188 numbers (docs/cti.md "Identifiers" and "Failures"):
// skill group numbers, device and call types, event causes, and the FAILURE_CONF Status of each
// ACD condition. Pure.
import type { AcdCondition, CallKind, ClearCause, DeviceKind } from '../../acd/index.js';
import {
  CallType, ConnectionDeviceIDType, DeviceIDType, EventCause, FailureStatus, LineType, Special,
} from '../../codec/index.js';

export const STATIC_CONNECTION = ConnectionDeviceIDType.CONNECTION_ID_STATIC;
export const NULL_SKILL_GROUP = Special.NULL_SKILL_GROUP;
/** Media routing domain of voice calls, as Finesse's logs show it (MRDID 1). */
export const VOICE_MRD = 1;

/**
 * SkillGroupNumber (= SkillGroupID) of a queue: the id itself when it is a decimal number that fits a
 * UINT, else its 1-based position among the ACD's queues; NULL_SKILL_GROUP without a queue.
 */
export function skillGroupNumber(queueId: string | null, allQueueIds: readonly string[]): number {
  if (queueId === null) return NULL_SKILL_GROUP;
  if (/^\d{1,9}$/.test(queueId)) return Number(queueId);
  const i = allQueueIds.indexOf(queueId);
  return i < 0 ? NULL_SKILL_GROUP : i + 1;
}

/** The queue of a SkillGroupNumber, the inverse of skillGroupNumber. */
export function queueIdOfSkillGroup(n: number, allQueueIds: readonly string[]): string | undefined {
  return allQueueIds.find((q) => skillGroupNumber(q, allQueueIds) === n);
}

export function deviceType(kind: DeviceKind): number {
  return kind === 'agent' ? DeviceIDType.DEVID_DEVICE_IDENTIFIER : DeviceIDType.DEVID_EXTERNAL;
}

export function callTypeOf(kind: CallKind): number {
  switch (kind) {
    case 'inbound': return CallType.CALLTYPE_ACD_IN;
    case 'outbound': return CallType.CALLTYPE_AGENT_OUT;
    case 'internal': return CallType.CALLTYPE_AGENT_INSIDE;
    case 'consult': return CallType.CALLTYPE_CONSULT;
  }
}

export function lineTypeOf(kind: CallKind): number {
  return kind === 'inbound' ? LineType.LINETYPE_INBOUND_ACD : kind === 'outbound' ? LineType.LINETYPE_OUTBOUND : LineType.LINETYPE_INSIDE;
}

/** EventCause of CALL_CONNECTION_CLEARED_EVENT / CALL_CLEARED_EVENT. */
export function clearCause(cause: ClearCause, abandonedWhileAlerting: boolean | undefined): number {
  switch (cause) {
    case 'abandoned': return abandonedWhileAlerting ? EventCause.CECX_ABAND_RING : EventCause.CECX_ABAND_LOCAL_QUEUE;
    case 'transferred': return EventCause.CEC_TRANSFER;
    default: return EventCause.CEC_NONE;
  }
}

/** FAILURE_CONF Status for a refused ACD command (docs/cti.md "Failures"). */
export function failureStatusOf(condition: AcdCondition, text: string | undefined): number {
  switch (condition) {
    case 'agent-not-found': return FailureStatus.E_CTI_INVALID_AGENT_DATA;
    case 'call-not-found': return FailureStatus.E_CTI_INVALID_CALLID;
    case 'queue-not-found': return FailureStatus.E_CTI_INVALID_SKILL_GROUP;
    case 'invalid-state': return FailureStatus.E_CTI_INVALID_OBJECT_STATE;
    case 'invalid-destination': return FailureStatus.E_CTI_INVALID_DEVICE;
    case 'destination-busy': return FailureStatus.E_CTI_DEVICE_IN_USE;
    case 'conference-full': return FailureStatus.E_CTI_INVALID_NUM_PARTIES;
    case 'invalid-parameter':
      return text?.startsWith('ECC variable ') ? FailureStatus.E_CTI_NAMED_VARIABLE_NOT_CONFIGURED : FailureStatus.E_CTI_VALUE_TOO_LONG;
  }
}
