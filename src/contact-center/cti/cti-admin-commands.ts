// Admin socket words for the CTI link and the call simulator: `show cti`, `set cti side a|b …`,
// `sim call …`, `sim hangup <callId>`. Registered in src/admin/server-commands.ts.
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { AdminCommandTable, AdminResult } from '../../admin/commands.js';
import type { CallSimulator, CallVariable, ContactCenter } from '../contact-center.js';
import type { CtiFeature } from './cti-feature.js';
import { describeSide, parseSideWords } from './cti-settings.js';
import { MAX_SCENARIO_FILE_BYTES, parseScenario, type ScenarioControl } from './sim-scenario.js';

export interface CtiAdminDeps {
  readonly contactCenter: () => ContactCenter | undefined;
  readonly callSimulator: () => CallSimulator | undefined;
  readonly ctiLink: () => CtiFeature | undefined;
  readonly scenarios?: () => { control: ScenarioControl; queueIds: string[] } | undefined;
}

export const SIM_SCENARIO_USAGE = 'sim scenario <file.json> | stop | status';

const done = (output: string, exitCode = 0): AdminResult => ({ exitCode, output: output.endsWith('\n') ? output : `${output}\n` });

export const SIM_CALL_USAGE = 'sim call --queue N --ani DIGITS [--dnis DIGITS] [--var NAME=VALUE]…';

/** `--queue 1 --ani 555 --var callVariable1=x` → options; repeated --var allowed. Pure. */
export function parseSimCall(args: readonly string[]): { ok: true; queueId: string; ani: string; dnis?: string; vars: CallVariable[] } | { ok: false; problem: string } {
  const single = new Map<string, string>();
  const vars: CallVariable[] = [];
  for (let i = 0; i < args.length; i++) {
    const m = /^--(queue|ani|dnis|var)(?:=(.*))?$/s.exec(args[i] ?? '');
    if (!m) return { ok: false, problem: `unexpected ${JSON.stringify((args[i] ?? '').slice(0, 40))}` };
    const name = m[1] as string;
    const value = m[2] ?? args[++i];
    if (value === undefined) return { ok: false, problem: `--${name} needs a value` };
    if (name === 'var') {
      const eq = value.indexOf('=');
      if (eq <= 0) return { ok: false, problem: `--var ${value.slice(0, 40)}: write NAME=VALUE, e.g. callVariable1=Gold` };
      if (vars.length >= 64) return { ok: false, problem: 'at most 64 --var options' };
      vars.push({ name: value.slice(0, eq), value: value.slice(eq + 1) });
    } else if (single.has(name)) {
      return { ok: false, problem: `--${name} given twice` };
    } else {
      single.set(name, value);
    }
  }
  const queueId = single.get('queue');
  const ani = single.get('ani');
  if (queueId === undefined) return { ok: false, problem: '--queue N is required' };
  if (ani === undefined) return { ok: false, problem: '--ani DIGITS is required' };
  const dnis = single.get('dnis');
  return { ok: true, queueId, ani, ...(dnis === undefined ? {} : { dnis }), vars };
}

