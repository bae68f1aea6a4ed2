// Text from the ACD made to fit the wire: the simulator accepts what its own rules allow (an ANI of
// any length, 2000 bytes of ECC values, a 40-byte wrap-up reason), the GED-188 layouts are stricter
// (ANI STRING 40 with its NUL, CallWrapupData STRING 40, NAMEDVAR name 33 / value 211, 2000 bytes of
// named data in all). The bridge never lets an event fail to encode: strings are cut at a UTF-8
// character boundary, NULs dropped, ECC variables that cannot fit left out. Pure.
import { MAX_NAMED_DATA, schemaByName, type CtiMessage, type NamedArrayElement, type NamedVariable } from '../../codec/index.js';

const encoder = new TextEncoder();

/** `s` without NULs, cut to at most `maxBytes` UTF-8 bytes (without splitting a character). */
export function fitText(s: string, maxBytes: number): string {
  const clean = s.includes('\0') ? s.replaceAll('\0', '') : s;
  if (clean.length <= maxBytes / 3 || encoder.encode(clean).length <= maxBytes) return clean;
  let out = '';
  let used = 0;
  for (const ch of clean) {
    const n = encoder.encode(ch).length;
    if (used + n > maxBytes) break;
    out += ch;
    used += n;
  }
  return out;
}

/** Every STRING floating field of `msg` (groups included) cut to its layout's maximum (NUL included). */
export function fitToLayout<M extends CtiMessage>(msg: M): M {
  const schema = schemaByName(msg.type);
  if (!schema) return msg;
  const out = { ...msg } as Record<string, unknown>;
  for (const [name, spec] of Object.entries(schema.floating)) {
    const v = out[name];
    if (spec.kind === 'single' && spec.codec.wireType === 'STRING' && typeof v === 'string') {
      out[name] = fitText(v, spec.codec.maxLength - 1);
    } else if (spec.kind === 'group' && Array.isArray(v)) {
      out[name] = v.map((entry: Record<string, unknown>) => {
        const e = { ...entry };
        for (const [m, ms] of Object.entries(spec.members)) {
          if (ms.codec.wireType === 'STRING' && typeof e[m] === 'string') e[m] = fitText(e[m] as string, ms.codec.maxLength - 1);
        }
        return e;
      });
    }
  }
  return out as M;
}

const NAME_MAX = 32;
const VALUE_MAX = 210;

/**
 * ECC variables as NamedVariable / NamedArray entries within the layout's limits: names over 32 bytes
 * are left out, values cut to 210 bytes, and entries stop where 2000 bytes of named data would be passed.
 */
export function fitNamed(variables: NamedVariable[], arrays: NamedArrayElement[]): { namedVariables: NamedVariable[]; namedArrays: NamedArrayElement[] } {
  let budget = MAX_NAMED_DATA;
  const take = <T extends NamedVariable>(list: T[], extra: number): T[] => {
    const kept: T[] = [];
    for (const v of list) {
      const name = v.name.replaceAll('\0', '');
      if (name === '' || encoder.encode(name).length > NAME_MAX) continue;
      const value = fitText(v.value, VALUE_MAX);
      const size = encoder.encode(name).length + encoder.encode(value).length + 2 + extra;
      if (size > budget) continue;
      budget -= size;
      kept.push({ ...v, name, value });
    }
    return kept;
  };
  return { namedVariables: take(variables, 0), namedArrays: take(arrays, 1) };
}
