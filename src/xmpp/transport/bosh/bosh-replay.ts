// The answers a BOSH session keeps after sending them ([XEP-0124] §9, §14.3; B9, B10): for replay when the
// client resends a rid whose answer it lost, and, until the client acknowledges them, as the record of
// what it may not have received (handed back at the end so nothing is lost, [decisions] 2). Pure.
import type { Payload } from './bosh-codec.js';

interface Answer {
  readonly body: string;
  readonly payloads: readonly Payload[];
  acked: boolean;
}

export class ReplayCache {
  #answers = new Map<number, Answer>();

  /** @param keep how many answers stay replayable once acknowledged (the session's `requests`). */
  constructor(private readonly keep: number) {}

  add(rid: number, body: string, payloads: readonly Payload[]): void {
    this.#answers.set(rid, { body, payloads, acked: false });
    this.#trim();
  }

  /** The body sent for `rid`, if still kept. */
  body(rid: number): string | undefined {
    return this.#answers.get(rid)?.body;
  }

  /** The client received every answer up to `rid`. */
  acknowledge(rid: number): void {
    for (const [r, a] of this.#answers) if (r <= rid) a.acked = true;
    this.#trim();
  }

  /** Payloads of the unacknowledged answers, in rid order; empties the cache. */
  drainUnacknowledged(): Payload[] {
    const unacked = [...this.#answers.entries()].filter(([, a]) => !a.acked).sort(([a], [b]) => a - b);
    this.#answers.clear();
    return unacked.flatMap(([, a]) => a.payloads);
  }

  /** The last `keep` answers, plus unacknowledged ones up to a hard cap of 2 × keep + 2. */
  #trim(): void {
    const rids = [...this.#answers.keys()].sort((a, b) => a - b);
    const keepFrom = rids.length - this.keep;
    const hardFrom = rids.length - (2 * this.keep + 2);
    rids.forEach((rid, i) => {
      if (i < hardFrom || (i < keepFrom && this.#answers.get(rid)!.acked)) this.#answers.delete(rid);
    });
  }
}
