// `sim scenario <file.json>`: a scenario file (arrival rate, handle time, abandon rate, duration; see
// src/cti/acd/scenario.ts) checked field by field, then run on the embedded ACD; one at a time.
import type { Acd, ScenarioRun, ScenarioSpec } from '../../cti/acd/index.js';
import { runScenario } from '../../cti/acd/index.js';

export const MAX_SCENARIO_FILE_BYTES = 64 * 1024;

type Check = (v: unknown) => boolean;
const num = (min: number, max: number, minOpen = false): Check => (v) => typeof v === 'number' && Number.isFinite(v) && (minOpen ? v > min : v >= min) && v <= max;
const bool: Check = (v) => typeof v === 'boolean';

const FIELDS: Readonly<Record<string, { check: Check; expect: string; required?: true }>> = {
  arrivalRatePerS: { check: num(0, 1000, true), expect: 'a number of calls per second above 0, at most 1000', required: true },
  handleTimeS: { check: num(0, 86_400, true), expect: 'mean talk time in seconds, above 0', required: true },
  abandonRate: { check: num(0, 1), expect: 'a share from 0 to 1', required: true },
  durationS: { check: num(0, 86_400, true), expect: 'seconds above 0, at most 86400', required: true },
  queues: { check: (v) => Array.isArray(v) && v.length > 0 && v.length <= 100 && v.every((q) => typeof q === 'string' && q.length <= 32), expect: 'a list of queue ids' },
  patienceS: { check: num(0, 86_400, true), expect: 'seconds above 0' },
  autoAnswer: { check: bool, expect: 'true or false' },
  answerDelayS: { check: num(0, 3600), expect: 'seconds from 0 to 3600' },
  wrapUpS: { check: (v) => v === null || num(0, 86_400)(v), expect: 'seconds, or null to leave wrap-up to the ACD' },
  loginAgents: { check: bool, expect: 'true or false' },
};

/** The scenario a JSON text describes, or every problem with it. Pure. */
export function parseScenario(text: string, knownQueues: readonly string[]): { ok: true; spec: ScenarioSpec } | { ok: false; problems: string[] } {
  if (Buffer.byteLength(text) > MAX_SCENARIO_FILE_BYTES) return { ok: false, problems: [`the file is larger than ${MAX_SCENARIO_FILE_BYTES} bytes`] };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [`not valid JSON: ${(e as Error).message}`] };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return { ok: false, problems: ['must be one JSON object, e.g. {"arrivalRatePerS": 2, "handleTimeS": 60, "abandonRate": 0.1, "durationS": 300}'] };
  }
  const problems: string[] = [];
  const d = doc as Record<string, unknown>;
  for (const key of Object.keys(d)) if (!Object.hasOwn(FIELDS, key)) problems.push(`unknown field ${JSON.stringify(key.slice(0, 40))}`);
  for (const [key, f] of Object.entries(FIELDS)) {
    if (!(key in d)) { if (f.required) problems.push(`${key} is required (${f.expect})`); continue; }
    if (!f.check(d[key])) problems.push(`${key} must be ${f.expect}`);
  }
  const queues = d['queues'];
  if (Array.isArray(queues)) for (const q of queues) if (typeof q === 'string' && !knownQueues.includes(q)) problems.push(`unknown queue ${JSON.stringify(q)}`);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, spec: d as unknown as ScenarioSpec };
}

export interface ScenarioControl {
  start(spec: ScenarioSpec): { ok: true } | { ok: false; problem: string };
  /** Stops the running scenario; returns its counters, or undefined when none ran. */
  stop(): ScenarioRun['counters'] | undefined;
  status(): { running: boolean; counters: ScenarioRun['counters'] | null };
}

export function createScenarioControl(acd: () => Acd | undefined): ScenarioControl {
  let run: ScenarioRun | undefined;
  return {
    start(spec) {
      const a = acd();
      if (!a) return { ok: false, problem: 'the embedded CTI server and its ACD simulator are turned off (cti.embeddedServer)' };
      run?.stop();
      try {
        run = runScenario(a, spec);
      } catch (e) {
        run = undefined;
        return { ok: false, problem: (e as Error).message };
      }
      return { ok: true };
    },
    stop() {
      const r = run;
      run = undefined;
      r?.stop();
      return r ? { ...r.counters } : undefined;
    },
    status: () => ({ running: run !== undefined, counters: run ? { ...run.counters } : null }),
  };
}
