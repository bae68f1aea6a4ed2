// Decoded CTI messages for the adapter's tests, with the fields docs/cti.md says the embedded
// server fills; each builder takes only what a test varies. Not used outside tests.
import type { CtiMessage, CtiMessageOf } from '../../cti/codec/index.js';
import { AgentState, Special } from '../../cti/codec/index.js';
import type { CorrelationOutcome } from '../../cti/link/correlator.js';
import type { LinkStateChange, SideName } from '../../cti/link/cti-link.js';
import type { UserRecord } from '../../storage/stores.js';
import type { AgentDirectory, CtiLinkPort } from './cti-contact-center.js';

const call = { monitorId: 0, peripheralId: 5000, peripheralType: 17, connectionDeviceIdType: 0 };
const attribution = { lineHandle: 0, lineType: 0, serviceNumber: 0, serviceId: 0, skillGroupId: 0, skillGroupPriority: 0 };

export const agentState = (agentId: string, state: keyof typeof AgentState, extra: Partial<CtiMessageOf<'AGENT_STATE_EVENT'>> = {}): CtiMessage => ({
  type: 'AGENT_STATE_EVENT', monitorId: 0, peripheralId: 5000, sessionId: 0, peripheralType: 17, skillGroupState: AgentState[state],
  stateDuration: 0, skillGroupNumber: Special.NULL_SKILL_GROUP, skillGroupId: 0, skillGroupPriority: 0, agentState: AgentState[state],
  eventReasonCode: 0, mrdId: 1, numTasks: 0, agentMode: 1, maxTaskLimit: 1, icmAgentId: Number(agentId), agentAvailabilityStatus: 0, departmentId: 0,
  agentId, ...(state === 'AGENT_STATE_LOGOUT' ? {} : { agentExtension: agentId, agentInstrument: agentId }), ...extra,
} as CtiMessage);

export const beginCall = (id: number, device: string, extra: Record<string, unknown> = {}): CtiMessage => ({
  type: 'BEGIN_CALL_EVENT', monitorId: 0, peripheralId: 5000, peripheralType: 17, callType: 1, connectionDeviceIdType: 0,
  connectionCallId: id, calledPartyDisposition: 0, connectionDeviceId: device, ...extra,
} as CtiMessage);

export const delivered = (id: number, alerting: string, calling: string, extra: Record<string, unknown> = {}): CtiMessage => ({
  type: 'CALL_DELIVERED_EVENT', ...call, connectionCallId: id, ...attribution, skillGroupNumber: 1, alertingDeviceType: 0, callingDeviceType: 75,
  calledDeviceType: 0, lastRedirectDeviceType: 0, localConnectionState: 2, eventCause: 22, connectionDeviceId: alerting,
  alertingDeviceId: alerting, callingDeviceId: calling, ...extra,
} as CtiMessage);

export const established = (id: number, answering: string, calling: string, extra: Record<string, unknown> = {}): CtiMessage => ({
  type: 'CALL_ESTABLISHED_EVENT', ...call, connectionCallId: id, ...attribution, skillGroupNumber: 1, answeringDeviceType: 0, callingDeviceType: 75,
  calledDeviceType: 0, lastRedirectDeviceType: 0, localConnectionState: 3, eventCause: 0xffff, connectionDeviceId: answering,
  answeringDeviceId: answering, callingDeviceId: calling, ...extra,
} as CtiMessage);

export const held = (id: number, device: string): CtiMessage => ({
  type: 'CALL_HELD_EVENT', ...call, connectionCallId: id, holdingDeviceType: 0, localConnectionState: 4, eventCause: 0xffff,
  connectionDeviceId: device, holdingDeviceId: device,
} as CtiMessage);

export const retrieved = (id: number, device: string): CtiMessage => ({
  type: 'CALL_RETRIEVED_EVENT', ...call, connectionCallId: id, retrievingDeviceType: 0, localConnectionState: 3, eventCause: 0xffff,
  connectionDeviceId: device, retrievingDeviceId: device,
} as CtiMessage);

export const connectionCleared = (id: number, device: string): CtiMessage => ({
  type: 'CALL_CONNECTION_CLEARED_EVENT', ...call, connectionCallId: id, releasingDeviceType: 0, localConnectionState: 0, eventCause: 0xffff,
  connectionDeviceId: device, releasingDeviceId: device,
} as CtiMessage);

export const cleared = (id: number, device: string): CtiMessage => ({
  type: 'CALL_CLEARED_EVENT', ...call, connectionCallId: id, localConnectionState: 0, eventCause: 0xffff, connectionDeviceId: device,
} as CtiMessage);

export const endCall = (id: number, device: string): CtiMessage => ({
  type: 'END_CALL_EVENT', ...call, connectionCallId: id, connectionDeviceId: device,
} as CtiMessage);

export const serviceInitiated = (id: number, device: string): CtiMessage => ({
  type: 'CALL_SERVICE_INITIATED_EVENT', ...call, connectionCallId: id, ...attribution, skillGroupNumber: Special.NULL_SKILL_GROUP,
  callingDeviceType: 0, localConnectionState: 1, eventCause: 22, connectionDeviceId: device, callingDeviceId: device,
} as CtiMessage);

