import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ControlFailureCode, FailureStatus, type CtiMessage } from '../../cti/codec/index.js';
import { failureOfReply, failureOfSilence } from './cti-failures.js';

const fc = (status: number, text?: string): CtiMessage => ({ type: 'FAILURE_CONF', invokeId: 1, status, ...(text ? { text } : {}) } as CtiMessage);
const cfc = (failureCode: number): CtiMessage => ({ type: 'CONTROL_FAILURE_CONF', invokeId: 1, failureCode, peripheralErrorCode: 0 } as CtiMessage);

describe('CTI refusals as Finesse ApiErrors', () => {
  it('maps FAILURE_CONF statuses by target', () => {
    assert.deepEqual(failureOfReply(fc(FailureStatus.E_CTI_INVALID_OBJECT_STATE), 'User'), { errorType: 'Invalid State', errorMessage: 'E_CTI_INVALID_OBJECT_STATE', errorCode: 38 });
    assert.equal(failureOfReply(fc(FailureStatus.E_CTI_INCONSISTENT_AGENT_DATA), 'User')?.errorType, 'Invalid Device', 'sign-in on another agent\'s device');
    assert.equal(failureOfReply(fc(FailureStatus.E_CTI_INCONSISTENT_AGENT_DATA), 'Dialog')?.errorType, 'Invalid State');
    assert.equal(failureOfReply(fc(FailureStatus.E_CTI_INVALID_CALLID), 'Dialog')?.errorType, 'Not Found');
    assert.equal(failureOfReply(fc(FailureStatus.E_CTI_INVALID_DEVICE), 'Dialog')?.errorType, 'Invalid Device');
    assert.equal(failureOfReply(fc(FailureStatus.E_CTI_FUNCTION_NOT_AVAILABLE, 'not yet supported'), 'Dialog')?.errorMessage, 'E_CTI_FUNCTION_NOT_AVAILABLE: not yet supported');
    assert.deepEqual(failureOfReply(fc(4242), 'User'), { errorType: 'Generic Error', errorMessage: 'E_CTI_4242', errorCode: 4242 }, 'an unknown status keeps its number');
  });

  it('maps CONTROL_FAILURE_CONF codes; a confirmation is no failure', () => {
    assert.equal(failureOfReply(cfc(ControlFailureCode.CF_INVALID_DESTINATION), 'Dialog')?.errorType, 'Invalid Destination');
    assert.equal(failureOfReply(cfc(ControlFailureCode.CF_RESOURCE_BUSY), 'Dialog')?.errorType, 'Call Operation Failure');
    assert.equal(failureOfReply(cfc(ControlFailureCode.CF_RESOURCE_BUSY), 'User')?.errorType, 'Invalid State');
    assert.equal(failureOfReply(cfc(9999), 'Dialog')?.errorMessage, 'CF_9999');
    assert.equal(failureOfReply({ type: 'HOLD_CALL_CONF', invokeId: 1 } as CtiMessage, 'Dialog'), undefined);
  });

  it('silence: timeout and link loss', () => {
    assert.equal(failureOfSilence('timeout').errorCode, FailureStatus.E_CTI_TIMEOUT);
    assert.match(failureOfSilence('cancelled', 'connection closed').errorMessage, /^SERVER_OUT_OF_SERVICE: connection closed/);
  });
});
