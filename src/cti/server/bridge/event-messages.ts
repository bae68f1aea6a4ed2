// ACD events → GED-188 unsolicited events, in the order docs/cti.md documents, each with the route
// that says which sessions may see it (an agent, or a call and the devices the event is about).
// Pure: the call view and agent lookups come in through EventContext.
import type { AcdEvent, AcdEventOf, AgentSnapshot } from '../../acd/index.js';
import { CTI_AGENT_STATE } from '../../acd/index.js';
import { EventCause, LocalConnectionState as LCS, PeripheralType, type CtiMessage, type CtiMessageOf } from '../../codec/index.js';
import { callDataFields } from './call-data-fields.js';
import type { CallModel, CallView } from './call-model.js';
import {
  NULL_SKILL_GROUP, STATIC_CONNECTION, VOICE_MRD, callTypeOf, clearCause, deviceType, lineTypeOf, skillGroupNumber,
} from './wire-ids.js';

export type Route =
  | { kind: 'agent'; agentId: string }
  /** `begin`/`end`: the call's BEGIN_CALL_EVENT / END_CALL_EVENT for All Events sessions. */
  | { kind: 'call'; callId: number; devices: readonly string[]; begin?: true; end?: true };

export interface Outgoing { msg: CtiMessage; route: Route }

export interface EventContext {
  peripheralId: number;
  calls: CallModel;
  agent(agentId: string): AgentSnapshot | undefined;
  queueIds(): readonly string[];
}

const UNKNOWN_SERVICE = 0xffff_ffff;

export function eventHead(ctx: EventContext) {
  return { monitorId: 0, peripheralId: ctx.peripheralId, peripheralType: PeripheralType.PT_ENTERPRISE_AGENT };
}

function connection(ctx: EventContext, callId: number, device: string) {
  return { ...eventHead(ctx), connectionDeviceIdType: STATIC_CONNECTION, connectionCallId: callId, connectionDeviceId: device };
}

function attribution(ctx: EventContext, v: CallView | undefined) {
  const sg = skillGroupNumber(v?.queueId ?? null, ctx.queueIds());
  return {
    lineHandle: 0, lineType: lineTypeOf(v?.kind ?? 'internal'), serviceNumber: UNKNOWN_SERVICE, serviceId: UNKNOWN_SERVICE,
    skillGroupNumber: sg, skillGroupId: sg, skillGroupPriority: 0,
  };
}

const kindOf = (v: CallView | undefined, device: string) => deviceType(v?.devices.get(device) ?? 'agent');

/** AGENT_STATE_EVENT for an agent (NextAgentState = its pending state, if any). */
export function agentStateEvent(ctx: EventContext, a: AgentSnapshot, state = a.state, reasonCode = a.reasonCode): CtiMessageOf<'AGENT_STATE_EVENT'> {
  const wire = CTI_AGENT_STATE[state];
  const groups = a.queueIds.slice(0, 99).map((q) => {
    const n = skillGroupNumber(q, ctx.queueIds());
    return { number: n, id: n, priority: 0, state: wire };
  });
  return {
    type: 'AGENT_STATE_EVENT', ...eventHead(ctx), sessionId: 0, skillGroupState: wire, stateDuration: 0,
    skillGroupNumber: NULL_SKILL_GROUP, skillGroupId: NULL_SKILL_GROUP, skillGroupPriority: 0, agentState: wire,
    eventReasonCode: reasonCode & 0xffff, mrdId: VOICE_MRD, numTasks: a.callIds.length, agentMode: 1, maxTaskLimit: 1,
    icmAgentId: /^\d{1,9}$/.test(a.agentId) ? Number(a.agentId) : 0, agentAvailabilityStatus: state === 'AVAILABLE' ? 1 : 0,
    departmentId: 0, agentId: a.agentId.slice(0, 11), agentExtension: a.extension, agentInstrument: a.extension,
    agentIdLong: a.agentId, skillGroups: groups,
    ...(a.pending ? { nextAgentState: CTI_AGENT_STATE[a.pending.state] } : {}),
  };
}

