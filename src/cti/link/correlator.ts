// Request/response correlation by InvokeID (GED-188 "Messaging Conventions": every request carries an
// InvokeID that its confirmation or FAILURE_CONF echoes). Socket-free; the clock is injected, so
// timeouts are tested with ManualClock (style.md §6 suggestion 12).
import type { Clock, TimerHandle } from '../../shared/clock.js';

export type CorrelationOutcome<T> =
  | { readonly kind: 'reply'; readonly reply: T }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'cancelled'; readonly reason: string };

interface Pending<T> {
  readonly resolve: (outcome: CorrelationOutcome<T>) => void;
  readonly timer: TimerHandle;
}

export interface InvokeCorrelatorOptions {
  readonly clock: Clock;
  /** Default time a request waits for its reply. */
  readonly timeoutMs: number;
  /** First InvokeID handed out (1 by default); ids wrap at 2^32 and skip 0 and ids still pending. */
  readonly firstId?: number;
}

const MAX_ID = 0xffff_ffff;

export class InvokeCorrelator<T> {
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #pending = new Map<number, Pending<T>>();
  #next: number;
  /** Replies whose InvokeID matched nothing: late (after a timeout), duplicated or never asked for. */
  unmatched = 0;

  constructor(options: InvokeCorrelatorOptions) {
    this.#clock = options.clock;
    this.#timeoutMs = options.timeoutMs;
    this.#next = options.firstId ?? 1;
  }

  get pendingCount(): number { return this.#pending.size; }

  /** A fresh InvokeID, not 0 and not one still awaiting its reply. */
  nextId(): number {
    for (;;) {
      const id = this.#next;
      this.#next = id >= MAX_ID ? 1 : id + 1;
      if (id !== 0 && !this.#pending.has(id)) return id;
    }
  }

  /**
   * Waits for the reply to `invokeId`. Throws when that id is already awaited (a duplicate InvokeID
   * would make the first reply ambiguous: a programmer error of the caller).
   */
  expect(invokeId: number, timeoutMs = this.#timeoutMs): Promise<CorrelationOutcome<T>> {
    if (this.#pending.has(invokeId)) throw new RangeError(`InvokeID ${invokeId} is already awaiting a reply`);
    return new Promise((resolve) => {
      const timer = this.#clock.setTimeout(() => {
        if (this.#pending.get(invokeId)?.timer !== timer) return;
        this.#pending.delete(invokeId);
        resolve({ kind: 'timeout' });
      }, timeoutMs);
      this.#pending.set(invokeId, { resolve, timer });
    });
  }

  /** Delivers a reply; false (and counted in `unmatched`) when nothing awaits that InvokeID. */
  settle(invokeId: number, reply: T): boolean {
    const p = this.#pending.get(invokeId);
    if (p === undefined) {
      this.unmatched++;
      return false;
    }
    this.#pending.delete(invokeId);
    p.timer.cancel();
    p.resolve({ kind: 'reply', reply });
    return true;
  }

  /** Ends every pending request (the link went down). */
  cancelAll(reason: string): void {
    const all = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of all) {
      p.timer.cancel();
      p.resolve({ kind: 'cancelled', reason });
    }
  }
}
