import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CallDataUpdate } from './call-data.js';
import { kit, ready } from './test-kit.js';

const call = (k: ReturnType<typeof kit>, queueId = 'q1') => {
  const r = k.acd.offerCall({ queueId, ani: '5551000', dnis: '8000', callVariables: { 1: 'Chuck Smith' }, ecc: { 'user.account': '42' } });
  assert.ok(r.ok);
  return r.value.callId;
};

describe('ACD agent commands', () => {
  it('login, ready, not ready with reason, logout with reason; illegal requests are invalid-state', () => {
    const k = kit();
    assert.deepEqual(k.acd.setAgentState('a1', { state: 'AVAILABLE' }), { ok: false, error: 'invalid-state', text: 'ready is not allowed in LOGOUT' });
    assert.ok(k.acd.login('a1').ok);
    assert.ok(k.acd.setAgentState('a1', { state: 'AVAILABLE' }).ok);
    assert.equal(k.acd.setAgentState('a1', { state: 'LOGOUT', reasonCode: 3 }).ok, false, 'UCCE: logout only from NOT_READY');
    assert.ok(k.acd.setAgentState('a1', { state: 'NOT_READY', reasonCode: 12 }).ok);
    assert.ok(k.acd.setAgentState('a1', { state: 'LOGOUT', reasonCode: 3 }).ok);
    assert.deepEqual(k.take(), [
      'state a1 LOGIN', 'state a1 NOT_READY', 'state a1 AVAILABLE', 'state a1 NOT_READY/12', 'state a1 LOGOUT/3',
    ]);
    assert.equal(k.acd.setAgentState('nobody', { state: 'LOGIN' }).ok, false);
    assert.equal(k.events.length, 0, 'a refused command emits nothing');
  });

  it('agent-state-changed carries previous state and extension', () => {
    const k = kit();
    ready(k.acd, 'a2');
    const last = k.events.at(-1);
    assert.deepEqual(last, { kind: 'agent-state-changed', agentId: 'a2', extension: '1002', state: 'AVAILABLE', reasonCode: 0, previous: 'NOT_READY', at: k.clock.now() });
  });
});

describe('ACD routing', () => {
  it('delivers to the longest-available agent skilled in the queue', () => {
    const k = kit();
    ready(k.acd, 'a1'); k.clock.advance(1000);
    ready(k.acd, 'a2'); k.clock.advance(1000);
    ready(k.acd, 'a3', 'a4'); k.clock.advance(1000);
    k.acd.setAgentState('a1', { state: 'NOT_READY' });
    k.acd.setAgentState('a1', { state: 'AVAILABLE' }); // now the most recently available
    k.take();
    const c1 = call(k); const c2 = call(k); const c3 = call(k);
    const delivered = k.events.filter((e) => e.kind === 'call-delivered').map((e) => e.kind === 'call-delivered' && [e.callId, e.agentId]);
    assert.deepEqual(delivered, [[c1, 'a2'], [c2, 'a3'], [c3, 'a1']], 'a4 is not in q1');
    assert.equal(k.acd.agent('a2')?.state, 'RESERVED');
    assert.equal(k.acd.call(c1)?.state, 'ALERTING');
    const c4 = call(k);
    assert.equal(k.acd.call(c4)?.state, 'QUEUED');
  });

  it('a queued call waits until an agent becomes ready; the oldest call goes first', () => {
    const k = kit();
    k.acd.login('a2');
    const c1 = call(k, 'q2');
    k.clock.advance(5000);
    const c2 = call(k, 'q1');
    k.clock.advance(25_000);
    const stats = k.acd.queueStats('q2');
    assert.ok(stats.ok);
    assert.equal(stats.value.callsWaiting, 1);
    assert.equal(stats.value.longestWaitS, 30);
    k.take();
    k.acd.setAgentState('a2', { state: 'AVAILABLE' });
    assert.deepEqual(k.take(), ['state a2 AVAILABLE', `delivered ${c1} 1002`, 'state a2 RESERVED']);
    assert.equal(k.acd.call(c2)?.state, 'QUEUED');
  });
});

