import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../shared/clock.js';
import { MemoryLogger } from '../../shared/logger.js';
import { createAcd, seededRandom, type Acd } from '../acd/index.js';
import {
  AgentState, CtiFrameParser, FailureStatus, PROTOCOL_VERSION, ServiceMask, decodeMessage, encodeMessage, type CtiMessage,
  type CtiMessageOf,
} from '../codec/index.js';
import { createAcdBridge } from './acd-bridge.js';
import { CtiServerSession } from './cti-session.js';

const P = 5000;
const ALL = (ServiceMask.CTI_SERVICE_ALL_EVENTS | ServiceMask.CTI_SERVICE_CLIENT_CONTROL | ServiceMask.CTI_SERVICE_CALL_DATA_UPDATE) >>> 0;
const CLIENT = (ServiceMask.CTI_SERVICE_CLIENT_EVENTS | ServiceMask.CTI_SERVICE_CLIENT_CONTROL) >>> 0;

function world() {
  const clock = new ManualClock();
  const log = new MemoryLogger(false);
  const acd = createAcd({
    clock, random: seededRandom(1), options: { queueStatsEvents: false },
    queues: [{ id: '1', name: 'Sales' }, { id: '2', name: 'Support' }],
    agents: [
      { id: '1001001', extension: '1001001', queueIds: ['1'] },
      { id: '1001002', extension: '1001002', queueIds: ['1', '2'] },
      { id: '1001003', extension: '1001003', queueIds: ['2'] },
    ],
  });
  const bridge = createAcdBridge({ acd, clock, log, peripheralId: P });
  let nextId = 1;
  let invoke = 100;
  function client(services = ALL, agent: Partial<CtiMessageOf<'OPEN_REQ'>> = {}) {
    const out: CtiMessage[] = [];
    const parser = new CtiFrameParser((e) => {
      if (e.kind !== 'frame') throw new Error('bad frame');
      const d = decodeMessage(e.frame);
      if (!d.ok) throw new Error(`undecodable ${d.error} ${d.text}`);
      out.push(d.value);
    });
    const session = new CtiServerSession({
      id: nextId++, clock, log, minProtocolVersion: 13, peripheralId: P,
      transport: { peer: 'test', write: (b) => parser.push(b), close: () => {} },
      handleRequest: bridge.handleRequest, onOpened: bridge.sessionOpened, onClosed: bridge.sessionClosed,
    });
    const send = (m: CtiMessage): void => session.push(encodeMessage(m));
    send({
      type: 'OPEN_REQ', invokeId: 1, versionNumber: PROTOCOL_VERSION, idleTimeout: 0xffffffff, peripheralId: 0xffffffff,
      servicesRequested: services, callMsgMask: 0xffffffff, agentStateMask: 0x3fff, configMsgMask: 0, clientId: 'test',
      clientPassword: Buffer.alloc(0), ...agent,
    });
    /** Sends a request with a fresh InvokeID; returns the messages it produced (events, then the reply). */
    const req = (build: (invokeId: number) => CtiMessage): CtiMessage[] => {
      out.length = 0;
      send(build(++invoke));
      return out.splice(0);
    };
    return { out, session, send, req, take: () => out.splice(0) };
  }
  return { clock, log, acd, bridge, client };
}

const names = (ms: CtiMessage[]): string[] => ms.map((m) => {
  const c = m as { connectionCallId?: number; connectionDeviceId?: string; agentState?: number; agentId?: string };
  if (m.type === 'AGENT_STATE_EVENT') return `AGENT_STATE ${c.agentId} ${Object.keys(AgentState).find((k) => AgentState[k as keyof typeof AgentState] === c.agentState)!.slice(12)}`;
  if (m.type.endsWith('_EVENT') && c.connectionCallId !== undefined) return `${m.type.replace(/_EVENT$/, '')}(${c.connectionCallId}, ${c.connectionDeviceId})`;
  return m.type.replace(/_EVENT$/, '');
});

const setState = (agentId: string, agentState: number, over: Partial<CtiMessageOf<'SET_AGENT_STATE_REQ'>> = {}) => (invokeId: number): CtiMessage => ({
  type: 'SET_AGENT_STATE_REQ', invokeId, peripheralId: P, agentState, agentWorkMode: 0, eventReasonCode: 0, forcedFlag: 0,
  agentServiceReq: 0, agentInstrument: agentId, agentId, ...over,
});
const callReq = <T extends 'ANSWER_CALL_REQ' | 'HOLD_CALL_REQ' | 'CLEAR_CONNECTION_REQ'>(type: T, callId: number, device: string) => (invokeId: number): CtiMessage =>
  ({ type, invokeId, peripheralId: P, connectionCallId: callId, connectionDeviceIdType: 0, connectionDeviceId: device, ...(type === 'HOLD_CALL_REQ' ? { reservation: false } : {}) }) as CtiMessage;
