// Call data between the ACD (CallData: callVariables[0..9], ECC variables by name, wrap-up reason)
// and the GED-188 floating fields (CallVariable1…10, NamedVariable, NamedArray, CallWrapupData).
// An ECC array element `user.arr[2]` travels as NamedArray { index 2, name 'user.arr' }. Pure.
import type { CallData, CallDataUpdate } from '../../acd/index.js';
import type { NamedArrayElement, NamedVariable } from '../../codec/index.js';
import { fitNamed } from './wire-text.js';

const ARRAY_ELEMENT = /^(.*)\[(\d{1,3})\]$/;
const CALL_VARIABLE_KEYS = [
  'callVariable1', 'callVariable2', 'callVariable3', 'callVariable4', 'callVariable5',
  'callVariable6', 'callVariable7', 'callVariable8', 'callVariable9', 'callVariable10',
] as const;
type CallVariableKey = (typeof CALL_VARIABLE_KEYS)[number];

export interface CtiCallDataFields {
  callVariable1?: string; callVariable2?: string; callVariable3?: string; callVariable4?: string; callVariable5?: string;
  callVariable6?: string; callVariable7?: string; callVariable8?: string; callVariable9?: string; callVariable10?: string;
  callWrapupData?: string;
  namedVariables?: NamedVariable[];
  namedArrays?: NamedArrayElement[];
}

/** The call data as floating fields: non-empty call variables, the ECC variables that fit (wire-text.ts), the wrap-up data. */
export function callDataFields(d: CallData): CtiCallDataFields {
  const out: CtiCallDataFields = {};
  d.callVariables.forEach((v, i) => { if (v !== '') out[CALL_VARIABLE_KEYS[i] as CallVariableKey] = v; });
  const namedVariables: NamedVariable[] = [];
  const namedArrays: NamedArrayElement[] = [];
  for (const [name, value] of Object.entries(d.ecc)) {
    const m = ARRAY_ELEMENT.exec(name);
    const index = m ? Number(m[2]) : -1;
    if (m && index <= 255) namedArrays.push({ index, name: m[1]!, value });
    else namedVariables.push({ name, value });
  }
  const fitted = fitNamed(namedVariables, namedArrays);
  if (fitted.namedVariables.length > 0) out.namedVariables = fitted.namedVariables;
  if (fitted.namedArrays.length > 0) out.namedArrays = fitted.namedArrays;
  if (d.wrapUpReason !== null && d.wrapUpReason !== '') out.callWrapupData = d.wrapUpReason;
  return out;
}

/** The ACD update a request's call data fields ask for (fields absent from the request are not changed). */
export function callDataUpdateOf(m: CtiCallDataFields): CallDataUpdate {
  const callVariables: Record<number, string> = {};
  CALL_VARIABLE_KEYS.forEach((key, i) => { const v = m[key]; if (v !== undefined) callVariables[i + 1] = v; });
  const ecc: Record<string, string> = {};
  for (const v of m.namedVariables ?? []) ecc[v.name] = v.value;
  for (const v of m.namedArrays ?? []) ecc[`${v.name}[${v.index}]`] = v.value;
  return {
    ...(Object.keys(callVariables).length > 0 ? { callVariables } : {}),
    ...(Object.keys(ecc).length > 0 ? { ecc } : {}),
    ...(m.callWrapupData !== undefined ? { wrapUpReason: m.callWrapupData } : {}),
  };
}
