// The adapter over a fake link: commands → CTI requests, immediate refusals, CTI refusals → request-failed
// with the requestId, link state → link-changed, recovery → resynchronized.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ControlFailureCode, FailureStatus, type CtiMessage } from '../../cti/codec/index.js';
import { ManualClock } from '../../shared/clock.js';
import { silentLogger } from '../../shared/logger.js';
import type { DomainEvent } from '../contact-center.js';
import { createCtiContactCenter } from './cti-contact-center.js';
import { FakeLink, agentState, agentUser, beginCall, delivered, established, fakeDirectory, flush } from './test-kit.js';

const A = '1001001', B = '1001002';
const queryConf = (m: CtiMessage, state: number, ext?: string): CtiMessage => ({
  type: 'QUERY_AGENT_STATE_CONF', invokeId: (m as { invokeId: number }).invokeId, agentState: state, mrdId: 1, numTasks: 0, agentMode: 1,
  maxTaskLimit: 1, icmAgentId: 0, agentAvailabilityStatus: 0, departmentId: 0, ...(ext ? { agentExtension: ext } : {}),
} as CtiMessage);
const ok = (m: CtiMessage): CtiMessage => ({ type: m.type.replace('_REQ', '_CONF'), invokeId: (m as { invokeId: number }).invokeId } as CtiMessage);

async function setup(queries: Record<string, number> = {}) {
  const link = new FakeLink();
  link.answer = (m) => (m.type === 'QUERY_AGENT_STATE_REQ' ? queryConf(m, queries[(m as { agentId: string }).agentId] ?? 1) : ok(m));
  const clock = new ManualClock(1_700_000_000_000);
  const cc = createCtiContactCenter({
    link, clock, log: silentLogger, directory: fakeDirectory([agentUser(A), agentUser(B, ['1', '2'])]), peripheralId: 5000, requestTimeoutMs: 1000,
  });
  const events: DomainEvent[] = [];
  cc.onEvent((e) => events.push(e));
  link.up();
  await flush();
  return { link, clock, cc, events };
}

describe('CTI contact center: link state and resynchronization', () => {
  it('re-reads every agent before reporting IN_SERVICE, then says resynchronized', async () => {
    const { link, cc, events } = await setup({ [A]: 3 });
    assert.deepEqual(link.sentOf('QUERY_AGENT_STATE_REQ').map((q) => [q.agentId, q.peripheralId]), [[A, 5000], [B, 5000]]);
    assert.deepEqual(events.map((e) => e.kind).filter((k) => k !== 'queue-changed'), ['agent-changed', 'link-changed', 'resynchronized']);
    assert.equal(events.filter((e) => e.kind === 'queue-changed').length, 1, 'one queue-changed for the burst (queue 1: A became READY)');
    assert.equal(cc.link().state, 'IN_SERVICE');
    assert.equal(cc.link().side, 'A');
    assert.equal(cc.agent(A)?.state, 'READY');
    assert.equal(cc.agent(B)?.state, 'LOGOUT');
    assert.equal(cc.agent('nobody'), undefined);
    assert.equal(cc.agents().length, 2);
    assert.equal(cc.resyncCount, 1);
  });

  it('link down → OUT_OF_SERVICE and every command refused with Service Unavailable; up on B → resynchronized again', async () => {
    const { link, cc, events } = await setup({ [A]: 2 });
    events.length = 0;
    link.down('3 heartbeats unanswered');
    assert.equal(cc.link().state, 'OUT_OF_SERVICE');
    assert.equal(cc.link().reason, '3 heartbeats unanswered');
    const r = await cc.setAgentState({ agentId: A, state: 'READY' });
    assert.deepEqual(r, { ok: false, failure: { errorType: 'Service Unavailable', errorMessage: 'SERVER_OUT_OF_SERVICE', errorCode: 0 } });
    assert.equal((await cc.dialogAction({ dialogId: '1', agentId: A, action: 'ANSWER' })).ok, false);
    assert.equal(cc.agent(A)?.state, 'NOT_READY', 'reads still answer from the cache');
    link.answer = (m) => (m.type === 'QUERY_AGENT_STATE_REQ' ? queryConf(m, (m as { agentId: string }).agentId === A ? 3 : 1) : ok(m));
    link.up('B');
    await flush();
    assert.deepEqual(events.map((e) => e.kind).filter((k) => k !== 'queue-changed'), ['link-changed', 'agent-changed', 'link-changed', 'resynchronized']);
    assert.equal(cc.link().side, 'B');
    assert.equal(cc.agent(A)?.state, 'READY');
    assert.equal(cc.resyncCount, 2);
  });

  it('SYSTEM_EVENT peripheral offline / online moves the link state and resynchronizes', async () => {
    const { link, cc } = await setup();
    const sys = (id: number, arg1 = 5000): CtiMessage => ({ type: 'SYSTEM_EVENT', pgStatus: 0, icmCentralControllerTime: 0, systemEventId: id,
      systemEventArg1: arg1, systemEventArg2: 0, systemEventArg3: 0, eventDeviceType: 0xffff } as CtiMessage);
    link.emit(sys(4, 9999));
    assert.equal(cc.link().state, 'IN_SERVICE', 'another peripheral');
    link.emit(sys(4));
    assert.equal(cc.link().state, 'OUT_OF_SERVICE');
    link.emit(sys(3));
    await flush();
    assert.equal(cc.link().state, 'IN_SERVICE');
    assert.equal(cc.resyncCount, 2);
  });
});