const retrieveReq = (callId: number, device: string) => (invokeId: number): CtiMessage => ({
  type: 'RETRIEVE_CALL_REQ', invokeId, peripheralId: P, heldConnectionCallId: callId, heldConnectionDeviceIdType: 0, heldConnectionDeviceId: device,
});
const placement = { callPlacementType: 0, callMannerType: 0, alertRings: 0, callOption: 0, facilityType: 0, answeringMachine: 0, priority: false, postRoute: false };
const makeCallReq = (from: string, to: string) => (invokeId: number): CtiMessage => ({
  type: 'MAKE_CALL_REQ', invokeId, peripheralId: P, ...placement, skillGroupNumber: 0xffffffff, agentInstrument: from, dialedNumber: to,
});
const consultReq = (callId: number, from: string, to: string) => (invokeId: number): CtiMessage => ({
  type: 'CONSULTATION_CALL_REQ', invokeId, peripheralId: P, activeConnectionCallId: callId, activeConnectionDeviceIdType: 0, ...placement,
  consultType: 2, activeConnectionDeviceId: from, dialedNumber: to,
});
const mergeReq = (type: 'TRANSFER_CALL_REQ' | 'CONFERENCE_CALL_REQ', held: number, active: number, device: string, dialedNumber?: string) => (invokeId: number): CtiMessage => ({
  type, invokeId, peripheralId: P, activeConnectionCallId: active, heldConnectionCallId: held, activeConnectionDeviceIdType: 0,
  heldConnectionDeviceIdType: held === 0xffffffff ? 0xffff : 0, ...placement, activeConnectionDeviceId: device,
  ...(held === 0xffffffff ? {} : { heldConnectionDeviceId: device }), ...(dialedNumber ? { dialedNumber } : {}),
}) as CtiMessage;

function ready(c: ReturnType<ReturnType<typeof world>['client']>, ...ids: string[]): void {
  for (const id of ids) {
    c.req(setState(id, AgentState.AGENT_STATE_LOGIN));
    c.req(setState(id, AgentState.AGENT_STATE_AVAILABLE));
  }
}

describe('ACD bridge: session', () => {
  it('OPEN_CONF, then SYSTEM_EVENT peripheral online (arg1 = PeripheralID)', () => {
    const w = world();
    const c = w.client();
    const [conf, sys] = c.take();
    assert.equal(conf?.type, 'OPEN_CONF');
    assert.equal(sys?.type, 'SYSTEM_EVENT');
    assert.equal(sys.systemEventId, 3);
    assert.equal(sys.systemEventArg1, P);
  });

  it('a Client Events session bound to an agent gets its current AGENT_STATE_EVENT after SYSTEM_EVENT', () => {
    const w = world();
    const c = w.client(CLIENT, { agentInstrument: '1001001' });
    assert.deepEqual(names(c.take()), ['OPEN_CONF', 'SYSTEM', 'AGENT_STATE 1001001 LOGOUT']);
  });

  it('a session without event services gets no SYSTEM_EVENT nor events', () => {
    const w = world();
    const c = w.client(ServiceMask.CTI_SERVICE_CLIENT_CONTROL);
    assert.deepEqual(names(c.req(setState('1001001', AgentState.AGENT_STATE_LOGIN))), ['SET_AGENT_STATE_CONF']);
  });
});

describe('ACD bridge: agent state', () => {
  it('LOGIN → LOGIN, NOT_READY, CONF; READY; NOT_READY with reason; QUERY', () => {
    const w = world();
    const c = w.client();
    c.take();
    assert.deepEqual(names(c.req(setState('1001001', AgentState.AGENT_STATE_LOGIN))),
      ['AGENT_STATE 1001001 LOGIN', 'AGENT_STATE 1001001 NOT_READY', 'SET_AGENT_STATE_CONF']);
    assert.deepEqual(names(c.req(setState('1001001', AgentState.AGENT_STATE_AVAILABLE))), ['AGENT_STATE 1001001 AVAILABLE', 'SET_AGENT_STATE_CONF']);
    const nr = c.req(setState('1001001', AgentState.AGENT_STATE_NOT_READY, { eventReasonCode: 12 }));
    assert.equal(nr[0]?.type === 'AGENT_STATE_EVENT' && nr[0].eventReasonCode, 12);
    const ev = nr[0] as CtiMessageOf<'AGENT_STATE_EVENT'>;
    assert.deepEqual(ev.skillGroups, [{ number: 1, id: 1, priority: 0, state: AgentState.AGENT_STATE_NOT_READY }]);
    assert.equal(ev.agentExtension, '1001001');
    assert.equal(ev.icmAgentId, 1001001);
    const q = c.req((invokeId) => ({ type: 'QUERY_AGENT_STATE_REQ', invokeId, peripheralId: P, mrdId: 1, icmAgentId: 0, agentInstrument: '1001002' }));
    assert.equal(q[0]?.type, 'QUERY_AGENT_STATE_CONF');
    assert.equal(q[0].agentState, AgentState.AGENT_STATE_LOGOUT);
    assert.deepEqual(q[0].skillGroups?.map((g) => g.number), [1, 2]);
  });

  it('SNAPSHOT_DEVICE_REQ lists the calls at the agent\'s device with their LocalConnectionState', () => {
    const w = world();
    const c = w.client();
    ready(c, '1001001');
    c.req(setState('1001002', AgentState.AGENT_STATE_LOGIN));
    w.acd.offerCall({ queueId: '1', ani: '555', dnis: '800' });
    c.req(callReq('ANSWER_CALL_REQ', 1, '1001001'));
    c.req(consultReq(1, '1001001', '1001002'));
    const snap = (device: string) => c.req((invokeId) => ({ type: 'SNAPSHOT_DEVICE_REQ', invokeId, peripheralId: P, snapshotDeviceType: 0, agentInstrument: device })).at(-1);
    assert.deepEqual(snap('1001001'), {
      type: 'SNAPSHOT_DEVICE_CONF', invokeId: (snap('1001001') as { invokeId: number }).invokeId - 1,
      calls: [{ callId: 1, deviceIdType: 0, deviceId: '1001001', state: 4 }, { callId: 2, deviceIdType: 0, deviceId: '1001001', state: 1 }],
    });
    assert.deepEqual((snap('1001002') as CtiMessageOf<'SNAPSHOT_DEVICE_CONF'>).calls, [{ callId: 2, deviceIdType: 0, deviceId: '1001002', state: 2 }]);
    assert.equal((snap('1001003') as CtiMessageOf<'SNAPSHOT_DEVICE_CONF'>).calls, undefined);
    assert.equal(snap('4242')?.type, 'FAILURE_CONF');
  });

  it('forced logout: reason 255 by default; logout while talking is pending (NextAgentState)', () => {
    const w = world();
    const c = w.client();
    ready(c, '1001001');
    w.acd.offerCall({ queueId: '1', ani: '6125551234', dnis: '8005550100' });
    c.req(callReq('ANSWER_CALL_REQ', 1, '1001001'));
    const pending = c.req(setState('1001001', AgentState.AGENT_STATE_LOGOUT, { forcedFlag: 1 }));
    assert.equal(pending[0]?.type, 'AGENT_STATE_EVENT');
    assert.equal(pending[0].agentState, AgentState.AGENT_STATE_TALKING);
    assert.equal(pending[0].nextAgentState, AgentState.AGENT_STATE_LOGOUT);
    const end = c.req(callReq('CLEAR_CONNECTION_REQ', 1, '1001001'));
    const last = end.filter((m) => m.type === 'AGENT_STATE_EVENT').pop() as CtiMessageOf<'AGENT_STATE_EVENT'>;
    assert.equal(last.agentState, AgentState.AGENT_STATE_LOGOUT);
    assert.equal(last.eventReasonCode, 255);
  });
});

