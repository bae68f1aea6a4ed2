// A streaming, socket-free frame parser (style.md §6.5): push bytes in any split, get frames.
//
// The header is checked before any body byte is buffered: a MessageLength above the limit (2^32-1
// included) or below the fixed part of a known MessageType is an error at once, so a peer cannot
// make us allocate more than one message of at most `maxMessageLength` bytes. After an error the
// parser stops; the glue closes that one connection.

import { DEFAULT_MAX_MESSAGE_LENGTH, HEADER_LENGTH, type CtiFrame } from './frame.js';
import { minimumBodyLength } from './registry.js';

export type CtiFrameError =
  | 'length-too-large' // MessageLength above maxMessageLength
  | 'length-too-small'; // MessageLength below the fixed part of the MessageType

export type CtiFrameEvent =
  | { readonly kind: 'frame'; readonly frame: CtiFrame }
  | { readonly kind: 'error'; readonly error: CtiFrameError; readonly type: number; readonly length: number };

export interface CtiFrameParserOptions {
  /** Largest accepted MessageLength (body bytes). Default DEFAULT_MAX_MESSAGE_LENGTH. */
  readonly maxMessageLength?: number;
  /** Smallest body for a MessageType; default: the fixed part of the registered layout, else 0. */
  readonly minBodyLength?: (type: number) => number;
}

export class CtiFrameParser {
  readonly #sink: (event: CtiFrameEvent) => void;
  readonly #max: number;
  readonly #minBody: (type: number) => number;
  #chunks: Buffer[] = [];
  #buffered = 0;
  #header: { type: number; length: number } | undefined;
  #failed = false;

  constructor(sink: (event: CtiFrameEvent) => void, options: CtiFrameParserOptions = {}) {
    this.#sink = sink;
    this.#max = options.maxMessageLength ?? DEFAULT_MAX_MESSAGE_LENGTH;
    this.#minBody = options.minBodyLength ?? minimumBodyLength;
  }

  /** True once an error was emitted; later input is ignored. */
  get failed(): boolean { return this.#failed; }

  /** Bytes held while waiting for the rest of a message: after push(), below 8 + maxMessageLength. */
  get bufferedLength(): number { return this.#buffered; }

  push(chunk: Uint8Array): void {
    if (this.#failed || chunk.length === 0) return;
    this.#chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
    this.#buffered += chunk.length;
    while (!this.#failed && this.#step()) { /* one frame or header per step */ }
  }

  /** Consumes one header or one body if enough bytes are there; false when it must wait. */
  #step(): boolean {
    if (this.#header === undefined) {
      if (this.#buffered < HEADER_LENGTH) return false;
      const h = this.#take(HEADER_LENGTH);
      const length = h.readUInt32BE(0);
      const type = h.readUInt32BE(4);
      const error = length > this.#max ? 'length-too-large' : length < this.#minBody(type) ? 'length-too-small' : undefined;
      if (error !== undefined) {
        this.#fail();
        this.#sink({ kind: 'error', error, type, length });
        return false;
      }
      this.#header = { type, length };
      return true;
    }
    if (this.#buffered < this.#header.length) return false;
    const frame: CtiFrame = { type: this.#header.type, body: this.#take(this.#header.length, true) };
    this.#header = undefined;
    this.#sink({ kind: 'frame', frame });
    return true;
  }

  /** The next n buffered bytes; a view into the chunk unless `copy` or they span chunks. */
  #take(n: number, copy = false): Buffer {
    this.#buffered -= n;
    const first = this.#chunks[0];
    if (first !== undefined && first.length >= n) {
      if (first.length === n) this.#chunks.shift();
      else this.#chunks[0] = first.subarray(n);
      // A frame's body is copied so that it does not pin the (possibly large) socket chunk.
      return copy ? Buffer.from(first.subarray(0, n)) : first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const c = this.#chunks[0]!;
      const used = Math.min(c.length, n - filled);
      c.copy(out, filled, 0, used);
      filled += used;
      if (used === c.length) this.#chunks.shift();
      else this.#chunks[0] = c.subarray(used);
    }
    return out;
  }

  #fail(): void {
    this.#failed = true;
    this.#chunks = [];
    this.#buffered = 0;
  }
}