describe('ACD call lifecycle', () => {
  it('ALERTING → answer → hold → retrieve → drop → wrap-up → ready, with events in order', () => {
    const k = kit();
    ready(k.acd, 'a1');
    k.take();
    const id = call(k);
    assert.deepEqual(k.take(), [`begun ${id} inbound`, `delivered ${id} 1001`, 'state a1 RESERVED']);
    assert.equal(k.acd.hold(id, 'a1').ok, false, 'cannot hold a ringing call');
    assert.ok(k.acd.answer(id, 'a1').ok);
    assert.deepEqual(k.take(), [`established ${id} 1001`, 'state a1 TALKING']);
    assert.equal(k.acd.call(id)?.state, 'ACTIVE');
    assert.ok(k.acd.hold(id, 'a1').ok);
    assert.deepEqual(k.take(), [`held ${id} 1001`, 'state a1 HOLD']);
    assert.equal(k.acd.call(id)?.state, 'HELD');
    assert.ok(k.acd.retrieve(id, 'a1').ok);
    assert.deepEqual(k.take(), [`retrieved ${id} 1001`, 'state a1 TALKING']);
    assert.ok(k.acd.drop(id, 'a1').ok);
    assert.deepEqual(k.take(), [
      `connection-cleared ${id} 1001 normal`, `connection-cleared ${id} 5551000 normal`, `cleared ${id} normal`, 'state a1 WORK_READY',
    ]);
    assert.equal(k.acd.call(id), undefined);
    assert.ok(k.acd.setWrapUpReason('a1', 'Sales Call').ok);
    const data = k.events.at(-1);
    assert.ok(data?.kind === 'call-data-updated' && data.data.wrapUpReason === 'Sales Call' && data.data.callVariables[0] === 'Chuck Smith');
    k.take();
    assert.ok(k.acd.setAgentState('a1', { state: 'AVAILABLE' }).ok);
    assert.deepEqual(k.take(), ['state a1 AVAILABLE']);
    assert.equal(k.acd.setWrapUpReason('a1', 'late').ok, false, 'only during wrap-up');
  });

  it('call and connection ids increase monotonically', () => {
    const k = kit();
    ready(k.acd, 'a1', 'a2', 'a3');
    const ids = [call(k), call(k), call(k)];
    assert.deepEqual(ids, [1, 2, 3]);
    const conns = k.events.flatMap((e) => (e.kind === 'call-delivered' ? [e.connectionId] : []));
    assert.deepEqual(conns, [...conns].sort((a, b) => a - b));
    assert.equal(new Set(conns).size, 3);
  });

  it('wrap-up timer: WORK_READY → READY, pending NOT_READY → WORK_NOT_READY → NOT_READY with its reason', () => {
    const k = kit({ wrapUpTimeS: 10 });
    ready(k.acd, 'a1');
    const id = call(k);
    k.acd.answer(id, 'a1');
    k.acd.drop(id, 'a1');
    assert.equal(k.acd.agent('a1')?.state, 'WORK_READY');
    k.clock.advance(10_000);
    assert.equal(k.acd.agent('a1')?.state, 'AVAILABLE');
    const id2 = call(k);
    k.acd.answer(id2, 'a1');
    assert.ok(k.acd.setAgentState('a1', { state: 'NOT_READY', reasonCode: 21 }).ok);
    assert.deepEqual(k.acd.agent('a1')?.pending, { state: 'NOT_READY', reasonCode: 21, force: false });
    k.take();
    k.acd.drop(id2, 'a1');
    assert.deepEqual(k.take().slice(-2), ['state a1 WORK_NOT_READY/21', 'pending a1 none']);
    k.clock.advance(10_000);
    assert.deepEqual(k.take(), ['state a1 NOT_READY/21']);
  });

  it('the caller hanging up on an answered call clears it', () => {
    const k = kit({ afterCall: 'ready' });
    ready(k.acd, 'a1');
    const id = call(k);
    k.acd.answer(id, 'a1');
    k.take();
    assert.ok(k.acd.hangUpExternal(id).ok);
    assert.deepEqual(k.take(), [`connection-cleared ${id} 5551000 normal`, `connection-cleared ${id} 1001 normal`, `cleared ${id} normal`, 'state a1 AVAILABLE']);
  });
});

