// planStateChange and planDialogAction/planMakeCall: the synchronous checks of [finesse-api] §2.2, §2.3, §3.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentStatus } from '../contact-center/contact-center.js';
import { createMemoryStores } from '../storage/memory/memory-stores.js';
import { DEMO_REASON_CODES } from '../storage/demo-data.js';
import { storesDirectory } from './directory.js';
import { planStateChange, type StateChangeInput } from './state-change.js';
import { planDialogAction, planMakeCall } from './dialog-request.js';
import type { DialogRequest } from './xml/requests.js';

const stores = createMemoryStores();
for (const rc of DEMO_REASON_CODES) stores.reasonCodes.put(rc);
const dir = storesDirectory(stores);
const current = (state: AgentStatus['state']): AgentStatus => ({ agentId: '1001001', extension: '1001001', state, reasonCode: null, pendingState: null, stateChangeTime: 1 });
const input = (update: Partial<StateChangeInput['update']>, over: Partial<StateChangeInput> = {}): StateChangeInput => ({
  update: { state: undefined, extension: undefined, reasonCodeId: undefined, ...update },
  agentId: '1001001', as: 'self', current: current('NOT_READY'), dir, deployment: 'UCCE', extensionInUse: () => false, requestId: 'r1', ...over,
});
const errorOf = (i: StateChangeInput) => { const r = planStateChange(i); assert.ok(!r.ok); return [r.error.status, r.error.type, r.error.data]; };

describe('planStateChange', () => {
  it('LOGIN needs a valid extension not used by another agent', () => {
    assert.deepEqual(planStateChange(input({ state: 'LOGIN', extension: '1001001' })), { ok: true, command: { agentId: '1001001', requestId: 'r1', state: 'LOGIN', extension: '1001001' } });
    assert.deepEqual(errorOf(input({ state: 'LOGIN' })), [400, 'Parameter Missing', 'extension']);
    assert.deepEqual(errorOf(input({ state: 'LOGIN', extension: 'abc' })), [400, 'Bad Request', 'abc']);
    assert.deepEqual(errorOf(input({ state: 'LOGIN', extension: '1001002' }, { extensionInUse: () => true })), [400, 'Bad Request', '1001002']);
  });

  it('missing, unknown and non-requestable states', () => {
    assert.deepEqual(errorOf(input({})), [400, 'Parameter Missing', 'state']);
    assert.deepEqual(errorOf(input({ state: 'DANCING' })), [400, 'Invalid State', 'DANCING']);
    assert.deepEqual(errorOf(input({ state: 'TALKING' })), [400, 'Invalid State', 'TALKING']);
  });

  it('NOT_READY and LOGOUT take the ReasonCode object id and send its code; -1 means none', () => {
    const r = planStateChange(input({ state: 'NOT_READY', reasonCodeId: '2' }));
    assert.ok(r.ok);
    assert.equal(r.command.reasonCode, 2);
    const l = planStateChange(input({ state: 'LOGOUT', reasonCodeId: '7' }));
    assert.ok(l.ok);
    assert.equal(l.command.reasonCode, 1);
    const none = planStateChange(input({ state: 'NOT_READY', reasonCodeId: '-1' }));
    assert.ok(none.ok);
    assert.equal(none.command.reasonCode, undefined);
    assert.deepEqual(errorOf(input({ state: 'NOT_READY', reasonCodeId: '7' })), [400, 'Invalid Input', '7']); // a LOGOUT code
    assert.deepEqual(errorOf(input({ state: 'NOT_READY', reasonCodeId: '999' })), [400, 'Invalid Input', '999']);
  });

  it('a supervisor uses the hard-coded codes, sends no reason, and only from the allowed states', () => {
    const sup = { as: 'supervisor' as const, current: current('READY') };
    const nr = planStateChange(input({ state: 'NOT_READY' }, sup));
    assert.ok(nr.ok);
    assert.equal(nr.command.reasonCode, 999);
    const uccx = planStateChange(input({ state: 'LOGOUT' }, { ...sup, deployment: 'UCCX' }));
    assert.ok(uccx.ok);
    assert.equal(uccx.command.reasonCode, 22);
    const uccxNr = planStateChange(input({ state: 'NOT_READY' }, { ...sup, deployment: 'UCCX' }));
    assert.ok(uccxNr.ok);
    assert.equal(uccxNr.command.reasonCode, 33);
    assert.deepEqual(errorOf(input({ state: 'NOT_READY', reasonCodeId: '2' }, sup)), [400, 'Invalid Input', '2']);
    assert.deepEqual(errorOf(input({ state: 'NOT_READY' }, { ...sup, current: current('TALKING') })), [400, 'Invalid State', 'TALKING']);
    assert.deepEqual(errorOf(input({ state: 'LOGOUT' }, { ...sup, current: current('LOGOUT') })), [400, 'Invalid State', 'LOGOUT']);
    assert.deepEqual(errorOf(input({ state: 'LOGIN', extension: '1' }, sup)), [400, 'Invalid State', 'LOGIN']);
    const out = planStateChange(input({ state: 'LOGOUT' }, { ...sup, current: current('TALKING') }));
    assert.ok(out.ok);
  });
});