describe('CTI contact center: agent state commands', () => {
  it('LOGIN sends SET_AGENT_STATE_REQ with the extension; the resulting event carries the requestId', async () => {
    const { link, cc, events } = await setup();
    events.length = 0;
    const r = await cc.setAgentState({ agentId: A, state: 'LOGIN', extension: A, requestId: 'req-1' });
    assert.deepEqual(r, { ok: true, value: undefined });
    const [req] = link.sentOf('SET_AGENT_STATE_REQ');
    assert.equal(req?.agentState, 0);
    assert.equal(req?.agentInstrument, A);
    assert.equal(req?.agentId, A);
    assert.equal(req?.forcedFlag, 0);
    link.emit(agentState(A, 'AGENT_STATE_NOT_READY'));
    const changed = events.find((e) => e.kind === 'agent-changed');
    assert.equal(changed?.kind === 'agent-changed' && changed.requestId, 'req-1');
    assert.equal(changed?.kind === 'agent-changed' && changed.agent.state, 'NOT_READY');
    link.emit(agentState(A, 'AGENT_STATE_AVAILABLE'));
    const second = events.filter((e) => e.kind === 'agent-changed')[1];
    assert.equal(second?.kind === 'agent-changed' && second.requestId, undefined, 'a requestId is used once');
  });

  it('forced logout with reason 255 sets the force flag (presence-driven logout)', async () => {
    const { link, cc } = await setup({ [A]: 2 });
    link.emit(agentState(A, 'AGENT_STATE_NOT_READY'));
    assert.equal((await cc.setAgentState({ agentId: A, state: 'LOGOUT', reasonCode: 255, force: true })).ok, true);
    const req = link.sentOf('SET_AGENT_STATE_REQ').at(-1);
    assert.deepEqual([req?.agentState, req?.eventReasonCode, req?.forcedFlag, req?.agentInstrument], [1, 255, 1, A]);
  });

  it('refuses at once: unknown agent, signed out, missing or hostile extension, extension in use, bad reason code', async () => {
    const { link, cc } = await setup();
    const refusal = async (cmd: Parameters<typeof cc.setAgentState>[0]) => {
      const r = await cc.setAgentState(cmd);
      return r.ok ? 'accepted' : r.failure.errorType;
    };
    assert.equal(await refusal({ agentId: 'ghost', state: 'READY' }), 'Not Found');
    assert.equal(await refusal({ agentId: A, state: 'READY' }), 'Invalid State');
    assert.equal(await refusal({ agentId: A, state: 'LOGIN' }), 'Parameter Missing');
    assert.equal(await refusal({ agentId: A, state: 'LOGIN', extension: '1001<script>' }), 'Invalid Input');
    assert.equal(await refusal({ agentId: A, state: 'LOGIN', extension: 'x'.repeat(100) }), 'Invalid Input');
    link.emit(agentState(B, 'AGENT_STATE_NOT_READY', { agentExtension: '7777' }));
    assert.equal(await refusal({ agentId: A, state: 'LOGIN', extension: '7777' }), 'Invalid Device');
    assert.equal(await refusal({ agentId: B, state: 'NOT_READY', reasonCode: 70_000 }), 'Invalid Input');
    assert.equal(await refusal({ agentId: B, state: 'NOT_READY', reasonCode: 1.5 }), 'Invalid Input');
    assert.equal(link.sentOf('SET_AGENT_STATE_REQ').length, 0, 'nothing reached the CTI server');
  });

  it('a CTI refusal after acceptance becomes request-failed with the requestId (FAILURE_CONF, CONTROL_FAILURE_CONF, timeout)', async () => {
    const { link, cc, events } = await setup({ [A]: 2 });
    link.answer = (m) => ({ type: 'FAILURE_CONF', invokeId: (m as { invokeId: number }).invokeId, status: FailureStatus.E_CTI_INVALID_OBJECT_STATE, text: 'nope' } as CtiMessage);
    assert.equal((await cc.setAgentState({ agentId: A, state: 'READY', requestId: 'r-9' })).ok, true);
    await flush();
    const failed = events.filter((e) => e.kind === 'request-failed');
    assert.deepEqual(failed, [{
      kind: 'request-failed', requestId: 'r-9', target: { type: 'User', agentId: A },
      failure: { errorType: 'Invalid State', errorMessage: 'E_CTI_INVALID_OBJECT_STATE: nope', errorCode: 38 },
    }]);
    link.answer = (m) => ({ type: 'CONTROL_FAILURE_CONF', invokeId: (m as { invokeId: number }).invokeId, failureCode: ControlFailureCode.CF_INVALID_OBJECT_STATE, peripheralErrorCode: 0 } as CtiMessage);
    await cc.setAgentState({ agentId: A, state: 'READY', requestId: 'r-10' });
    await flush();
    const f2 = events.filter((e) => e.kind === 'request-failed')[1];
    assert.equal(f2?.kind === 'request-failed' && f2.failure.errorMessage, 'CF_INVALID_OBJECT_STATE');
    link.answer = () => 'timeout';
    await cc.setAgentState({ agentId: A, state: 'READY', requestId: 'r-11' });
    await flush();
    const f3 = events.filter((e) => e.kind === 'request-failed')[2];
    assert.equal(f3?.kind === 'request-failed' && f3.failure.errorCode, FailureStatus.E_CTI_TIMEOUT);
  });
});

