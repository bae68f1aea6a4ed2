// Call events of the Client Events service: BEGIN_CALL, CALL_DATA_UPDATE, DELIVERED, ESTABLISHED,
// HELD, RETRIEVED, CONNECTION_CLEARED, CLEARED, END_CALL.
//
// [CTI-REF] = CTI Server Message Reference Guide (Protocol Version 25), UCCE 15.0(1), Application
// Level Interfaces › Client Events Service; see session.ts. "Call Identification" (Messaging
// Conventions): a call is its ConnectionCallID plus the ConnectionDeviceIDType and
// ConnectionDeviceID of the connection the event is about.

import { callContext, callData, callReferenceId, connectionDeviceId, ctiClients } from './common-fields.js';
import { F_UINT, UINT, USHORT, str, unspec } from './field-codecs.js';
import { count, defineMessage, opt, req } from './schema.js';
import { Tag } from './tags.js';

/** The fixed fields every call event here starts with, in wire order. */
const head = {
  monitorId: UINT,
  peripheralId: UINT,
  peripheralType: USHORT,
  connectionDeviceIdType: USHORT,
  connectionCallId: UINT,
};

/** Service and skill group attribution of CALL_DELIVERED_EVENT and CALL_ESTABLISHED_EVENT. */
const attribution = {
  lineHandle: USHORT,
  lineType: USHORT,
  serviceNumber: UINT,
  serviceId: UINT,
  skillGroupNumber: UINT,
  skillGroupId: UINT,
  skillGroupPriority: USHORT,
};

const device = (tag: number) => opt(tag, str(64));
const trunks = {
  trunkNumber: opt(Tag.TRUNK_NUMBER_TAG, F_UINT),
  trunkGroupNumber: opt(Tag.TRUNK_GROUP_NUMBER_TAG, F_UINT),
};

// [CTI-REF] BEGIN_CALL_EVENT: the first event of every call, with its initial call context.
export const BEGIN_CALL_EVENT = defineMessage({
  name: 'BEGIN_CALL_EVENT',
  ref: 'Application Level Interfaces › BEGIN_CALL_EVENT',
  fixed: {
    monitorId: UINT,
    peripheralId: UINT,
    peripheralType: USHORT,
    numCtiClients: count('ctiClients', USHORT),
    numNamedVariables: count('namedVariables', USHORT),
    numNamedArrays: count('namedArrays', USHORT),
    callType: USHORT,
    connectionDeviceIdType: USHORT,
    connectionCallId: UINT,
    calledPartyDisposition: USHORT,
  },
  floating: {
    connectionDeviceId,
    ...callContext,
    // The Tag Values table lists ANI_II_TAG for BEGIN_CALL_EVENT; see CALL_DELIVERED_EVENT for its size.
    aniII: opt(Tag.ANI_II_TAG, str(3)),
    ctiClients,
    callReferenceId,
  },
});

// [CTI-REF] END_CALL_EVENT: the client is no longer associated with the call.
export const END_CALL_EVENT = defineMessage({
  name: 'END_CALL_EVENT',
  ref: 'Application Level Interfaces › END_CALL_EVENT',
  fixed: { ...head },
  floating: { connectionDeviceId },
});

// [CTI-REF] CALL_DATA_UPDATE_EVENT: changed call context; "the message always contains all ECC
// variables that are associated with the call" (Version 22 behaviour).
export const CALL_DATA_UPDATE_EVENT = defineMessage({
  name: 'CALL_DATA_UPDATE_EVENT',
  ref: 'Application Level Interfaces › CALL_DATA_UPDATE_EVENT',
  fixed: {
    monitorId: UINT,
    peripheralId: UINT,
    peripheralType: USHORT,
    numCtiClients: count('ctiClients', USHORT),
    numNamedVariables: count('namedVariables', USHORT),
    numNamedArrays: count('namedArrays', USHORT),
    callType: USHORT,
    connectionDeviceIdType: USHORT,
    connectionCallId: UINT,
    newConnectionDeviceIdType: USHORT,
    newConnectionCallId: UINT,
    calledPartyDisposition: USHORT,
    campaignId: UINT,
    queryRuleId: UINT,
  },
  floating: {
    connectionDeviceId,
    newConnectionDeviceId: req(Tag.NEW_CONNECTION_DEVID_TAG, str(64)),
    ...callContext,
    customerPhoneNumber: opt(Tag.CUSTOMER_PHONE_NUMBER_TAG, str(20)),
    customerAccountNumber: opt(Tag.CUSTOMER_ACCOUNT_NUMBER_TAG, str(32)),
    ctiClients,
    callReferenceId,
  },
});

