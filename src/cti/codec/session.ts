// Session messages: open, heartbeat, close, and the PG status broadcast SYSTEM_EVENT.
//
// [CTI-REF] = CTI Server Message Reference Guide (Protocol Version 25) for Cisco Unified Contact
// Center Enterprise, Release 15.0(1), cross-checked with the Protocol Version 24 guide (12.6(1)) and
// the Unified CCX CTI Protocol pages on developer.cisco.com. The HTML guides do not number their
// tables, so layouts cite chapter › table; PDF table numbers of older editions are given where known.

import { BOOL, F_INT, F_UINT, F_USHORT, INT, TIME, UINT, USHORT, str, unspec } from './field-codecs.js';
import { defineMessage, group, opt, req, reserved } from './schema.js';
import { Tag } from './tags.js';

/** Protocol version this codec implements (OPEN_REQ VersionNumber). Layouts below are Version 24's. */
export const PROTOCOL_VERSION = 24;

// [CTI-REF] Session Management › OPEN_REQ Message (Table 4-2 in the Version 15 PDF).
export const OPEN_REQ = defineMessage({
  name: 'OPEN_REQ',
  ref: 'Session Management › OPEN_REQ Message',
  fixed: {
    invokeId: UINT,
    versionNumber: UINT,
    idleTimeout: UINT, // seconds; 0xFFFFFFFF when the client sends no HEARTBEAT_REQ
    peripheralId: UINT, // 0xFFFFFFFF unless Client Events service
    servicesRequested: UINT, // ServiceMask bits
    callMsgMask: UINT, // CallMsgMask bits
    agentStateMask: UINT, // AgentStateMask bits
    configMsgMask: UINT,
    reserved1: reserved(UINT),
    reserved2: reserved(UINT),
    reserved3: reserved(UINT),
  },
  floating: {
    clientId: req(Tag.CLIENT_ID_TAG, str(64)),
    // "This field must be present even if authentication is not being used (it may be of length zero)."
    clientPassword: req(Tag.CLIENT_PASSWORD_TAG, unspec(64)),
    clientSignature: opt(Tag.CLIENT_SIGNATURE_TAG, str(64)),
    agentExtension: opt(Tag.AGENT_EXTENSION_TAG, str(16)),
    agentId: opt(Tag.AGENT_ID_TAG, str(12)),
    agentInstrument: opt(Tag.AGENT_INSTRUMENT_TAG, str(64)),
    applicationPathId: opt(Tag.APP_PATH_ID_TAG, F_INT),
    // The Tag Values table lists AGENT_ID_LONG_TAG for OPEN_REQ; size as in the CCX guide (129).
    agentIdLong: opt(Tag.AGENT_ID_LONG_TAG, str(129)),
    // UniqueInstanceID (Version 24, STRING 64) is left out: the Tag Values table gives no tag for it.
  },
});

// [CTI-REF] Session Management › OPEN_CONF Message. SessionType arrived with active/standby CTI
// servers (Version 24); DepartmentID with Version 19.
export const OPEN_CONF = defineMessage({
  name: 'OPEN_CONF',
  ref: 'Session Management › OPEN_CONF Message',
  fixed: {
    invokeId: UINT,
    servicesGranted: UINT,
    monitorId: UINT,
    pgStatus: UINT, // PGStatus bits; non-zero means degraded
    icmCentralControllerTime: TIME,
    peripheralOnline: BOOL,
    peripheralType: USHORT,
    agentState: USHORT, // Client Events service only
    departmentId: INT,
    sessionType: USHORT, // SessionType: 0 unknown, 1 active, 2 standby
  },
  floating: {
    agentExtension: opt(Tag.AGENT_EXTENSION_TAG, str(16)),
    agentId: opt(Tag.AGENT_ID_TAG, str(12)),
    agentInstrument: opt(Tag.AGENT_INSTRUMENT_TAG, str(64)),
    agentIdLong: opt(Tag.AGENT_ID_LONG_TAG, str(129)),
    numPeripherals: opt(Tag.NUM_PERIPHERALS_TAG, F_USHORT),
    // FltPeripheralID / MultilineAgentControl pairs. The guide names no tag for FltPeripheralID;
    // PERIPHERAL_ID_TAG (208) is inferred. MULTI_LINE_AGENT_CONTROL_TAG (224) lists OPEN_CONF.
    peripherals: group(100, {
      peripheralId: req(Tag.PERIPHERAL_ID_TAG, F_UINT),
      multilineAgentControl: opt(Tag.MULTI_LINE_AGENT_CONTROL_TAG, F_USHORT),
    }),
  },
});

// [CTI-REF] Session Management › Session Maintenance: HEARTBEAT_REQ and HEARTBEAT_CONF tables.
export const HEARTBEAT_REQ = defineMessage({
  name: 'HEARTBEAT_REQ', ref: 'Session Management › HEARTBEAT_REQ message', fixed: { invokeId: UINT }, floating: {},
});
export const HEARTBEAT_CONF = defineMessage({
  name: 'HEARTBEAT_CONF', ref: 'Session Management › HEARTBEAT_CONF message', fixed: { invokeId: UINT }, floating: {},
});

// [CTI-REF] Session Management › Session Termination: CLOSE_REQ (Status: E_CTI_NO_ERROR,
// E_CTI_CTI_SERVER_OFFLINE or E_CTI_TIMEOUT) and CLOSE_CONF tables.
export const CLOSE_REQ = defineMessage({
  name: 'CLOSE_REQ', ref: 'Session Management › CLOSE_REQ message', fixed: { invokeId: UINT, status: UINT }, floating: {},
});
export const CLOSE_CONF = defineMessage({
  name: 'CLOSE_CONF', ref: 'Session Management › CLOSE_CONF message', fixed: { invokeId: UINT }, floating: {},
});

// [CTI-REF] Application Level Interfaces › Miscellaneous Service › SYSTEM_EVENT. Peripheral
// online/offline: SystemEventID SYS_PERIPHERAL_ONLINE (3) / SYS_PERIPHERAL_OFFLINE (4), with the
// PeripheralID in SystemEventArg1.
export const SYSTEM_EVENT = defineMessage({
  name: 'SYSTEM_EVENT',
  ref: 'Application Level Interfaces › SYSTEM_EVENT',
  fixed: {
    pgStatus: UINT,
    icmCentralControllerTime: TIME,
    systemEventId: UINT,
    systemEventArg1: UINT,
    systemEventArg2: UINT,
    systemEventArg3: UINT,
    eventDeviceType: USHORT, // DeviceIDType; DEVID_NONE without EventDeviceID
  },
  floating: {
    text: opt(Tag.TEXT_TAG, str(255)),
    eventDeviceId: opt(Tag.EVENT_DEVICE_ID_TAG, str(64)),
  },
});

export const SESSION_MESSAGES = [OPEN_REQ, OPEN_CONF, HEARTBEAT_REQ, HEARTBEAT_CONF, CLOSE_REQ, CLOSE_CONF, SYSTEM_EVENT] as const;
