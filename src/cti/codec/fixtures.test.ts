// Byte fixtures built by hand from the documented layouts (CTI Server Message Reference Guide,
// Protocol Version 25 / 24), one field per line, then checked both ways: the encoder must produce
// exactly these bytes and the decoder must read them back into the same message.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hex } from '../../../test/fixtures/cti/hex.js';
import { decodeMessage, encodeMessage, type CtiMessage } from './index.js';

function frameOf(bytes: Buffer): { type: number; body: Buffer } {
  assert.equal(bytes.readUInt32BE(0), bytes.length - 8, 'MessageLength excludes the 8-byte header');
  return { type: bytes.readUInt32BE(4), body: bytes.subarray(8) };
}

function bothWays(msg: CtiMessage, bytes: Buffer): void {
  assert.equal(encodeMessage(msg).toString('hex'), bytes.toString('hex'));
  const decoded = decodeMessage(frameOf(bytes));
  assert.ok(decoded.ok, decoded.ok ? '' : `${decoded.error}: ${decoded.text}`);
  assert.deepEqual(decoded.value, msg);
}

describe('hand-built CTI byte fixtures', () => {
  it('HEARTBEAT_REQ', () => {
    bothWays({ type: 'HEARTBEAT_REQ', invokeId: 7 }, hex(`
      00000004  // MessageLength = 4
      00000005  // MessageType = 5 (HEARTBEAT_REQ)
      00000007  // InvokeID = 7
    `));
  });

  it('FAILURE_CONF (InvokeID, Status UINT, optional Text)', () => {
    bothWays({ type: 'FAILURE_CONF', invokeId: 258, status: 36, text: 'denied' }, hex(`
      00000013          // MessageLength = 19
      00000001          // MessageType = 1 (FAILURE_CONF)
      00000102          // InvokeID = 258
      00000024          // Status = 36 (E_CTI_INVALID_PASSWORD)
      0007 0007         // Tag TEXT_TAG (7), FieldLength 7
      64656e69656400    // "denied" NUL
    `));
  });

  it('OPEN_REQ (ALL_EVENTS client, empty password)', () => {
    const msg: CtiMessage = {
      type: 'OPEN_REQ', invokeId: 1, versionNumber: 24, idleTimeout: 120, peripheralId: 0xffffffff,
      servicesRequested: 0x16, callMsgMask: 0xe07d, agentStateMask: 0x3fff, configMsgMask: 0,
      clientId: 'parley', clientPassword: Buffer.alloc(0), clientSignature: 'parley-1',
    };
    bothWays(msg, hex(`
      00000048  // MessageLength = 72 (44 fixed + 28 floating)
      00000003  // MessageType = 3 (OPEN_REQ)
      00000001  // InvokeID = 1
      00000018  // VersionNumber = 24
      00000078  // IdleTimeout = 120 s
      ffffffff  // PeripheralID = none (not a Client Events session)
      00000016  // ServicesRequested = CALL_DATA_UPDATE 0x02 | CLIENT_CONTROL 0x04 | ALL_EVENTS 0x10
      0000e07d  // CallMsgMask = DELIVERED|ESTABLISHED|HELD|RETRIEVED|CLEARED|CONNECTION_CLEARED|BEGIN|END|DATA_UPDATE
      00003fff  // AgentStateMask = all 14 masks
      00000000  // ConfigMsgMask
      00000000  // Reserved1
      00000000  // Reserved2
      00000000  // Reserved3
      0001 0007 7061726c657900        // ClientID (tag 1) "parley" NUL
      0002 0000                       // ClientPassword (tag 2), length zero
      0003 0009 7061726c65792d3100    // ClientSignature (tag 3) "parley-1" NUL
    `));
  });

  it('OPEN_CONF (Version 24: DepartmentID, SessionType; one peripheral)', () => {
    const msg: CtiMessage = {
      type: 'OPEN_CONF', invokeId: 1, servicesGranted: 0x16, monitorId: 0, pgStatus: 0,
      icmCentralControllerTime: 1497638824, peripheralOnline: true, peripheralType: 17, agentState: 9,
      departmentId: 0, sessionType: 1, numPeripherals: 1, peripherals: [{ peripheralId: 5000, multilineAgentControl: 0 }],
    };
    bothWays(msg, hex(`
      00000034  // MessageLength = 52 (32 fixed + 20 floating)
      00000004  // MessageType = 4 (OPEN_CONF)
      00000001  // InvokeID = 1
      00000016  // ServicesGranted
      00000000  // MonitorID
      00000000  // PGStatus = 0 (healthy)
      594427a8  // ICMCentralControllerTime = 1497638824 (2017-06-16T18:47:04Z)
      0001      // PeripheralOnline = TRUE (BOOL, 2 bytes)
      0011      // PeripheralType = 17 (PT_ENTERPRISE_AGENT)
      0009      // AgentState = 9 (UNKNOWN)
      00000000  // DepartmentID = 0
      0001      // SessionType = 1 (active)
      00e4 0002 0001        // NumPeripherals (tag 228) = 1
      00d0 0004 00001388    // FltPeripheralID (tag 208) = 5000
      00e0 0002 0000        // MultilineAgentControl (tag 224) = 0, single line
    `));
  });

  it("SET_AGENT_STATE_REQ with seed 000's forced logout (reason 255, force flag 1)", () => {
    // "Invoke id :39 , agentstate : 1, workmode : 0, reason code: 255, forceflag :1, agentcapacity: 1,
    //  agentext: 1001003, agentid: 1001003" (PeripheralID 5000 is ours: the log does not show it).
    const msg: CtiMessage = {
      type: 'SET_AGENT_STATE_REQ', invokeId: 39, peripheralId: 5000, agentState: 1, agentWorkMode: 0,
      eventReasonCode: 255, forcedFlag: 1, agentServiceReq: 1, agentInstrument: '1001003', agentId: '1001003',
    };
    bothWays(msg, hex(`
      0000002d  // MessageLength = 45 (21 fixed + 24 floating)
      00000026  // MessageType = 38 (SET_AGENT_STATE_REQ)
      00000027  // InvokeID = 39
      00001388  // PeripheralID = 5000
      0001      // AgentState = 1 (AGENT_STATE_LOGOUT)
      0000      // AgentWorkMode = 0 (AWM_UNSPECIFIED)
      0000      // NumSkillGroups = 0
      00ff      // EventReasonCode = 255
      01        // ForcedFlag = 1 (UCHAR)
      00000001  // AgentServiceReq = 1 ("agentcapacity" in the Finesse log)
      0006 0008 3130303130303300    // AgentInstrument (tag 6) "1001003" NUL
      0005 0008 3130303130303300    // AgentID (tag 5) "1001003" NUL
    `));
  });

  it("AGENT_STATE_EVENT with seed 000's values (msgID=30)", () => {
    // skillGroupState=1 (LOGOUT), stateDuration=0, skillGroupNumber=-1, skillGroupPriority=0,
    // agentState=1 (LOGOUT), eventReasonCode=255, numFltSkillGroups=0, agentID=1001003,
    // agentExtension=1001003, agentID_Long=1001003, MRDId=1, agentMode=0. Values the log does not show
    // (peripheral, ICM agent ID, task limit…) are ours.
    const msg: CtiMessage = {
      type: 'AGENT_STATE_EVENT', monitorId: 0, peripheralId: 5000, sessionId: 0, peripheralType: 17,
      skillGroupState: 1, stateDuration: 0, skillGroupNumber: 0xffffffff, skillGroupId: 0xffffffff,
      skillGroupPriority: 0, agentState: 1, eventReasonCode: 255, mrdId: 1, numTasks: 0, agentMode: 0,
      maxTaskLimit: 1, icmAgentId: 5001, agentAvailabilityStatus: 0, departmentId: 0,
      agentId: '1001003', agentExtension: '1001003', agentIdLong: '1001003',
    };
    bothWays(msg, hex(`
      00000062  // MessageLength = 98 (62 fixed + 36 floating)
      0000001e  // MessageType = 30 (AGENT_STATE_EVENT)
      00000000  // MonitorID = 0 (All Events)
      00001388  // PeripheralID = 5000
      00000000  // SessionID = 0
      0011      // PeripheralType = 17
      0001      // SkillGroupState = 1 (LOGOUT)
      00000000  // StateDuration = 0
      ffffffff  // SkillGroupNumber = NULL_SKILL_GROUP (logged as -1)
      ffffffff  // SkillGroupID = NULL_SKILL_GROUP
      0000      // SkillGroupPriority = 0
      0001      // AgentState = 1 (LOGOUT)
      00ff      // EventReasonCode = 255
      00000001  // MRDID = 1
      00000000  // NumTasks = 0
      0000      // AgentMode = 0 (not routable)
      00000001  // MaxTaskLimit = 1
      00001389  // ICMAgentID = 5001
      00000000  // AgentAvailabilityStatus = 0
      0000      // NumFltSkillGroups = 0
      00000000  // DepartmentID = 0
      0005 0008 3130303130303300    // AgentID (tag 5) "1001003" NUL
      0004 0008 3130303130303300    // AgentExtension (tag 4) "1001003" NUL
      00c2 0008 3130303130303300    // AGENT_ID_LONG_TAG (194) "1001003" NUL
    `));
  });

  const delivered: CtiMessage = {
    type: 'CALL_DELIVERED_EVENT', monitorId: 0, peripheralId: 5000, peripheralType: 17, connectionDeviceIdType: 0,
    connectionCallId: 16777217, lineHandle: 0, lineType: 0, serviceNumber: 0xffffffff, serviceId: 0xffffffff,
    skillGroupNumber: 10, skillGroupId: 5005, skillGroupPriority: 0, alertingDeviceType: 0, callingDeviceType: 75,
    calledDeviceType: 0, lastRedirectDeviceType: 0xffff, localConnectionState: 2, eventCause: 0xffff,
    connectionDeviceId: '1001003', alertingDeviceId: '1001003', callingDeviceId: '6125551234',
    calledDeviceId: '8005550100', ani: '6125551234', dnis: '8005550100', callVariable1: 'acct=42',
    namedVariables: [{ name: 'user.cust.id', value: '42' }],
  };
  const deliveredFixed = `
    000000aa  // MessageLength = 170 (54 fixed + 116 floating)
    00000009  // MessageType = 9 (CALL_DELIVERED_EVENT)
    00000000  // MonitorID
    00001388  // PeripheralID = 5000
    0011      // PeripheralType = 17
    0000      // ConnectionDeviceIDType = CONNECTION_ID_STATIC
    01000001  // ConnectionCallID = 16777217
    0000      // LineHandle = 0
    0000      // LineType = LINETYPE_INBOUND_ACD
    ffffffff  // ServiceNumber = NULL_SERVICE
    ffffffff  // ServiceID = NULL_SERVICE
    0000000a  // SkillGroupNumber = 10
    0000138d  // SkillGroupID = 5005
    0000      // SkillGroupPriority = 0
    0000      // AlertingDeviceType = DEVID_DEVICE_IDENTIFIER
    004b      // CallingDeviceType = DEVID_EXTERNAL (75)
    0000      // CalledDeviceType = DEVID_DEVICE_IDENTIFIER
    ffff      // LastRedirectDeviceType = DEVID_NONE
    0002      // LocalConnectionState = LCS_ALERTING
    ffff      // EventCause = CEC_NONE
    0001      // NumNamedVariables = 1
    0000      // NumNamedArrays = 0
  `;

  it('CALL_DELIVERED_EVENT (device IDs, ANI, DNIS, a call variable, an ECC variable)', () => {
    bothWays(delivered, hex(`${deliveredFixed}
      0019 0008 3130303130303300          // ConnectionDeviceID (tag 25) "1001003"
      001a 0008 3130303130303300          // AlertingDeviceID (tag 26) "1001003"
      001b 000b 3631323535353132333400    // CallingDeviceID (tag 27) "6125551234"
      001c 000b 3830303535353031303000    // CalledDeviceID (tag 28) "8005550100"
      0008 000b 3631323535353132333400    // ANI (tag 8) "6125551234"
      000a 000b 3830303535353031303000    // DNIS (tag 10) "8005550100"
      000d 0008 616363743d343200          // CallVariable1 (tag 13) "acct=42"
      0052 0010 757365722e637573742e696400 343200   // NamedVariable (tag 82) "user.cust.id" NUL "42" NUL
    `));
  });

  it('reads floating fields in any order', () => {
    const shuffled = hex(`${deliveredFixed}
      0052 0010 757365722e637573742e696400 343200   // NamedVariable first
      000a 000b 3830303535353031303000    // DNIS
      001c 000b 3830303535353031303000    // CalledDeviceID
      0019 0008 3130303130303300          // ConnectionDeviceID
      000d 0008 616363743d343200          // CallVariable1
      0008 000b 3631323535353132333400    // ANI
      001b 000b 3631323535353132333400    // CallingDeviceID
      001a 0008 3130303130303300          // AlertingDeviceID
    `);
    const decoded = decodeMessage(frameOf(shuffled));
    assert.ok(decoded.ok);
    assert.deepEqual(decoded.value, delivered);
  });
});
