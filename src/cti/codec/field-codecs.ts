// Codecs for the CTI field data types.
//
// [CTI-REF] "Data Types" table: UCHAR 1, USHORT 2, SHORT 2, UINT 4, INT 4, BOOL 2 (False = 0,
// True = 1), TIME 4 (seconds since 1970-01-01 UTC), STRING[n], UNSPEC[n], NAMEDVAR 3…251,
// NAMEDARRAY 4…252. "Floating Fields": the maximum size of a floating field counts data bytes only
// and, for strings, includes the NUL terminator.
//
// Fixed-part codecs read from a Reader. Floating-value codecs see exactly the data of one field.
// Encoders validate and throw CtiEncodeError: a value that does not fit is a programmer error.

import { err, ok, type Result } from '../../shared/result.js';
import { CtiEncodeError, type CtiDecodeError } from './errors.js';
import type { Reader, Writer } from './wire.js';

/** A field of the fixed part: a known size at a known offset. */
export interface FixedCodec<T> {
  readonly kind: 'fixed';
  readonly wireType: string;
  readonly size: number;
  read(r: Reader): T;
  write(w: Writer, value: unknown, field: string): void;
}

/** The data of one floating field (after its tag and length). */
export interface ValueCodec<T> {
  readonly wireType: string;
  /** Maximum number of data bytes; for strings it includes the NUL terminator. */
  readonly maxLength: number;
  decode(data: Buffer): Result<T, CtiDecodeError>;
  encode(value: unknown, field: string): Buffer;
}

function checkInt(value: unknown, min: number, max: number, field: string, wireType: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new CtiEncodeError('ERR_CTI_VALUE_OUT_OF_RANGE', `${field}: ${String(value)} is not a ${wireType} (${min}…${max})`);
  }
  return value;
}

interface IntType {
  readonly wireType: string;
  readonly size: 1 | 2 | 4;
  readonly min: number;
  readonly max: number;
  read(r: Reader): number;
  write(w: Writer, v: number): void;
}

const INT_TYPES = {
  UCHAR: { wireType: 'UCHAR', size: 1, min: 0, max: 0xff, read: (r) => r.u8(), write: (w, v) => w.u8(v) },
  USHORT: { wireType: 'USHORT', size: 2, min: 0, max: 0xffff, read: (r) => r.u16(), write: (w, v) => w.u16(v) },
  SHORT: { wireType: 'SHORT', size: 2, min: -0x8000, max: 0x7fff, read: (r) => r.i16(), write: (w, v) => w.i16(v) },
  UINT: { wireType: 'UINT', size: 4, min: 0, max: 0xffffffff, read: (r) => r.u32(), write: (w, v) => w.u32(v) },
  INT: { wireType: 'INT', size: 4, min: -0x80000000, max: 0x7fffffff, read: (r) => r.i32(), write: (w, v) => w.i32(v) },
  // TIME is a UINT count of seconds since the epoch; it stays a number here.
  TIME: { wireType: 'TIME', size: 4, min: 0, max: 0xffffffff, read: (r) => r.u32(), write: (w, v) => w.u32(v) },
} as const satisfies Record<string, IntType>;

function fixedInt(t: IntType): FixedCodec<number> {
  return {
    kind: 'fixed', wireType: t.wireType, size: t.size,
    read: (r) => t.read(r),
    write: (w, v, field) => t.write(w, checkInt(v, t.min, t.max, field, t.wireType)),
  };
}

export const UCHAR = fixedInt(INT_TYPES.UCHAR);
export const USHORT = fixedInt(INT_TYPES.USHORT);
export const SHORT = fixedInt(INT_TYPES.SHORT);
export const UINT = fixedInt(INT_TYPES.UINT);
export const INT = fixedInt(INT_TYPES.INT);
export const TIME = fixedInt(INT_TYPES.TIME);

function checkBool(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new CtiEncodeError('ERR_CTI_BAD_VALUE', `${field}: ${String(value)} is not a BOOL`);
  return value;
}

