// Streaming XML parser for XMPP streams: bytes in, stream events out. A thin wrapper around saxes that
// adds what XMPP needs and saxes lacks: stream/stanza framing, the RFC 6120 §11 restrictions and limits.
//
// [RFC6120] https://www.rfc-editor.org/rfc/rfc6120  §4.8 stream header, §4.9.3 conditions, §11 XML rules,
//           §11.6 UTF-8 only, §13.12 stanza size limits (never below 10 000 bytes)
// [XML]     https://www.w3.org/TR/xml/   [XML-NAMES] https://www.w3.org/TR/xml-names/
// [notification-service] §7.3 (design), §2.4 "XML restrictions", §2.8 (limits)
//
// Depth 1 is the stream header, depth 2 a stanza. Only stanzas become Element trees; text at depth 1 is
// never buffered (whitespace keepalives cost nothing), and every other byte counts against a budget:
// bytes since the current stanza's start tag, or bytes of stream-level markup since the last stanza.
// Input is fed to saxes in pieces of at most PIECE bytes and the budget is checked after each piece and
// at every stanza end, so an oversized stanza is refused after at most limit + PIECE bytes.
//
// Conditions: DOCTYPE, comments, processing instructions and undefined entities → `restricted-xml`;
// limits → `policy-violation`; an encoding other than UTF-8 declared or a UTF-16 byte order mark →
// `unsupported-encoding`; invalid UTF-8 and every other saxes error → `not-well-formed`. Unbound
// namespace prefixes give `not-well-formed` too: they break [XML-NAMES] ("Prefix Declared"), which
// [RFC6120] §4.9.3.13 names for that condition. `invalid-namespace` and `bad-namespace-prefix`
// (§4.9.3.10, §4.9.3.2) are for a stream header that is not `stream:stream` in the streams namespace.
// `invalid-xml` is left to layers that validate. XML 1.1 declarations are parsed with XML 1.0 rules.
// With several faults in one chunk, which one is reported can depend on where the chunks split.
import { TextDecoder } from 'node:util';
import type { SaxesTagNS } from 'saxes';
import type { Attrs, Element } from './element.js';
import { abort, appendText, isUtf16Bom, newSaxes, parsedElement, saxesCondition, XmlAbort, type Saxes, type XmlCondition } from './saxes-setup.js';

export type { XmlCondition } from './saxes-setup.js';
import { NS_STREAM } from './ns.js';

export type StreamEvent =
  | { kind: 'stream-open'; el: Element }
  | { kind: 'stanza'; el: Element }
  | { kind: 'stream-close' }
  | { kind: 'error'; condition: XmlCondition; text: string };

export interface StreamParserLimits {
  /** Bytes from a stanza's start tag to its end; values below 10 000 are raised to 10 000 ([RFC6120] §13.12). */
  maxStanzaBytes?: number;
  /** Element nesting depth, the stream header being depth 1. */
  maxDepth?: number;
  /** Attributes per element, namespace declarations included. */
  maxAttributes?: number;
}

export const STREAM_PARSER_DEFAULTS = {
  maxStanzaBytes: 262_144,
  maxDepth: 32,
  maxAttributes: 64,
} as const satisfies Required<StreamParserLimits>;

/** [RFC6120] §13.12: a stanza size limit "MUST NOT be smaller than 10000 bytes". */
export const MIN_STANZA_BYTES = 10_000;

const PIECE = 16_384;
const NON_WS = /[^\x20\t\r\n]/g;
const LT = 0x3c;
const EMPTY = new Uint8Array(0);

/**
 * The trailing bytes of an incomplete UTF-8 sequence after `bytes` was appended to a stream whose
 * previous incomplete tail was `prev`. The stream is valid so far, so only the last 3 bytes matter.
 */
function pendingTail(prev: Uint8Array, bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  if (n > 0 && bytes[n - 1]! < 0x80) return EMPTY;
  const tail = n >= 3 ? bytes.subarray(n - 3) : Buffer.concat([prev, bytes]).subarray(-3);
  for (let k = 1; k <= tail.length; k++) {
    const c = tail[tail.length - k]!;
    if ((c & 0xc0) === 0x80) continue; // continuation byte
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > k ? tail.slice(tail.length - k) : EMPTY;
  }
  return EMPTY;
}

