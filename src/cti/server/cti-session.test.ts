import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../shared/clock.js';
import { MemoryLogger } from '../../shared/logger.js';
import {
  CtiFrameParser, FailureStatus, PROTOCOL_VERSION, ServiceMask, decodeMessage, encodeFrame, encodeMessage,
  type CtiMessage,
} from '../codec/index.js';
import { CtiServerSession, NOT_YET_SUPPORTED, type CtiRequestHandler } from './cti-session.js';

function harness(opts: { handleRequest?: CtiRequestHandler; minProtocolVersion?: number } = {}) {
  const clock = new ManualClock();
  const log = new MemoryLogger(false);
  const out: CtiMessage[] = [];
  let closed = 0;
  const parser = new CtiFrameParser((e) => {
    if (e.kind !== 'frame') throw new Error('bad frame from the server');
    const d = decodeMessage(e.frame);
    if (!d.ok) throw new Error(`server sent undecodable ${d.error}`);
    out.push(d.value);
  });
  const session = new CtiServerSession({
    id: 1, clock, log, minProtocolVersion: opts.minProtocolVersion ?? 13,
    transport: { peer: 'test', write: (b) => parser.push(b), close: () => { closed++; } },
    ...(opts.handleRequest ? { handleRequest: opts.handleRequest } : {}),
  });
  const send = (m: CtiMessage): void => session.push(encodeMessage(m));
  return { clock, log, out, session, send, closed: () => closed };
}

const openReq = (over: Partial<Extract<CtiMessage, { type: 'OPEN_REQ' }>> = {}): CtiMessage => ({
  type: 'OPEN_REQ', invokeId: 1, versionNumber: PROTOCOL_VERSION, idleTimeout: 20, peripheralId: 0xffffffff,
  servicesRequested: (ServiceMask.CTI_SERVICE_ALL_EVENTS | ServiceMask.CTI_SERVICE_CLIENT_CONTROL | ServiceMask.CTI_SERVICE_DEBUG) >>> 0,
  callMsgMask: 0, agentStateMask: 0, configMsgMask: 0, clientId: 'test', clientPassword: Buffer.alloc(0), ...over,
});