/** BOOL: two bytes. COMPAT: any non-zero value reads as true; we only ever write 0 or 1. */
export const BOOL: FixedCodec<boolean> = {
  kind: 'fixed', wireType: 'BOOL', size: 2,
  read: (r) => r.u16() !== 0,
  write: (w, v, field) => w.u16(checkBool(v, field) ? 1 : 0),
};

function encodeText(value: unknown, field: string): Buffer {
  if (typeof value !== 'string') throw new CtiEncodeError('ERR_CTI_BAD_VALUE', `${field}: ${String(value)} is not a string`);
  if (value.includes('\0')) throw new CtiEncodeError('ERR_CTI_BAD_VALUE', `${field}: strings may not contain NUL`);
  // The guide says ASCII; UTF-8 is its superset and keeps non-ASCII ECC values readable.
  return Buffer.from(value, 'utf8');
}

/** Text up to the first NUL; COMPAT: a missing NUL ends the text at the end of the data. */
function decodeText(data: Buffer): string {
  const nul = data.indexOf(0);
  return data.toString('utf8', 0, nul < 0 ? data.length : nul);
}

/** STRING[n] inside the fixed part: NUL-padded to exactly n bytes. */
export function fixedString(n: number): FixedCodec<string> {
  return {
    kind: 'fixed', wireType: `STRING[${n}]`, size: n,
    read: (r) => decodeText(r.view(n)),
    write: (w, v, field) => {
      const bytes = encodeText(v, field);
      if (bytes.length > n) throw new CtiEncodeError('ERR_CTI_FIELD_TOO_LONG', `${field}: ${bytes.length} bytes do not fit STRING[${n}]`);
      const padded = Buffer.alloc(n);
      bytes.copy(padded);
      w.bytes(padded);
    },
  };
}

// ---- floating-field values -------------------------------------------------------------------

function floatInt(t: IntType): ValueCodec<number> {
  return {
    wireType: t.wireType, maxLength: t.size,
    decode(data) {
      if (data.length !== t.size) return err('bad-field-length', `${t.wireType} field of ${data.length} bytes`);
      return ok(t.size === 1 ? data.readUInt8(0)
        : t.size === 2 ? (t.min < 0 ? data.readInt16BE(0) : data.readUInt16BE(0))
        : (t.min < 0 ? data.readInt32BE(0) : data.readUInt32BE(0)));
    },
    encode(v, field) {
      const n = checkInt(v, t.min, t.max, field, t.wireType);
      const b = Buffer.alloc(t.size);
      if (t.size === 1) b.writeUInt8(n);
      else if (t.size === 2) { if (t.min < 0) b.writeInt16BE(n); else b.writeUInt16BE(n); }
      else if (t.min < 0) b.writeInt32BE(n);
      else b.writeUInt32BE(n);
      return b;
    },
  };
}

export const F_UCHAR = floatInt(INT_TYPES.UCHAR);
export const F_USHORT = floatInt(INT_TYPES.USHORT);
export const F_UINT = floatInt(INT_TYPES.UINT);
export const F_INT = floatInt(INT_TYPES.INT);
export const F_TIME = floatInt(INT_TYPES.TIME);

/**
 * A floating integer whose width the guide does not state (SSOEnabled). COMPAT: reads 1, 2 or 4
 * bytes as an unsigned big-endian number; writes a USHORT.
 */
export const F_FLEX_UINT: ValueCodec<number> = {
  wireType: 'USHORT?', maxLength: 4,
  decode(data) {
    if (data.length === 1) return ok(data.readUInt8(0));
    if (data.length === 2) return ok(data.readUInt16BE(0));
    if (data.length === 4) return ok(data.readUInt32BE(0));
    return err('bad-field-length', `integer field of ${data.length} bytes`);
  },
  encode: (v, field) => F_USHORT.encode(v, field),
};

