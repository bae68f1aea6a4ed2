// The desktop's client log: a bounded ring of lines in the product document's layout
// `<PC date-time with GMT offset>: : <Finesse FQDN>: <Finesse server date-time with offset>: <message>`,
// which "Send Error Report" posts to /finesse/api/User/<id>/ClientLog.
import { clientStamp, serverStamp } from './timing.js';

export interface ClientLogOptions {
  now: () => number;
  /** Minutes east of UTC of the browser (−Date#getTimezoneOffset()). */
  clientOffsetMinutes: () => number;
  /** Server time = client time − drift; server zone from SystemInfo. */
  serverDriftMs: () => number;
  serverOffsetMinutes: () => number;
  fqdn: () => string;
  /** Most characters kept (ClientLog accepts 1,048,576). */
  maxChars?: number;
}

export class ClientLog {
  readonly #o: ClientLogOptions;
  #lines: string[] = [];
  #chars = 0;
  readonly #listeners = new Set<(line: string) => void>();

  constructor(o: ClientLogOptions) { this.#o = o; }

  log(message: string): string {
    const now = this.#o.now();
    const line = `${clientStamp(now, this.#o.clientOffsetMinutes())}: : ${this.#o.fqdn()}: ${serverStamp(now - this.#o.serverDriftMs(), this.#o.serverOffsetMinutes())}: ${message.replace(/[\r\n]+/g, ' ')}`;
    this.#lines.push(line);
    this.#chars += line.length + 1;
    const max = this.#o.maxChars ?? 1_000_000;
    while (this.#chars > max && this.#lines.length > 1) this.#chars -= this.#lines.shift()!.length + 1;
    for (const l of this.#listeners) { try { l(line); } catch { /* a listener never breaks logging */ } }
    return line;
  }

  text(): string { return this.#lines.join('\n'); }
  lines(): readonly string[] { return this.#lines; }
  clear(): void { this.#lines = []; this.#chars = 0; }
  onLine(fn: (line: string) => void): () => void { this.#listeners.add(fn); return () => this.#listeners.delete(fn); }
}