describe('ACD consult, transfer, conference, make call', () => {
  it('consult then transfer: the consulted agent ends up alone with the caller', () => {
    const k = kit({ afterCall: 'ready' });
    ready(k.acd, 'a1');
    k.acd.login('a4'); // NOT_READY, can take a direct call
    const id = call(k);
    k.acd.answer(id, 'a1');
    k.take();
    assert.deepEqual(k.acd.consult(id, 'a1', '9999x'), { ok: false, error: 'invalid-destination' });
    const r = k.acd.consult(id, 'a1', '1004');
    assert.ok(r.ok);
    const cid = r.value.callId;
    assert.deepEqual(k.take(), [`held ${id} 1001`, `begun ${cid} consult`, `originated ${cid} a1→1004`, `delivered ${cid} 1004`]);
    assert.equal(k.acd.call(cid)?.callVariables[0], 'Chuck Smith', 'call data travels with the consult');
    assert.equal(k.acd.agent('a1')?.state, 'TALKING');
    k.acd.answer(cid, 'a4');
    assert.deepEqual(k.take(), [`established ${cid} 1004`, 'state a4 TALKING']);
    assert.ok(k.acd.transfer('a1').ok);
    assert.deepEqual(k.take(), [
      `transferred ${id}/${cid} 1001→1004`, `connection-cleared ${id} 1001 transferred`, `connection-cleared ${cid} 1001 transferred`,
      `cleared ${cid} transferred`, 'state a1 AVAILABLE',
    ]);
    const c = k.acd.call(id);
    assert.deepEqual(c?.connections.map((x) => [x.device, x.state]), [['5551000', 'CONNECT'], ['1004', 'CONNECT']]);
    k.acd.drop(id, 'a4');
    assert.equal(k.acd.agent('a4')?.state, 'AVAILABLE', 'the transferred ACD call ends with the after-call policy');
  });

  it('transfer without a consult call is invalid-state', () => {
    const k = kit();
    ready(k.acd, 'a1');
    const id = call(k);
    k.acd.answer(id, 'a1');
    assert.equal(k.acd.transfer('a1').ok, false);
    assert.equal(k.acd.conference('a1').ok, false);
  });

  it('consult to a busy agent fails and leaves the call untouched', () => {
    const k = kit();
    ready(k.acd, 'a1', 'a3');
    const id = call(k);
    k.acd.answer(id, 'a1');
    call(k); // rings a3
    assert.deepEqual(k.acd.consult(id, 'a1', '1003'), { ok: false, error: 'destination-busy' });
    assert.equal(k.acd.call(id)?.state, 'ACTIVE');
  });

  it('conference: three parties on the primary call, the agent retrieved', () => {
    const k = kit();
    ready(k.acd, 'a1');
    const id = call(k);
    k.acd.answer(id, 'a1');
    const r = k.acd.consult(id, 'a1', '5559999'); // external answers at once
    assert.ok(r.ok);
    k.take();
    assert.ok(k.acd.conference('a1').ok);
    assert.deepEqual(k.take(), [`conferenced ${id}/${r.value.callId} 5551000,1001,5559999`, `cleared ${r.value.callId} conferenced`]);
    assert.deepEqual(k.acd.call(id)?.connections.map((x) => x.state), ['CONNECT', 'CONNECT', 'CONNECT']);
    k.acd.drop(id, 'a1');
    assert.equal(k.acd.call(id)?.connections.length, 2, 'the other two parties stay');
    assert.equal(k.acd.agent('a1')?.state, 'WORK_READY');
  });

  it('conference beyond the maximum parties fails', () => {
    const k = kit({ maxConferenceParties: 2 });
    ready(k.acd, 'a1');
    const id = call(k);
    k.acd.answer(id, 'a1');
    k.acd.consult(id, 'a1', '5559999');
    assert.deepEqual(k.acd.conference('a1'), { ok: false, error: 'conference-full' });
  });

  it('single-step transfer to another agent rings that agent and releases the first', () => {
    const k = kit({ afterCall: 'ready' });
    ready(k.acd, 'a1');
    k.acd.login('a4');
    const id = call(k);
    k.acd.answer(id, 'a1');
    k.take();
    assert.ok(k.acd.singleStepTransfer(id, 'a1', '1004').ok);
    assert.deepEqual(k.take(), [`delivered ${id} 1004`, `transferred ${id}/null 1001→1004`, `connection-cleared ${id} 1001 transferred`, 'state a1 AVAILABLE']);
  });

  it('make call: only from NOT_READY; internal rings, external connects; returns to NOT_READY with its reason', () => {
    const k = kit();
    ready(k.acd, 'a1');
    assert.equal(k.acd.makeCall('a1', '5550000').ok, false, 'UCCE: not from READY');
    k.acd.setAgentState('a1', { state: 'NOT_READY', reasonCode: 5 });
    assert.deepEqual(k.acd.makeCall('a1', '1001'), { ok: false, error: 'invalid-destination' });
    k.take();
    const r = k.acd.makeCall('a1', '5550000');
    assert.ok(r.ok);
    assert.deepEqual(k.take(), [`begun ${r.value.callId} outbound`, `originated ${r.value.callId} a1→5550000`, `established ${r.value.callId} 5550000`, 'state a1 TALKING']);
    k.acd.drop(r.value.callId, 'a1');
    assert.deepEqual(k.take().at(-1), 'state a1 NOT_READY/5');
    k.acd.login('a4');
    const i = k.acd.makeCall('a1', '1004');
    assert.ok(i.ok);
    assert.equal(k.acd.call(i.value.callId)?.state, 'INITIATED');
    k.acd.answer(i.value.callId, 'a4');
    assert.equal(k.acd.call(i.value.callId)?.state, 'ACTIVE');
    assert.deepEqual(k.acd.call(i.value.callId)?.connections.map((x) => x.state), ['CONNECT', 'CONNECT']);
    k.acd.drop(i.value.callId, 'a4');
    assert.equal(k.acd.agent('a1')?.state, 'NOT_READY');
    assert.equal(k.acd.agent('a4')?.state, 'NOT_READY');
  });
});