describe('ACD bridge: inbound call flow', () => {
  it('offer → answer → hold → retrieve → drop → wrap-up data → ready, in the documented order', () => {
    const w = world();
    const c = w.client();
    ready(c, '1001001');
    c.take();
    w.acd.offerCall({ queueId: '1', ani: '6125551234', dnis: '8005550100', callVariables: { 1: 'acct=42' }, ecc: { 'user.lang': 'fr', 'user.items[2]': 'x' } });
    const offer = c.take();
    assert.deepEqual(names(offer), ['BEGIN_CALL(1, 6125551234)', 'CALL_DELIVERED(1, 1001001)', 'AGENT_STATE 1001001 RESERVED']);
    const begin = offer[0] as CtiMessageOf<'BEGIN_CALL_EVENT'>;
    assert.equal(begin.callType, 1);
    assert.equal(begin.ani, '6125551234');
    assert.equal(begin.callVariable1, 'acct=42');
    assert.deepEqual(begin.namedVariables, [{ name: 'user.lang', value: 'fr' }]);
    assert.deepEqual(begin.namedArrays, [{ index: 2, name: 'user.items', value: 'x' }]);
    const delivered = offer[1] as CtiMessageOf<'CALL_DELIVERED_EVENT'>;
    assert.equal(delivered.localConnectionState, 2);
    assert.equal(delivered.alertingDeviceId, '1001001');
    assert.equal(delivered.callingDeviceId, '6125551234');
    assert.equal(delivered.calledDeviceId, '8005550100');
    assert.equal(delivered.skillGroupNumber, 1);
    assert.equal(delivered.dnis, '8005550100');
    assert.equal(delivered.callVariable1, 'acct=42');

    assert.deepEqual(names(c.req(callReq('ANSWER_CALL_REQ', 1, '1001001'))),
      ['CALL_ESTABLISHED(1, 1001001)', 'AGENT_STATE 1001001 TALKING', 'ANSWER_CALL_CONF']);
    assert.deepEqual(names(c.req(callReq('HOLD_CALL_REQ', 1, '1001001'))), ['CALL_HELD(1, 1001001)', 'AGENT_STATE 1001001 HOLD', 'HOLD_CALL_CONF']);
    assert.deepEqual(names(c.req(retrieveReq(1, '1001001'))), ['CALL_RETRIEVED(1, 1001001)', 'AGENT_STATE 1001001 TALKING', 'RETRIEVE_CALL_CONF']);
    const drop = c.req(callReq('CLEAR_CONNECTION_REQ', 1, '1001001'));
    assert.deepEqual(names(drop), [
      'CALL_CONNECTION_CLEARED(1, 1001001)', 'CALL_CONNECTION_CLEARED(1, 6125551234)', 'CALL_CLEARED(1, 1001001)', 'END_CALL(1, 1001001)',
      'AGENT_STATE 1001001 WORK_READY', 'CLEAR_CONNECTION_CONF',
    ]);
    const wrap = c.req((invokeId) => ({
      type: 'SET_CALL_DATA_REQ', invokeId, peripheralId: P, connectionDeviceIdType: 0, connectionCallId: 1, callType: 1,
      calledPartyDisposition: 0, campaignId: 0, queryRuleId: 0, connectionDeviceId: '1001001', callWrapupData: 'Sales',
    }));
    assert.deepEqual(names(wrap), ['CALL_DATA_UPDATE(1, 1001001)', 'SET_CALL_DATA_CONF']);
    assert.equal((wrap[0] as CtiMessageOf<'CALL_DATA_UPDATE_EVENT'>).callWrapupData, 'Sales');
    assert.equal((wrap[0] as CtiMessageOf<'CALL_DATA_UPDATE_EVENT'>).callVariable1, 'acct=42');
    assert.deepEqual(names(c.req(setState('1001001', AgentState.AGENT_STATE_AVAILABLE))), ['AGENT_STATE 1001001 AVAILABLE', 'SET_AGENT_STATE_CONF']);
  });

  it('SET_CALL_DATA_REQ on a live call → CALL_DATA_UPDATE_EVENT with all variables', () => {
    const w = world();
    const c = w.client();
    ready(c, '1001001');
    w.acd.offerCall({ queueId: '1', ani: '6125551234', dnis: '8005550100' });
    c.take();
    const r = c.req((invokeId) => ({
      type: 'SET_CALL_DATA_REQ', invokeId, peripheralId: P, connectionDeviceIdType: 0, connectionCallId: 1, callType: 1,
      calledPartyDisposition: 0, campaignId: 0, queryRuleId: 0, connectionDeviceId: '1001001', callVariable3: 'c3',
      namedVariables: [{ name: 'user.cust', value: 'Ann' }],
    }));
    assert.deepEqual(names(r), ['CALL_DATA_UPDATE(1, 1001001)', 'SET_CALL_DATA_CONF']);
    const u = r[0] as CtiMessageOf<'CALL_DATA_UPDATE_EVENT'>;
    assert.equal(u.callVariable3, 'c3');
    assert.deepEqual(u.namedVariables, [{ name: 'user.cust', value: 'Ann' }]);
    assert.equal(u.ani, '6125551234');
  });

  it('abandon in queue (1002) and while ringing (1003)', () => {
    const w = world();
    const c = w.client();
    c.take();
    w.acd.offerCall({ queueId: '1', ani: '555', dnis: '800' });
    w.acd.abandon(1);
    const q = c.take();
    assert.deepEqual(names(q), ['BEGIN_CALL(1, 555)', 'CALL_CONNECTION_CLEARED(1, 555)', 'CALL_CLEARED(1, 555)', 'END_CALL(1, 555)']);
    assert.equal((q[2] as CtiMessageOf<'CALL_CLEARED_EVENT'>).eventCause, 1002);
    ready(c, '1001001');
    w.acd.offerCall({ queueId: '1', ani: '556', dnis: '800' });
    c.take();
    w.acd.abandon(2);
    const r = c.take();
    assert.deepEqual(names(r), [
      'CALL_CONNECTION_CLEARED(2, 556)', 'CALL_CONNECTION_CLEARED(2, 1001001)', 'CALL_CLEARED(2, 1001001)', 'END_CALL(2, 1001001)',
      'AGENT_STATE 1001001 AVAILABLE',
    ]);
    assert.equal((r[1] as CtiMessageOf<'CALL_CONNECTION_CLEARED_EVENT'>).eventCause, 1003);
  });
});

