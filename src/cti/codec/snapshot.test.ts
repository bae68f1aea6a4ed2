// Hand-built fixture for SNAPSHOT_DEVICE_REQ/CONF (Tables 5-127 and 5-128 in the Version 15 PDF).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hex } from '../../../test/fixtures/cti/hex.js';
import { decodeMessage, encodeMessage, type CtiMessage } from './index.js';

function bothWays(msg: CtiMessage, bytes: Buffer): void {
  assert.equal(encodeMessage(msg).toString('hex'), bytes.toString('hex'));
  const decoded = decodeMessage({ type: bytes.readUInt32BE(4), body: bytes.subarray(8) });
  assert.ok(decoded.ok, decoded.ok ? '' : decoded.error);
  assert.deepEqual(decoded.value, msg);
}

describe('snapshot messages', () => {
  it('SNAPSHOT_DEVICE_REQ', () => {
    bothWays({ type: 'SNAPSHOT_DEVICE_REQ', invokeId: 61, peripheralId: 5000, snapshotDeviceType: 0, agentInstrument: '1001003' }, hex(`
      00000016  // MessageLength = 22 (10 fixed + 12 floating)
      00000054  // MessageType = 84 (SNAPSHOT_DEVICE_REQ)
      0000003d  // InvokeID = 61
      00001388  // PeripheralID = 5000
      0000      // SnapshotDeviceType = DEVID_DEVICE_IDENTIFIER
      0006 0008 3130303130303300   // AgentInstrument (tag 6) "1001003"
    `));
  });

  it('SNAPSHOT_DEVICE_CONF with one held call', () => {
    bothWays({ type: 'SNAPSHOT_DEVICE_CONF', invokeId: 61, calls: [{ callId: 1, deviceIdType: 0, deviceId: '1001003', state: 4 }] }, hex(`
      00000026  // MessageLength = 38 (6 fixed + 32 floating)
      00000055  // MessageType = 85 (SNAPSHOT_DEVICE_CONF)
      0000003d  // InvokeID = 61
      0001      // NumCalls = 1
      0038 0004 00000001           // CallConnectionCallID (tag 56) = 1
      0039 0002 0000               // CallConnectionDeviceIDType (tag 57) = CONNECTION_ID_STATIC
      003a 0008 3130303130303300   // CallConnectionDeviceID (tag 58) "1001003"
      003d 0002 0004               // CallState (tag 61) = LCS_HOLD
    `));
  });
});
