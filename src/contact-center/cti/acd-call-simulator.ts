// CallSimulator over the embedded ACD: `parley sim call`, `sim hangup`, the admin API and scenarios
// offer calls here; the ACD routes them and the CTI server reports them to the link like any call.
import type { Acd, AcdCondition } from '../../cti/acd/index.js';
import type { CallSimulator, CallVariable, CommandFailure, CommandOutcome } from '../contact-center.js';
import { failure } from './cti-failures.js';

const NUMBER = /^\+?[0-9*#]{1,32}$/;
export const DEFAULT_DNIS = '8000';

const CONDITION_FAILURE: Readonly<Record<AcdCondition, (text?: string) => CommandFailure>> = {
  'queue-not-found': () => failure('Not Found', 'no such queue'),
  'call-not-found': () => failure('Not Found', 'no such call'),
  'agent-not-found': () => failure('Not Found', 'no such agent'),
  'invalid-parameter': (t) => failure('Invalid Input', t ?? 'invalid call data'),
  'invalid-state': (t) => failure('Invalid State', t ?? 'the call is not in a state that allows this'),
  'invalid-destination': (t) => failure('Invalid Destination', t ?? 'invalid destination'),
  'destination-busy': () => failure('Invalid State', 'destination busy'),
  'conference-full': () => failure('Call Operation Failure', 'conference full'),
};

/** `callVariable3` → {3: value}; `user.x` → ECC. Returns the problem for any other name. */
export function splitCallVariables(vars: readonly CallVariable[]): { ok: true; callVariables: Record<number, string>; ecc: Record<string, string> } | { ok: false; problem: string } {
  const callVariables: Record<number, string> = {};
  const ecc: Record<string, string> = {};
  for (const { name, value } of vars) {
    const m = /^callVariable([1-9]|10)$/.exec(name);
    if (m) callVariables[Number(m[1])] = value;
    else if (name.startsWith('user.')) ecc[name] = value;
    else return { ok: false, problem: `unknown call variable ${JSON.stringify(name.slice(0, 64))} (callVariable1..10 or user.*)` };
  }
  return { ok: true, callVariables, ecc };
}

/** `acd()` is the embedded ACD, or undefined when the embedded CTI server does not run. */
export function createAcdCallSimulator(acd: () => Acd | undefined): CallSimulator {
  const noAcd: CommandFailure = failure('Service Unavailable', 'the embedded CTI server and its ACD simulator are turned off (cti.embeddedServer)');
  return {
    offerCall(input): CommandOutcome<{ callId: string }> {
      const a = acd();
      if (!a) return { ok: false, failure: noAcd };
      if (!a.queueIds().includes(input.queueId)) {
        return { ok: false, failure: failure('Not Found', `no queue ${JSON.stringify(String(input.queueId).slice(0, 32))}; queues: ${a.queueIds().join(', ')}`) };
      }
      if (!NUMBER.test(input.ani)) return { ok: false, failure: failure('Invalid Input', 'the ANI must be digits, optionally with a leading +') };
      if (input.dnis !== undefined && !NUMBER.test(input.dnis)) return { ok: false, failure: failure('Invalid Input', 'the DNIS must be digits') };
      const vars = splitCallVariables(input.callVariables ?? []);
      if (!vars.ok) return { ok: false, failure: failure('Invalid Input', vars.problem) };
      // The dialled number of a simulated call defaults to 8000, as the scenario driver's calls.
      const r = a.offerCall({ queueId: input.queueId, ani: input.ani, dnis: input.dnis ?? DEFAULT_DNIS, callVariables: vars.callVariables, ecc: vars.ecc });
      return r.ok ? { ok: true, value: { callId: String(r.value.callId) } } : { ok: false, failure: CONDITION_FAILURE[r.error](r.text) };
    },
    hangUp(callId): CommandOutcome {
      const a = acd();
      if (!a) return { ok: false, failure: noAcd };
      if (!/^\d{1,10}$/.test(callId)) return { ok: false, failure: failure('Invalid Input', 'a call id is a number') };
      const r = a.hangUpExternal(Number(callId));
      return r.ok ? { ok: true, value: undefined } : { ok: false, failure: CONDITION_FAILURE[r.error](r.text) };
    },
  };
}
