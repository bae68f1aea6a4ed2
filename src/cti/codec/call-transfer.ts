// Two-call control requests: CONSULTATION_CALL, TRANSFER_CALL, CONFERENCE_CALL and their confirmations.
//
// [CTI-REF] = CTI Server Message Reference Guide (Protocol Version 25), UCCE 15.0(1), Application
// Level Interfaces › Client Control Service; see session.ts.

import { facilityCodes, newCallConf } from './call-control.js';
import { callData, connectedParties } from './common-fields.js';
import { BOOL, UINT, USHORT, str, unspec } from './field-codecs.js';
import { count, defineMessage, opt, req } from './schema.js';
import { Tag } from './tags.js';

const activeConnectionDeviceId = req(Tag.ACTIVE_CONN_DEVID_TAG, str(64));
const agentInstrument = opt(Tag.AGENT_INSTRUMENT_TAG, str(64));
const userToUserInfo = opt(Tag.UUI_TAG, unspec(131));

/** Placement options shared by the call-originating requests, in wire order after the call IDs. */
const placement = {
  callPlacementType: USHORT,
  callMannerType: USHORT,
};
const ringing = {
  alertRings: USHORT, // 0: peripheral default (typically 10 rings)
  callOption: USHORT,
  facilityType: USHORT,
  answeringMachine: USHORT,
  priority: BOOL,
  postRoute: BOOL, // "not used in Unified CCE"
  numNamedVariables: count('namedVariables', USHORT),
  numNamedArrays: count('namedArrays', USHORT),
};

// [CTI-REF] Client Control Service › CONSULTATION_CALL_REQ: hold the active call and make a new one.
export const CONSULTATION_CALL_REQ = defineMessage({
  name: 'CONSULTATION_CALL_REQ',
  ref: 'Application Level Interfaces › CONSULTATION_CALL_REQ',
  fixed: {
    invokeId: UINT,
    peripheralId: UINT,
    activeConnectionCallId: UINT,
    activeConnectionDeviceIdType: USHORT,
    ...placement,
    consultType: USHORT,
    ...ringing,
  },
  floating: {
    activeConnectionDeviceId,
    dialedNumber: req(Tag.DIALED_NUMBER_TAG, str(40)),
    agentInstrument,
    userToUserInfo,
    ...callData,
    ...facilityCodes,
  },
});

// [CTI-REF] Client Control Service › CONSULTATION_CALL_CONF.
export const CONSULTATION_CALL_CONF = defineMessage({
  name: 'CONSULTATION_CALL_CONF', ref: 'Application Level Interfaces › CONSULTATION_CALL_CONF', ...newCallConf,
});

// [CTI-REF] Client Control Service › TRANSFER_CALL_REQ. Single-step (blind) transfer: no held call,
// HeldConnectionCallID 0xFFFFFFFF, HeldConnectionDeviceIDType CONNECTION_ID_NONE, a DialedNumber.
export const TRANSFER_CALL_REQ = defineMessage({
  name: 'TRANSFER_CALL_REQ',
  ref: 'Application Level Interfaces › TRANSFER_CALL_REQ',
  fixed: {
    invokeId: UINT,
    peripheralId: UINT,
    activeConnectionCallId: UINT,
    heldConnectionCallId: UINT,
    activeConnectionDeviceIdType: USHORT,
    heldConnectionDeviceIdType: USHORT,
    ...placement,
    ...ringing,
  },
  floating: {
    activeConnectionDeviceId,
    heldConnectionDeviceId: opt(Tag.HELD_CONN_DEVID_TAG, str(64)),
    agentInstrument,
    dialedNumber: opt(Tag.DIALED_NUMBER_TAG, str(40)),
    userToUserInfo,
    ...callData,
    ...facilityCodes,
  },
});

/** TRANSFER_CALL_CONF and CONFERENCE_CALL_CONF share this layout. */
const partiesConf = {
  fixed: {
    invokeId: UINT,
    newConnectionCallId: UINT,
    newConnectionDeviceIdType: USHORT,
    numParties: count('connectedParties', USHORT),
    lineHandle: USHORT,
    lineType: USHORT,
  },
  floating: {
    newConnectionDeviceId: req(Tag.NEW_CONNECTION_DEVID_TAG, str(64)),
    connectedParties,
  },
};

// [CTI-REF] Client Control Service › TRANSFER_CALL_CONF.
export const TRANSFER_CALL_CONF = defineMessage({
  name: 'TRANSFER_CALL_CONF', ref: 'Application Level Interfaces › TRANSFER_CALL_CONF', ...partiesConf,
});

// [CTI-REF] Client Control Service › CONFERENCE_CALL_REQ: the held call comes first here.
export const CONFERENCE_CALL_REQ = defineMessage({
  name: 'CONFERENCE_CALL_REQ',
  ref: 'Application Level Interfaces › CONFERENCE_CALL_REQ',
  fixed: {
    invokeId: UINT,
    peripheralId: UINT,
    heldConnectionCallId: UINT,
    activeConnectionCallId: UINT,
    heldConnectionDeviceIdType: USHORT,
    activeConnectionDeviceIdType: USHORT,
    ...placement,
    ...ringing,
  },
  floating: {
    activeConnectionDeviceId,
    // "Either a HeldConnectionDeviceID or DialedNumber is required" (single-step conference).
    heldConnectionDeviceId: opt(Tag.HELD_CONN_DEVID_TAG, str(64)),
    agentInstrument,
    dialedNumber: opt(Tag.DIALED_NUMBER_TAG, str(40)),
    userToUserInfo,
    ...callData,
    ...facilityCodes,
  },
});

// [CTI-REF] Client Control Service › CONFERENCE_CALL_CONF.
export const CONFERENCE_CALL_CONF = defineMessage({
  name: 'CONFERENCE_CALL_CONF', ref: 'Application Level Interfaces › CONFERENCE_CALL_CONF', ...partiesConf,
});

export const CALL_TRANSFER_MESSAGES = [
  CONSULTATION_CALL_REQ, CONSULTATION_CALL_CONF, TRANSFER_CALL_REQ, TRANSFER_CALL_CONF, CONFERENCE_CALL_REQ, CONFERENCE_CALL_CONF,
] as const;
