// Call context between the vocabularies: GED-188 CallType values and call data fields ([CTI-REF]
// "CallType Values", BEGIN_CALL_EVENT / CALL_DATA_UPDATE_EVENT floating fields) and the Finesse
// Dialog mediaProperties ([finesse-api] §2.3). Pure.
import { CallType } from '../../cti/codec/index.js';
import type { NamedVariable } from '../../cti/codec/index.js';
import type { CallVariable } from '../contact-center.js';

const FINESSE_CALL_TYPE: Readonly<Record<number, string>> = {
  [CallType.CALLTYPE_ACD_IN]: 'ACD_IN',
  [CallType.CALLTYPE_PREROUTE_ACD_IN]: 'PREROUTE_ACD_IN',
  [CallType.CALLTYPE_PREROUTE_DIRECT_AGENT]: 'PREROUTE_DIRECT_AGENT',
  [CallType.CALLTYPE_TRANSFER_IN]: 'TRANSFER',
  [CallType.CALLTYPE_OVERFLOW_IN]: 'OVERFLOW_IN',
  [CallType.CALLTYPE_OTHER_IN]: 'OTHER_IN',
  [CallType.CALLTYPE_AUTO_OUT]: 'AUTO_OUT',
  [CallType.CALLTYPE_AGENT_OUT]: 'AGENT_OUT',
  [CallType.CALLTYPE_OUT]: 'OUT',
  [CallType.CALLTYPE_AGENT_INSIDE]: 'AGENT_INSIDE',
  [CallType.CALLTYPE_OFFERED]: 'OFFERED',
  [CallType.CALLTYPE_CONSULT]: 'CONSULT',
  [CallType.CALLTYPE_CONSULT_OFFERRED]: 'CONSULT_OFFERED',
  [CallType.CALLTYPE_CONSULT_CONFERENCE]: 'CONSULT_CONFERENCE',
  [CallType.CALLTYPE_CONFERENCE]: 'CONFERENCE',
  [CallType.CALLTYPE_PREVIEW]: 'OUTBOUND_PREVIEW',
  [CallType.CALLTYPE_RESERVATION]: 'OUTBOUND',
  [CallType.CALLTYPE_ASSIST]: 'ASSIST_CALL',
  [CallType.CALLTYPE_EMERGENCY]: 'EMERGENCY',
};

/** Finesse mediaProperties/callType for a CTI CallType; unknown values show as OTHER_IN. */
export function finesseCallType(ctiCallType: number): string {
  return FINESSE_CALL_TYPE[ctiCallType] ?? 'OTHER_IN';
}

/** The call data fields BEGIN_CALL_EVENT, CALL_DATA_UPDATE_EVENT and SET_CALL_DATA_REQ share. */
export interface CtiCallData {
  ani?: string;
  dnis?: string;
  dialedNumber?: string;
  callVariable1?: string; callVariable2?: string; callVariable3?: string; callVariable4?: string; callVariable5?: string;
  callVariable6?: string; callVariable7?: string; callVariable8?: string; callVariable9?: string; callVariable10?: string;
  callWrapupData?: string;
  namedVariables?: NamedVariable[];
}

/** The call variables and ECC variables a message carries (only those present). */
export function variablesOf(msg: CtiCallData): { callVariables: Map<number, string>; ecc: Map<string, string> } {
  const callVariables = new Map<number, string>();
  for (let i = 1; i <= 10; i++) {
    const v = (msg as Record<string, unknown>)[`callVariable${i}`];
    if (typeof v === 'string') callVariables.set(i, v);
  }
  const ecc = new Map<string, string>();
  for (const nv of msg.namedVariables ?? []) ecc.set(nv.name, nv.value);
  return { callVariables, ecc };
}

/** Finesse's list: callVariable1..10 (empty values included), then the ECC variables. */
export function callVariableList(callVariables: readonly string[], ecc: ReadonlyMap<string, string>): CallVariable[] {
  const list: CallVariable[] = callVariables.map((value, i) => ({ name: `callVariable${i + 1}`, value }));
  for (const [name, value] of ecc) list.push({ name, value });
  return list;
}

const CALL_VARIABLE = /^callVariable([1-9]|10)$/;
/** Largest call variable value (bytes) and ECC total ([finesse-api] §2.3: ≤ 40 bytes each, ECC sum ≤ 2000). */
export const MAX_CALL_VARIABLE_BYTES = 40;
export const MAX_ECC_BYTES = 2000;

/**
 * SET_CALL_DATA_REQ fields for a Finesse UPDATE_CALL_DATA: callVariableN by name, `user.*` as ECC
 * variables, the wrap-up reason as CallWrapupData. Returns the problem when a name or size is invalid.
 */
export function callDataRequestFields(vars: readonly CallVariable[], wrapUpReason: string | undefined): { ok: true; fields: CtiCallData } | { ok: false; problem: string } {
  const fields: Record<string, unknown> = {};
  const named: NamedVariable[] = [];
  let eccBytes = 0;
  for (const { name, value } of vars) {
    const m = CALL_VARIABLE.exec(name);
    if (m) {
      if (Buffer.byteLength(value) > MAX_CALL_VARIABLE_BYTES) return { ok: false, problem: `${name} is longer than ${MAX_CALL_VARIABLE_BYTES} bytes` };
      fields[name] = value;
    } else if (/^user\.[A-Za-z0-9_.[\]]{1,28}$/.test(name)) {
      eccBytes += Buffer.byteLength(name) + Buffer.byteLength(value) + 2;
      if (Buffer.byteLength(value) > 210) return { ok: false, problem: `${name} is longer than 210 bytes` };
      named.push({ name, value });
    } else {
      return { ok: false, problem: `unknown call variable ${JSON.stringify(name.slice(0, 64))} (callVariable1..10 or user.*)` };
    }
  }
  if (eccBytes > MAX_ECC_BYTES) return { ok: false, problem: `the ECC variables exceed ${MAX_ECC_BYTES} bytes` };
  if (named.length > 0) fields['namedVariables'] = named;
  if (wrapUpReason !== undefined) {
    if (Buffer.byteLength(wrapUpReason) > 39) return { ok: false, problem: 'the wrap-up reason is longer than 39 bytes' };
    fields['callWrapupData'] = wrapUpReason;
  }
  return { ok: true, fields: fields as CtiCallData };
}