/** BEGIN_CALL_EVENT of a call as seen from `device`. */
export function beginCallEvent(ctx: EventContext, v: CallView, device: string): CtiMessageOf<'BEGIN_CALL_EVENT'> {
  return {
    type: 'BEGIN_CALL_EVENT', ...eventHead(ctx), callType: callTypeOf(v.kind), connectionDeviceIdType: STATIC_CONNECTION,
    connectionCallId: v.callId, calledPartyDisposition: 0, connectionDeviceId: device,
    ...contextFields(v),
  };
}

export function endCallEvent(ctx: EventContext, callId: number, device: string): CtiMessageOf<'END_CALL_EVENT'> {
  return { type: 'END_CALL_EVENT', ...connection(ctx, callId, device) };
}

function contextFields(v: CallView) {
  const d = v.data;
  return {
    ...(d.ani ? { ani: d.ani } : {}), ...(d.dnis ? { dnis: d.dnis } : {}), ...(d.dialedNumber ? { dialedNumber: d.dialedNumber } : {}),
    ...callDataFields(d),
  };
}

/** The messages of one ACD event, built from the call view *before* the event is applied to it. */
export function messagesFor(ctx: EventContext, e: AcdEvent): Outgoing[] {
  switch (e.kind) {
    case 'agent-state-changed': {
      // An agent removed in the same command (logged out, then deleted) is described from the event.
      const a = ctx.agent(e.agentId) ?? {
        agentId: e.agentId, extension: e.extension, queueIds: [], state: e.state, reasonCode: e.reasonCode, pending: null,
        availableSince: null, callIds: [],
      };
      return [{ msg: agentStateEvent(ctx, a, e.state, e.reasonCode), route: { kind: 'agent', agentId: e.agentId } }];
    }
    case 'agent-pending-changed': {
      const a = ctx.agent(e.agentId);
      return a && e.pending ? [{ msg: agentStateEvent(ctx, a), route: { kind: 'agent', agentId: e.agentId } }] : [];
    }
    case 'call-begun': {
      const origin = e.call.connections[0]?.device ?? e.call.ani;
      ctx.calls.apply(e);
      const v = ctx.calls.get(e.call.callId)!;
      return [{ msg: beginCallEvent(ctx, v, origin), route: { kind: 'call', callId: v.callId, devices: [origin], begin: true } }];
    }
    case 'call-originated': return originated(ctx, e);
    case 'call-delivered': return [delivered(ctx, e)];
    case 'call-established': return [established(ctx, e)];
    case 'call-held': {
      const v = ctx.calls.get(e.callId);
      return [{
        msg: {
          type: 'CALL_HELD_EVENT', ...connection(ctx, e.callId, e.device), holdingDeviceType: kindOf(v, e.device),
          localConnectionState: LCS.LCS_HOLD, eventCause: EventCause.CEC_NONE, holdingDeviceId: e.device,
        },
        route: { kind: 'call', callId: e.callId, devices: [e.device] },
      }];
    }
    case 'call-retrieved': {
      const v = ctx.calls.get(e.callId);
      return [{
        msg: {
          type: 'CALL_RETRIEVED_EVENT', ...connection(ctx, e.callId, e.device), retrievingDeviceType: kindOf(v, e.device),
          localConnectionState: LCS.LCS_CONNECT, eventCause: EventCause.CEC_NONE, retrievingDeviceId: e.device,
        },
        route: { kind: 'call', callId: e.callId, devices: [e.device] },
      }];
    }
    case 'call-transferred': return [transferred(ctx, e)];
    case 'call-conferenced': return [conferenced(ctx, e)];
    case 'call-connection-cleared': {
      const v = ctx.calls.get(e.callId);
      return [{
        msg: {
          type: 'CALL_CONNECTION_CLEARED_EVENT', ...connection(ctx, e.callId, e.device), releasingDeviceType: kindOf(v, e.device),
          localConnectionState: LCS.LCS_NULL, eventCause: clearCause(e.cause, v?.abandonedWhileAlerting), releasingDeviceId: e.device,
        },
        route: { kind: 'call', callId: e.callId, devices: [e.device] },
      }];
    }
    case 'call-cleared': {
      const v = ctx.calls.get(e.callId);
      const device = lastDevice(v);
      const cause = clearCause(e.cause, v?.abandonedWhileAlerting);
      return [
        {
          msg: { type: 'CALL_CLEARED_EVENT', ...connection(ctx, e.callId, device), localConnectionState: LCS.LCS_NULL, eventCause: cause },
          route: { kind: 'call', callId: e.callId, devices: [] },
        },
        { msg: endCallEvent(ctx, e.callId, device), route: { kind: 'call', callId: e.callId, devices: [], end: true } },
      ];
    }
    case 'call-data-updated': return [dataUpdated(ctx, e)];
    default: return [];
  }
}