describe('CTI contact center: dialogs', () => {
  async function offered() {
    const s = await setup({ [A]: 3 });
    s.link.emit(agentState(A, 'AGENT_STATE_AVAILABLE'));
    s.link.emit(beginCall(11, '5551234', { ani: '5551234', dialedNumber: '8000' }), delivered(11, A, '5551234'));
    return s;
  }

  it('publishes dialog-created and answers with ANSWER_CALL_REQ on the agent\'s connection; the update carries the requestId', async () => {
    const { link, cc, events } = await offered();
    const created = events.find((e) => e.kind === 'dialog-created');
    assert.equal(created?.kind === 'dialog-created' && created.dialog.state, 'ALERTING');
    assert.deepEqual(cc.dialogsOf(A).map((d) => d.id), ['11']);
    assert.deepEqual(await cc.dialogAction({ dialogId: '11', agentId: A, action: 'ANSWER', targetMediaAddress: A, requestId: 'ans' }), { ok: true, value: undefined });
    const [req] = link.sentOf('ANSWER_CALL_REQ');
    assert.deepEqual([req?.connectionCallId, req?.connectionDeviceId, req?.peripheralId], [11, A, 5000]);
    link.emit(established(11, A, '5551234'));
    const updated = events.find((e) => e.kind === 'dialog-updated');
    assert.equal(updated?.kind === 'dialog-updated' && updated.requestId, 'ans');
    assert.equal(cc.dialog('11')?.state, 'ACTIVE');
  });

  it('refuses actions the participant does not have, unknown dialogs, strangers and hostile input at once', async () => {
    const { link, cc } = await offered();
    const refusal = async (cmd: Parameters<typeof cc.dialogAction>[0]) => {
      const r = await cc.dialogAction(cmd);
      return r.ok ? 'accepted' : `${r.failure.errorType}: ${r.failure.errorMessage}`;
    };
    assert.equal(await refusal({ dialogId: '11', agentId: A, action: 'HOLD' }), `Generic Error: INVALID_ACTION HOLD on extension ${A}`);
    assert.equal(await refusal({ dialogId: '999', agentId: A, action: 'ANSWER' }), 'Not Found: Invalid dialogId specified for dialog');
    assert.match(await refusal({ dialogId: '11', agentId: B, action: 'ANSWER' }), /^Invalid Input: agent 1001002 is not a participant/);
    assert.match(await refusal({ dialogId: '11', agentId: A, action: 'ANSWER', targetMediaAddress: '6666' }), /^Invalid Input/);
    link.emit(established(11, A, '5551234'));
    assert.match(await refusal({ dialogId: '11', agentId: A, action: 'CONSULT_CALL', toAddress: '12;DROP TABLE' }), /^Invalid Destination/);
    assert.match(await refusal({ dialogId: '11', agentId: A, action: 'CONSULT_CALL', toAddress: A }), /^Invalid Destination/);
    assert.match(await refusal({ dialogId: '11', agentId: A, action: 'TRANSFER' }), /^Generic Error: INVALID_ACTION TRANSFER/);
    assert.match(await refusal({ dialogId: '11', agentId: A, action: 'UPDATE_CALL_DATA', callVariables: [{ name: 'callVariable1', value: 'x'.repeat(41) }] }), /^Invalid Input: callVariable1 is longer/);
    assert.match(await refusal({ dialogId: '11', agentId: A, action: 'UPDATE_CALL_DATA', callVariables: [{ name: 'evil', value: '1' }] }), /^Invalid Input: unknown call variable/);
    assert.match(await refusal({ dialogId: '11', agentId: A, action: 'SEND_DTMF', dtmf: '1' }), /^Generic Error/);
    assert.equal(link.sent.filter((m) => m.type !== 'QUERY_AGENT_STATE_REQ').length, 0);
  });

  it('UPDATE_CALL_DATA sends SET_CALL_DATA_REQ and applies the data when confirmed; HOLD/DROP map to their requests', async () => {
    const { link, cc } = await offered();
    link.emit(established(11, A, '5551234'));
    await cc.dialogAction({ dialogId: '11', agentId: A, action: 'UPDATE_CALL_DATA', callVariables: [{ name: 'callVariable2', value: 'Gold' }, { name: 'user.tier', value: '1' }], wrapUpReason: 'Sales' });
    await flush();
    const [req] = link.sentOf('SET_CALL_DATA_REQ');
    assert.deepEqual([req?.callVariable2, req?.namedVariables, req?.callWrapupData], ['Gold', [{ name: 'user.tier', value: '1' }], 'Sales']);
    assert.equal(cc.dialog('11')?.callVariables.find((v) => v.name === 'callVariable2')?.value, 'Gold');
    assert.equal(cc.dialog('11')?.wrapUpReason, 'Sales');
    await cc.dialogAction({ dialogId: '11', agentId: A, action: 'HOLD' });
    await cc.dialogAction({ dialogId: '11', agentId: A, action: 'DROP' });
    assert.equal(link.sentOf('HOLD_CALL_REQ')[0]?.connectionDeviceId, A);
    assert.equal(link.sentOf('CLEAR_CONNECTION_REQ')[0]?.connectionDeviceId, A);
  });

  it('makeCall waits for MAKE_CALL_CONF and returns the dialog id; the dialog-created carries the requestId', async () => {
    const { link, cc, events } = await setup({ [A]: 2 });
    link.emit(agentState(A, 'AGENT_STATE_NOT_READY'));
    link.answer = (m) => (m.type === 'MAKE_CALL_REQ'
      ? { type: 'MAKE_CALL_CONF', invokeId: (m as { invokeId: number }).invokeId, newConnectionCallId: 21, newConnectionDeviceIdType: 0, lineHandle: 0, lineType: 0, newConnectionDeviceId: A } as CtiMessage
      : ok(m));
    const r = await cc.makeCall({ agentId: A, fromAddress: A, toAddress: '5550000', requestId: 'mk' });
    assert.deepEqual(r, { ok: true, value: { dialogId: '21' } });
    assert.equal(link.sentOf('MAKE_CALL_REQ')[0]?.dialedNumber, '5550000');
    const created = events.find((e) => e.kind === 'dialog-created');
    assert.equal(created?.kind === 'dialog-created' && created.requestId, 'mk');
    assert.equal(cc.dialog('21')?.participants[0]?.state, 'INITIATING');
    assert.equal((await cc.makeCall({ agentId: A, fromAddress: A, toAddress: A })).ok, false, 'own extension: Invalid Destination');
    assert.equal((await cc.makeCall({ agentId: A, fromAddress: '1', toAddress: '2' })).ok, false, 'fromAddress not the agent\'s');
    link.answer = (m) => ({ type: 'FAILURE_CONF', invokeId: (m as { invokeId: number }).invokeId, status: FailureStatus.E_CTI_INVALID_DEVICE } as CtiMessage);
    const refused = await cc.makeCall({ agentId: A, fromAddress: A, toAddress: '123' });
    assert.equal(!refused.ok && refused.failure.errorType, 'Invalid Device');
  });

  it('with a source of call counts, a queued call (no agent yet) refreshes the queue statistics', async () => {
    const link = new FakeLink();
    link.answer = (m) => queryConf(m, 1);
    let waiting = 0;
    const directory = { ...fakeDirectory([agentUser(A)]), listQueues: () => [{ id: '1', name: 'Sales' }] };
    const cc = createCtiContactCenter({
      link, clock: new ManualClock(0), log: silentLogger, directory, peripheralId: 5000,
      queueCalls: () => ({ callsInQueue: waiting, startTimeOfLongestCallInQueue: waiting ? 1000 : null, callsHandledToday: 0, callsAbandonedToday: 0, serviceLevelPct: null }),
    });
    const events: DomainEvent[] = [];
    cc.onEvent((e) => events.push(e));
    link.up();
    await flush();
    waiting = 1;
    link.emit(beginCall(31, '5551234'));
    await flush();
    const q = events.filter((e) => e.kind === 'queue-changed').at(-1);
    assert.equal(q?.kind === 'queue-changed' && q.stats.callsInQueue, 1);
    link.emit(beginCall(32, '5551235'));
    await flush();
    assert.equal(events.filter((e) => e.kind === 'queue-changed').length, 1, 'no event when nothing changed');
  });

  it('queue statistics count the queue members by state', async () => {
    const { link, cc } = await offered();
    link.emit(agentState(B, 'AGENT_STATE_NOT_READY'));
    const q1 = cc.queueStatistics('1');
    assert.deepEqual([q1?.agentsLoggedOn, q1?.agentsReady, q1?.agentsNotReady], [2, 1, 1]);
    assert.equal(cc.queueStatistics('2')?.agentsLoggedOn, 1);
    assert.equal(cc.queueStatistics('nope'), undefined);
  });
});