// ---- the stream parser ------------------------------------------------------------------------------

/** Thrown from the sink wrapper when the sink reset or ended the parser: the old saxes must stop. */
const STOP = Symbol('stop');

/**
 * @example
 * const parser = new XmlStreamParser((e) => session.onEvent(e), { maxStanzaBytes: 65536 });
 * socket.on('data', (chunk) => parser.write(chunk));
 */
export class XmlStreamParser {
  readonly #sink: (event: StreamEvent) => void;
  readonly #maxBytes: number;
  readonly #maxDepth: number;
  readonly #maxAttrs: number;
  #sax!: Saxes;
  #decoder!: TextDecoder;
  #gen = 0;
  #dead = false;
  #sawInput = false;
  #depth = 0;
  #attrCount = 0;
  #attrs: Attrs = {};
  #keepDefault = false;
  /** Open elements of the current stanza, its root first. */
  #stack: Element[] = [];
  // Positions are counted over the text fed to saxes since the last reset, as saxes' `position` is.
  /** UTF-16 units and UTF-8 bytes fed before the current piece. */
  #chars = 0;
  #bytes = 0;
  #piece = '';
  /** The bytes of an incomplete UTF-8 sequence held by the decoder (only read on invalid input). */
  #pending: Uint8Array = EMPTY;
  #isAsciiPiece = true;
  #cursorLocal = 0;
  #cursorByte = 0;
  /** Byte where the current budget started: the stanza's start tag, or the end of the last stanza. */
  #budgetStart = 0;
  /** Position from which stream-level text is unchecked; null while stream-level markup is pending. */
  #gapFrom: number | null = null;

  constructor(sink: (event: StreamEvent) => void, limits: StreamParserLimits = {}) {
    this.#sink = sink;
    this.#maxBytes = Math.max(limits.maxStanzaBytes ?? STREAM_PARSER_DEFAULTS.maxStanzaBytes, MIN_STANZA_BYTES);
    this.#maxDepth = limits.maxDepth ?? STREAM_PARSER_DEFAULTS.maxDepth;
    this.#maxAttrs = limits.maxAttributes ?? STREAM_PARSER_DEFAULTS.maxAttributes;
    this.#init();
  }

