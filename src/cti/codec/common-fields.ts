// Floating fields that many layouts share: the call context (ANI, DNIS, call variables, ECC
// variables), the CTI client history and the conference party list. Spread into layouts.
//
// Maximum sizes from the message tables of the Application Level Interfaces chapter (Protocol
// Version 25 guide): ANI 40, UserToUserInfo 131 (UNSPEC), DNIS 32, DialedNumber 40,
// CallerEnteredDigits 40, CallVariable1…10 41, CallWrapupData 40, NAMEDVAR 251, NAMEDARRAY 252,
// CTIClientSignature 64, ConnectedPartyDeviceID 64, CallReferenceID 32 (UNSPEC).

import { F_TIME, F_UINT, F_USHORT, NAMEDARRAY, NAMEDVAR, str, unspec } from './field-codecs.js';
import { group, list, opt, req } from './schema.js';
import { Tag } from './tags.js';

/** ConnectionDeviceID: required in every call event and most call control requests. */
export const connectionDeviceId = req(Tag.CONNECTION_DEVID_TAG, str(64));

export const callVariables = {
  callVariable1: opt(Tag.CALL_VAR_1_TAG, str(41)),
  callVariable2: opt(Tag.CALL_VAR_2_TAG, str(41)),
  callVariable3: opt(Tag.CALL_VAR_3_TAG, str(41)),
  callVariable4: opt(Tag.CALL_VAR_4_TAG, str(41)),
  callVariable5: opt(Tag.CALL_VAR_5_TAG, str(41)),
  callVariable6: opt(Tag.CALL_VAR_6_TAG, str(41)),
  callVariable7: opt(Tag.CALL_VAR_7_TAG, str(41)),
  callVariable8: opt(Tag.CALL_VAR_8_TAG, str(41)),
  callVariable9: opt(Tag.CALL_VAR_9_TAG, str(41)),
  callVariable10: opt(Tag.CALL_VAR_10_TAG, str(41)),
};

/**
 * ECC variables. The guide bounds them by bytes (2000 for both lists together, enforced in
 * layout.ts), not by count; 1000 entries is above anything those bytes can hold.
 */
export const eccVariables = {
  namedVariables: list(Tag.NAMED_VARIABLE_TAG, NAMEDVAR, 1000),
  namedArrays: list(Tag.NAMED_ARRAY_TAG, NAMEDARRAY, 1000),
};

/** Call variables, wrap-up data and ECC variables: what SET_CALL_DATA_REQ and the call requests carry. */
export const callData = {
  ...callVariables,
  callWrapupData: opt(Tag.CALL_WRAPUP_DATA_TAG, str(40)),
  ...eccVariables,
};

/** The call context of BEGIN_CALL_EVENT and CALL_DATA_UPDATE_EVENT. */
export const callContext = {
  ani: opt(Tag.ANI_TAG, str(40)),
  userToUserInfo: opt(Tag.UUI_TAG, unspec(131)),
  dnis: opt(Tag.DNIS_TAG, str(32)),
  dialedNumber: opt(Tag.DIALED_NUMBER_TAG, str(40)),
  callerEnteredDigits: opt(Tag.CED_TAG, str(40)),
  routerCallKeyDay: opt(Tag.ROUTER_CALL_KEY_DAY_TAG, F_UINT),
  routerCallKeyCallId: opt(Tag.ROUTER_CALL_KEY_CALLID_TAG, F_UINT),
  routerCallKeySequenceNumber: opt(Tag.ROUTER_CALL_KEY_SEQUENCE_NUM_TAG, F_UINT),
  ...callData,
};

/**
 * CTIClientSignature / CTIClientTimestamp pairs: "This field always immediately follows the
 * CTIClientSignature field to which it refers"; NumCTIClients counts them (MAX_NUM_CTI_CLIENTS 16).
 */
export const ctiClients = group(16, {
  signature: req(Tag.CTI_CLIENT_SIGNATURE_TAG, str(64)),
  timestamp: opt(Tag.CTI_CLIENT_TIMESTAMP_TAG, F_TIME),
});

/** ConnectedPartyCallID / …DeviceIDType / …DeviceID triples; NumParties counts them (max 16). */
export const connectedParties = group(16, {
  callId: req(Tag.PARTY_CALLID_TAG, F_UINT),
  deviceIdType: opt(Tag.PARTY_DEVID_TYPE_TAG, F_USHORT),
  deviceId: opt(Tag.PARTY_DEVID_TAG, str(64)),
});

export const callReferenceId = opt(Tag.CALL_REFERENCE_ID_TAG, unspec(32));
