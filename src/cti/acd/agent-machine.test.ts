import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AGENT_STATES, transition, type AgentEvent, type AgentMachineState, type AgentPolicy, type AgentStateName,
} from './agent-machine.js';

const UCCE: AgentPolicy = { flavor: 'UCCE', afterCall: 'wrap-up', wrapUpEnds: 'ready', forcedLogout: 'logout' };
const UCCX: AgentPolicy = { ...UCCE, flavor: 'UCCX' };

const EVENTS = {
  login: { type: 'login' },
  ready: { type: 'ready' },
  'not-ready': { type: 'not-ready', reasonCode: 7 },
  logout: { type: 'logout', reasonCode: 3 },
  'forced-logout': { type: 'logout', reasonCode: 255, force: true },
  offer: { type: 'offer' },
  withdraw: { type: 'withdraw' },
  connect: { type: 'connect' },
  hold: { type: 'hold' },
  release: { type: 'release', isAcdCall: true, beforeCall: { state: 'NOT_READY', reasonCode: 0 } },
  'wrap-up-timeout': { type: 'wrap-up-timeout' },
} as const satisfies Record<string, AgentEvent>;
type EventName = keyof typeof EVENTS;

const at = (state: AgentStateName, reasonCode = 0): AgentMachineState => ({ state, reasonCode, pending: null });

// Every legal (event, from) → to, written out from [finesse-api] §3, independently of the tables.
// A "(pending)" entry keeps the state and records a pending state. Anything not listed is 'invalid-state'.
const UCCE_LEGAL: Record<EventName, Partial<Record<AgentStateName, AgentStateName>>> = {
  login: { LOGOUT: 'NOT_READY' },
  ready: { NOT_READY: 'AVAILABLE', WORK_NOT_READY: 'AVAILABLE', WORK_READY: 'AVAILABLE', RESERVED: 'RESERVED', TALKING: 'TALKING', HOLD: 'HOLD' },
  'not-ready': {
    NOT_READY: 'NOT_READY', AVAILABLE: 'NOT_READY', WORK_NOT_READY: 'NOT_READY', WORK_READY: 'NOT_READY',
    RESERVED: 'RESERVED', TALKING: 'TALKING', HOLD: 'HOLD',
  },
  logout: { NOT_READY: 'LOGOUT' },
  'forced-logout': {
    NOT_READY: 'LOGOUT', AVAILABLE: 'LOGOUT', RESERVED: 'LOGOUT', WORK_NOT_READY: 'LOGOUT', WORK_READY: 'LOGOUT',
    TALKING: 'TALKING', HOLD: 'HOLD',
  },
  offer: { AVAILABLE: 'RESERVED', NOT_READY: 'NOT_READY' },
  withdraw: { RESERVED: 'AVAILABLE', NOT_READY: 'NOT_READY' },
  connect: { RESERVED: 'TALKING', NOT_READY: 'TALKING', TALKING: 'TALKING', HOLD: 'TALKING' },
  hold: { TALKING: 'HOLD', HOLD: 'HOLD' },
  release: { TALKING: 'WORK_READY', HOLD: 'WORK_READY' },
  'wrap-up-timeout': { WORK_NOT_READY: 'NOT_READY', WORK_READY: 'AVAILABLE' },
};

const UCCX_LEGAL: Record<EventName, Partial<Record<AgentStateName, AgentStateName>>> = {
  ...UCCE_LEGAL,
  ready: { NOT_READY: 'AVAILABLE', WORK_NOT_READY: 'AVAILABLE' },
  'not-ready': { NOT_READY: 'NOT_READY', AVAILABLE: 'NOT_READY', WORK_NOT_READY: 'NOT_READY', RESERVED: 'RESERVED', TALKING: 'TALKING', HOLD: 'HOLD' },
  logout: { NOT_READY: 'LOGOUT', AVAILABLE: 'LOGOUT' },
  'forced-logout': { NOT_READY: 'LOGOUT', AVAILABLE: 'LOGOUT', RESERVED: 'LOGOUT', WORK_NOT_READY: 'LOGOUT', TALKING: 'TALKING', HOLD: 'HOLD' },
  hold: { TALKING: 'TALKING' },
  release: { TALKING: 'WORK_NOT_READY', HOLD: 'WORK_NOT_READY' },
  'wrap-up-timeout': { WORK_NOT_READY: 'AVAILABLE' },
};