describe('ACD bridge: make call, consult, transfer, conference', () => {
  it('MAKE_CALL_REQ to an external number and to another agent', () => {
    const w = world();
    const c = w.client();
    c.req(setState('1001001', AgentState.AGENT_STATE_LOGIN));
    const ext = c.req(makeCallReq('1001001', '5551234'));
    assert.deepEqual(names(ext), [
      'BEGIN_CALL(1, 1001001)', 'CALL_SERVICE_INITIATED(1, 1001001)', 'CALL_ORIGINATED(1, 1001001)', 'CALL_ESTABLISHED(1, 5551234)',
      'AGENT_STATE 1001001 TALKING', 'MAKE_CALL_CONF',
    ]);
    assert.equal((ext[0] as CtiMessageOf<'BEGIN_CALL_EVENT'>).callType, 8);
    assert.equal((ext[2] as CtiMessageOf<'CALL_ORIGINATED_EVENT'>).calledDeviceId, '5551234');
    assert.equal((ext[3] as CtiMessageOf<'CALL_ESTABLISHED_EVENT'>).callingDeviceId, '1001001');
    const conf = ext[5] as CtiMessageOf<'MAKE_CALL_CONF'>;
    assert.equal(conf.newConnectionCallId, 1);
    assert.equal(conf.newConnectionDeviceId, '1001001');
    c.req(callReq('CLEAR_CONNECTION_REQ', 1, '1001001'));
    c.req(setState('1001002', AgentState.AGENT_STATE_LOGIN));
    const inside = c.req(makeCallReq('1001001', '1001002'));
    // A NOT_READY agent stays NOT_READY while a direct call rings (no RESERVED for non-ACD calls).
    assert.deepEqual(names(inside).slice(3), ['CALL_DELIVERED(2, 1001002)', 'AGENT_STATE 1001001 TALKING', 'MAKE_CALL_CONF']);
    assert.equal((inside[0] as CtiMessageOf<'BEGIN_CALL_EVENT'>).callType, 10);
  });

  it('consult then transfer: CALL_TRANSFERRED_EVENT with the primary call and its parties; B\'s client session gets BEGIN_CALL for it', () => {
    const w = world();
    const c = w.client();
    const b = w.client(CLIENT, { agentId: '1001002' });
    ready(c, '1001001');
    c.req(setState('1001002', AgentState.AGENT_STATE_LOGIN));
    w.acd.offerCall({ queueId: '1', ani: '6125551234', dnis: '8005550100' });
    c.req(callReq('ANSWER_CALL_REQ', 1, '1001001'));
    b.take();
    const consult = c.req(consultReq(1, '1001001', '1001002'));
    assert.deepEqual(names(consult), [
      'CALL_HELD(1, 1001001)', 'BEGIN_CALL(2, 1001001)', 'CALL_SERVICE_INITIATED(2, 1001001)', 'CALL_ORIGINATED(2, 1001001)',
      'CALL_DELIVERED(2, 1001002)', 'CONSULTATION_CALL_CONF',
    ]);
    assert.equal((consult.at(-1) as CtiMessageOf<'CONSULTATION_CALL_CONF'>).newConnectionCallId, 2);
    assert.equal((consult[1] as CtiMessageOf<'BEGIN_CALL_EVENT'>).callType, 12);
    assert.deepEqual(names(b.take()), ['BEGIN_CALL(2, 1001002)', 'CALL_DELIVERED(2, 1001002)']);
    c.req(callReq('ANSWER_CALL_REQ', 2, '1001002'));
    b.take();
    const t = c.req(mergeReq('TRANSFER_CALL_REQ', 1, 2, '1001001'));
    assert.deepEqual(names(t), [
      'CALL_TRANSFERRED', 'CALL_CONNECTION_CLEARED(1, 1001001)', 'CALL_CONNECTION_CLEARED(2, 1001001)', 'CALL_CLEARED(2, 1001001)',
      'END_CALL(2, 1001001)', 'AGENT_STATE 1001001 WORK_READY', 'TRANSFER_CALL_CONF',
    ]);
    const ev = t[0] as CtiMessageOf<'CALL_TRANSFERRED_EVENT'>;
    assert.equal(ev.primaryCallId, 1);
    assert.equal(ev.secondaryCallId, 2);
    assert.equal(ev.transferringDeviceId, '1001001');
    assert.equal(ev.transferredDeviceId, '1001002');
    assert.equal(ev.eventCause, 32);
    assert.deepEqual(ev.connectedParties?.map((p) => p.deviceId), ['6125551234', '1001002']);
    const tc = t.at(-1) as CtiMessageOf<'TRANSFER_CALL_CONF'>;
    assert.equal(tc.newConnectionCallId, 1);
    assert.deepEqual(tc.connectedParties?.map((p) => p.deviceId), ['6125551234', '1001002']);
    assert.deepEqual(names(b.take()), [
      'BEGIN_CALL(1, 1001002)', 'CALL_TRANSFERRED', 'CALL_CONNECTION_CLEARED(1, 1001001)', 'CALL_CONNECTION_CLEARED(2, 1001001)',
      'CALL_CLEARED(2, 1001001)', 'END_CALL(2, 1001002)',
    ]);
    assert.deepEqual(w.acd.call(1)?.connections.map((x) => x.device), ['6125551234', '1001002']);
  });

  it('single-step transfer to an external number', () => {
    const w = world();
    const c = w.client();
    ready(c, '1001001');
    w.acd.offerCall({ queueId: '1', ani: '6125551234', dnis: '8005550100' });
    c.req(callReq('ANSWER_CALL_REQ', 1, '1001001'));
    const t = c.req(mergeReq('TRANSFER_CALL_REQ', 0xffffffff, 1, '1001001', '5559999'));
    assert.deepEqual(names(t).slice(0, 3), ['CALL_ESTABLISHED(1, 5559999)', 'CALL_TRANSFERRED', 'CALL_CONNECTION_CLEARED(1, 1001001)']);
    assert.equal(t.at(-1)?.type, 'TRANSFER_CALL_CONF');
  });

  it('consult then conference: CALL_CONFERENCED_EVENT, consult call cleared', () => {
    const w = world();
    const c = w.client();
    ready(c, '1001001');
    c.req(setState('1001002', AgentState.AGENT_STATE_LOGIN));
    w.acd.offerCall({ queueId: '1', ani: '6125551234', dnis: '8005550100' });
    c.req(callReq('ANSWER_CALL_REQ', 1, '1001001'));
    c.req(consultReq(1, '1001001', '1001002'));
    c.req(callReq('ANSWER_CALL_REQ', 2, '1001002'));
    const r = c.req(mergeReq('CONFERENCE_CALL_REQ', 1, 2, '1001001'));
    assert.deepEqual(names(r).filter((n) => !n.startsWith('AGENT_STATE')), ['CALL_CONFERENCED', 'CALL_CLEARED(2, 1001001)', 'END_CALL(2, 1001001)', 'CONFERENCE_CALL_CONF']);
    const ev = r[0] as CtiMessageOf<'CALL_CONFERENCED_EVENT'>;
    assert.equal(ev.primaryCallId, 1);
    assert.equal(ev.addedPartyDeviceId, '1001002');
    assert.deepEqual(ev.connectedParties?.map((p) => p.deviceId).sort(), ['1001001', '1001002', '6125551234']);
    assert.equal((r.at(-1) as CtiMessageOf<'CONFERENCE_CALL_CONF'>).connectedParties?.length, 3);
  });
});