/** The device CALL_CLEARED/END_CALL name: the last agent device on the call, else its origin. */
function lastDevice(v: CallView | undefined): string {
  if (!v) return '';
  let agentDevice: string | undefined;
  for (const [d, k] of v.devices) if (k === 'agent') agentDevice = d;
  return agentDevice ?? v.lastAgentDevice ?? v.origin;
}

function originated(ctx: EventContext, e: AcdEventOf<'call-originated'>): Outgoing[] {
  const v = ctx.calls.get(e.callId);
  const base = { ...connection(ctx, e.callId, e.device), ...attribution(ctx, v), callingDeviceType: deviceType('agent'), localConnectionState: LCS.LCS_INITIATE };
  const route: Route = { kind: 'call', callId: e.callId, devices: [e.device] };
  return [
    { msg: { type: 'CALL_SERVICE_INITIATED_EVENT', ...base, eventCause: EventCause.CEC_NONE, callingDeviceId: e.device }, route },
    {
      msg: {
        type: 'CALL_ORIGINATED_EVENT', ...base, calledDeviceType: deviceType(ctx.calls.get(e.callId)?.devices.has(e.calledDevice) ? 'agent' : 'external'),
        eventCause: EventCause.CEC_NONE, callingDeviceId: e.device, calledDeviceId: e.calledDevice,
      },
      route,
    },
  ];
}

function callingCalled(v: CallView | undefined) {
  return { calling: v?.origin ?? '', called: v?.called ?? '', callingType: v && v.kind !== 'inbound' ? deviceType('agent') : deviceType('external') };
}

function delivered(ctx: EventContext, e: AcdEventOf<'call-delivered'>): Outgoing {
  const v = ctx.calls.get(e.callId);
  const p = callingCalled(v);
  const alertingType = deviceType(e.agentId === null ? 'external' : 'agent');
  return {
    msg: {
      type: 'CALL_DELIVERED_EVENT', ...connection(ctx, e.callId, e.device), ...attribution(ctx, v),
      alertingDeviceType: alertingType, callingDeviceType: p.callingType, calledDeviceType: deviceType('external'),
      lastRedirectDeviceType: 0xffff, localConnectionState: LCS.LCS_ALERTING, eventCause: EventCause.CEC_NONE,
      alertingDeviceId: e.device, callingDeviceId: p.calling, calledDeviceId: p.called,
      ...(v ? contextFields(v) : {}),
    },
    route: { kind: 'call', callId: e.callId, devices: [e.device] },
  };
}

function established(ctx: EventContext, e: AcdEventOf<'call-established'>): Outgoing {
  const v = ctx.calls.get(e.callId);
  const p = callingCalled(v);
  return {
    msg: {
      type: 'CALL_ESTABLISHED_EVENT', ...connection(ctx, e.callId, e.device), ...attribution(ctx, v),
      answeringDeviceType: deviceType(e.agentId === null ? 'external' : 'agent'), callingDeviceType: p.callingType,
      calledDeviceType: deviceType('external'), lastRedirectDeviceType: 0xffff, localConnectionState: LCS.LCS_CONNECT,
      eventCause: EventCause.CEC_NONE, answeringDeviceId: e.device, callingDeviceId: p.calling, calledDeviceId: p.called,
    },
    // Every device already on the call sees its far end answer (the originator's INITIATE leg connects).
    route: { kind: 'call', callId: e.callId, devices: [e.device, ...(v?.devices.keys() ?? [])] },
  };
}