  /** Feeds bytes (UTF-8) or already decoded text; do not mix the two inside one multi-byte character. */
  write(chunk: Buffer | string): void {
    if (this.#dead || chunk.length === 0) return;
    const gen = this.#gen;
    try {
      if (typeof chunk === 'string') this.#writeString(chunk);
      else this.#writeBytes(chunk);
    } catch (e) {
      this.#handle(e, gen);
    }
  }

  /**
   * The peer closed the connection. Input ending inside a stanza or a UTF-8 sequence is an error; an
   * open stream may end without `</stream:stream>` (the transport reports the disconnection).
   */
  end(): void {
    if (this.#dead) return;
    try {
      this.#decoder.decode();
    } catch {
      return this.#fail('not-well-formed', 'input ended inside a UTF-8 sequence');
    }
    if (this.#depth >= 2) return this.#fail('not-well-formed', 'input ended inside a stanza');
    this.#dead = true;
  }

  /**
   * Starts a new XML document: the stream restarts after STARTTLS and SASL ([RFC6120] §5.4.3.3, §6.4.6).
   * Called from the sink, it also discards the rest of the chunk being written: no plaintext may follow
   * `<starttls/>`, and a client restarts only after it received `<success/>`.
   */
  reset(): void {
    this.#init();
  }

  #init(): void {
    this.#gen++;
    this.#dead = false;
    this.#sawInput = false;
    this.#depth = 0;
    this.#attrCount = 0;
    this.#stack = [];
    this.#chars = this.#bytes = this.#budgetStart = 0;
    this.#piece = '';
    this.#pending = EMPTY;
    this.#gapFrom = null; // set once the stream header is complete
    this.#decoder = new TextDecoder('utf-8', { fatal: true });
    const sax = newSaxes();
    sax.on('opentagstart', (tag) => this.#onOpenTagStart(tag.name));
    sax.on('attribute', (attr) => {
      if (++this.#attrCount > this.#maxAttrs) abort('policy-violation', `more than ${this.#maxAttrs} attributes on one element`);
      if (attr.name !== 'xmlns' || this.#keepDefault) this.#attrs[attr.name] = attr.value;
    });
    sax.on('opentag', (tag) => this.#onOpenTag(tag));
    sax.on('closetag', () => this.#onCloseTag());
    sax.on('cdata', (text) => this.#onCdata(text));
    this.#sax = sax;
  }

  #writeString(s: string): void {
    this.#sawInput = true;
    let i = 0;
    while (i < s.length) {
      let end = Math.min(i + PIECE, s.length);
      const last = s.charCodeAt(end - 1);
      if (end < s.length && last >= 0xd800 && last <= 0xdbff) end--; // keep surrogate pairs together
      this.#feed(i === 0 && end === s.length ? s : s.slice(i, end));
      i = end;
    }
  }

  #writeBytes(buf: Buffer): void {
    if (!this.#sawInput) {
      this.#sawInput = true;
      if (isUtf16Bom(buf[0])) abort('unsupported-encoding', 'XMPP streams are UTF-8 (RFC 6120 §11.6)');
    }
    for (let i = 0; i < buf.length; i += PIECE) {
      const bytes = i === 0 && buf.length <= PIECE ? buf : buf.subarray(i, i + PIECE);
      let text: string;
      try {
        text = this.#decoder.decode(bytes, { stream: true });
      } catch {
        this.#invalidUtf8(bytes);
      }
      this.#pending = pendingTail(this.#pending, bytes);
      this.#feed(text);
    }
  }

  /** Parses what precedes the first invalid byte, as a byte-by-byte write would have, then fails. */
  #invalidUtf8(bytes: Buffer): never {
    const all = this.#pending.length > 0 ? Buffer.concat([this.#pending, bytes]) : bytes;
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let valid = '';
    try {
      for (let i = 0; i < all.length; i++) valid += decoder.decode(all.subarray(i, i + 1), { stream: true });
    } catch {
      // `valid` ends before the offending byte
    }
    this.#feed(valid);
    abort('not-well-formed', 'invalid UTF-8');
  }

  /** Hands one piece to saxes, then checks stream-level text and the byte budget. */
  #feed(piece: string): void {
    if (piece.length === 0) return;
    const bytes = Buffer.byteLength(piece, 'utf8');
    this.#piece = piece;
    this.#isAsciiPiece = bytes === piece.length;
    this.#cursorLocal = 0;
    this.#cursorByte = this.#bytes;
    this.#sax.write(piece);
    const end = this.#bytes + bytes;
    if (this.#depth === 1 && this.#gapFrom !== null) this.#checkStreamText(end);
    this.#chars += piece.length;
    this.#bytes = end;
    if (end - this.#budgetStart > this.#maxBytes) {
      abort('policy-violation', this.#depth >= 2
        ? `stanza larger than ${this.#maxBytes} bytes`
        : `more than ${this.#maxBytes} bytes of stream-level markup`);
    }
  }

  /**
   * At depth 1 only whitespace may appear between stanzas. Whitespace to the end of the piece restarts
   * the budget (keepalives never add up); a `<` means markup is pending; anything else is refused.
   */
  #checkStreamText(endByte: number): void {
    const piece = this.#piece;
    NON_WS.lastIndex = Math.max(0, this.#gapFrom! - this.#chars);
    const m = NON_WS.exec(piece);
    if (m === null) {
      this.#gapFrom = this.#chars + piece.length;
      this.#budgetStart = endByte;
    } else if (piece.charCodeAt(m.index) === LT) {
      this.#gapFrom = null;
    } else {
      abort('not-well-formed', 'character data at stream level');
    }
  }

  #onOpenTagStart(name: string): void {
    const depth = ++this.#depth;
    if (depth > this.#maxDepth) abort('policy-violation', `elements nested deeper than ${this.#maxDepth}`);
    this.#attrCount = 0;
    this.#attrs = {};
    this.#keepDefault = name.includes(':');
    if (depth !== 2) return;
    // saxes has read `<`, the name and one more character.
    let lt = this.#sax.position - name.length - 2;
    if (this.#gapFrom !== null) {
      NON_WS.lastIndex = Math.max(0, this.#gapFrom - this.#chars);
      const m = NON_WS.exec(this.#piece);
      if (m !== null) {
        if (this.#piece.charCodeAt(m.index) !== LT) abort('not-well-formed', 'character data at stream level');
        lt = this.#chars + m.index;
      }
      this.#gapFrom = null;
    }
    this.#budgetStart = this.#byteAt(lt);
  }

  #onOpenTag(tag: SaxesTagNS): void {
    if (this.#depth === 1) return this.#onStreamOpen(tag);
    const el = parsedElement(tag.name, tag.uri, this.#attrs);
    const stack = this.#stack;
    if (stack.length === 0) this.#sax.on('text', this.#onText);
    else stack[stack.length - 1]!.children.push(el);
    stack.push(el);
  }

  #onStreamOpen(tag: SaxesTagNS): void {
    // [RFC6120] §4.8.1, §4.9.3.10, §4.9.3.2
    if (tag.local !== 'stream' || tag.uri !== NS_STREAM) {
      abort('invalid-namespace', `the stream header must be <stream:stream> in ${NS_STREAM}`);
    }
    if (tag.prefix !== 'stream') abort('bad-namespace-prefix', 'the streams namespace must use the prefix "stream"');
    this.#boundary();
    this.#emit({ kind: 'stream-open', el: parsedElement(tag.name, tag.uri, this.#attrs) });
  }

  #onCloseTag(): void {
    const depth = this.#depth--;
    if (depth === 1) {
      this.#boundary();
      return this.#emit({ kind: 'stream-close' });
    }
    const el = this.#stack.pop()!;
    if (depth !== 2) return;
    this.#sax.off('text');
    const end = this.#byteAt(this.#sax.position);
    if (end - this.#budgetStart > this.#maxBytes) abort('policy-violation', `stanza larger than ${this.#maxBytes} bytes`);
    this.#boundary();
    this.#emit({ kind: 'stanza', el });
  }

  readonly #onText = (text: string): void => {
    appendText(this.#stack[this.#stack.length - 1]!, text);
  };

  #onCdata(text: string): void {
    if (this.#depth >= 2) return appendText(this.#stack[this.#stack.length - 1]!, text);
    NON_WS.lastIndex = 0;
    if (NON_WS.test(text)) abort('not-well-formed', 'character data at stream level');
    this.#boundary();
  }

  /** Stream-level progress: the budget and the text check restart after the markup just read. */
  #boundary(): void {
    const pos = this.#sax.position;
    this.#gapFrom = pos;
    this.#budgetStart = this.#byteAt(pos);
  }

  /** UTF-8 byte offset of a saxes position inside (or just before) the current piece. */
  #byteAt(pos: number): number {
    const local = pos - this.#chars;
    if (local <= 0 || this.#isAsciiPiece) return this.#bytes + local;
    if (local < this.#cursorLocal) {
      this.#cursorLocal = 0;
      this.#cursorByte = this.#bytes;
    }
    this.#cursorByte += Buffer.byteLength(this.#piece.slice(this.#cursorLocal, local), 'utf8');
    this.#cursorLocal = local;
    return this.#cursorByte;
  }

  #emit(event: StreamEvent): void {
    const gen = this.#gen;
    this.#sink(event);
    if (gen !== this.#gen || this.#dead) throw STOP;
  }

  #handle(e: unknown, gen: number): void {
    if (e === STOP) return;
    if (e instanceof XmlAbort) return this.#fail(e.condition, e.text);
    // The sink threw: saxes stopped halfway through a chunk, so this parser cannot go on.
    if (gen === this.#gen) this.#dead = true;
    throw e;
  }

  #fail(condition: XmlCondition, text: string): void {
    this.#dead = true;
    this.#stack = [];
    this.#piece = '';
    this.#sink({ kind: 'error', condition, text });
  }
}
