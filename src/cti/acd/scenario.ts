// Scenario driver for demos and load tests: Poisson arrivals, exponential handle times and caller
// patience, all from the ACD's seeded random and scheduled on its clock (issue 11 item 3).
import type { TimerHandle } from '../../shared/clock.js';
import type { Acd } from './acd.js';
import { exponential } from './random.js';

export interface ScenarioSpec {
  arrivalRatePerS: number;
  /** Mean talk time (exponential). */
  handleTimeS: number;
  /** Share of callers (0-1) who hang up if not answered within their patience. */
  abandonRate: number;
  /** Arrivals stop after this; calls in progress finish afterwards. */
  durationS: number;
  /** Queues the arrivals spread over, uniformly; default all. */
  queues?: string[];
  /** Mean patience of abandoning callers (exponential), default 30 s. */
  patienceS?: number;
  /** Agents answer delivered ACD calls by themselves (default true), after `answerDelayS` (default 1). */
  autoAnswer?: boolean;
  answerDelayS?: number;
  /** Agents leave wrap-up for READY after this many seconds (default 5); null leaves it to the ACD. */
  wrapUpS?: number | null;
  /** Log every agent in and make it READY at the start (default true). */
  loginAgents?: boolean;
}

export interface ScenarioCounters {
  offered: number;
  answered: number;
  abandoned: number;
  completed: number;
}

export interface ScenarioRun {
  readonly counters: ScenarioCounters;
  /** Cancels every scheduled arrival and action, and stops listening. */
  stop(): void;
}

export function runScenario(acd: Acd, spec: ScenarioSpec): ScenarioRun {
  const { clock, random } = acd;
  const queues = spec.queues ?? acd.queueIds();
  if (queues.length === 0 || spec.arrivalRatePerS <= 0) throw new Error('a scenario needs queues and a positive arrival rate');
  const end = clock.now() + spec.durationS * 1000;
  const counters: ScenarioCounters = { offered: 0, answered: 0, abandoned: 0, completed: 0 };
  const timers = new Set<TimerHandle>();
  const later = (s: number, fn: () => void): void => {
    const h = clock.setTimeout(() => { timers.delete(h); fn(); }, Math.round(s * 1000));
    timers.add(h);
  };
  const autoAnswer = spec.autoAnswer ?? true;
  const answerDelayS = spec.answerDelayS ?? 1;
  const wrapUpS = spec.wrapUpS === undefined ? 5 : spec.wrapUpS;

  const unsubscribe = acd.onEvent(function scenarioDriver(e) {
    if (e.kind === 'call-delivered' && e.queueId !== null && e.agentId !== null && autoAnswer) {
      const { callId, agentId } = e;
      later(answerDelayS, () => { acd.answer(callId, agentId); });
    } else if (e.kind === 'call-established' && e.agentId !== null) {
      const { callId, agentId } = e;
      counters.answered++;
      later(exponential(random, spec.handleTimeS), () => {
        if (acd.drop(callId, agentId).ok) counters.completed++;
      });
    } else if (e.kind === 'call-abandoned') {
      counters.abandoned++;
    } else if (e.kind === 'agent-state-changed' && (e.state === 'WORK_READY' || e.state === 'WORK_NOT_READY') && wrapUpS !== null) {
      const { agentId } = e;
      later(wrapUpS, () => { acd.setAgentState(agentId, { state: 'AVAILABLE' }); });
    }
  });

  if (spec.loginAgents ?? true) {
    for (const id of acd.agentIds()) {
      acd.login(id);
      acd.setAgentState(id, { state: 'AVAILABLE' });
    }
  }

  const arrive = (): void => {
    const queueId = queues[Math.floor(random() * queues.length)]!;
    const ani = String(2_000_000_000 + Math.floor(random() * 1_000_000_000));
    const willAbandon = random() < spec.abandonRate;
    const patience = exponential(random, spec.patienceS ?? 30);
    const r = acd.offerCall({ queueId, ani, dnis: '8000' });
    if (r.ok) {
      counters.offered++;
      const { callId } = r.value;
      if (willAbandon) {
        later(patience, () => {
          const call = acd.call(callId);
          if (call && (call.state === 'QUEUED' || call.state === 'ALERTING')) acd.abandon(callId);
        });
      }
    }
    scheduleArrival();
  };
  const scheduleArrival = (): void => {
    const gap = exponential(random, 1 / spec.arrivalRatePerS);
    if (clock.now() + Math.round(gap * 1000) <= end) later(gap, arrive);
  };
  scheduleArrival();

  return {
    counters,
    stop() {
      for (const t of timers) t.cancel();
      timers.clear();
      unsubscribe();
    },
  };
}
