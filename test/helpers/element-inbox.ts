// What a test client has received and not yet looked at, with promise-based waits: the one inbox behind
// the TCP, WebSocket and BOSH test clients. `waitFor` takes the first matching element, whether it came
// before the call or comes later; once the connection has ended, a wait that nothing matched fails at
// once instead of sitting out its timeout. `iqRoundTrip` is the IQ request and answer over any of them.
import type { Element } from '../../src/xml/element.js';

export type ElementMatch = (el: Element) => boolean;

interface Waiter {
  match: ElementMatch;
  resolve: (el: Element) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class ElementInbox {
  /** Received and not yet taken by a wait, oldest first. */
  readonly received: Element[] = [];
  /**
   * Sees every element first; returning true takes it (it is neither queued nor given to a wait).
   * The contract clients answer the server's XEP-0199 pings here, as real clients do.
   */
  tap: ((el: Element) => boolean) | undefined;
  #waiters: Waiter[] = [];
  #ended: string | undefined;

  /** `context` adds what the client saw to a timeout message (the elements, or the raw frames). */
  constructor(private readonly context: () => string = () => '') {}

  /** Why no more elements will come, once the connection has ended. */
  get ended(): string | undefined {
    return this.#ended;
  }

  push(el: Element): void {
    if (this.tap?.(el)) return;
    const w = this.#waiters.find((x) => x.match(el));
    if (!w) {
      this.received.push(el);
      return;
    }
    this.#settle(w);
    w.resolve(el);
  }

  /** Resolves with the first received element (past or future) that matches, and takes it. */
  waitFor(match: ElementMatch, timeoutMs = 5000): Promise<Element> {
    const i = this.received.findIndex(match);
    if (i >= 0) return Promise.resolve(this.received.splice(i, 1)[0]!);
    if (this.#ended !== undefined) return Promise.reject(this.#error(`the connection ended (${this.#ended}) before a matching element came`));
    return new Promise((resolve, reject) => {
      const w: Waiter = {
        match,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#settle(w);
          reject(this.#error(`timed out after ${timeoutMs} ms waiting`));
        }, timeoutMs),
      };
      this.#waiters.push(w);
    });
  }

  /** The connection is gone: nothing more will arrive, so the waits still open fail now. */
  end(reason: string): void {
    if (this.#ended !== undefined) return;
    this.#ended = reason;
    for (const w of this.#waiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(this.#error(`the connection ended (${reason}) before a matching element came`));
    }
  }

  #settle(w: Waiter): void {
    clearTimeout(w.timer);
    this.#waiters = this.#waiters.filter((x) => x !== w);
  }

  #error(what: string): Error {
    const context = this.context();
    return new Error(context ? `${what}; ${context}` : what);
  }
}

/** Sends an IQ request (with an id added when it has none) and resolves with its result or error. */
export function iqRoundTrip(c: { send(el: Element): void; waitFor(match: ElementMatch, timeoutMs?: number): Promise<Element> }, el: Element, timeoutMs = 5000): Promise<Element> {
  const id = el.attr('id') ?? `iq-${Math.random().toString(36).slice(2)}`;
  el.setAttr('id', id);
  c.send(el);
  return c.waitFor((r) => r.is('iq') && r.attr('id') === id && (r.attr('type') === 'result' || r.attr('type') === 'error'), timeoutMs);
}