describe('ACD abandon, forced logout, call data', () => {
  it('abandon while queued and while ringing', () => {
    const k = kit();
    const id = call(k);
    k.clock.advance(7000);
    k.take();
    assert.ok(k.acd.abandon(id).ok);
    assert.deepEqual(k.take(), [`abandoned ${id} q1 7s`, `connection-cleared ${id} 5551000 abandoned`, `cleared ${id} abandoned`]);
    ready(k.acd, 'a1');
    const id2 = call(k);
    k.take();
    k.acd.abandon(id2);
    assert.deepEqual(k.take(), [
      `abandoned ${id2} q1 0s ringing`, `connection-cleared ${id2} 5551000 abandoned`, `connection-cleared ${id2} 1001 abandoned`,
      `cleared ${id2} abandoned`, 'state a1 AVAILABLE',
    ]);
    const s = k.acd.queueStats('q1');
    assert.ok(s.ok);
    assert.equal(s.value.callsAbandonedToday, 2);
    assert.equal(s.value.callsWaiting, 0);
  });

  it('forced logout 255 while talking is pending until the call ends (no wrap-up); the call is not dropped', () => {
    const k = kit();
    ready(k.acd, 'a1');
    const id = call(k);
    k.acd.answer(id, 'a1');
    k.take();
    assert.ok(k.acd.setAgentState('a1', { state: 'LOGOUT', force: true }).ok);
    assert.deepEqual(k.take(), ['pending a1 LOGOUT']);
    assert.equal(k.acd.call(id)?.state, 'ACTIVE');
    k.acd.drop(id, 'a1');
    assert.deepEqual(k.take().slice(-2), ['state a1 LOGOUT/255', 'pending a1 none']);
  });

  it('forced logout while RESERVED puts the call back at the head of the queue and logs out at once', () => {
    const k = kit();
    ready(k.acd, 'a1');
    const id = call(k);
    k.clock.advance(1000);
    ready(k.acd, 'a3');
    k.take();
    k.acd.setAgentState('a1', { state: 'LOGOUT', force: true });
    assert.deepEqual(k.take(), [
      'state a1 LOGOUT/255', `connection-cleared ${id} 1001 forced`, `queued ${id} q1`, `delivered ${id} 1003`, 'state a3 RESERVED',
    ]);
  });

  it('logging out while a direct call rings on a NOT_READY agent stops the ringing', () => {
    const k = kit();
    k.acd.login('a1');
    k.acd.login('a4');
    const r = k.acd.makeCall('a4', '1001');
    assert.ok(r.ok);
    k.take();
    assert.ok(k.acd.setAgentState('a1', { state: 'LOGOUT', reasonCode: 2 }).ok);
    assert.deepEqual(k.take(), [
      'state a1 LOGOUT/2', `connection-cleared ${r.value.callId} 1001 forced`, `connection-cleared ${r.value.callId} 1004 forced`,
      `cleared ${r.value.callId} forced`, 'state a4 NOT_READY',
    ]);
  });

  it('UCCE alternative: a forced logout leaves the agent NOT_READY 255', () => {
    const k = kit({ forcedLogout: 'not-ready' });
    ready(k.acd, 'a1');
    k.take();
    k.acd.setAgentState('a1', { state: 'LOGOUT', force: true });
    assert.deepEqual(k.take(), ['state a1 NOT_READY/255']);
  });

  it('SET_CALL_DATA updates call variables and ECC; bad input is invalid-parameter', () => {
    const k = kit();
    const id = call(k);
    k.take();
    assert.ok(k.acd.setCallData(id, { callVariables: { 2: 'Cisco Systems, Inc.' }, ecc: { 'user.arr[2]': 'x', 'user.account': '' } }).ok);
    const e = k.events.at(-1);
    assert.ok(e?.kind === 'call-data-updated');
    assert.deepEqual(e.data.callVariables.slice(0, 3), ['Chuck Smith', 'Cisco Systems, Inc.', '']);
    assert.deepEqual(e.data.ecc, { 'user.arr[2]': 'x' });
    const bads: CallDataUpdate[] = [{ callVariables: { 11: 'x' } }, { callVariables: { 1: 'x'.repeat(41) } }, { ecc: { account: 'x' } }, { ecc: { 'user.big': 'x'.repeat(2001) } }];
    for (const bad of bads) {
      const r = k.acd.setCallData(id, bad);
      assert.equal(r.ok ? 'ok' : r.error, 'invalid-parameter');
    }
    assert.deepEqual(k.acd.setCallData(999, {}), { ok: false, error: 'call-not-found' });
  });
});

