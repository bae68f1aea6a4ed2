// Hand-built fixture for CALL_TRANSFERRED_EVENT (Table 5-15 in the Version 15 PDF), checked both ways.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hex } from '../../../test/fixtures/cti/hex.js';
import { decodeMessage, encodeMessage, minimumBodyLength, MessageType, type CtiMessage } from './index.js';

describe('call party events', () => {
  it('CALL_TRANSFERRED_EVENT: consult transfer of call 3 into call 1 (fixed part 46 bytes)', () => {
    const msg: CtiMessage = {
      type: 'CALL_TRANSFERRED_EVENT', monitorId: 0, peripheralId: 5000, peripheralType: 17, primaryDeviceIdType: 0, primaryCallId: 1,
      lineHandle: 0, lineType: 0, skillGroupNumber: 1, skillGroupId: 1, skillGroupPriority: 0, secondaryDeviceIdType: 0,
      secondaryCallId: 3, transferringDeviceType: 0, transferredDeviceType: 0, localConnectionState: 0, eventCause: 32,
      primaryDeviceId: '1001003', secondaryDeviceId: '1001003', transferringDeviceId: '1001003', transferredDeviceId: '1001004',
      connectedParties: [{ callId: 1, deviceIdType: 0, deviceId: '1001004' }],
    };
    const bytes = hex(`
      00000078  // MessageLength = 120 (46 fixed + 74 floating)
      00000012  // MessageType = 18 (CALL_TRANSFERRED_EVENT)
      00000000  // MonitorID
      00001388  // PeripheralID = 5000
      0011      // PeripheralType = 17 (PT_ENTERPRISE_AGENT)
      0000      // PrimaryDeviceIDType = CONNECTION_ID_STATIC
      00000001  // PrimaryCallID = 1
      0000      // LineHandle
      0000      // LineType = LINETYPE_INBOUND_ACD
      00000001  // SkillGroupNumber = 1
      00000001  // SkillGroupID = 1
      0000      // SkillGroupPriority
      0001      // NumParties = 1
      0000      // SecondaryDeviceIDType
      00000003  // SecondaryCallID = 3
      0000      // TransferringDeviceType = DEVID_DEVICE_IDENTIFIER
      0000      // TransferredDeviceType
      0000      // LocalConnectionState = LCS_NULL
      0020      // EventCause = 32 (CEC_TRANSFER)
      0023 0008 3130303130303300   // PrimaryDeviceID (tag 35) "1001003"
      0024 0008 3130303130303300   // SecondaryDeviceID (tag 36) "1001003"
      002a 0008 3130303130303300   // TransferringDeviceID (tag 42) "1001003"
      002b 0008 3130303130303400   // TransferredDeviceID (tag 43) "1001004"
      0027 0004 00000001           // ConnectedPartyCallID (tag 39) = 1
      0028 0002 0000               // ConnectedPartyDeviceIDType (tag 40) = 0
      0029 0008 3130303130303400   // ConnectedPartyDeviceID (tag 41) "1001004"
    `);
    assert.equal(encodeMessage(msg).toString('hex'), bytes.toString('hex'));
    const decoded = decodeMessage({ type: bytes.readUInt32BE(4), body: bytes.subarray(8) });
    assert.ok(decoded.ok);
    assert.deepEqual(decoded.value, msg);
  });

  it('fixed parts as added up from the tables', () => {
    assert.equal(minimumBodyLength(MessageType.CALL_TRANSFERRED_EVENT), 46);
    assert.equal(minimumBodyLength(MessageType.CALL_CONFERENCED_EVENT), 46);
    assert.equal(minimumBodyLength(MessageType.CALL_ORIGINATED_EVENT), 46);
    assert.equal(minimumBodyLength(MessageType.CALL_SERVICE_INITIATED_EVENT), 44);
  });
});