describe('ACD bridge: Client Events sessions', () => {
  it('see only their agent and the calls at its device', () => {
    const w = world();
    const c = w.client();
    const mine = w.client(CLIENT, { agentInstrument: '1001002' });
    mine.take();
    ready(c, '1001001');
    w.acd.offerCall({ queueId: '1', ani: '555', dnis: '800' });
    c.req(callReq('ANSWER_CALL_REQ', 1, '1001001'));
    assert.deepEqual(mine.take(), []);
    // A client session's requests default to its agent.
    const login = mine.req((invokeId) => ({
      type: 'SET_AGENT_STATE_REQ', invokeId, peripheralId: P, agentState: 0, agentWorkMode: 0, eventReasonCode: 0, forcedFlag: 0,
      agentServiceReq: 0, agentInstrument: '1001002', agentId: '1001002',
    }));
    assert.deepEqual(names(login), ['AGENT_STATE 1001002 LOGIN', 'AGENT_STATE 1001002 NOT_READY', 'SET_AGENT_STATE_CONF']);
  });
});

describe('ACD bridge: refusals', () => {
  const status = (ms: CtiMessage[]): number | string => {
    const last = ms.at(-1);
    return last?.type === 'FAILURE_CONF' ? last.status : `${last?.type}`;
  };

  it('answers FAILURE_CONF with the documented Status and changes nothing', () => {
    const w = world();
    const c = w.client();
    c.take();
    assert.equal(status(c.req(setState('9999', AgentState.AGENT_STATE_LOGIN))), FailureStatus.E_CTI_INVALID_AGENT_DATA);
    assert.equal(status(c.req(setState('1001001', AgentState.AGENT_STATE_LOGIN, { peripheralId: 7 }))), FailureStatus.E_CTI_INVALID_PERIPHERAL_ID);
    assert.equal(status(c.req(setState('1001001', AgentState.AGENT_STATE_LOGIN, { agentInstrument: '1001002' }))), FailureStatus.E_CTI_INCONSISTENT_AGENT_DATA);
    assert.equal(status(c.req(setState('1001001', AgentState.AGENT_STATE_LOGIN, { agentId: undefined }))), FailureStatus.E_CTI_REQUIRED_DATA_MISSING);
    assert.equal(status(c.req(setState('1001001', AgentState.AGENT_STATE_AVAILABLE))), FailureStatus.E_CTI_AGENT_NOT_LOGGED_ON);
    assert.equal(status(c.req(setState('1001001', AgentState.AGENT_STATE_WORK_READY))), FailureStatus.E_CTI_INVALID_OBJECT_STATE);
    c.req(setState('1001001', AgentState.AGENT_STATE_LOGIN));
    assert.equal(status(c.req(setState('1001001', AgentState.AGENT_STATE_LOGIN))), FailureStatus.E_CTI_INVALID_OBJECT_STATE, 'illegal transition');
    assert.equal(status(c.req(callReq('ANSWER_CALL_REQ', 42, '1001001'))), FailureStatus.E_CTI_INVALID_CALLID);
    assert.equal(status(c.req(callReq('HOLD_CALL_REQ', 1, '7777'))), FailureStatus.E_CTI_INVALID_AGENT_DATA);
    assert.equal(w.acd.agent('1001001')?.state, 'NOT_READY');
  });

  it('out-of-order call control: hold before answer, retrieve of an active call, transfer without a consult', () => {
    const w = world();
    const c = w.client();
    ready(c, '1001001', '1001002');
    w.acd.offerCall({ queueId: '1', ani: '555', dnis: '800' });
    c.take();
    assert.equal(status(c.req(callReq('HOLD_CALL_REQ', 1, '1001001'))), FailureStatus.E_CTI_INVALID_OBJECT_STATE);
    assert.equal(status(c.req(callReq('ANSWER_CALL_REQ', 1, '1001002'))), FailureStatus.E_CTI_NOT_CALL_PARTY);
    c.req(callReq('ANSWER_CALL_REQ', 1, '1001001'));
    assert.equal(status(c.req(retrieveReq(1, '1001001'))), FailureStatus.E_CTI_INVALID_OBJECT_STATE);
    assert.equal(status(c.req(mergeReq('TRANSFER_CALL_REQ', 1, 1, '1001001'))), FailureStatus.E_CTI_INVALID_CALLID);
    assert.equal(status(c.req(mergeReq('CONFERENCE_CALL_REQ', 0xffffffff, 1, '1001001', '5551'))), FailureStatus.E_CTI_FUNCTION_NOT_AVAILABLE);
    assert.equal(status(c.req(consultReq(1, '1001001', '1001002'))), 'CONSULTATION_CALL_CONF');
    c.req(setState('1001003', AgentState.AGENT_STATE_LOGIN));
    assert.equal(status(c.req(makeCallReq('1001003', '1001002'))), FailureStatus.E_CTI_DEVICE_IN_USE, 'destination busy');
    assert.equal(status(c.req(makeCallReq('1001003', '1001003'))), FailureStatus.E_CTI_INVALID_DEVICE, 'own extension');
    assert.equal(status(c.req((invokeId) => ({
      type: 'SET_CALL_DATA_REQ', invokeId, peripheralId: P, connectionDeviceIdType: 0, connectionCallId: 1, callType: 1,
      calledPartyDisposition: 0, campaignId: 0, queryRuleId: 0, connectionDeviceId: '1001001', namedVariables: [{ name: 'bad name', value: 'x' }],
    }))), FailureStatus.E_CTI_NAMED_VARIABLE_NOT_CONFIGURED);
  });

  it('control requests need the client control service', () => {
    const w = world();
    const c = w.client(ServiceMask.CTI_SERVICE_ALL_EVENTS);
    c.take();
    assert.equal(status(c.req(setState('1001001', AgentState.AGENT_STATE_LOGIN))), FailureStatus.E_CTI_FUNCTION_NOT_AVAILABLE);
    assert.equal(w.acd.agent('1001001')?.state, 'LOGOUT');
  });

  it('an agent removed while logged in: its AGENT_STATE_EVENT LOGOUT 255 still goes out', () => {
    const w = world();
    const c = w.client();
    c.req(setState('1001003', AgentState.AGENT_STATE_LOGIN));
    w.acd.removeAgent('1001003');
    const [ev] = c.take();
    assert.equal(ev?.type === 'AGENT_STATE_EVENT' && `${ev.agentId} ${ev.agentState} ${ev.eventReasonCode}`, '1001003 1 255');
  });

  it('a closed session gets nothing more; close() stops the bridge', () => {
    const w = world();
    const c = w.client();
    c.session.close('test');
    c.take();
    w.acd.login('1001001');
    assert.deepEqual(c.take(), []);
    w.bridge.close();
  });
});

