// The call flows of docs/cti.md ("Call flows"), fed as decoded messages into the dialog cache.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentState } from '../contact-center.js';
import { DialogCache, type DialogChange } from './dialog-cache.js';
import {
  beginCall, callDataUpdate, cleared, connectionCleared, delivered, endCall, established, held, merged, originated, retrieved, serviceInitiated,
} from './test-kit.js';

const A = '1001001', B = '1001002', C = '5551234';

function setup() {
  const states = new Map<string, AgentState>([[A, 'READY'], [B, 'READY']]);
  const cache = new DialogCache({
    agentOnDevice: (d) => (d === A || d === B ? d : undefined),
    agentState: (id) => states.get(id),
    queueName: (id) => (id === '1' ? 'Sales' : null),
  });
  let now = 1000;
  const feed = (...msgs: Parameters<DialogCache['apply']>[0][]): DialogChange[] => msgs.flatMap((m) => cache.apply(m, now++));
  const agent = (id: string, s: AgentState): DialogChange[] => { states.set(id, s); return cache.agentChanged(id, s, now++); };
  return { cache, feed, agent };
}

const summary = (changes: DialogChange[]) => changes.map((c) => `${c.kind} ${c.dialog.id} ${c.dialog.state} ${c.dialog.participants.map((p) => `${p.mediaAddress}:${p.state}`).join(',')}`);
const leg = (c: DialogChange | undefined, device: string) => c?.dialog.participants.find((p) => p.mediaAddress === device);

describe('DialogCache: inbound call', () => {
  it('offer, answer, hold, retrieve, drop, wrap-up, as the documented event order', () => {
    const { cache, feed, agent } = setup();
    assert.deepEqual(feed(beginCall(1, C, { ani: C, dnis: '8000', dialedNumber: '8000', callVariable1: 'Chuck', namedVariables: [{ name: 'user.lang', value: 'en' }] })), [],
      'a call without participants is not announced');
    const offered = feed(delivered(1, A, C, { calledDeviceId: '8000' }));
    assert.deepEqual(summary(offered), [`dialog-created 1 ALERTING ${C}:INITIATED,${A}:ALERTING`]);
    const d = offered[0]!.dialog;
    assert.equal(d.fromAddress, C);
    assert.equal(d.toAddress, '8000');
    assert.equal(d.callType, 'ACD_IN');
    assert.equal(d.queueId, '1');
    assert.equal(d.queueName, 'Sales');
    assert.equal(d.callVariables.length, 11);
    assert.deepEqual(d.callVariables[0], { name: 'callVariable1', value: 'Chuck' });
    assert.deepEqual(d.callVariables[1], { name: 'callVariable2', value: '' });
    assert.deepEqual(d.callVariables[10], { name: 'user.lang', value: 'en' });
    assert.deepEqual(leg(offered[0], A)?.actions, ['ANSWER']);
    assert.equal(leg(offered[0], A)?.mediaAddressType, 'AGENT_DEVICE');
    assert.equal(leg(offered[0], A)?.agentId, A);
    assert.deepEqual(leg(offered[0], C)?.actions, ['UPDATE_CALL_DATA', 'DROP']);
    agent(A, 'RESERVED');

    const answered = feed(established(1, A, C));
    assert.deepEqual(summary(answered), [`dialog-updated 1 ACTIVE ${C}:ACTIVE,${A}:ACTIVE`]);
    assert.deepEqual(leg(answered[0], A)?.actions, ['TRANSFER_SST', 'CONSULT_CALL', 'HOLD', 'UPDATE_CALL_DATA', 'DROP']);
    agent(A, 'TALKING');

    assert.deepEqual(summary(feed(held(1, A))), [`dialog-updated 1 ACTIVE ${C}:ACTIVE,${A}:HELD`]);
    assert.deepEqual(cache.legOf('1', A)?.actions, ['RETRIEVE', 'UPDATE_CALL_DATA', 'DROP']);
    assert.deepEqual(summary(feed(retrieved(1, A))), [`dialog-updated 1 ACTIVE ${C}:ACTIVE,${A}:ACTIVE`]);
    assert.deepEqual(feed(retrieved(1, A)), [], 'a repeated event changes nothing');

    assert.deepEqual(summary(feed(connectionCleared(1, A))), [`dialog-updated 1 ACTIVE ${C}:ACTIVE,${A}:DROPPED`]);
    assert.deepEqual(feed(connectionCleared(1, C)), [], 'the last leg dropping ends the call; it waits for the agent state');
    assert.deepEqual(feed(cleared(1, A), endCall(1, A)), []);
    assert.equal(cache.ofAgent(A).length, 0);

    const wrap = agent(A, 'WORK_READY');
    assert.deepEqual(summary(wrap), [`dialog-updated 1 DROPPED ${C}:DROPPED,${A}:WRAP_UP`]);
    assert.deepEqual(leg(wrap[0], A)?.actions, ['UPDATE_CALL_DATA']);
    assert.equal(cache.ofAgent(A).length, 1, 'the wrap-up dialog is still the agent\'s');
    const reason = feed(callDataUpdate(1, A, { callWrapupData: 'Sales Call' }));
    assert.equal(reason[0]?.dialog.wrapUpReason, 'Sales Call');
    const gone = agent(A, 'READY');
    assert.deepEqual(summary(gone), [`dialog-deleted 1 DROPPED ${C}:DROPPED,${A}:DROPPED`]);
    assert.equal(cache.get('1'), undefined);
    assert.equal(cache.size, 0);
  });

  it('a call that ends without wrap-up is deleted when the agent state says so, or at once if it already did', () => {
    const { cache, feed, agent } = setup();
    feed(beginCall(2, C), delivered(2, A, C), established(2, A, C));
    agent(A, 'TALKING');
    feed(connectionCleared(2, C), connectionCleared(2, A), cleared(2, A));
    assert.deepEqual(summary(agent(A, 'NOT_READY')).map((s) => s.split(' ')[0]), ['dialog-deleted']);
    feed(beginCall(3, C), delivered(3, A, C), established(3, A, C));
    agent(A, 'NOT_READY'); // state event before the clearing
    assert.deepEqual(summary(feed(connectionCleared(3, C), connectionCleared(3, A))).map((s) => s.split(' ')[0]), ['dialog-updated', 'dialog-deleted']);
    assert.equal(cache.size, 0);
  });

  it('abandon while ringing: the dialog is deleted, no wrap-up', () => {
    const { cache, feed } = setup();
    feed(beginCall(4, C), delivered(4, A, C));
    const changes = feed(connectionCleared(4, A), connectionCleared(4, C), cleared(4, A), endCall(4, A));
    assert.deepEqual(changes.map((c) => c.kind), ['dialog-updated', 'dialog-deleted']);
    assert.equal(cache.size, 0);
  });

  it('abandon in queue: never announced, nothing published, nothing kept', () => {
    const { cache, feed } = setup();
    assert.deepEqual(feed(beginCall(5, C), connectionCleared(5, C), cleared(5, C), endCall(5, C)), []);
    assert.equal(cache.size, 0);
  });
});

