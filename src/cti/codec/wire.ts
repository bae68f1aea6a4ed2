// Byte-level reading and writing for the CTI protocol.
//
// [CTI-REF] "Data Types": every numeric field longer than one byte travels most significant byte
// first (network byte order). The Reader never throws: reading past its end records `truncated`
// once, returns zeros from then on, and the caller checks `error` at the end (a "sticky" error).

import type { CtiDecodeError } from './errors.js';

export class Reader {
  #buf: Buffer;
  #pos: number;
  #end: number;
  error: CtiDecodeError | undefined;
  errorText: string | undefined;

  constructor(buf: Buffer, start = 0, end = buf.length) {
    this.#buf = buf;
    this.#pos = start;
    this.#end = end;
  }

  get position(): number { return this.#pos; }
  get remaining(): number { return this.#end - this.#pos; }
  get failed(): boolean { return this.error !== undefined; }

  /** Records the first failure only; later ones are consequences of it. */
  fail(error: CtiDecodeError, text?: string): void {
    if (this.error !== undefined) return;
    this.error = error;
    this.errorText = text;
  }

  #take(n: number): number {
    if (this.error !== undefined) return -1;
    if (this.#end - this.#pos < n) {
      this.fail('truncated', `needed ${n} bytes at offset ${this.#pos}, ${this.#end - this.#pos} left`);
      return -1;
    }
    const at = this.#pos;
    this.#pos += n;
    return at;
  }

  u8(): number { const at = this.#take(1); return at < 0 ? 0 : this.#buf.readUInt8(at); }
  u16(): number { const at = this.#take(2); return at < 0 ? 0 : this.#buf.readUInt16BE(at); }
  i16(): number { const at = this.#take(2); return at < 0 ? 0 : this.#buf.readInt16BE(at); }
  u32(): number { const at = this.#take(4); return at < 0 ? 0 : this.#buf.readUInt32BE(at); }
  i32(): number { const at = this.#take(4); return at < 0 ? 0 : this.#buf.readInt32BE(at); }

  /** A view of the next `n` bytes (no copy); an empty buffer after a failure. */
  view(n: number): Buffer {
    const at = this.#take(n);
    return at < 0 ? this.#buf.subarray(0, 0) : this.#buf.subarray(at, at + n);
  }
}

/** A growable big-endian writer. */
export class Writer {
  #buf: Buffer;
  #len = 0;

  constructor(initialSize = 256) {
    this.#buf = Buffer.alloc(initialSize);
  }

  get length(): number { return this.#len; }

  #room(n: number): number {
    if (this.#len + n > this.#buf.length) {
      const next = Buffer.alloc(Math.max(this.#buf.length * 2, this.#len + n));
      this.#buf.copy(next, 0, 0, this.#len);
      this.#buf = next;
    }
    const at = this.#len;
    this.#len += n;
    return at;
  }

  // #room() may replace #buf, so it runs before #buf is read.
  u8(v: number): void { const at = this.#room(1); this.#buf.writeUInt8(v, at); }
  u16(v: number): void { const at = this.#room(2); this.#buf.writeUInt16BE(v, at); }
  i16(v: number): void { const at = this.#room(2); this.#buf.writeInt16BE(v, at); }
  u32(v: number): void { const at = this.#room(4); this.#buf.writeUInt32BE(v, at); }
  i32(v: number): void { const at = this.#room(4); this.#buf.writeInt32BE(v, at); }
  bytes(b: Uint8Array): void { const at = this.#room(b.length); this.#buf.set(b, at); }

  /** A copy of what was written. */
  toBuffer(): Buffer {
    return Buffer.from(this.#buf.subarray(0, this.#len));
  }
}
