import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAcd, seededRandom } from '../../cti/acd/index.js';
import { ManualClock } from '../../shared/clock.js';
import { createAcdCallSimulator } from './acd-call-simulator.js';
import { createScenarioControl, parseScenario } from './sim-scenario.js';

const base = { arrivalRatePerS: 2, handleTimeS: 30, abandonRate: 0.1, durationS: 60 };

function acd() {
  const clock = new ManualClock(1_700_000_000_000);
  const a = createAcd({
    clock, random: seededRandom(7), queues: [{ id: '1', name: 'Sales' }, { id: '2', name: 'Support' }],
    agents: [{ id: '1001001', extension: '1001001', queueIds: ['1'] }, { id: '1001002', extension: '1001002', queueIds: ['1', '2'] }],
  });
  return { clock, a };
}

describe('scenario files', () => {
  it('accepts a complete scenario and checks every field', () => {
    assert.deepEqual(parseScenario(JSON.stringify({ ...base, queues: ['1'], wrapUpS: null }), ['1', '2']),
      { ok: true, spec: { ...base, queues: ['1'], wrapUpS: null } });
    const problems = (doc: unknown) => { const r = parseScenario(JSON.stringify(doc), ['1']); return r.ok ? [] : r.problems; };
    assert.match(problems({})[0] ?? '', /arrivalRatePerS is required/);
    assert.match(problems({ ...base, arrivalRatePerS: 0 }).join(), /arrivalRatePerS must be/);
    assert.match(problems({ ...base, arrivalRatePerS: 1e9 }).join(), /arrivalRatePerS must be/);
    assert.match(problems({ ...base, abandonRate: 2 }).join(), /abandonRate must be/);
    assert.match(problems({ ...base, durationS: '60' }).join(), /durationS must be/);
    assert.match(problems({ ...base, queues: ['9'] }).join(), /unknown queue "9"/);
    assert.match(problems({ ...base, queues: [] }).join(), /queues must be/);
    assert.match(problems({ ...base, evil: 1 }).join(), /unknown field "evil"/);
    assert.match(problems([base]).join(), /one JSON object/);
    assert.match(problems(null).join(), /one JSON object/);
    const broken = parseScenario('{"arrivalRatePerS": ', ['1']);
    assert.equal(broken.ok, false);
    assert.match(!broken.ok ? broken.problems[0] ?? '' : '', /not valid JSON/);
    const huge = parseScenario(' '.repeat(70_000), ['1']);
    assert.match(!huge.ok ? huge.problems[0] ?? '' : '', /larger than/);
  });

  it('runs on the ACD with the injected clock, reports counters, stops', () => {
    const { clock, a } = acd();
    const control = createScenarioControl(() => a);
    assert.deepEqual(control.status(), { running: false, counters: null });
    assert.deepEqual(control.start({ ...base, arrivalRatePerS: 1, durationS: 30 }), { ok: true });
    clock.advance(40_000);
    const st = control.status();
    assert.equal(st.running, true);
    assert.ok((st.counters?.offered ?? 0) > 5, JSON.stringify(st));
    const final = control.stop();
    assert.equal(final?.offered, st.counters?.offered);
    assert.equal(control.stop(), undefined);
    assert.equal(createScenarioControl(() => undefined).start(base).ok, false);
  });
});

describe('CallSimulator over the ACD', () => {
  it('offers and hangs up calls; refuses unknown queues, bad numbers and variables with clear messages', () => {
    const { a } = acd();
    const sim = createAcdCallSimulator(() => a);
    const offered = sim.offerCall({ queueId: '1', ani: '5551234', dnis: '8000', callVariables: [{ name: 'callVariable1', value: 'Gold' }, { name: 'user.lang', value: 'en' }] });
    assert.ok(offered.ok);
    const callId = offered.ok ? offered.value.callId : '';
    assert.equal(a.call(Number(callId))?.callVariables[0], 'Gold');
    assert.equal(a.call(Number(callId))?.ecc['user.lang'], 'en');
    assert.deepEqual(sim.hangUp(callId), { ok: true, value: undefined });
    const msg = (r: ReturnType<typeof sim.offerCall> | ReturnType<typeof sim.hangUp>) => (r.ok ? 'ok' : `${r.failure.errorType}: ${r.failure.errorMessage}`);
    assert.equal(msg(sim.offerCall({ queueId: '9', ani: '1' })), 'Not Found: no queue "9"; queues: 1, 2');
    assert.match(msg(sim.offerCall({ queueId: '1', ani: '555-1234' })), /^Invalid Input: the ANI/);
    assert.match(msg(sim.offerCall({ queueId: '1', ani: '1', dnis: 'abc' })), /^Invalid Input: the DNIS/);
    assert.match(msg(sim.offerCall({ queueId: '1', ani: '1', callVariables: [{ name: 'callVariable1', value: 'x'.repeat(41) }] })), /^Invalid Input/);
    assert.match(msg(sim.offerCall({ queueId: '1', ani: '1', callVariables: [{ name: 'constructor', value: 'x' }] })), /^Invalid Input: unknown call variable/);
    assert.match(msg(sim.hangUp('999')), /^Not Found: no such call/);
    assert.match(msg(sim.hangUp('1; rm')), /^Invalid Input/);
    assert.match(msg(createAcdCallSimulator(() => undefined).offerCall({ queueId: '1', ani: '1' })), /^Service Unavailable/);
  });
});