for (const [flavor, policy, legal] of [['UCCE', UCCE, UCCE_LEGAL], ['UCCX', UCCX, UCCX_LEGAL]] as const) {
  describe(`agent transitions (${flavor}): every state × every event`, () => {
    for (const name of Object.keys(EVENTS) as EventName[]) {
      for (const from of AGENT_STATES) {
        const expected = legal[name][from];
        it(`${name} in ${from} → ${expected ?? 'invalid-state'}`, () => {
          const r = transition(at(from), EVENTS[name], policy);
          if (expected === undefined) {
            assert.equal(r.ok, false);
            if (!r.ok) assert.equal(r.error, 'invalid-state');
            return;
          }
          assert.ok(r.ok, r.ok ? '' : r.text);
          assert.equal(r.value.state.state, expected);
        });
      }
    }
  });
}

describe('agent transitions: effects and context', () => {
  it('login passes through the transient LOGIN state', () => {
    const r = transition(at('LOGOUT'), EVENTS.login, UCCE);
    assert.ok(r.ok);
    assert.deepEqual(r.value.effects, [
      { kind: 'entered', state: 'LOGIN', reasonCode: 0 },
      { kind: 'entered', state: 'NOT_READY', reasonCode: 0 },
    ]);
  });

  it('NOT_READY → NOT_READY changes the reason code; the same reason is no change', () => {
    const r = transition(at('NOT_READY', 1), { type: 'not-ready', reasonCode: 9 }, UCCE);
    assert.ok(r.ok);
    assert.deepEqual(r.value.effects, [{ kind: 'entered', state: 'NOT_READY', reasonCode: 9 }]);
    const same = transition(at('NOT_READY', 9), { type: 'not-ready', reasonCode: 9 }, UCCE);
    assert.ok(same.ok);
    assert.deepEqual(same.value.effects, []);
  });

  it('a request while TALKING becomes pending and decides the wrap-up state', () => {
    const p = transition(at('TALKING'), { type: 'not-ready', reasonCode: 12 }, UCCE);
    assert.ok(p.ok);
    assert.deepEqual(p.value.state.pending, { state: 'NOT_READY', reasonCode: 12, force: false });
    const rel = transition(p.value.state, EVENTS.release, UCCE);
    assert.ok(rel.ok);
    assert.deepEqual(rel.value.state, { state: 'WORK_NOT_READY', reasonCode: 12, pending: null });
    assert.ok(rel.value.effects.some((e) => e.kind === 'start-wrap-up-timer'));
    const end = transition(rel.value.state, EVENTS['wrap-up-timeout'], UCCE);
    assert.ok(end.ok);
    assert.deepEqual(end.value.state, { state: 'NOT_READY', reasonCode: 12, pending: null });
  });

  it('a pending forced logout wins over later requests and skips wrap-up', () => {
    const f = transition(at('TALKING'), EVENTS['forced-logout'], UCCE);
    assert.ok(f.ok);
    const r = transition(f.value.state, EVENTS.ready, UCCE);
    assert.ok(r.ok);
    assert.equal(r.value.state.pending?.state, 'LOGOUT');
    const rel = transition(r.value.state, EVENTS.release, UCCE);
    assert.ok(rel.ok);
    assert.deepEqual(rel.value.state, { state: 'LOGOUT', reasonCode: 255, pending: null });
  });

  it('the UCCE agent-logout setting turns a forced logout into NOT_READY 255', () => {
    const r = transition(at('AVAILABLE'), EVENTS['forced-logout'], { ...UCCE, forcedLogout: 'not-ready' });
    assert.ok(r.ok);
    assert.deepEqual(r.value.state, { state: 'NOT_READY', reasonCode: 255, pending: null });
  });

  it('a forced logout while RESERVED logs out, then withdraws the offer', () => {
    const r = transition(at('RESERVED'), EVENTS['forced-logout'], UCCE);
    assert.ok(r.ok);
    assert.deepEqual(r.value.effects.map((e) => e.kind), ['entered', 'withdraw-offer']);
  });

  it('release of a non-ACD call returns to the state before the call; policies without wrap-up', () => {
    const event: AgentEvent = { type: 'release', isAcdCall: false, beforeCall: { state: 'NOT_READY', reasonCode: 4 } };
    const r = transition(at('TALKING'), event, UCCE);
    assert.ok(r.ok);
    assert.deepEqual(r.value.state, { state: 'NOT_READY', reasonCode: 4, pending: null });
    for (const [afterCall, state] of [['ready', 'AVAILABLE'], ['not-ready', 'NOT_READY']] as const) {
      const x = transition(at('TALKING'), EVENTS.release, { ...UCCE, afterCall });
      assert.ok(x.ok);
      assert.equal(x.value.state.state, state);
    }
    const work = transition(at('TALKING'), EVENTS.release, { ...UCCE, wrapUpEnds: 'not-ready' });
    assert.ok(work.ok);
    assert.equal(work.value.state.state, 'WORK_NOT_READY');
  });
});