// [CTI-REF] CALL_DELIVERED_EVENT: a call alerts at the agent's phone (LocalConnectionState
// LCS_ALERTING), or an inbound ACD trunk is seized (All Events service).
export const CALL_DELIVERED_EVENT = defineMessage({
  name: 'CALL_DELIVERED_EVENT',
  ref: 'Application Level Interfaces › CALL_DELIVERED_EVENT',
  fixed: {
    ...head,
    ...attribution,
    alertingDeviceType: USHORT,
    callingDeviceType: USHORT,
    calledDeviceType: USHORT,
    lastRedirectDeviceType: USHORT,
    localConnectionState: USHORT,
    eventCause: USHORT,
    numNamedVariables: count('namedVariables', USHORT),
    numNamedArrays: count('namedArrays', USHORT),
  },
  floating: {
    connectionDeviceId,
    alertingDeviceId: device(Tag.ALERTING_DEVID_TAG),
    callingDeviceId: device(Tag.CALLING_DEVID_TAG),
    calledDeviceId: device(Tag.CALLED_DEVID_TAG),
    lastRedirectDeviceId: device(Tag.LAST_REDIRECT_DEVID_TAG),
    ...trunks,
    secondaryConnectionCallId: opt(Tag.SECONDARY_CONNECTION_CALL_ID, F_UINT),
    ani: opt(Tag.ANI_TAG, str(40)),
    // COMPAT: the guide sizes ANI_II "STRING 2", which leaves one digit beside the NUL; ANI II
    // digits are two, so three bytes are accepted.
    aniII: opt(Tag.ANI_II_TAG, str(3)),
    userToUserInfo: opt(Tag.UUI_TAG, unspec(131)),
    dnis: opt(Tag.DNIS_TAG, str(32)),
    dialedNumber: opt(Tag.DIALED_NUMBER_TAG, str(40)),
    callerEnteredDigits: opt(Tag.CED_TAG, str(40)),
    ...callData,
  },
});

// [CTI-REF] CALL_ESTABLISHED_EVENT: the call is answered at the agent's phone.
export const CALL_ESTABLISHED_EVENT = defineMessage({
  name: 'CALL_ESTABLISHED_EVENT',
  ref: 'Application Level Interfaces › CALL_ESTABLISHED_EVENT',
  fixed: {
    ...head,
    ...attribution,
    answeringDeviceType: USHORT,
    callingDeviceType: USHORT,
    calledDeviceType: USHORT,
    lastRedirectDeviceType: USHORT,
    localConnectionState: USHORT,
    eventCause: USHORT,
  },
  floating: {
    connectionDeviceId,
    answeringDeviceId: device(Tag.ANSWERING_DEVID_TAG),
    callingDeviceId: device(Tag.CALLING_DEVID_TAG),
    calledDeviceId: device(Tag.CALLED_DEVID_TAG),
    lastRedirectDeviceId: device(Tag.LAST_REDIRECT_DEVID_TAG),
    ...trunks,
  },
});

// [CTI-REF] CALL_HELD_EVENT.
export const CALL_HELD_EVENT = defineMessage({
  name: 'CALL_HELD_EVENT',
  ref: 'Application Level Interfaces › CALL_HELD_EVENT',
  fixed: { ...head, holdingDeviceType: USHORT, localConnectionState: USHORT, eventCause: USHORT },
  floating: { connectionDeviceId, holdingDeviceId: device(Tag.HOLDING_DEVID_TAG) },
});

// [CTI-REF] CALL_RETRIEVED_EVENT.
export const CALL_RETRIEVED_EVENT = defineMessage({
  name: 'CALL_RETRIEVED_EVENT',
  ref: 'Application Level Interfaces › CALL_RETRIEVED_EVENT',
  fixed: { ...head, retrievingDeviceType: USHORT, localConnectionState: USHORT, eventCause: USHORT },
  floating: { connectionDeviceId, retrievingDeviceId: device(Tag.RETRIEVING_DEVID_TAG) },
});

// [CTI-REF] CALL_CONNECTION_CLEARED_EVENT: one party drops ("does not reliably indicate which
// party hung up first").
export const CALL_CONNECTION_CLEARED_EVENT = defineMessage({
  name: 'CALL_CONNECTION_CLEARED_EVENT',
  ref: 'Application Level Interfaces › CALL_CONNECTION_CLEARED_EVENT',
  fixed: { ...head, releasingDeviceType: USHORT, localConnectionState: USHORT, eventCause: USHORT },
  floating: { connectionDeviceId, releasingDeviceId: device(Tag.RELEASING_DEVID_TAG) },
});

// [CTI-REF] CALL_CLEARED_EVENT: the call is over, usually when the last device disconnects.
export const CALL_CLEARED_EVENT = defineMessage({
  name: 'CALL_CLEARED_EVENT',
  ref: 'Application Level Interfaces › CALL_CLEARED_EVENT',
  fixed: { ...head, localConnectionState: USHORT, eventCause: USHORT },
  floating: { connectionDeviceId },
});

export const CALL_EVENT_MESSAGES = [
  BEGIN_CALL_EVENT, END_CALL_EVENT, CALL_DATA_UPDATE_EVENT, CALL_DELIVERED_EVENT, CALL_ESTABLISHED_EVENT,
  CALL_HELD_EVENT, CALL_RETRIEVED_EVENT, CALL_CONNECTION_CLEARED_EVENT, CALL_CLEARED_EVENT,
] as const;