export function ctiAdminCommands(deps: CtiAdminDeps): AdminCommandTable {
  return {
    'show cti': {
      summary: 'the CTI link: state, side in use, A and B side settings',
      handler: async () => {
        const cc = deps.contactCenter();
        const feature = deps.ctiLink();
        if (!cc || !feature) return done('The CTI link is not configured on this node.', 1);
        const link = cc.link();
        const sides = feature.sides();
        return done([
          `CTI link        ${link.state}${link.side ? ` (side ${link.side})` : ''} since ${new Date(link.since).toISOString()}`,
          `reason          ${link.reason}`,
          `side A          ${describeSide(sides?.sideA)}`,
          `side B          ${describeSide(sides?.sideB)}`,
          `agents          ${cc.agents().filter((a) => a.state !== 'LOGOUT').length} signed in of ${cc.agents().length}`,
        ].join('\n'));
      },
    },
    'set cti side': {
      summary: 'change the CTI server A or B side; reconnects without a restart (until the next restart)',
      usage: 'set cti side a|b <host> <port> [tls on|off]   (side b: none removes it)',
      handler: async (args) => {
        const feature = deps.ctiLink();
        if (!feature) return done('The CTI link is not configured on this node.', 1);
        const which = args[0]?.toUpperCase();
        if (which !== 'A' && which !== 'B') return done('usage: set cti side a|b <host> <port> [tls on|off]', 2);
        const parsed = parseSideWords(args.slice(1), which);
        if (!parsed.ok) return done(parsed.problem, 2);
        const r = feature.setSide(which, parsed.side);
        if (!r.ok) return done(r.problem, 1);
        return done(`CTI side ${which} set to ${describeSide(parsed.side)}; the link reconnects (A side first). ` +
          `Put cti.${which.toLowerCase()}SideHost/${which.toLowerCase()}SidePort in the config file to keep it after a restart.`);
      },
    },
    'sim call': {
      summary: 'offer a simulated inbound call to a queue',
      usage: SIM_CALL_USAGE,
      handler: async (args) => {
        const sim = deps.callSimulator();
        if (!sim) return done('The call simulator is not available on this node.', 1);
        const parsed = parseSimCall(args);
        if (!parsed.ok) return done(`sim call: ${parsed.problem}\nUsage: ${SIM_CALL_USAGE}`, 2);
        const r = sim.offerCall({ queueId: parsed.queueId, ani: parsed.ani, ...(parsed.dnis ? { dnis: parsed.dnis } : {}), callVariables: parsed.vars });
        if (!r.ok) return done(`sim call: ${r.failure.errorMessage}`, r.failure.errorType === 'Service Unavailable' ? 1 : 2);
        return done(`Call ${r.value.callId} offered to queue ${parsed.queueId} from ${parsed.ani}.`);
      },
    },
    'sim scenario': {
      summary: 'run a scenario file on the embedded ACD (arrival rate, handle time, abandon rate, duration)',
      usage: SIM_SCENARIO_USAGE,
      handler: async (args) => {
        const sc = deps.scenarios?.();
        if (!sc) return done('The call simulator is not available on this node.', 1);
        const [arg, ...extra] = args;
        if (arg === undefined || extra.length > 0) return done(`usage: ${SIM_SCENARIO_USAGE}`, 2);
        const show = (c: { offered: number; answered: number; abandoned: number; completed: number }): string =>
          `offered ${c.offered}, answered ${c.answered}, abandoned ${c.abandoned}, completed ${c.completed}`;
        if (arg.toLowerCase() === 'stop') {
          const c = sc.control.stop();
          return done(c ? `Scenario stopped: ${show(c)}.` : 'No scenario was running.');
        }
        if (arg.toLowerCase() === 'status') {
          const st = sc.control.status();
          return done(st.counters ? `Scenario started: ${show(st.counters)}.` : 'No scenario is running.');
        }
        if (!isAbsolute(arg)) return done('sim scenario: give an absolute path (parley sim scenario resolves a relative one)', 2);
        let text: string;
        try {
          if (statSync(arg).size > MAX_SCENARIO_FILE_BYTES) return done(`sim scenario: ${arg} is larger than ${MAX_SCENARIO_FILE_BYTES} bytes`, 2);
          text = readFileSync(arg, 'utf8');
        } catch (e) {
          return done(`sim scenario: cannot read ${arg}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 2);
        }
        const parsed = parseScenario(text, sc.queueIds);
        if (!parsed.ok) return done(`sim scenario: ${arg}:\n  ${parsed.problems.join('\n  ')}`, 2);
        const started = sc.control.start(parsed.spec);
        if (!started.ok) return done(`sim scenario: ${started.problem}`, 1);
        const sp = parsed.spec;
        return done(`Scenario started: ${sp.arrivalRatePerS} calls/s for ${sp.durationS} s, mean handle time ${sp.handleTimeS} s, ` +
          `abandon rate ${sp.abandonRate}. \`parley sim scenario status\` shows the counters, \`parley sim scenario stop\` ends it.`);
      },
    },
    'sim hangup': {
      summary: 'the caller of a simulated call hangs up (abandons if not answered)',
      usage: 'sim hangup <callId>',
      handler: async (args) => {
        const sim = deps.callSimulator();
        if (!sim) return done('The call simulator is not available on this node.', 1);
        if (args.length !== 1 || !args[0]) return done('usage: sim hangup <callId>', 2);
        const r = sim.hangUp(args[0]);
        if (!r.ok) return done(`sim hangup: ${r.failure.errorMessage}`, r.failure.errorType === 'Service Unavailable' ? 1 : 2);
        return done(`The caller of call ${args[0]} hung up.`);
      },
    },
  };
}
