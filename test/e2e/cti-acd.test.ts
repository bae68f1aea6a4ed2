// A CTI client drives the embedded ACD over real mutual TLS (issue 11): login → ready → an offered
// call → answer → hold → retrieve → release, each answered by its CONF and the events docs/cti.md lists.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../helpers/test-server.js';
import { connectCtiClient } from '../helpers/cti-test-client.js';
import { AgentState, type CtiMessage } from '../../src/cti/codec/index.js';

const P = 5000;
const AGENT = '1001001';

describe('CTI client ↔ embedded ACD over mutual TLS', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  after(async () => { for (const c of cleanup.reverse()) await c(); });

  it('login → ready → offered call → answer → hold → retrieve → release', async () => {
    const server = await startTestServer();
    cleanup.push(() => server.stop());
    const client = await connectCtiClient(server.ready.ports.cti!, server.server.certs.secureContextOptions('cti-client'));
    cleanup.push(() => client.close());
    assert.equal((await client.open()).type, 'OPEN_CONF');
    const sys = await client.waitFor((m) => m.type === 'SYSTEM_EVENT', 'SYSTEM_EVENT');
    assert.equal(sys.type === 'SYSTEM_EVENT' && sys.systemEventArg1, P);

    const agentState = (state: number) => (m: CtiMessage) => m.type === 'AGENT_STATE_EVENT' && m.agentId === AGENT && m.agentState === state;
    const setState = (agentState: number) => client.request((invokeId) => ({
      type: 'SET_AGENT_STATE_REQ', invokeId, peripheralId: P, agentState, agentWorkMode: 0, eventReasonCode: 0, forcedFlag: 0,
      agentServiceReq: 0, agentInstrument: AGENT, agentId: AGENT,
    }));
    assert.equal((await setState(AgentState.AGENT_STATE_LOGIN)).type, 'SET_AGENT_STATE_CONF');
    await client.waitFor(agentState(AgentState.AGENT_STATE_NOT_READY), 'NOT_READY');
    assert.equal((await setState(AgentState.AGENT_STATE_AVAILABLE)).type, 'SET_AGENT_STATE_CONF');
    await client.waitFor(agentState(AgentState.AGENT_STATE_AVAILABLE), 'AVAILABLE');

    const offered = server.server.acd.offerCall({ queueId: '1', ani: '6125551234', dnis: '8005550100', callVariables: { 1: 'acct=42' } });
    assert.ok(offered.ok);
    const callId = offered.value.callId;
    const begin = await client.waitFor((m) => m.type === 'BEGIN_CALL_EVENT' && m.connectionCallId === callId, 'BEGIN_CALL_EVENT');
    assert.equal(begin.type === 'BEGIN_CALL_EVENT' && begin.callVariable1, 'acct=42');
    const delivered = await client.waitFor((m) => m.type === 'CALL_DELIVERED_EVENT' && m.connectionDeviceId === AGENT, 'CALL_DELIVERED_EVENT');
    assert.equal(delivered.type === 'CALL_DELIVERED_EVENT' && delivered.ani, '6125551234');
    await client.waitFor(agentState(AgentState.AGENT_STATE_RESERVED), 'RESERVED');

    const conn = { peripheralId: P, connectionCallId: callId, connectionDeviceIdType: 0, connectionDeviceId: AGENT };
    assert.equal((await client.request((invokeId) => ({ type: 'ANSWER_CALL_REQ', invokeId, ...conn }))).type, 'ANSWER_CALL_CONF');
    await client.waitFor((m) => m.type === 'CALL_ESTABLISHED_EVENT' && m.answeringDeviceId === AGENT, 'CALL_ESTABLISHED_EVENT');
    await client.waitFor(agentState(AgentState.AGENT_STATE_TALKING), 'TALKING');
    assert.equal((await client.request((invokeId) => ({ type: 'HOLD_CALL_REQ', invokeId, ...conn, reservation: false }))).type, 'HOLD_CALL_CONF');
    await client.waitFor((m) => m.type === 'CALL_HELD_EVENT', 'CALL_HELD_EVENT');
    await client.waitFor(agentState(AgentState.AGENT_STATE_HOLD), 'HOLD');
    assert.equal((await client.request((invokeId) => ({
      type: 'RETRIEVE_CALL_REQ', invokeId, peripheralId: P, heldConnectionCallId: callId, heldConnectionDeviceIdType: 0, heldConnectionDeviceId: AGENT,
    }))).type, 'RETRIEVE_CALL_CONF');
    await client.waitFor((m) => m.type === 'CALL_RETRIEVED_EVENT', 'CALL_RETRIEVED_EVENT');
    assert.equal((await client.request((invokeId) => ({ type: 'CLEAR_CONNECTION_REQ', invokeId, ...conn }))).type, 'CLEAR_CONNECTION_CONF');
    await client.waitFor((m) => m.type === 'CALL_CLEARED_EVENT' && m.connectionCallId === callId, 'CALL_CLEARED_EVENT');
    await client.waitFor((m) => m.type === 'END_CALL_EVENT' && m.connectionCallId === callId, 'END_CALL_EVENT');
    await client.waitFor(agentState(AgentState.AGENT_STATE_WORK_READY), 'WORK_READY');

    // A refused request over the wire: FAILURE_CONF with the documented Status.
    const refused = await client.request((invokeId) => ({ type: 'ANSWER_CALL_REQ', invokeId, ...conn }));
    assert.equal(refused.type === 'FAILURE_CONF' && refused.status, 13 /* E_CTI_INVALID_CALLID */);
    assert.equal(server.server.acd.agent(AGENT)?.state, 'WORK_READY');
  });
});
