// Call events about parties joining and leaving: CALL_SERVICE_INITIATED and CALL_ORIGINATED (a call
// placed from an agent's device: MAKE_CALL, CONSULTATION_CALL), CALL_TRANSFERRED and
// CALL_CONFERENCED (two calls merged into the primary one).
//
// [CTI-REF] = CTI Server Message Reference Guide (Protocol Version 25), UCCE 15.0(1), Application
// Level Interfaces › Client Events Service; see session.ts. Cross-checked with the Version 15 PDF
// (Tables 5-14, 5-15 for CONFERENCED / TRANSFERRED) and the Unified CCX CTI Protocol pages, whose
// layouts have the same offsets with some fields marked reserved.

import { connectedParties } from './common-fields.js';
import { UINT, USHORT, str } from './field-codecs.js';
import { count, defineMessage, opt, req } from './schema.js';
import { Tag } from './tags.js';

const head = {
  monitorId: UINT,
  peripheralId: UINT,
  peripheralType: USHORT,
  connectionDeviceIdType: USHORT,
  connectionCallId: UINT,
};

/** LineHandle … SkillGroupPriority, as in CALL_DELIVERED_EVENT. */
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
const connectionDeviceId = req(Tag.CONNECTION_DEVID_TAG, str(64));

// [CTI-REF] CALL_SERVICE_INITIATED_EVENT: "dial tone" at a device (LCS_INITIATE).
export const CALL_SERVICE_INITIATED_EVENT = defineMessage({
  name: 'CALL_SERVICE_INITIATED_EVENT',
  ref: 'Application Level Interfaces › CALL_SERVICE_INITIATED_EVENT',
  fixed: { ...head, ...attribution, callingDeviceType: USHORT, localConnectionState: USHORT, eventCause: USHORT },
  floating: { connectionDeviceId, callingDeviceId: device(Tag.CALLING_DEVID_TAG) },
});

// [CTI-REF] CALL_ORIGINATED_EVENT: the call is dialled from the connection's device.
export const CALL_ORIGINATED_EVENT = defineMessage({
  name: 'CALL_ORIGINATED_EVENT',
  ref: 'Application Level Interfaces › CALL_ORIGINATED_EVENT',
  fixed: {
    ...head, ...attribution, callingDeviceType: USHORT, calledDeviceType: USHORT, localConnectionState: USHORT, eventCause: USHORT,
  },
  floating: {
    connectionDeviceId,
    callingDeviceId: device(Tag.CALLING_DEVID_TAG),
    calledDeviceId: device(Tag.CALLED_DEVID_TAG),
  },
});

/** The primary/secondary call pair and party list that open both merge events, in wire order. */
const merged = {
  monitorId: UINT,
  peripheralId: UINT,
  peripheralType: USHORT,
  primaryDeviceIdType: USHORT,
  primaryCallId: UINT,
  lineHandle: USHORT,
  lineType: USHORT,
  skillGroupNumber: UINT,
  skillGroupId: UINT,
  skillGroupPriority: USHORT,
  numParties: count('connectedParties', USHORT),
  secondaryDeviceIdType: USHORT,
  secondaryCallId: UINT,
};

// [CTI-REF] CALL_CONFERENCED_EVENT (Table 5-14 in the Version 15 PDF, 5-13 in Version 9): the
// secondary call's parties join the primary call. Sent after any CALL_DELIVERED_EVENT of the
// secondary call.
export const CALL_CONFERENCED_EVENT = defineMessage({
  name: 'CALL_CONFERENCED_EVENT',
  ref: 'Application Level Interfaces › CALL_CONFERENCED_EVENT',
  fixed: { ...merged, controllerDeviceType: USHORT, addedPartyDeviceType: USHORT, localConnectionState: USHORT, eventCause: USHORT },
  floating: {
    primaryDeviceId: req(Tag.PRIMARY_DEVID_TAG, str(64)),
    secondaryDeviceId: req(Tag.SECONDARY_DEVID_TAG, str(64)),
    controllerDeviceId: device(Tag.CONTROLLER_DEVID_TAG),
    addedPartyDeviceId: device(Tag.ADDED_PARTY_DEVID_TAG),
    connectedParties,
  },
});

// [CTI-REF] CALL_TRANSFERRED_EVENT (Table 5-15 in the Version 15 PDF, 5-14 in Version 9): the
// transferring device leaves; the parties of the secondary call are now parties of the primary call.
export const CALL_TRANSFERRED_EVENT = defineMessage({
  name: 'CALL_TRANSFERRED_EVENT',
  ref: 'Application Level Interfaces › CALL_TRANSFERRED_EVENT',
  fixed: { ...merged, transferringDeviceType: USHORT, transferredDeviceType: USHORT, localConnectionState: USHORT, eventCause: USHORT },
  floating: {
    primaryDeviceId: req(Tag.PRIMARY_DEVID_TAG, str(64)),
    secondaryDeviceId: req(Tag.SECONDARY_DEVID_TAG, str(64)),
    transferringDeviceId: device(Tag.TRANSFERRING_DEVID_TAG),
    transferredDeviceId: device(Tag.TRANSFERRED_DEVID_TAG),
    connectedParties,
  },
});

export const CALL_PARTY_EVENT_MESSAGES = [
  CALL_SERVICE_INITIATED_EVENT, CALL_ORIGINATED_EVENT, CALL_CONFERENCED_EVENT, CALL_TRANSFERRED_EVENT,
] as const;