describe('ACD bridge: edge cases and hostile input', () => {
  const last = (ms: CtiMessage[]): CtiMessage | undefined => ms.at(-1);

  it('ANSWER_CALL_REQ with ConnectionCallID 0xFFFFFFFF answers the call alerting at the device', () => {
    const w = world();
    const c = w.client();
    ready(c, '1001001');
    w.acd.offerCall({ queueId: '1', ani: '555', dnis: '800' });
    assert.equal(last(c.req(callReq('ANSWER_CALL_REQ', 0xffffffff, '1001001')))?.type, 'ANSWER_CALL_CONF');
    assert.equal(w.acd.agent('1001001')?.state, 'TALKING');
  });

  it('CLEAR_CONNECTION_REQ naming the caller hangs the caller up (abandon before answer)', () => {
    const w = world();
    const c = w.client();
    w.acd.offerCall({ queueId: '1', ani: '555', dnis: '800' });
    c.take();
    const r = c.req(callReq('CLEAR_CONNECTION_REQ', 1, '555'));
    assert.deepEqual(names(r), ['CALL_CONNECTION_CLEARED(1, 555)', 'CALL_CLEARED(1, 555)', 'END_CALL(1, 555)', 'CLEAR_CONNECTION_CONF']);
  });

  it('QUERY_AGENT_STATE_REQ naming nobody, a 2^31 ICMAgentID, an unknown extension', () => {
    const w = world();
    const c = w.client();
    c.take();
    const q = (over: Record<string, unknown>) => (invokeId: number): CtiMessage =>
      ({ type: 'QUERY_AGENT_STATE_REQ', invokeId, peripheralId: P, mrdId: 1, icmAgentId: 0, ...over }) as CtiMessage;
    const fail = (ms: CtiMessage[]) => { const m = last(ms); return m?.type === 'FAILURE_CONF' ? m.status : m?.type; };
    assert.equal(fail(c.req(q({}))), FailureStatus.E_CTI_REQUIRED_DATA_MISSING);
    assert.equal(fail(c.req(q({ icmAgentId: 0x7fffffff }))), FailureStatus.E_CTI_INVALID_AGENT_DATA);
    assert.equal(fail(c.req(q({ icmAgentId: -1, agentExtension: '\u0001\u0002' }))), FailureStatus.E_CTI_INVALID_AGENT_DATA);
    assert.equal(fail(c.req(q({ icmAgentId: 1001003 }))), 'QUERY_AGENT_STATE_CONF');
  });

  it('SET_CALL_DATA_REQ: a cleared call without wrap-up data, another agent\'s last call, a call variable of 40 bytes', () => {
    const w = world();
    const c = w.client();
    ready(c, '1001001', '1001002');
    w.acd.offerCall({ queueId: '1', ani: '555', dnis: '800' });
    c.req(callReq('ANSWER_CALL_REQ', 1, '1001001'));
    const data = (over: Record<string, unknown>) => (invokeId: number): CtiMessage => ({
      type: 'SET_CALL_DATA_REQ', invokeId, peripheralId: P, connectionDeviceIdType: 0, connectionCallId: 1, callType: 1,
      calledPartyDisposition: 0, campaignId: 0, queryRuleId: 0, connectionDeviceId: '1001001', ...over,
    }) as CtiMessage;
    assert.equal(last(c.req(data({ callVariable10: 'x'.repeat(40) })))?.type, 'SET_CALL_DATA_CONF');
    c.req(callReq('CLEAR_CONNECTION_REQ', 1, '1001001'));
    const st = (ms: CtiMessage[]) => { const m = last(ms); return m?.type === 'FAILURE_CONF' ? m.status : m?.type; };
    assert.equal(st(c.req(data({ callVariable1: 'late' }))), FailureStatus.E_CTI_INVALID_CALLID);
    assert.equal(st(c.req(data({ connectionDeviceId: '1001002', callWrapupData: 'x' }))), FailureStatus.E_CTI_INVALID_OBJECT_STATE);
    assert.equal(st(c.req(data({ connectionCallId: 99, callWrapupData: 'x' }))), FailureStatus.E_CTI_INVALID_CALLID);
    assert.equal(st(c.req(data({ callWrapupData: 'Sales' }))), 'SET_CALL_DATA_CONF');
  });

  it('a request for an agent created after the bridge: refreshAgents is asked before refusing', () => {
    const w = world();
    let refreshed = 0;
    const bridge = createAcdBridge({
      acd: w.acd, clock: w.clock, log: w.log, peripheralId: P,
      refreshAgents: () => { refreshed++; return { added: w.acd.addAgent({ id: '1001009', extension: '1001009', queueIds: ['1'] }).ok ? 1 : 0 }; },
    });
    const out: CtiMessage[] = [];
    const parser = new CtiFrameParser((e) => { if (e.kind === 'frame') { const d = decodeMessage(e.frame); if (d.ok) out.push(d.value); } });
    const session = new CtiServerSession({
      id: 99, clock: w.clock, log: w.log, minProtocolVersion: 13, peripheralId: P,
      transport: { peer: 'test', write: (b) => parser.push(b), close: () => {} },
      handleRequest: bridge.handleRequest, onOpened: bridge.sessionOpened, onClosed: bridge.sessionClosed,
    });
    session.push(encodeMessage({
      type: 'OPEN_REQ', invokeId: 1, versionNumber: PROTOCOL_VERSION, idleTimeout: 0xffffffff, peripheralId: 0xffffffff,
      servicesRequested: ALL, callMsgMask: 0, agentStateMask: 0, configMsgMask: 0, clientId: 't', clientPassword: Buffer.alloc(0),
    }));
    session.push(encodeMessage(setState('1001009', AgentState.AGENT_STATE_LOGIN)(5)));
    assert.equal(refreshed, 1);
    assert.equal(out.at(-1)?.type, 'SET_AGENT_STATE_CONF');
    session.push(encodeMessage(setState('1001999', AgentState.AGENT_STATE_LOGIN)(6)));
    assert.equal(out.at(-1)?.type, 'FAILURE_CONF');
    bridge.close();
  });

  it('random requests in random order never throw and always get one reply each', () => {
    const w = world();
    const c = w.client();
    c.take();
    let seed = 7;
    const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
    const devices = ['1001001', '1001002', '1001003', '555', '', '9'.repeat(39)];
    const ids = [0, 1, 2, 3, 0xffffffff, 0x7fffffff];
    for (let i = 0; i < 400; i++) {
      if (rnd(10) === 0) w.acd.offerCall({ queueId: String(1 + rnd(2)), ani: '555', dnis: '800' });
      const d = devices[rnd(devices.length)]!;
      const id = ids[rnd(ids.length)]!;
      const builders = [
        setState(d, rnd(12)), callReq('ANSWER_CALL_REQ', id, d), callReq('HOLD_CALL_REQ', id, d), retrieveReq(id, d),
        callReq('CLEAR_CONNECTION_REQ', id, d), makeCallReq(d, devices[rnd(devices.length)]!), consultReq(id, d, devices[rnd(devices.length)]!),
        mergeReq('TRANSFER_CALL_REQ', ids[rnd(ids.length)]!, id, d, rnd(2) ? '5551' : undefined),
        mergeReq('CONFERENCE_CALL_REQ', ids[rnd(ids.length)]!, id, d),
      ];
      const r = c.req(builders[rnd(builders.length)]!);
      const replies = r.filter((m) => !m.type.endsWith('_EVENT'));
      assert.equal(replies.length, 1, `one reply to request ${i}: ${names(r).join(', ')}`);
    }
    assert.equal(w.log.lines.filter((l) => l.level === 'error').length, 0);
  });
});

