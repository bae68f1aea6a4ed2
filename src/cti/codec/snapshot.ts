// Snapshot requests a client uses to resynchronize (after a reconnect or a failover): the calls at a
// device and the state of each.
//
// [CTI-REF] = CTI Server Message Reference Guide, Application Level Interfaces › Client Control
// Service: SNAPSHOT_DEVICE_REQ (Table 5-127 in the Version 15 PDF, 5-125 in Version 9) and
// SNAPSHOT_DEVICE_CONF (Table 5-128 / 5-126), cross-checked with the Unified CCX CTI Protocol pages.
// SNAPSHOT_CALL_REQ/CONF are not here: the public tables we could read do not give the whole
// SNAPSHOT_CALL_CONF fixed part.

import { F_UINT, F_USHORT, UINT, USHORT, str } from './field-codecs.js';
import { count, defineMessage, group, req } from './schema.js';
import { Tag } from './tags.js';

// [CTI-REF] SNAPSHOT_DEVICE_REQ. SnapshotDeviceType: for non-agent devices, the DeviceIDType of AgentInstrument.
export const SNAPSHOT_DEVICE_REQ = defineMessage({
  name: 'SNAPSHOT_DEVICE_REQ',
  ref: 'Application Level Interfaces › SNAPSHOT_DEVICE_REQ',
  fixed: { invokeId: UINT, peripheralId: UINT, snapshotDeviceType: USHORT },
  floating: { agentInstrument: req(Tag.AGENT_INSTRUMENT_TAG, str(64)) },
});

// [CTI-REF] SNAPSHOT_DEVICE_CONF: NumCalls (up to 16) CallConnectionCallID / CallConnectionDeviceIDType /
// CallConnectionDeviceID / CallState quadruples, each member "always immediately follows" the one before.
// COMPAT: the UCCE tables name no tag for CallState; the CCX pages give CALL_DEV_CONN_STATE_TAG (61),
// which this codec uses. Newer UCCE versions add optional fields after these; a decoder skips them.
export const SNAPSHOT_DEVICE_CONF = defineMessage({
  name: 'SNAPSHOT_DEVICE_CONF',
  ref: 'Application Level Interfaces › SNAPSHOT_DEVICE_CONF',
  fixed: { invokeId: UINT, numCalls: count('calls', USHORT) },
  floating: {
    calls: group(16, {
      callId: req(Tag.CALL_CONN_CALLID_TAG, F_UINT),
      deviceIdType: req(Tag.CALL_CONN_DEVID_TYPE_TAG, F_USHORT),
      deviceId: req(Tag.CALL_CONN_DEVID_TAG, str(64)),
      state: req(Tag.CALL_DEV_CONN_STATE_TAG, F_USHORT),
    }),
  },
});

export const SNAPSHOT_MESSAGES = [SNAPSHOT_DEVICE_REQ, SNAPSHOT_DEVICE_CONF] as const;
