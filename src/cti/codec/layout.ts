// The generic engine behind every message layout: fixed part in order, then floating fields.
//
// [CTI-REF] "Message Formats" and "Floating Fields" (Messaging Conventions chapter): the fixed part
// holds the required fixed-length fields; the floating part follows it to the end of the message as
// Tag (USHORT), FieldLength (USHORT) and data. "Floating fields may appear in any order. In
// general, each floating field appears only once unless the field is a member of a list", whose
// length a fixed field gives.
//
// Decoding bad input never throws: it returns the first CtiDecodeError found. Unknown tags are
// skipped for forward compatibility, at most MAX_UNKNOWN_FIELDS per message.

import { err, ok, type Result } from '../../shared/result.js';
import { CtiEncodeError, type CtiDecodeError } from './errors.js';
import type { ValueCodec } from './field-codecs.js';
import type { FloatField, MessageSchema, MemberSpec } from './schema.js';
import { Tag } from './tags.js';
import { Reader, Writer } from './wire.js';

export const MAX_UNKNOWN_FIELDS = 64;
/** [CTI-REF] NamedVariable/NamedArray: "subject to a combined total limit of 2000 bytes". */
export const MAX_NAMED_DATA = 2000;

type Values = Record<string, unknown>;
type Decoded = Result<Values, CtiDecodeError>;

const isNamedTag = (tag: number): boolean => tag === Tag.NAMED_VARIABLE_TAG || tag === Tag.NAMED_ARRAY_TAG;

/** Every floating tag of a layout, list members included, in layout order. */
export function floatingTags(schema: MessageSchema): number[] {
  return Object.values(schema.floating).flatMap((f) => (f.kind === 'group' ? Object.values(f.members).map((m) => m.tag) : [f.tag]));
}

/** Bytes of the fixed part (after the 8-byte header). */
export function fixedLength(schema: MessageSchema): number {
  let n = 0;
  for (const f of Object.values(schema.fixed)) n += f.kind === 'fixed' ? f.size : f.codec.size;
  return n;
}

// ---- encoding ---------------------------------------------------------------------------------

function writeField(w: Writer, tag: number, data: Buffer): void {
  w.u16(tag);
  w.u16(data.length);
  w.bytes(data);
}

function entries(value: unknown, field: string, max: number): readonly unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new CtiEncodeError('ERR_CTI_BAD_VALUE', `${field}: expected a list`);
  if (value.length > max) throw new CtiEncodeError('ERR_CTI_LIST_TOO_LONG', `${field}: ${value.length} entries, at most ${max}`);
  return value;
}

function writeGroup(w: Writer, members: MemberSpec, entry: unknown, field: string): void {
  if (typeof entry !== 'object' || entry === null) throw new CtiEncodeError('ERR_CTI_BAD_VALUE', `${field}: expected a record`);
  const rec = entry as Values;
  for (const [name, m] of Object.entries(members)) {
    const v = rec[name];
    if (v === undefined) {
      if (m.required) throw new CtiEncodeError('ERR_CTI_MISSING_FIELD', `${field}.${name} is required`);
      continue;
    }
    writeField(w, m.tag, m.codec.encode(v, `${field}.${name}`));
  }
}

function writeFloating(w: Writer, name: string, f: FloatField, v: unknown): number {
  let named = 0;
  if (f.kind === 'single') {
    if (v === undefined) {
      if (f.required) throw new CtiEncodeError('ERR_CTI_MISSING_FIELD', `${name} is required`);
      return 0;
    }
    writeField(w, f.tag, f.codec.encode(v, name));
  } else if (f.kind === 'list') {
    entries(v, name, f.max).forEach((item, i) => {
      const data = f.codec.encode(item, `${name}[${i}]`);
      if (isNamedTag(f.tag)) named += data.length;
      writeField(w, f.tag, data);
    });
  } else {
    entries(v, name, f.max).forEach((item, i) => writeGroup(w, f.members, item, `${name}[${i}]`));
  }
  return named;
}

/** The body (no header) of a message. Throws CtiEncodeError when a value does not fit. */
export function encodeBody(schema: MessageSchema, msg: Values): Buffer {
  const w = new Writer();
  for (const [name, f] of Object.entries(schema.fixed)) {
    if (f.kind === 'count') {
      const list = msg[f.of];
      f.codec.write(w, Array.isArray(list) ? list.length : 0, name);
    } else if (f.kind === 'reserved') {
      f.codec.write(w, 0, name);
    } else {
      f.write(w, msg[name], name);
    }
  }
  let named = 0;
  for (const [name, f] of Object.entries(schema.floating)) named += writeFloating(w, name, f, msg[name]);
  if (named > MAX_NAMED_DATA) {
    throw new CtiEncodeError('ERR_CTI_TOO_MUCH_DATA', `named variables and arrays carry ${named} bytes, at most ${MAX_NAMED_DATA}`);
  }
  return w.toBuffer();
}

// ---- decoding ---------------------------------------------------------------------------------

