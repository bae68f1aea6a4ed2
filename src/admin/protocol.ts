// The admin channel's wire format: newline-delimited JSON over a local socket.
//   request   {"id":1,"words":["show","status"]}
//   progress  {"id":1,"progress":"1000 of 10000 users created"}     (zero or more, long commands only)
//   response  {"id":1,"exitCode":0,"output":"…"}                     (exactly one per request)
// A line the server cannot use gets a response with `"id":null` (or the id, when it could be read)
// and an `error` code. Pure: no sockets here.

export const ADMIN_MAX_LINE_BYTES = 64 * 1024;
const MAX_WORDS = 1000;
const MAX_ID_LENGTH = 128;

export type AdminRequestId = number | string;

export interface AdminRequest {
  readonly id: AdminRequestId;
  readonly words: readonly string[];
}

export type AdminErrorCode =
  | 'ERR_ADMIN_MALFORMED'
  | 'ERR_ADMIN_LINE_TOO_LONG'
  | 'ERR_ADMIN_BUSY'
  | 'ERR_ADMIN_UNKNOWN_COMMAND'
  | 'ERR_ADMIN_INCOMPLETE_COMMAND'
  | 'ERR_ADMIN_INTERNAL';

export interface AdminResponse {
  readonly id: AdminRequestId | null;
  readonly exitCode: number;
  readonly output: string;
  /** Present when the server itself refused or failed the request. */
  readonly error?: AdminErrorCode;
}

export interface AdminProgress {
  readonly id: AdminRequestId;
  readonly progress: string;
}

export type ParsedRequest =
  | { ok: true; request: AdminRequest }
  | { ok: false; id: AdminRequestId | null; message: string };

const isId = (v: unknown): v is AdminRequestId =>
  (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.length <= MAX_ID_LENGTH);

/** Parses and checks one request line. */
export function parseRequest(line: string): ParsedRequest {
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch {
    return { ok: false, id: null, message: 'malformed request: not a JSON object on one line' };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return { ok: false, id: null, message: 'malformed request: expected {"id": 1, "words": ["show", "status"]}' };
  }
  const { id, words } = doc as { id?: unknown; words?: unknown };
  if (!isId(id)) return { ok: false, id: null, message: 'malformed request: "id" must be a number or a short string' };
  if (!Array.isArray(words) || words.length === 0 || words.length > MAX_WORDS || !words.every((w) => typeof w === 'string')) {
    return { ok: false, id, message: 'malformed request: "words" must be a non-empty array of strings' };
  }
  return { ok: true, request: { id, words } };
}

export const encode = (message: AdminRequest | AdminResponse | AdminProgress): string => `${JSON.stringify(message)}\n`;

/**
 * Splits a byte stream into lines of at most `maxBytes` (without the newline; a trailing `\r` is
 * dropped, blank lines are skipped). Once a line grows past the limit, `onOverflow` is called and the
 * splitter stops: the peer is not speaking the protocol and the connection should end.
 */
export class LineSplitter {
  readonly #maxBytes: number;
  readonly #onLine: (line: string) => void;
  readonly #onOverflow: () => void;
  #parts: Buffer[] = [];
  #size = 0;
  #stopped = false;

  constructor(maxBytes: number, onLine: (line: string) => void, onOverflow: () => void) {
    this.#maxBytes = maxBytes;
    this.#onLine = onLine;
    this.#onOverflow = onOverflow;
  }

  push(chunk: Buffer): void {
    let rest = chunk;
    while (!this.#stopped) {
      const nl = rest.indexOf(0x0a);
      const piece = nl === -1 ? rest : rest.subarray(0, nl);
      if (this.#size + piece.length > this.#maxBytes) {
        this.#stopped = true;
        this.#parts = [];
        this.#onOverflow();
        return;
      }
      if (nl === -1) {
        if (piece.length > 0) this.#parts.push(piece);
        this.#size += piece.length;
        return;
      }
      const line = Buffer.concat([...this.#parts, piece]).toString('utf8').replace(/\r$/, '');
      this.#parts = [];
      this.#size = 0;
      rest = rest.subarray(nl + 1);
      if (line.trim() !== '') this.#onLine(line);
    }
  }
}