describe('ACD bridge: ACD data that does not fit the wire', () => {
  it('a long ANI with a NUL, 2000 bytes of ECC values, a 40-byte wrap-up reason, a long extension: events still go out, cut to fit', () => {
    const clock = new ManualClock();
    const log = new MemoryLogger(false);
    const acd = createAcd({
      clock, random: seededRandom(1), options: { queueStatsEvents: false }, queues: [{ id: 'sales-queue', name: 'Sales' }],
      agents: [{ id: 'agent-with-a-long-id', extension: '12345678901234567890', queueIds: ['sales-queue'] }],
    });
    const bridge = createAcdBridge({ acd, clock, log, peripheralId: P });
    const out: CtiMessage[] = [];
    const parser = new CtiFrameParser((e) => { if (e.kind === 'frame') { const d = decodeMessage(e.frame); if (d.ok) out.push(d.value); } });
    const session = new CtiServerSession({
      id: 1, clock, log, minProtocolVersion: 13, peripheralId: P,
      transport: { peer: 'test', write: (b) => parser.push(b), close: () => {} },
      handleRequest: bridge.handleRequest, onOpened: bridge.sessionOpened, onClosed: bridge.sessionClosed,
    });
    session.push(encodeMessage({
      type: 'OPEN_REQ', invokeId: 1, versionNumber: PROTOCOL_VERSION, idleTimeout: 0xffffffff, peripheralId: 0xffffffff,
      servicesRequested: ALL, callMsgMask: 0, agentStateMask: 0, configMsgMask: 0, clientId: 't', clientPassword: Buffer.alloc(0),
    }));
    acd.login('agent-with-a-long-id');
    acd.setAgentState('agent-with-a-long-id', { state: 'AVAILABLE' });
    const ecc: Record<string, string> = {};
    for (let i = 0; i < 8; i++) ecc[`user.v${i}`] = 'é'.repeat(110);
    ecc['user.this.name.is.longer.than.32.bytes'] = 'x'.repeat(100);
    const r = acd.offerCall({ queueId: 'sales-queue', ani: `61255\u0000${'5'.repeat(60)}`, dnis: '8'.repeat(50), ecc });
    assert.ok(r.ok);
    acd.answer(1, 'agent-with-a-long-id');
    acd.drop(1, 'agent-with-a-long-id');
    assert.equal(acd.setWrapUpReason('agent-with-a-long-id', 'w'.repeat(40)).ok, true);
    assert.deepEqual(log.lines.filter((l) => l.level === 'error'), []);
    const begin = out.find((m) => m.type === 'BEGIN_CALL_EVENT') as CtiMessageOf<'BEGIN_CALL_EVENT'>;
    assert.equal(begin.ani, `61255${'5'.repeat(34)}`);
    assert.equal(begin.dnis?.length, 31);
    assert.deepEqual(begin.namedVariables?.map((v) => v.name), ['user.v0', 'user.v1', 'user.v2', 'user.v3', 'user.v4', 'user.v5', 'user.v6', 'user.v7'],
      'names over 32 bytes are left out');
    assert.equal(begin.namedVariables?.[0]?.value, 'é'.repeat(105), 'values cut to 210 bytes at a character boundary');
    const state = out.find((m) => m.type === 'AGENT_STATE_EVENT') as CtiMessageOf<'AGENT_STATE_EVENT'>;
    assert.equal(state.agentExtension, '123456789012345');
    assert.equal(state.agentIdLong, 'agent-with-a-long-id');
    assert.equal(state.skillGroups?.[0]?.number, 1, 'a non-numeric queue id is numbered by position');
    const update = out.filter((m) => m.type === 'CALL_DATA_UPDATE_EVENT').pop() as CtiMessageOf<'CALL_DATA_UPDATE_EVENT'>;
    assert.equal(update.callWrapupData, 'w'.repeat(39));
  });
});