function merged(ctx: EventContext, primaryCallId: number, secondaryCallId: number, device: string, v: CallView | undefined) {
  const sg = skillGroupNumber(v?.queueId ?? null, ctx.queueIds());
  return {
    ...eventHead(ctx), primaryDeviceIdType: STATIC_CONNECTION, primaryCallId, lineHandle: 0, lineType: lineTypeOf(v?.kind ?? 'internal'),
    skillGroupNumber: sg, skillGroupId: sg, skillGroupPriority: 0, secondaryDeviceIdType: STATIC_CONNECTION, secondaryCallId,
    primaryDeviceId: device, secondaryDeviceId: device,
  };
}

function transferred(ctx: EventContext, e: AcdEventOf<'call-transferred'>): Outgoing {
  const secondaryCallId = e.secondaryCallId ?? e.primaryCallId;
  const primary = ctx.calls.get(e.primaryCallId);
  const secondary = ctx.calls.get(secondaryCallId);
  // Parties after the transfer: the primary call's, plus the secondary's, without the transferring device.
  const after = new Map([...(primary?.devices ?? []), ...(secondary?.devices ?? [])]);
  after.delete(e.transferringDevice);
  const list = [...after].map(([d, k]) => ({ callId: e.primaryCallId, deviceIdType: deviceType(k), deviceId: d }));
  return {
    msg: {
      type: 'CALL_TRANSFERRED_EVENT', ...merged(ctx, e.primaryCallId, secondaryCallId, e.transferringDevice, primary),
      transferringDeviceType: deviceType('agent'), transferredDeviceType: deviceType(after.get(e.transferredDevice) ?? 'external'),
      localConnectionState: LCS.LCS_NULL, eventCause: EventCause.CEC_TRANSFER,
      transferringDeviceId: e.transferringDevice, transferredDeviceId: e.transferredDevice, connectedParties: list.slice(0, 16),
    },
    route: { kind: 'call', callId: e.primaryCallId, devices: [e.transferringDevice, ...after.keys()] },
  };
}

function conferenced(ctx: EventContext, e: AcdEventOf<'call-conferenced'>): Outgoing {
  const primary = ctx.calls.get(e.primaryCallId);
  const secondary = ctx.calls.get(e.secondaryCallId);
  const kinds = new Map([...(secondary?.devices ?? []), ...(primary?.devices ?? [])]);
  const added = e.parties.find((d) => !primary?.devices.has(d)) ?? '';
  return {
    msg: {
      type: 'CALL_CONFERENCED_EVENT', ...merged(ctx, e.primaryCallId, e.secondaryCallId, e.controllerDevice, primary),
      controllerDeviceType: deviceType('agent'), addedPartyDeviceType: deviceType(kinds.get(added) ?? 'external'),
      localConnectionState: LCS.LCS_CONNECT, eventCause: EventCause.CEC_NONE,
      controllerDeviceId: e.controllerDevice, addedPartyDeviceId: added,
      connectedParties: e.parties.slice(0, 16).map((d) => ({ callId: e.primaryCallId, deviceIdType: deviceType(kinds.get(d) ?? 'external'), deviceId: d })),
    },
    route: { kind: 'call', callId: e.primaryCallId, devices: [...e.parties] },
  };
}

function dataUpdated(ctx: EventContext, e: AcdEventOf<'call-data-updated'>): Outgoing {
  const v = ctx.calls.get(e.callId);
  const device = lastDevice(v);
  const view: CallView = v ? { ...v, data: e.data } : {
    callId: e.callId, kind: 'inbound', queueId: null, data: e.data, devices: new Map(), origin: '', called: '',
  };
  return {
    msg: {
      type: 'CALL_DATA_UPDATE_EVENT', ...eventHead(ctx), callType: callTypeOf(view.kind), connectionDeviceIdType: STATIC_CONNECTION,
      connectionCallId: e.callId, newConnectionDeviceIdType: STATIC_CONNECTION, newConnectionCallId: e.callId,
      calledPartyDisposition: 0, campaignId: 0, queryRuleId: 0, connectionDeviceId: device, newConnectionDeviceId: device,
      ...contextFields(view),
    },
    route: { kind: 'call', callId: e.callId, devices: device ? [device] : [] },
  };
}


/** The messages of an event, then the call view brought up to date with it. */
export function translate(ctx: EventContext, e: AcdEvent): Outgoing[] {
  const out = messagesFor(ctx, e);
  if (e.kind !== 'call-begun') ctx.calls.apply(e);
  return out;
}
