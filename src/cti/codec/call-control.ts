// Call control requests and their confirmations: SET_CALL_DATA, ANSWER_CALL, HOLD_CALL,
// RETRIEVE_CALL, CLEAR_CONNECTION, MAKE_CALL. Consult, transfer and conference are in call-transfer.ts.
//
// [CTI-REF] = CTI Server Message Reference Guide (Protocol Version 25), UCCE 15.0(1), Application
// Level Interfaces › Call Data Update Service and › Client Control Service; see session.ts. A
// failed request is answered with CONTROL_FAILURE_CONF (failures.ts) instead of its CONF.

import { callData, connectionDeviceId } from './common-fields.js';
import { BOOL, F_UCHAR, F_UINT, F_USHORT, UINT, USHORT, str, unspec } from './field-codecs.js';
import { count, defineMessage, opt, req } from './schema.js';
import { Tag } from './tags.js';

const agentInstrument = opt(Tag.AGENT_INSTRUMENT_TAG, str(64));
const invokeOnly = { invokeId: UINT };

/** Facility, authorization and account codes of the call-originating requests (each STRING 40). */
export const facilityCodes = {
  facilityCode: opt(Tag.FACILITY_CODE_TAG, str(40)),
  authorizationCode: opt(Tag.AUTHORIZATION_CODE_TAG, str(40)),
  accountCode: opt(Tag.ACCOUNT_CODE_TAG, str(40)),
};

// [CTI-REF] Call Data Update Service › SET_CALL_DATA_REQ. Variables not provided are not changed.
export const SET_CALL_DATA_REQ = defineMessage({
  name: 'SET_CALL_DATA_REQ',
  ref: 'Application Level Interfaces › SET_CALL_DATA_REQ',
  fixed: {
    invokeId: UINT,
    peripheralId: UINT,
    connectionDeviceIdType: USHORT,
    connectionCallId: UINT,
    numNamedVariables: count('namedVariables', USHORT),
    numNamedArrays: count('namedArrays', USHORT),
    callType: USHORT,
    calledPartyDisposition: USHORT,
    campaignId: UINT,
    queryRuleId: UINT,
  },
  floating: {
    connectionDeviceId,
    ani: opt(Tag.ANI_TAG, str(40)),
    userToUserInfo: opt(Tag.UUI_TAG, unspec(131)),
    callerEnteredDigits: opt(Tag.CED_TAG, str(40)),
    ...callData,
    customerPhoneNumber: opt(Tag.CUSTOMER_PHONE_NUMBER_TAG, str(20)),
    customerAccountNumber: opt(Tag.CUSTOMER_ACCOUNT_NUMBER_TAG, str(32)),
    routerCallKeyDay: opt(Tag.ROUTER_CALL_KEY_DAY_TAG, F_UINT),
    routerCallKeyCallId: opt(Tag.ROUTER_CALL_KEY_CALLID_TAG, F_UINT),
    routerCallKeySequenceNumber: opt(Tag.ROUTER_CALL_KEY_SEQUENCE_NUM_TAG, F_UINT),
    callOriginatedFrom: opt(Tag.CALL_ORIGINATED_FROM_TAG, F_UCHAR), // dialer only: 'D'
  },
});
export const SET_CALL_DATA_CONF = defineMessage({
  name: 'SET_CALL_DATA_CONF', ref: 'Application Level Interfaces › SET_CALL_DATA_CONF', fixed: invokeOnly, floating: {},
});

// [CTI-REF] Client Control Service › ANSWER_CALL_REQ. ConnectionCallID may be 0xFFFFFFFF when the
// alerting call's ID is not known.
export const ANSWER_CALL_REQ = defineMessage({
  name: 'ANSWER_CALL_REQ',
  ref: 'Application Level Interfaces › ANSWER_CALL_REQ',
  fixed: { invokeId: UINT, peripheralId: UINT, connectionCallId: UINT, connectionDeviceIdType: USHORT },
  floating: { connectionDeviceId, agentInstrument },
});
export const ANSWER_CALL_CONF = defineMessage({
  name: 'ANSWER_CALL_CONF', ref: 'Application Level Interfaces › ANSWER_CALL_CONF', fixed: invokeOnly, floating: {},
});

// [CTI-REF] Client Control Service › HOLD_CALL_REQ.
export const HOLD_CALL_REQ = defineMessage({
  name: 'HOLD_CALL_REQ',
  ref: 'Application Level Interfaces › HOLD_CALL_REQ',
  fixed: { invokeId: UINT, peripheralId: UINT, connectionCallId: UINT, connectionDeviceIdType: USHORT, reservation: BOOL },
  floating: { connectionDeviceId, agentInstrument },
});
export const HOLD_CALL_CONF = defineMessage({
  name: 'HOLD_CALL_CONF', ref: 'Application Level Interfaces › HOLD_CALL_CONF', fixed: invokeOnly, floating: {},
});