describe('CTI server session', () => {
  it('OPEN_REQ → OPEN_CONF echoing the InvokeID, granting supported services only', () => {
    const h = harness();
    h.send(openReq({ invokeId: 42 }));
    const conf = h.out[0];
    assert.equal(conf?.type, 'OPEN_CONF');
    assert.equal(conf.invokeId, 42);
    assert.equal(conf.servicesGranted, ServiceMask.CTI_SERVICE_ALL_EVENTS | ServiceMask.CTI_SERVICE_CLIENT_CONTROL);
    assert.equal(h.session.state, 'open');
    assert.equal(h.session.wants(ServiceMask.CTI_SERVICE_ALL_EVENTS), true);
    assert.equal(h.session.wants(ServiceMask.CTI_SERVICE_CLIENT_EVENTS), false);
  });

  it('accepts a newer client version; refuses one older than the floor with FAILURE_CONF E_CTI_INVALID_VERSION', () => {
    const newer = harness();
    newer.send(openReq({ versionNumber: PROTOCOL_VERSION + 5 }));
    assert.equal(newer.out[0]?.type, 'OPEN_CONF');
    const older = harness({ minProtocolVersion: 13 });
    older.send(openReq({ invokeId: 9, versionNumber: 12 }));
    assert.deepEqual(older.out[0], { type: 'FAILURE_CONF', invokeId: 9, status: FailureStatus.E_CTI_INVALID_VERSION, text: 'protocol version 12 not supported' });
    assert.equal(older.closed(), 1);
  });

  it('HEARTBEAT_REQ → HEARTBEAT_CONF; before OPEN → E_CTI_SESSION_NOT_OPEN; second OPEN → already open', () => {
    const h = harness();
    h.send({ type: 'HEARTBEAT_REQ', invokeId: 3 });
    assert.deepEqual(h.out.pop(), { type: 'FAILURE_CONF', invokeId: 3, status: FailureStatus.E_CTI_SESSION_NOT_OPEN });
    h.send(openReq());
    h.send({ type: 'HEARTBEAT_REQ', invokeId: 4 });
    assert.deepEqual(h.out.pop(), { type: 'HEARTBEAT_CONF', invokeId: 4 });
    h.send(openReq({ invokeId: 5 }));
    assert.deepEqual(h.out.pop(), { type: 'FAILURE_CONF', invokeId: 5, status: FailureStatus.E_CTI_SESSION_ALREADY_OPEN });
  });

  it('CLOSE_REQ → CLOSE_CONF, then closes', () => {
    const h = harness();
    h.send(openReq());
    h.send({ type: 'CLOSE_REQ', invokeId: 8, status: 0 });
    assert.deepEqual(h.out.pop(), { type: 'CLOSE_CONF', invokeId: 8 });
    assert.equal(h.closed(), 1);
    assert.equal(h.session.state, 'closed');
  });

  it('other requests go to the handler; the default answers FAILURE_CONF "not yet supported"', async () => {
    const h = harness();
    h.send(openReq());
    h.send({ type: 'QUERY_AGENT_STATE_REQ', invokeId: 11, peripheralId: 5000, mrdId: 1, icmAgentId: 0, agentInstrument: '1001' } as unknown as CtiMessage);
    assert.deepEqual(h.out.pop(), { type: 'FAILURE_CONF', invokeId: 11, status: FailureStatus.E_CTI_FUNCTION_NOT_AVAILABLE, text: NOT_YET_SUPPORTED });
    const seen: string[] = [];
    const p = harness({ handleRequest: (s, m) => { seen.push(m.type); s.fail(12, 0); } });
    p.send(openReq());
    p.send({ type: 'QUERY_AGENT_STATE_REQ', invokeId: 12, peripheralId: 5000, mrdId: 1, icmAgentId: 0, agentInstrument: '1001' } as unknown as CtiMessage);
    assert.deepEqual(seen, ['QUERY_AGENT_STATE_REQ']);
    const failing = harness({ handleRequest: async () => { throw new Error('boom'); } });
    failing.send(openReq());
    failing.send({ type: 'QUERY_AGENT_STATE_REQ', invokeId: 13, peripheralId: 5000, mrdId: 1, icmAgentId: 0, agentInstrument: '1001' } as unknown as CtiMessage);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(failing.out.pop(), { type: 'FAILURE_CONF', invokeId: 13, status: FailureStatus.E_CTI_UNSPECIFIED_FAILURE });
  });

  it('an unknown MessageType → FAILURE_CONF E_CTI_INVALID_MSG_TYPE_FOR_VERSION with the InvokeID echoed', () => {
    const h = harness();
    h.send(openReq());
    const body = Buffer.alloc(8);
    body.writeUInt32BE(77, 0);
    h.session.push(encodeFrame(9999, body));
    assert.deepEqual(h.out.pop(), { type: 'FAILURE_CONF', invokeId: 77, status: FailureStatus.E_CTI_INVALID_MSG_TYPE_FOR_VERSION, text: 'unknown-type' });
    assert.equal(h.session.state, 'open');
  });

  it('a framing error (MessageLength 2^32-1) closes the connection', () => {
    const h = harness();
    h.send(openReq());
    const header = Buffer.alloc(8);
    header.writeUInt32BE(0xffffffff, 0);
    header.writeUInt32BE(5, 4);
    h.session.push(header);
    assert.equal(h.closed(), 1);
    assert.equal(h.session.state, 'closed');
  });

  it('closes the session when nothing arrives within the IdleTimeout (heartbeats lost)', () => {
    const h = harness();
    h.send(openReq({ idleTimeout: 20 }));
    h.clock.advance(15_000);
    h.send({ type: 'HEARTBEAT_REQ', invokeId: 2 });
    h.clock.advance(15_000);
    assert.equal(h.session.state, 'open', 'a heartbeat restarted the idle timer');
    h.clock.advance(5_000);
    assert.equal(h.session.state, 'closed');
    assert.equal(h.session.idleTimedOut, true);
    assert.ok(h.log.has('warn', 'heartbeats lost'));
  });

  it('no idle timeout when the client sends IdleTimeout 0xFFFFFFFF', () => {
    const h = harness();
    h.send(openReq({ idleTimeout: 0xffffffff }));
    h.clock.advance(3_600_000);
    assert.equal(h.session.state, 'open');
  });
});
