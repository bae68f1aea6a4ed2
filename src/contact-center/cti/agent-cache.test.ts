import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AgentState, Direction, type CtiMessageOf } from '../../cti/codec/index.js';
import { AgentCache } from './agent-cache.js';
import { ctiAgentStateFor, finesseAgentState, localRefusal } from './agent-states.js';
import { agentState } from './test-kit.js';

const ev = (agentId: string, state: keyof typeof AgentState, extra = {}) => agentState(agentId, state, extra) as CtiMessageOf<'AGENT_STATE_EVENT'>;

describe('agent states between GED-188 and Finesse', () => {
  it('maps every CTI AgentState to a Finesse state', () => {
    assert.equal(finesseAgentState(AgentState.AGENT_STATE_AVAILABLE), 'READY');
    assert.equal(finesseAgentState(AgentState.AGENT_STATE_LOGIN), 'NOT_READY', 'LOGIN is transient');
    assert.equal(finesseAgentState(AgentState.AGENT_STATE_WORK_NOT_READY), 'WORK');
    assert.equal(finesseAgentState(AgentState.AGENT_STATE_WORK_READY), 'WORK_READY');
    assert.equal(finesseAgentState(AgentState.AGENT_STATE_HOLD), 'HOLD');
    assert.equal(finesseAgentState(AgentState.AGENT_STATE_RESERVED), 'RESERVED');
    assert.equal(finesseAgentState(AgentState.AGENT_STATE_RESERVED, Direction.OUTBOUND_RESERVE), 'RESERVED_OUTBOUND');
    assert.equal(finesseAgentState(AgentState.AGENT_STATE_RESERVED, Direction.OUTBOUND_PREVIEW), 'RESERVED_OUTBOUND_PREVIEW');
    assert.equal(finesseAgentState(AgentState.AGENT_STATE_UNKNOWN), 'UNKNOWN');
    assert.equal(finesseAgentState(999), 'UNKNOWN', 'an unknown number is UNKNOWN, not a crash');
    for (const v of Object.values(AgentState)) assert.ok(finesseAgentState(v));
  });

  it('maps requested states to SET_AGENT_STATE_REQ AgentState values', () => {
    assert.equal(ctiAgentStateFor('LOGIN'), 0);
    assert.equal(ctiAgentStateFor('LOGOUT'), 1);
    assert.equal(ctiAgentStateFor('NOT_READY'), 2);
    assert.equal(ctiAgentStateFor('READY'), 3);
    assert.equal(ctiAgentStateFor('WORK'), 5);
    assert.equal(ctiAgentStateFor('WORK_READY'), 6);
  });

  it('refuses at once what no state table allows, and leaves the rest to the CTI server', () => {
    assert.match(localRefusal('LOGOUT', 'READY', 'UCCE', false) ?? '', /signed out/);
    assert.match(localRefusal('LOGOUT', 'LOGOUT', 'UCCE', true) ?? '', /signed out/);
    assert.equal(localRefusal('LOGOUT', 'LOGIN', 'UCCE', false), undefined);
    assert.equal(localRefusal('TALKING', 'READY', 'UCCE', false), undefined, 'becomes the pending state');
    assert.match(localRefusal('TALKING', 'WORK_READY', 'UCCX', false) ?? '', /CCX/);
    assert.match(localRefusal('READY', 'WORK', 'UCCE', false) ?? '', /from a call/);
  });
});

describe('AgentCache', () => {
  it('folds AGENT_STATE_EVENTs into statuses and reports only visible changes', () => {
    const c = new AgentCache();
    const a = c.applyEvent(ev('1001001', 'AGENT_STATE_NOT_READY', { eventReasonCode: 12 }), 1000);
    assert.deepEqual(a, { agentId: '1001001', extension: '1001001', state: 'NOT_READY', reasonCode: 12, pendingState: null, stateChangeTime: 1000 });
    assert.equal(c.agentOnDevice('1001001'), '1001001');
    assert.equal(c.applyEvent(ev('1001001', 'AGENT_STATE_NOT_READY', { eventReasonCode: 12 }), 2000), undefined, 'duplicate: no change');
    const r = c.applyEvent(ev('1001001', 'AGENT_STATE_AVAILABLE'), 3000);
    assert.equal(r?.state, 'READY');
    assert.equal(r?.reasonCode, null);
    assert.equal(r?.stateChangeTime, 3000);
  });

  it('keeps stateChangeTime for a pending-state change and dates a change by StateDuration', () => {
    const c = new AgentCache();
    c.applyEvent(ev('1', 'AGENT_STATE_TALKING'), 10_000);
    const p = c.applyEvent(ev('1', 'AGENT_STATE_TALKING', { nextAgentState: AgentState.AGENT_STATE_NOT_READY }), 12_000);
    assert.equal(p?.pendingState, 'NOT_READY');
    assert.equal(p?.stateChangeTime, 10_000);
    const w = c.applyEvent(ev('1', 'AGENT_STATE_WORK_NOT_READY', { stateDuration: 3 }), 20_000);
    assert.equal(w?.stateChangeTime, 17_000);
    assert.equal(w?.pendingState, null);
  });

  it('finds the agent by its device when AgentID is missing; signs the extension out on LOGOUT', () => {
    const c = new AgentCache();
    c.applyEvent(ev('1001002', 'AGENT_STATE_NOT_READY'), 1);
    const byDevice = c.applyEvent({ ...ev('x', 'AGENT_STATE_AVAILABLE'), agentId: undefined, agentExtension: '1001002' } as never, 2);
    assert.equal(byDevice?.agentId, '1001002');
    const out = c.applyEvent(ev('1001002', 'AGENT_STATE_LOGOUT'), 3);
    assert.equal(out?.extension, null);
    assert.equal(c.agentOnDevice('1001002'), undefined);
    assert.equal(c.applyEvent({ ...ev('x', 'AGENT_STATE_AVAILABLE'), agentId: undefined, agentExtension: 'nobody', agentInstrument: undefined } as never, 4), undefined,
      'an event naming no known agent is ignored');
  });

  it('an extension taken over by another agent moves to that agent', () => {
    const c = new AgentCache();
    c.applyEvent(ev('1', 'AGENT_STATE_NOT_READY', { agentExtension: '5000' }), 1);
    c.applyEvent(ev('2', 'AGENT_STATE_NOT_READY', { agentExtension: '5000' }), 2);
    assert.equal(c.agentOnDevice('5000'), '2');
  });

  it('resynchronizes from QUERY_AGENT_STATE_CONF', () => {
    const c = new AgentCache();
    c.ensure('7', 5);
    const conf = { type: 'QUERY_AGENT_STATE_CONF', invokeId: 1, agentState: AgentState.AGENT_STATE_AVAILABLE, mrdId: 1, numTasks: 0, agentMode: 1,
      maxTaskLimit: 1, icmAgentId: 7, agentAvailabilityStatus: 1, departmentId: 0, agentId: '7', agentExtension: '7007' } as CtiMessageOf<'QUERY_AGENT_STATE_CONF'>;
    const s = c.applyQuery('7', conf, 100);
    assert.equal(s?.state, 'READY');
    assert.equal(s?.extension, '7007');
    assert.equal(c.applyQuery('7', conf, 200), undefined);
  });
});
