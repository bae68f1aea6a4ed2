// CTI refusals as Finesse ApiErrors ([finesse-api] §1.5, §4.4): CONTROL_FAILURE_CONF's
// ControlFailureCode and FAILURE_CONF's Status become an ErrorType, the code's name as ErrorMessage
// and the number as ErrorData. Pure.
import { ControlFailureCode, FailureStatus, enumName, type CtiMessage } from '../../cti/codec/index.js';
import type { CommandFailure } from '../contact-center.js';

export type FailureTarget = 'User' | 'Dialog';

/** Link down: what every command gets ([finesse-api] §1.5, HTTP 503). */
export const SERVICE_UNAVAILABLE: CommandFailure = { errorType: 'Service Unavailable', errorMessage: 'SERVER_OUT_OF_SERVICE', errorCode: 0 };

export const failure = (errorType: string, errorMessage: string, errorCode = 0): CommandFailure => ({ errorType, errorMessage, errorCode });

const DESTINATION = new Set<number>([ControlFailureCode.CF_INVALID_DESTINATION, ControlFailureCode.CF_INVALID_CALLED_DEVICE]);
const STATE = new Set<number>([
  ControlFailureCode.CF_GENERIC_STATE_INCOMPATIBILITY, ControlFailureCode.CF_INVALID_OBJECT_STATE,
  ControlFailureCode.CF_REQUEST_INCOMPATIBLE_WITH_OBJECT, ControlFailureCode.CF_NO_ACTIVE_CALL, ControlFailureCode.CF_NO_HELD_CALL,
  ControlFailureCode.CF_NO_CALL_TO_CLEAR, ControlFailureCode.CF_NO_CONNECTION_TO_CLEAR, ControlFailureCode.CF_NO_CALL_TO_ANSWER,
  ControlFailureCode.CF_NO_CALL_TO_COMPLETE,
]);
/** Agent-state refusals about the device (sign-in on an extension that is not usable): Finesse's 'Invalid Device'. */
const STATUS_DEVICE = new Set<number>([
  FailureStatus.E_CTI_INVALID_DEVICE, FailureStatus.E_CTI_DEVICE_IN_USE, FailureStatus.E_CTI_INCONSISTENT_AGENT_DATA,
]);
const STATUS_STATE = new Set<number>([
  FailureStatus.E_CTI_INVALID_OBJECT_STATE, FailureStatus.E_CTI_AGENT_NOT_LOGGED_ON, FailureStatus.E_CTI_INCONSISTENT_AGENT_DATA,
  FailureStatus.E_CTI_NO_CALL_ACTIVE,
]);

/**
 * The failure a CTI reply stands for, or undefined when the reply is a confirmation. `target`
 * picks the default ErrorType: agent-state refusals are 'Invalid State', call-control ones 'Call
 * Operation Failure' (the captured CF_RESOURCE_OUT_OF_SERVICE example).
 */
export function failureOfReply(reply: CtiMessage, target: FailureTarget): CommandFailure | undefined {
  if (reply.type === 'CONTROL_FAILURE_CONF') {
    const code = reply.failureCode;
    const name = String(enumName(ControlFailureCode, code) ?? `CF_${code}`);
    const type = DESTINATION.has(code) ? 'Invalid Destination' : STATE.has(code) ? 'Invalid State'
      : target === 'User' ? 'Invalid State' : 'Call Operation Failure';
    return failure(type, reply.text ? `${name}: ${reply.text}` : name, code);
  }
  if (reply.type === 'FAILURE_CONF') {
    const name = String(enumName(FailureStatus, reply.status) ?? `E_CTI_${reply.status}`);
    const type = target === 'User' && STATUS_DEVICE.has(reply.status) ? 'Invalid Device'
      : STATUS_STATE.has(reply.status) ? 'Invalid State'
      : reply.status === FailureStatus.E_CTI_INVALID_CALLID ? 'Not Found'
        : reply.status === FailureStatus.E_CTI_INVALID_DEVICE ? 'Invalid Device' : 'Generic Error';
    return failure(type, reply.text ? `${name}: ${reply.text}` : name, reply.status);
  }
  return undefined;
}

/** A request that got no reply in time, or was cut off by the link going down. */
export function failureOfSilence(kind: 'timeout' | 'cancelled', reason?: string): CommandFailure {
  return kind === 'timeout'
    ? failure('Generic Error', 'the CTI server did not confirm the request in time', FailureStatus.E_CTI_TIMEOUT)
    : failure('Service Unavailable', `SERVER_OUT_OF_SERVICE${reason ? `: ${reason}` : ''}`, 0);
}