describe('ACD queue statistics', () => {
  it('agents per state, handled, abandoned, service level within the threshold', () => {
    const k = kit();
    ready(k.acd, 'a1', 'a2', 'a3');
    k.acd.login('a4');
    const fast = call(k); // a1
    k.acd.answer(fast, 'a1');
    const slow = call(k); // a2
    k.clock.advance(25_000);
    k.acd.answer(slow, 'a2');
    k.acd.drop(slow, 'a2'); // a2 in wrap-up
    const ringing = call(k); // a3 reserved
    const waiting = call(k);
    k.clock.advance(4000);
    const lost = call(k);
    k.acd.abandon(lost);
    const s = k.acd.queueStats('q1');
    assert.ok(s.ok);
    assert.deepEqual(s.value, {
      queueId: 'q1', name: 'Sales', callsWaiting: 1, longestWaitS: 4, agentsLoggedIn: 3, agentsReady: 0, agentsNotReady: 0,
      agentsTalking: 1, agentsWrapUp: 1, agentsReserved: 1, callsHandledToday: 2, callsAbandonedToday: 1,
      callsAnsweredWithinThresholdToday: 1, serviceLevelThresholdS: 20, serviceLevelPercent: (1 / 3) * 100,
    });
    const q2 = k.acd.queueStats('q2');
    assert.ok(q2.ok);
    assert.equal(q2.value.agentsNotReady, 1);
    assert.equal(q2.value.agentsWrapUp, 1);
    assert.equal(q2.value.serviceLevelPercent, null);
    void ringing; void waiting;
    k.clock.advance(86_400_000);
    const tomorrow = k.acd.queueStats('q1');
    assert.ok(tomorrow.ok);
    assert.equal(tomorrow.value.callsHandledToday, 0, 'daily counters reset');
    assert.deepEqual(k.acd.queueStats('nope'), { ok: false, error: 'queue-not-found' });
  });

  it('queue-stats-changed: once per affected queue per command', () => {
    const k = kit({ queueStatsEvents: true });
    k.acd.login('a2');
    assert.deepEqual(k.take(), ['state a2 LOGIN', 'state a2 NOT_READY', 'stats q1', 'stats q2']);
  });

  it('subscribers may issue commands from a callback; events stay in order', () => {
    const k = kit();
    k.acd.onEvent((e) => { if (e.kind === 'call-delivered' && e.agentId) k.acd.answer(e.callId, e.agentId); });
    ready(k.acd, 'a1');
    k.take();
    const id = call(k);
    assert.deepEqual(k.take(), [`begun ${id} inbound`, `delivered ${id} 1001`, 'state a1 RESERVED', `established ${id} 1001`, 'state a1 TALKING']);
  });
});