const req = (over: Partial<DialogRequest>): DialogRequest => ({
  requestedAction: undefined, fromAddress: undefined, toAddress: undefined, targetMediaAddress: undefined,
  hasMediaProperties: false, callVariables: [], wrapUpReason: undefined, actionParams: new Map(), ...over,
});

describe('planDialogAction', () => {
  const plan = (r: Partial<DialogRequest>) => planDialogAction({ request: req(r), dialogId: '9', agentId: '1001001', agentExtension: '1001001', requestId: 'q' });
  it('defaults targetMediaAddress to the agent extension', () => {
    const r = plan({ requestedAction: 'ANSWER' });
    assert.ok(r.ok);
    assert.deepEqual(r.command, { dialogId: '9', action: 'ANSWER', agentId: '1001001', requestId: 'q', targetMediaAddress: '1001001' });
  });
  it('refuses missing, unknown and unsupported actions, and incomplete ones', () => {
    for (const [r, type, data] of [
      [{}, 'Parameter Missing', 'requestedAction'],
      [{ requestedAction: 'FLY' }, 'Invalid Input', 'FLY'],
      [{ requestedAction: 'BARGE_CALL' }, 'Invalid Input', 'BARGE_CALL'],
      [{ requestedAction: 'CONSULT_CALL' }, 'Parameter Missing', 'toAddress'],
      [{ requestedAction: 'TRANSFER_SST', toAddress: 'a b' }, 'Invalid Destination', 'a b'],
      [{ requestedAction: 'UPDATE_CALL_DATA' }, 'Parameter Missing', 'mediaProperties'],
      [{ requestedAction: 'UPDATE_CALL_DATA', wrapUpReason: 'x'.repeat(41) }, 'Invalid Input', 'wrapUpReason'],
      [{ requestedAction: 'SEND_DTMF' }, 'Parameter Missing', 'dtmfString'],
      [{ requestedAction: 'PARTICIPANT_DROP' }, 'Parameter Missing', 'targetMediaAddress'],
    ] as const) {
      const out = plan(r as Partial<DialogRequest>);
      assert.ok(!out.ok, JSON.stringify(r));
      assert.deepEqual([out.error.type, out.error.data], [type, data], JSON.stringify(r));
    }
  });
  it('UPDATE_CALL_DATA carries variables and the wrap-up reason; CONSULT_CALL the destination', () => {
    const u = plan({ requestedAction: 'UPDATE_CALL_DATA', callVariables: [{ name: 'callVariable1', value: 'x' }], wrapUpReason: 'Sales' });
    assert.ok(u.ok);
    assert.deepEqual([u.command.callVariables, u.command.wrapUpReason], [[{ name: 'callVariable1', value: 'x' }], 'Sales']);
    const c = plan({ requestedAction: 'CONSULT_CALL', toAddress: '1001002' });
    assert.ok(c.ok);
    assert.equal(c.command.toAddress, '1001002');
  });
});

describe('planMakeCall', () => {
  const plan = (r: Partial<DialogRequest>, deployment: 'UCCE' | 'UCCX' = 'UCCE') =>
    planMakeCall({ request: req(r), agentId: '1001001', agentExtension: '1001001', deployment, requestId: undefined });
  it('MAKE_CALL from the agent extension', () => {
    const r = plan({ requestedAction: 'MAKE_CALL', toAddress: '1001002' });
    assert.ok(r.ok);
    assert.deepEqual(r.command, { agentId: '1001001', fromAddress: '1001001', toAddress: '1001002', requestId: undefined });
  });
  it('to == from is Invalid Destination; UCCX refuses mediaProperties', () => {
    const same = plan({ requestedAction: 'MAKE_CALL', toAddress: '1001001' });
    assert.ok(!same.ok);
    assert.equal(same.error.type, 'Invalid Destination');
    const x = plan({ requestedAction: 'MAKE_CALL', toAddress: '5', hasMediaProperties: true }, 'UCCX');
    assert.ok(!x.ok);
    assert.equal(x.error.type, 'Invalid Input');
    const other = plan({ requestedAction: 'SILENT_MONITOR', toAddress: '5' });
    assert.ok(!other.ok);
  });
});