describe('DialogCache: outbound, consult, transfer, conference', () => {
  it('make call to an external number: INITIATING → INITIATED → ACTIVE, deleted without wrap-up', () => {
    const { cache, feed, agent } = setup();
    agent(A, 'NOT_READY');
    const s = feed(beginCall(7, A, { callType: 8, dialedNumber: '5550000' }), serviceInitiated(7, A), originated(7, A, '5550000'));
    assert.deepEqual(summary(s), [`dialog-created 7 INITIATING ${A}:INITIATING`, `dialog-updated 7 INITIATED ${A}:INITIATED`]);
    assert.equal(s[0]?.dialog.callType, 'AGENT_OUT');
    assert.equal(s[1]?.dialog.toAddress, '5550000');
    assert.deepEqual(summary(feed(established(7, '5550000', A))), [`dialog-updated 7 ACTIVE ${A}:ACTIVE,5550000:ACTIVE`]);
    assert.deepEqual(cache.originated('7', A, '5550000', 9999), [], 'MAKE_CALL_CONF after the events adds nothing');
    agent(A, 'TALKING');
    feed(connectionCleared(7, A), connectionCleared(7, '5550000'), cleared(7, A), endCall(7, A));
    assert.deepEqual(summary(agent(A, 'NOT_READY')).map((x) => x.split(' ')[0]), ['dialog-deleted']);
  });

  it('consult then transfer: the pair names each other, TRANSFER/CONFERENCE offered, parties move to the primary call', () => {
    const { cache, feed, agent } = setup();
    feed(beginCall(1, C), delivered(1, A, C), established(1, A, C));
    agent(A, 'TALKING');
    feed(held(1, A), beginCall(3, A, { callType: 12 }), serviceInitiated(3, A), originated(3, A, B), delivered(3, B, A));
    const pair = cache.associate('1', '3');
    assert.deepEqual(pair.map((c) => [c.dialog.id, c.dialog.associatedDialogId]), [['1', '3'], ['3', '1']]);
    assert.equal(cache.get('3')?.callType, 'CONSULT');
    assert.deepEqual(cache.legOf('3', B)?.actions, ['ANSWER']);
    const answered = feed(established(3, B, A));
    assert.ok(answered.some((c) => c.dialog.id === '1'), 'the primary is republished: its held leg now offers TRANSFER');
    assert.deepEqual(cache.legOf('1', A)?.actions, ['RETRIEVE', 'UPDATE_CALL_DATA', 'DROP', 'TRANSFER', 'CONFERENCE']);
    assert.deepEqual(cache.legOf('3', A)?.actions, ['TRANSFER_SST', 'CONSULT_CALL', 'HOLD', 'UPDATE_CALL_DATA', 'DROP', 'TRANSFER', 'CONFERENCE']);

    feed(merged('CALL_TRANSFERRED_EVENT', 1, 3, A, [[1, C], [1, B]]));
    assert.equal(cache.get('1')?.associatedDialogId, null);
    assert.equal(cache.legOf('1', B)?.state, 'ACTIVE', 'B is on the primary call now');
    feed(connectionCleared(1, A), connectionCleared(3, A), cleared(3, A), endCall(3, A));
    agent(A, 'WORK_READY');
    assert.equal(cache.get('3'), undefined, 'the consult call is gone');
    assert.deepEqual(cache.get('1')?.participants.map((p) => `${p.mediaAddress}:${p.state}`), [`${C}:ACTIVE`, `${A}:WRAP_UP`, `${B}:ACTIVE`],
      'the transferring agent wraps up on the call it transferred');
    assert.deepEqual(cache.ofAgent(B).map((d) => d.id), ['1']);
    assert.deepEqual(cache.ofAgent(A).map((d) => d.id), ['1']);
    agent(A, 'READY');
    assert.deepEqual(cache.ofAgent(A), []);
    assert.equal(cache.legOf('1', B)?.state, 'ACTIVE');
  });

  it('conference: all three parties ACTIVE on the primary call, the consult call ends', () => {
    const { cache, feed, agent } = setup();
    feed(beginCall(1, C), delivered(1, A, C), established(1, A, C));
    agent(A, 'TALKING');
    feed(held(1, A), beginCall(3, A, { callType: 12 }), serviceInitiated(3, A), originated(3, A, B), delivered(3, B, A), established(3, B, A));
    cache.associate('1', '3');
    feed(merged('CALL_CONFERENCED_EVENT', 1, 3, A, [[1, C], [1, A], [1, B]]), cleared(3, A), endCall(3, A));
    assert.deepEqual(cache.get('1')?.participants.map((p) => `${p.mediaAddress}:${p.state}`), [`${C}:ACTIVE`, `${A}:ACTIVE`, `${B}:ACTIVE`]);
    assert.equal(cache.get('3'), undefined);
  });
});