/** STRING with a maximum size `max` that includes the NUL terminator. */
export function str(max: number): ValueCodec<string> {
  return {
    wireType: 'STRING', maxLength: max,
    decode: (data) => ok(decodeText(data)),
    encode(v, field) {
      const bytes = encodeText(v, field);
      if (bytes.length + 1 > max) {
        throw new CtiEncodeError('ERR_CTI_FIELD_TOO_LONG', `${field}: ${bytes.length} bytes + NUL exceed the maximum of ${max}`);
      }
      return Buffer.concat([bytes, Buffer.alloc(1)]);
    },
  };
}

/** UNSPEC: opaque bytes, at most `max`. */
export function unspec(max: number): ValueCodec<Buffer> {
  return {
    wireType: 'UNSPEC', maxLength: max,
    decode: (data) => ok(Buffer.from(data)),
    encode(v, field) {
      if (!(v instanceof Uint8Array)) throw new CtiEncodeError('ERR_CTI_BAD_VALUE', `${field}: UNSPEC needs bytes`);
      if (v.length > max) throw new CtiEncodeError('ERR_CTI_FIELD_TOO_LONG', `${field}: ${v.length} bytes exceed the maximum of ${max}`);
      return Buffer.from(v);
    },
  };
}

/** An ECC variable (the guide's NAMEDVAR data type). */
export interface NamedVariable { readonly name: string; readonly value: string }
/** An element of an ECC array (NAMEDARRAY). */
export interface NamedArrayElement { readonly index: number; readonly name: string; readonly value: string }

// [CTI-REF] "NAMEDVAR Data Type": VariableName STRING max 33, VariableValue STRING max 211, both
// NUL-terminated; FieldLength 3…251. "NAMEDARRAY Data Type": a UCHAR index first; FieldLength 4…252.
const VAR_NAME_MAX = 33;
const VAR_VALUE_MAX = 211;

function splitNamed(data: Buffer): Result<{ name: string; value: string }, CtiDecodeError> {
  const nul = data.indexOf(0);
  if (nul <= 0) return err('bad-value', 'a named variable needs a name and its NUL');
  if (nul + 1 > VAR_NAME_MAX) return err('field-too-long', `variable name of ${nul} bytes`);
  const rest = data.subarray(nul + 1);
  if (rest.length > VAR_VALUE_MAX) return err('field-too-long', `variable value of ${rest.length} bytes`);
  return ok({ name: data.toString('utf8', 0, nul), value: decodeText(rest) });
}

function joinNamed(v: { name: unknown; value: unknown }, field: string): Buffer {
  const name = str(VAR_NAME_MAX).encode(v.name, `${field}.name`);
  if (name.length === 1) throw new CtiEncodeError('ERR_CTI_BAD_VALUE', `${field}.name: empty`);
  return Buffer.concat([name, str(VAR_VALUE_MAX).encode(v.value, `${field}.value`)]);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

export const NAMEDVAR: ValueCodec<NamedVariable> = {
  wireType: 'NAMEDVAR', maxLength: 251,
  decode(data) {
    if (data.length < 3) return err('bad-value', `NAMEDVAR of ${data.length} bytes`);
    return splitNamed(data);
  },
  encode(v, field) {
    if (!isRecord(v)) throw new CtiEncodeError('ERR_CTI_BAD_VALUE', `${field}: not a named variable`);
    return joinNamed({ name: v['name'], value: v['value'] }, field);
  },
};

export const NAMEDARRAY: ValueCodec<NamedArrayElement> = {
  wireType: 'NAMEDARRAY', maxLength: 252,
  decode(data) {
    if (data.length < 4) return err('bad-value', `NAMEDARRAY of ${data.length} bytes`);
    const named = splitNamed(data.subarray(1));
    return named.ok ? ok({ index: data.readUInt8(0), ...named.value }) : named;
  },
  encode(v, field) {
    if (!isRecord(v)) throw new CtiEncodeError('ERR_CTI_BAD_VALUE', `${field}: not a named array element`);
    const index = F_UCHAR.encode(v['index'], `${field}.index`);
    return Buffer.concat([index, joinNamed({ name: v['name'], value: v['value'] }, field)]);
  },
};
