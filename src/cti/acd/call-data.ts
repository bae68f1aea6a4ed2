// Call data checks: call variables 1-10 (≤ 40 bytes each) and ECC variables (names `user.*`, all values
// together ≤ 2000 bytes), [finesse-api] §2.3 (guide chunk 118).
import { err, ok, type Result } from '../../shared/result.js';
import type { CallData } from './events.js';

export const MAX_CALL_VARIABLE_BYTES = 40;
export const MAX_ECC_TOTAL_BYTES = 2000;
export const MAX_WRAP_UP_REASON_BYTES = 40;

export interface CallDataUpdate {
  /** By variable number, 1-10: `{ 1: 'Chuck Smith' }`. */
  callVariables?: Readonly<Record<number, string>>;
  /** ECC variables by name; an empty string clears one. */
  ecc?: Readonly<Record<string, string>>;
  wrapUpReason?: string;
}

const encoder = new TextEncoder();
const bytes = (s: string): number => encoder.encode(s).length;

/** Pure: `base` with `update` applied, or 'invalid-parameter'. */
export function checkCallData(base: CallData, update: CallDataUpdate): Result<CallData, 'invalid-parameter'> {
  const callVariables = [...base.callVariables];
  for (const [key, value] of Object.entries(update.callVariables ?? {})) {
    const n = Number(key);
    if (!Number.isInteger(n) || n < 1 || n > 10) return err('invalid-parameter', `callVariable${key}`);
    if (bytes(value) > MAX_CALL_VARIABLE_BYTES) return err('invalid-parameter', `callVariable${n} longer than 40 bytes`);
    callVariables[n - 1] = value;
  }
  const ecc = { ...base.ecc };
  for (const [name, value] of Object.entries(update.ecc ?? {})) {
    if (!/^user\.[A-Za-z0-9_.]+(\[\d+\])?$/.test(name)) return err('invalid-parameter', `ECC variable ${name}`);
    if (value === '') delete ecc[name];
    else ecc[name] = value;
  }
  if (Object.values(ecc).reduce((sum, v) => sum + bytes(v), 0) > MAX_ECC_TOTAL_BYTES) {
    return err('invalid-parameter', 'ECC variables exceed 2000 bytes');
  }
  let wrapUpReason = base.wrapUpReason;
  if (update.wrapUpReason !== undefined) {
    if (bytes(update.wrapUpReason) > MAX_WRAP_UP_REASON_BYTES) return err('invalid-parameter', 'wrap-up reason too long');
    wrapUpReason = update.wrapUpReason;
  }
  return ok({ ...base, callVariables, ecc, wrapUpReason });
}