describe('DialogCache: odd input', () => {
  it('events for unknown calls, empty devices and duplicates change nothing and never throw', () => {
    const { cache, feed } = setup();
    assert.deepEqual(feed(held(42, A), retrieved(42, A), connectionCleared(42, A), cleared(42, A), endCall(42, A), callDataUpdate(42, A, {})), []);
    assert.deepEqual(feed(delivered(43, '', '')), []);
    feed(beginCall(44, C), delivered(44, A, C));
    assert.deepEqual(feed(delivered(44, A, C)), [], 'duplicate delivery');
    assert.deepEqual(feed(endCall(44, A), endCall(44, A)).map((c) => c.kind), ['dialog-deleted']);
    assert.equal(cache.size, 0);
  });

  it('out of order: ESTABLISHED without DELIVERED, END_CALL before the clearing, late events after the end', () => {
    const { cache, feed, agent } = setup();
    const first = feed(established(50, A, C));
    assert.deepEqual(summary(first), [`dialog-created 50 ACTIVE ${A}:ACTIVE,${C}:ACTIVE`], 'a missed DELIVERED still gives a usable dialog');
    feed(delivered(50, A, C));
    assert.deepEqual(cache.get('50')?.participants.map((p) => p.state), ['ACTIVE', 'ACTIVE'], 'a late DELIVERED does not move an ACTIVE leg back');
    assert.equal(cache.get('50')?.queueId, '1', 'but its data is taken');
    agent(A, 'NOT_READY');
    assert.deepEqual(feed(endCall(50, A)).map((c) => c.kind), ['dialog-deleted']);
    assert.deepEqual(feed(connectionCleared(50, A), connectionCleared(50, C), cleared(50, A), held(50, A), callDataUpdate(50, A, { callVariable1: 'x' })), [],
      'events after the end are ignored');
    assert.equal(cache.size, 0);
  });

  it('hostile values: the largest call id, odd device strings, thousands of ECC variables stay bounded per call', () => {
    const { cache, feed } = setup();
    const big = 0xffff_fffe;
    const odd = '<script>&"\u0000';
    const c = feed(beginCall(big, odd, { namedVariables: Array.from({ length: 500 }, (_, i) => ({ name: `user.v${i % 50}`, value: 'x' })) }), delivered(big, A, odd));
    assert.equal(c[0]?.dialog.id, String(big));
    assert.equal(c[0]?.dialog.callVariables.length, 60, 'repeated ECC names replace each other');
    assert.equal(c[0]?.dialog.participants.find((p) => p.mediaAddress === odd)?.mediaAddressType, '');
    feed(endCall(big, A));
    assert.equal(cache.size, 0);
  });

  it('a queued delivery (LCS_QUEUED) adds no participant', () => {
    const { feed } = setup();
    assert.deepEqual(feed(beginCall(45, C), delivered(45, '1', C, { localConnectionState: 5 })), []);
  });

  it('prune drops the dialogs a resynchronization does not confirm', () => {
    const { cache, feed } = setup();
    feed(beginCall(1, C), delivered(1, A, C), beginCall(2, C), delivered(2, B, C));
    const pruned = cache.prune((d) => d.id === '2', 5000);
    assert.deepEqual(pruned.map((c) => `${c.kind} ${c.dialog.id} ${c.dialog.state}`), ['dialog-deleted 1 DROPPED']);
    assert.deepEqual(cache.all().map((d) => d.id), ['2']);
  });
});
