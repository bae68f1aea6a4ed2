import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../shared/clock.js';
import { createAcd } from './acd.js';
import type { AcdEvent } from './events.js';
import { seededRandom } from './random.js';
import { runScenario } from './scenario.js';
import { AGENTS, QUEUES, brief, kit, ready } from './test-kit.js';

function scenarioEvents(seed: number): AcdEvent[] {
  const clock = new ManualClock();
  const acd = createAcd({ clock, random: seededRandom(seed), agents: AGENTS, queues: QUEUES });
  const events: AcdEvent[] = [];
  acd.onEvent((e) => events.push(e));
  const run = runScenario(acd, { arrivalRatePerS: 0.5, handleTimeS: 20, abandonRate: 0.3, durationS: 300, patienceS: 15 });
  clock.advance(400_000);
  run.stop();
  return events;
}

describe('ACD determinism', () => {
  it('the same seed and the same commands give the same events; another seed differs', () => {
    const a = scenarioEvents(42);
    const b = scenarioEvents(42);
    assert.ok(a.length > 500, `${a.length} events`);
    assert.deepEqual(a, b);
    const kinds = new Set(a.map((e) => e.kind));
    for (const k of ['call-queued', 'call-delivered', 'call-established', 'call-abandoned', 'call-cleared', 'agent-state-changed'] as const) {
      assert.ok(kinds.has(k), k);
    }
    assert.notDeepEqual(scenarioEvents(43).map(brief), a.map(brief));
  });

  it('a scripted command sequence is reproducible too', () => {
    const script = (): string[] => {
      const k = kit({}, AGENTS, 7);
      ready(k.acd, 'a1', 'a2');
      const id = k.acd.offerCall({ queueId: 'q1', ani: '1', dnis: '2' });
      assert.ok(id.ok);
      k.acd.answer(id.value.callId, 'a1');
      k.clock.advance(3000);
      k.acd.consult(id.value.callId, 'a1', '5550000');
      k.acd.conference('a1');
      k.acd.drop(id.value.callId, 'a1');
      return k.events.map((e) => JSON.stringify(e));
    };
    assert.deepEqual(script(), script());
  });
});

describe('ACD scenario driver', () => {
  it('counts offered, answered, abandoned and completed calls; stop cancels its timers', () => {
    const clock = new ManualClock();
    const acd = createAcd({ clock, random: seededRandom(1), agents: AGENTS, queues: QUEUES });
    const run = runScenario(acd, { arrivalRatePerS: 1, handleTimeS: 10, abandonRate: 0.5, durationS: 120, patienceS: 5 });
    clock.advance(3_600_000); // 4 agents drain the backlog long after arrivals stop
    const c = run.counters;
    assert.ok(c.offered > 80 && c.offered < 170, `offered ${c.offered}`);
    assert.ok(c.abandoned > 0 && c.answered > 0, JSON.stringify(c));
    assert.equal(c.answered, c.completed, 'every answered call finished after arrivals stopped');
    assert.equal(acd.calls().length, 0);
    run.stop();
    assert.equal(clock.pendingTimers, 0);
  });

  it('10,000 agents, 50 calls/s, one simulated minute', () => {
    const clock = new ManualClock();
    const queues = Array.from({ length: 20 }, (_, i) => ({ id: `q${i}`, name: `Queue ${i}` }));
    const agents = Array.from({ length: 10_000 }, (_, i) => ({
      id: `agent${i}`, extension: String(100_000 + i), queueIds: [`q${i % 20}`, `q${(i * 7 + 3) % 20}`],
    }));
    const started = performance.now();
    const acd = createAcd({ clock, random: seededRandom(2026), agents, queues });
    let events = 0;
    acd.onEvent(() => { events++; });
    const run = runScenario(acd, { arrivalRatePerS: 50, handleTimeS: 120, abandonRate: 0.05, durationS: 60 });
    clock.advance(60_000);
    run.stop();
    const ms = performance.now() - started;
    console.log(`load: ${run.counters.offered} calls, ${events} events, 10000 agents, 60 simulated s in ${ms.toFixed(0)} ms`);
    assert.ok(run.counters.offered > 2500);
  });
});