export const originated = (id: number, device: string, called: string): CtiMessage => ({
  type: 'CALL_ORIGINATED_EVENT', ...call, connectionCallId: id, ...attribution, skillGroupNumber: Special.NULL_SKILL_GROUP,
  callingDeviceType: 0, calledDeviceType: 75, localConnectionState: 1, eventCause: 22, connectionDeviceId: device, callingDeviceId: device,
  calledDeviceId: called,
} as CtiMessage);

export const merged = (type: 'CALL_TRANSFERRED_EVENT' | 'CALL_CONFERENCED_EVENT', primary: number, secondary: number, device: string,
  parties: [number, string][]): CtiMessage => ({
  type, monitorId: 0, peripheralId: 5000, peripheralType: 17, primaryDeviceIdType: 0, primaryCallId: primary, lineHandle: 0, lineType: 0,
  skillGroupNumber: Special.NULL_SKILL_GROUP, skillGroupId: 0, skillGroupPriority: 0, secondaryDeviceIdType: 0, secondaryCallId: secondary,
  localConnectionState: 3, eventCause: 32, primaryDeviceId: device, secondaryDeviceId: device,
  ...(type === 'CALL_TRANSFERRED_EVENT'
    ? { transferringDeviceType: 0, transferredDeviceType: 0, transferringDeviceId: device }
    : { controllerDeviceType: 0, addedPartyDeviceType: 0, controllerDeviceId: device }),
  connectedParties: parties.map(([callId, deviceId]) => ({ callId, deviceIdType: 0, deviceId })),
} as CtiMessage);

export const callDataUpdate = (id: number, device: string, extra: Record<string, unknown>): CtiMessage => ({
  type: 'CALL_DATA_UPDATE_EVENT', monitorId: 0, peripheralId: 5000, peripheralType: 17, callType: 1, connectionDeviceIdType: 0,
  connectionCallId: id, newConnectionDeviceIdType: 0, newConnectionCallId: id, calledPartyDisposition: 0, campaignId: 0, queryRuleId: 0,
  connectionDeviceId: device, newConnectionDeviceId: device, ...extra,
} as CtiMessage);

export const agentUser = (id: string, queueIds: string[] = ['1']): UserRecord => ({
  id, loginName: id, firstName: 'A', lastName: id, extension: id, roles: ['agent'], teamId: '1', supervisedTeamIds: [], queueIds,
});

export function fakeDirectory(users: UserRecord[], queues: Record<string, string> = { 1: 'Sales', 2: 'Support' }): AgentDirectory {
  return {
    getUser: (id) => users.find((u) => u.id === id),
    listUsers: () => users,
    getQueue: (id) => (queues[id] === undefined ? undefined : { id, name: queues[id] as string }),
  };
}

/** A CtiLink stand-in: records requests, answers them with `answer`, and lets a test drive state and events. */
export class FakeLink implements CtiLinkPort {
  state: 'IN_SERVICE' | 'OUT_OF_SERVICE' = 'OUT_OF_SERVICE';
  activeSide: SideName | undefined;
  readonly sent: CtiMessage[] = [];
  /** The reply to a request; undefined = never answered (the promise stays pending until `settleAll`). */
  answer: (msg: CtiMessage) => CtiMessage | 'timeout' | undefined = (m) => ({ type: 'SET_AGENT_STATE_CONF', invokeId: (m as { invokeId: number }).invokeId } as CtiMessage);
  #state = new Set<(c: LinkStateChange) => void>();
  #events = new Set<(m: CtiMessage) => void>();
  #next = 1;
  #pending: ((o: CorrelationOutcome<CtiMessage>) => void)[] = [];

  onStateChange(l: (c: LinkStateChange) => void): () => void { this.#state.add(l); return () => this.#state.delete(l); }
  onEvent(l: (m: CtiMessage) => void): () => void { this.#events.add(l); return () => this.#events.delete(l); }
  async request(build: (invokeId: number) => CtiMessage): Promise<CorrelationOutcome<CtiMessage>> {
    if (this.state !== 'IN_SERVICE') return { kind: 'cancelled', reason: 'CTI link out of service' };
    const msg = build(this.#next++);
    this.sent.push(msg);
    const reply = this.answer(msg);
    if (reply === 'timeout') return { kind: 'timeout' };
    if (reply === undefined) return new Promise((resolve) => this.#pending.push(resolve));
    return { kind: 'reply', reply };
  }
  up(side: SideName = 'A'): void {
    this.state = 'IN_SERVICE';
    this.activeSide = side;
    for (const l of this.#state) l({ state: 'IN_SERVICE', side, reason: `session open on side ${side}` });
  }
  down(reason = 'connection closed'): void {
    const side = this.activeSide;
    this.state = 'OUT_OF_SERVICE';
    this.activeSide = undefined;
    for (const p of this.#pending.splice(0)) p({ kind: 'cancelled', reason });
    for (const l of this.#state) l({ state: 'OUT_OF_SERVICE', side, reason });
  }
  emit(...msgs: CtiMessage[]): void { for (const m of msgs) for (const l of this.#events) l(m); }
  sentOf<T extends CtiMessage['type']>(type: T): CtiMessageOf<T>[] { return this.sent.filter((m) => m.type === type) as CtiMessageOf<T>[]; }
}

/** Lets queued promise callbacks run (the adapter's resynchronization and async sends). */
export const flush = async (): Promise<void> => { for (let i = 0; i < 20; i++) await Promise.resolve(); };