interface Slot {
  readonly field: string;
  readonly kind: 'single' | 'list' | 'lead' | 'member';
  readonly member: string;
  readonly codec: ValueCodec<unknown>;
  readonly max: number;
}

const INDEXES = new WeakMap<MessageSchema, ReadonlyMap<number, Slot>>();

function tagIndex(schema: MessageSchema): ReadonlyMap<number, Slot> {
  const cached = INDEXES.get(schema);
  if (cached) return cached;
  const index = new Map<number, Slot>();
  for (const [field, f] of Object.entries(schema.floating)) {
    if (f.kind === 'single') index.set(f.tag, { field, kind: 'single', member: '', codec: f.codec, max: 1 });
    else if (f.kind === 'list') index.set(f.tag, { field, kind: 'list', member: '', codec: f.codec, max: f.max });
    else {
      Object.entries(f.members).forEach(([member, m], i) => {
        index.set(m.tag, { field, kind: i === 0 ? 'lead' : 'member', member, codec: m.codec, max: f.max });
      });
    }
  }
  INDEXES.set(schema, index);
  return index;
}

/** Places one decoded value; returns an error when the field breaks the list rules. */
function place(out: Values, slot: Slot, value: unknown): CtiDecodeError | undefined {
  if (slot.kind === 'single') {
    if (Object.hasOwn(out, slot.field)) return 'duplicate-field';
    out[slot.field] = value;
    return undefined;
  }
  const items = (out[slot.field] ??= []) as unknown[];
  if (slot.kind === 'list' || slot.kind === 'lead') {
    if (items.length >= slot.max) return 'list-too-long';
    items.push(slot.kind === 'list' ? value : { [slot.member]: value });
    return undefined;
  }
  const last = items[items.length - 1] as Values | undefined;
  if (last === undefined || Object.hasOwn(last, slot.member)) return 'bad-group';
  last[slot.member] = value;
  return undefined;
}

function decodeFloating(schema: MessageSchema, body: Buffer, start: number, out: Values): Decoded {
  const index = tagIndex(schema);
  let pos = start;
  let unknown = 0;
  let named = 0;
  while (pos < body.length) {
    if (body.length - pos < 4) return err('truncated', `${body.length - pos} bytes left for a floating field header at ${pos}`);
    const tag = body.readUInt16BE(pos);
    const len = body.readUInt16BE(pos + 2);
    pos += 4;
    if (len > body.length - pos) return err('truncated', `tag ${tag} claims ${len} bytes, ${body.length - pos} left`);
    const data = body.subarray(pos, pos + len);
    pos += len;
    const slot = index.get(tag);
    if (slot === undefined) {
      if (++unknown > MAX_UNKNOWN_FIELDS) return err('too-many-unknown-fields', `more than ${MAX_UNKNOWN_FIELDS} unknown fields`);
      continue;
    }
    if (len > slot.codec.maxLength) return err('field-too-long', `${slot.field}: ${len} bytes, at most ${slot.codec.maxLength}`);
    const value = slot.codec.decode(data);
    if (!value.ok) return err(value.error, `${slot.field}: ${value.text ?? value.error}`);
    if (isNamedTag(tag) && (named += len) > MAX_NAMED_DATA) return err('too-much-data', `named data over ${MAX_NAMED_DATA} bytes`);
    const placed = place(out, slot, value.value);
    if (placed !== undefined) return err(placed, `${slot.field} (tag ${tag})`);
  }
  return checkPresence(schema, out);
}

function checkPresence(schema: MessageSchema, out: Values): Decoded {
  for (const [field, f] of Object.entries(schema.floating)) {
    if (f.kind === 'single' && f.required && !Object.hasOwn(out, field)) return err('missing-field', field);
    if (f.kind !== 'group') continue;
    const required = Object.entries(f.members).filter(([, m]) => m.required).map(([name]) => name);
    for (const entry of (out[field] ?? []) as Values[]) {
      const missing = required.find((name) => !Object.hasOwn(entry, name));
      if (missing !== undefined) return err('bad-group', `${field}: entry without ${missing}`);
    }
  }
  return ok(out);
}

/** Decodes a body (no header) into the values of `schema`, with `type` set to its name. */
export function decodeBody(schema: MessageSchema, body: Buffer): Decoded {
  const r = new Reader(body);
  const out: Values = { type: schema.name };
  const counts: [string, number][] = [];
  for (const [name, f] of Object.entries(schema.fixed)) {
    if (f.kind === 'count') counts.push([f.of, f.codec.read(r)]);
    else if (f.kind === 'reserved') f.codec.read(r);
    else out[name] = f.read(r);
  }
  if (r.error !== undefined) return err(r.error, r.errorText);
  const floating = decodeFloating(schema, body, r.position, out);
  if (!floating.ok) return floating;
  for (const [of, n] of counts) {
    const present = ((out[of] ?? []) as unknown[]).length;
    if (present !== n) return err('bad-count', `${of}: the fixed part counts ${n}, the floating part has ${present}`);
  }
  return ok(out);
}