// [CTI-REF] Client Control Service › RETRIEVE_CALL_REQ.
export const RETRIEVE_CALL_REQ = defineMessage({
  name: 'RETRIEVE_CALL_REQ',
  ref: 'Application Level Interfaces › RETRIEVE_CALL_REQ',
  fixed: { invokeId: UINT, peripheralId: UINT, heldConnectionCallId: UINT, heldConnectionDeviceIdType: USHORT },
  floating: { heldConnectionDeviceId: req(Tag.HELD_CONN_DEVID_TAG, str(64)), agentInstrument },
});
export const RETRIEVE_CALL_CONF = defineMessage({
  name: 'RETRIEVE_CALL_CONF', ref: 'Application Level Interfaces › RETRIEVE_CALL_CONF', fixed: invokeOnly, floating: {},
});

// [CTI-REF] Client Control Service › CLEAR_CONNECTION_REQ. The guide's table prints
// "RequestingDeviceIDType (optional) USHORT" among the fixed fields, but a fixed field cannot be
// optional, the Version 14 change list adds RequestingDeviceID and RequestingDeviceIDType as
// "optional parms", and the Tag Values table gives both a tag (219, 220) for this request: it is
// decoded and encoded as a floating field here.
export const CLEAR_CONNECTION_REQ = defineMessage({
  name: 'CLEAR_CONNECTION_REQ',
  ref: 'Application Level Interfaces › CLEAR_CONNECTION_REQ',
  fixed: { invokeId: UINT, peripheralId: UINT, connectionCallId: UINT, connectionDeviceIdType: USHORT },
  floating: {
    connectionDeviceId,
    agentInstrument,
    requestingDeviceIdType: opt(Tag.REQUESTING_DEVICE_ID_TYPE_TAG, F_USHORT),
    requestingDeviceId: opt(Tag.REQUESTING_DEVICE_ID_TAG, str(64)),
  },
});
export const CLEAR_CONNECTION_CONF = defineMessage({
  name: 'CLEAR_CONNECTION_CONF', ref: 'Application Level Interfaces › CLEAR_CONNECTION_CONF', fixed: invokeOnly, floating: {},
});

// [CTI-REF] Client Control Service › MAKE_CALL_REQ (SkillGroupNumber since Version 14).
export const MAKE_CALL_REQ = defineMessage({
  name: 'MAKE_CALL_REQ',
  ref: 'Application Level Interfaces › MAKE_CALL_REQ',
  fixed: {
    invokeId: UINT,
    peripheralId: UINT,
    callPlacementType: USHORT,
    callMannerType: USHORT,
    alertRings: USHORT,
    callOption: USHORT,
    facilityType: USHORT,
    answeringMachine: USHORT,
    priority: BOOL,
    postRoute: BOOL,
    numNamedVariables: count('namedVariables', USHORT),
    numNamedArrays: count('namedArrays', USHORT),
    skillGroupNumber: UINT,
  },
  floating: {
    agentInstrument: req(Tag.AGENT_INSTRUMENT_TAG, str(64)),
    dialedNumber: req(Tag.DIALED_NUMBER_TAG, str(40)),
    userToUserInfo: opt(Tag.UUI_TAG, unspec(131)),
    ...callData,
    ...facilityCodes,
    callControlTable: opt(Tag.CALL_CONTROL_TABLE_TAG, str(4)), // CCT, for CPT_OUTBOUND
  },
});

/** MAKE_CALL_CONF and CONSULTATION_CALL_CONF share this layout. */
export const newCallConf = {
  fixed: { invokeId: UINT, newConnectionCallId: UINT, newConnectionDeviceIdType: USHORT, lineHandle: USHORT, lineType: USHORT },
  floating: { newConnectionDeviceId: req(Tag.NEW_CONNECTION_DEVID_TAG, str(64)) },
};

// [CTI-REF] Client Control Service › MAKE_CALL_CONF.
export const MAKE_CALL_CONF = defineMessage({ name: 'MAKE_CALL_CONF', ref: 'Application Level Interfaces › MAKE_CALL_CONF', ...newCallConf });

export const CALL_CONTROL_MESSAGES = [
  SET_CALL_DATA_REQ, SET_CALL_DATA_CONF, ANSWER_CALL_REQ, ANSWER_CALL_CONF, HOLD_CALL_REQ, HOLD_CALL_CONF,
  RETRIEVE_CALL_REQ, RETRIEVE_CALL_CONF, CLEAR_CONNECTION_REQ, CLEAR_CONNECTION_CONF, MAKE_CALL_REQ, MAKE_CALL_CONF,
] as const;
