// One BOSH session as a state machine over typed requests ([XEP-0124], [XEP-0206]). It owns the rid
// window, the held requests, the outgoing buffer, the replay cache and two timers (wait, inactivity) on an
// injected clock; it answers HTTP exchanges and reports upwards through `BoshSessionEvents`. No sockets,
// no logging, no XMPP semantics: payloads are opaque elements ([style] §6.8).
//
// The model ([notification-service] §1 item 1):
// - `#lastRid` is the highest rid forwarded in order. A new rid in (lastRid, lastRid + requests] is
//   accepted; one that skips ahead waits in `#pending` until the gap is filled (B6), so payloads are
//   forwarded and requests answered in rid order. Beyond the window: terminate item-not-found.
// - A forwarded request is *held* until it is answered: with the buffer as soon as there is something to
//   send (B8), with an empty body after `wait` (B7), or at once when more than `hold` are held (the oldest).
// - Answers are cached for replay (B9) until acknowledged: by a later request with a higher rid, or by the
//   client's `ack` ([decisions] 2). At the end, unacknowledged and still-buffered payloads are handed back
//   (`ended.undelivered`) so nothing is lost.
// - The inactivity timer runs exactly while no request is open (held or pending), from the moment the last
//   one was answered or its connection closed ([decisions] 3, B11).
//
// [XEP-0124] https://xmpp.org/extensions/xep-0124.html   [XEP-0206] https://xmpp.org/extensions/xep-0206.html
import type { Element } from '../../../xml/element.js';
import type { Clock, TimerHandle } from '../../../shared/clock.js';
import {
  creationBody, httpStatusFor, negotiateVersion, recoverableErrorBody, responseBody, terminateBody, toPayload,
  type BoshRequest, type Payload, type TerminalCondition,
} from './bosh-codec.js';
import { ReplayCache } from './bosh-replay.js';
import { nextKey, overactivity } from './bosh-rules.js';

/** What the server allows; the session advertises the lower of these and what the client asked for. */
export interface BoshLimits {
  maxWaitS: number;
  maxHold: number;
  /** Simultaneous requests advertised; raised to hold + 1 when lower (0 = hold + 1). */
  requests: number;
  inactivityS: number;
  pollingS: number;
  /** 0 = pausing is not offered. */
  maxPauseS: number;
  /** Bytes of payloads buffered for a client that does not poll before the session is given up. */
  maxBufferBytes: number;
}

export interface BoshReply {
  body: string;
  status: number;
  contentType: string;
}

/** One HTTP request/response pair, answered at most once. */
export interface Exchange {
  respond(reply: BoshReply): void;
}

export type BoshEnd =
  | { cause: 'inactivity'; idleMs: number }
  /** The client broke a rule; every open request got the terminate condition. */
  | { cause: 'violation'; condition: TerminalCondition; text: string }
  /** Ended from above (`terminate()`): the XMPP session closed, the client terminated, shutdown. */
  | { cause: 'closed' };

export interface BoshSessionEvents {
  /** The client opened the stream (creation) or restarted it (`xmpp:restart`, X3). */
  streamOpened(req: BoshRequest): void;
  /** Payloads of one request, in rid order. */
  payloads(els: readonly Element[]): void;
  /** The client sent `type='terminate'`; its payloads were forwarded first (B14). Call `terminate()`. */
  clientTerminated(): void;
  /** Called once. `undelivered`: stanzas the client may not have received, in order. */
  ended(end: BoshEnd & { undelivered: Element[] }): void;
}

export interface BoshSessionDeps {
  sid: string;
  /** The XMPP domain: the creation response's `from`. */
  domain: string;
  limits: BoshLimits;
  clock: Clock;
}

interface Held {
  rid: number;
  exchange: Exchange;
  deadline: number;
}

interface Pending {
  req: BoshRequest;
  exchange: Exchange;
}

const DEFAULT_CONTENT_TYPE = 'text/xml; charset=utf-8';

export class BoshSession {
  readonly sid: string;
  readonly waitS: number;
  readonly hold: number;
  readonly requests: number;
  /** The client sent no `ver`: it gets HTTP errors instead of some terminal conditions ([XEP-0124] §17.1). */
  readonly isLegacy: boolean;
  readonly ver: string | undefined;
  readonly contentType: string;
  readonly createdAt: number;
  #limits: BoshLimits;
  #clock: Clock;
  #domain: string;
  #events: BoshSessionEvents | undefined;
  #streamId: string | undefined;
  #creationRid: number;
  #lastRid: number;
  #held: Held[] = [];
  #pending = new Map<number, Pending>();
  /** Forwarded but never answered because the connection closed: a resend is held again. */
  #abandoned = new Set<number>();
  #answered: ReplayCache;
  #buffer: Payload[] = [];
  #bufferBytes = 0;
  #key: string | undefined;
  #processing = false;
  #expectRestart = false;
  #ended = false;
  #waitTimer: TimerHandle | undefined;
  #waitDue: number | undefined;
  #idleTimer: TimerHandle | undefined;
  #idleSince: number;
  #pauseMs: number | undefined;
  #lastNew: { at: number; empty: boolean } | undefined;
  #lastAnswerEmpty = false;

  constructor(creation: BoshRequest, deps: BoshSessionDeps) {
    const l = deps.limits;
    this.sid = deps.sid;
    this.#limits = l;
    this.#clock = deps.clock;
    this.#domain = deps.domain;
    this.waitS = Math.min(creation.wait ?? l.maxWaitS, l.maxWaitS);
    this.hold = Math.min(creation.hold ?? 1, l.maxHold);
    this.requests = Math.max(l.requests, this.hold + 1);
    this.#answered = new ReplayCache(this.requests);
    this.isLegacy = creation.ver === undefined;
    this.ver = creation.ver === undefined ? undefined : negotiateVersion(creation.ver);
    this.contentType = creation.content ?? DEFAULT_CONTENT_TYPE;
    this.createdAt = this.#idleSince = deps.clock.now();
    this.#creationRid = this.#lastRid = creation.rid;
    this.#key = creation.newkey;
  }

  get isEnded(): boolean { return this.#ended; }
  /** Requests held or waiting for a missing rid. */
  get openRequests(): number { return this.#held.length + this.#pending.size; }
  get bufferedBytes(): number { return this.#bufferBytes; }

  /** Milliseconds since the session was last active: 0 while a request is open (Openfire's notion). */
  lastActiveAgo(): number {
    return this.openRequests > 0 ? 0 : this.#clock.now() - this.#idleSince;
  }

  /** The stream id the XMPP session chose: the creation response's `authid`. */
  setStreamId(id: string): void {
    this.#streamId ??= id;
  }

  /** The XMPP session asked for a stream restart (after SASL success); the next `xmpp:restart` opens it. */
  expectRestart(): void {
    this.#expectRestart = true;
  }

  /** Answers the creation request: the XMPP stream opens at once and its features ride on the response (X1). */
  start(creation: BoshRequest, exchange: Exchange, events: BoshSessionEvents): void {
    this.#events = events;
    const held: Held = { rid: creation.rid, exchange, deadline: this.#clock.now() };
    this.#held.push(held); // so that a close during the stream open answers it with the terminate body
    this.#run(() => events.streamOpened(creation));
    if (this.#ended) return;
    this.#answer(held, this.#takeBuffer(), (payloads) => creationBody({
      sid: this.sid,
      authid: this.#streamId ?? this.sid,
      requests: this.requests,
      inactivityS: this.#limits.inactivityS,
      pollingS: this.#limits.pollingS,
      waitS: this.waitS,
      hold: this.hold,
      ver: this.ver,
      maxPauseS: this.#limits.maxPauseS,
      ack: this.#creationRid,
      from: this.#domain,
    }, payloads));
    this.#settle();
  }

  /** A later request of this session (its sid matched). */
  receive(req: BoshRequest, exchange: Exchange): void {
    if (this.#ended) return exchange.respond(this.#terminateReply('item-not-found'));
    this.#idleTimer?.cancel();
    this.#idleTimer = undefined;
    if (req.rid <= this.#lastRid || this.#pending.has(req.rid)) return this.#repeat(req, exchange);
    if (req.rid > this.#lastRid + this.requests) return this.#fail('item-not-found', 'rid outside the window', exchange);
    const violation = overactivity(req, {
      openRids: [...this.#held.map((h) => h.rid), ...this.#pending.keys()],
      requests: this.requests,
      isPolling: this.hold === 0 || this.waitS === 0,
      pollingMs: this.#limits.pollingS * 1000,
      lastNew: this.#lastNew,
      lastAnswerEmpty: this.#lastAnswerEmpty,
      now: this.#clock.now(),
    });
    if (violation) return this.#fail('policy-violation', violation, exchange);
    this.#lastNew = { at: this.#clock.now(), empty: req.payloads.length === 0 };
    this.#pauseMs = undefined;
    // [XEP-0124] §9.2: a client's `ack` names the highest rid whose answer (and all before it) arrived;
    // without one, it has received the answers to all its earlier requests.
    this.#answered.acknowledge(req.ack ?? req.rid - 1);
    this.#pending.set(req.rid, { req, exchange });
    this.#run(() => this.#drain());
    this.#settle();
  }

  /** A request of this session that could not be read (B2): it and every open request get `condition`. */
  reject(condition: TerminalCondition, text: string, exchange: Exchange): void {
    if (this.#ended) return exchange.respond(this.#terminateReply('item-not-found'));
    this.#fail(condition, text, exchange);
  }

  /** The connection of an unanswered request closed (client abort, proxy timeout). */
  connectionClosed(exchange: Exchange): void {
    if (this.#ended) return;
    const i = this.#held.findIndex((h) => h.exchange === exchange);
    if (i >= 0) {
      this.#abandoned.add(this.#held[i]!.rid);
      while (this.#abandoned.size > this.requests + 1) this.#abandoned.delete(Math.min(...this.#abandoned));
      this.#held.splice(i, 1);
    }
    for (const [rid, p] of this.#pending) if (p.exchange === exchange) this.#pending.delete(rid);
    this.#settle();
  }

  /**
   * Queues a payload for the client. Returns false when the buffer cap is exceeded (the caller closes
   * the session with policy-violation, [notification-service] §2.8) or the session has ended.
   */
  enqueue(el: Element): boolean {
    if (this.#ended) return false;
    const p = toPayload(el);
    this.#buffer.push(p);
    this.#bufferBytes += Buffer.byteLength(p.xml);
    if (this.#bufferBytes > this.#limits.maxBufferBytes) return false;
    this.#settle();
    return true;
  }

  /**
   * Ends the session from above and answers every open request: without a condition it is the graceful
   * end of B14 (the oldest gets `type='terminate'`, the others empty bodies); with one, every open
   * request gets the terminate condition (`remote-stream-error` carries `streamError`).
   */
  terminate(condition?: TerminalCondition, streamError?: Element): void {
    if (this.#ended) return;
    const open = this.#openExchanges();
    open.forEach((ex, i) => ex.respond(condition === undefined && i > 0
      ? this.#reply(responseBody([]))
      : this.#terminateReply(condition, streamError)));
    this.#end({ cause: 'closed' });
  }

  // ---- requests ----

  /** Forwards every request that is next in rid order. */
  #drain(): void {
    for (let next = this.#pending.get(this.#lastRid + 1); next && !this.#ended; next = this.#pending.get(this.#lastRid + 1)) {
      this.#pending.delete(next.req.rid);
      this.#forward(next.req, next.exchange);
    }
  }

  #forward(req: BoshRequest, exchange: Exchange): void {
    this.#lastRid = req.rid;
    const key = nextKey(this.#key, req);
    if (key === false) return this.#fail('item-not-found', 'key sequence mismatch', exchange);
    this.#key = key;
    const held: Held = { rid: req.rid, exchange, deadline: this.#clock.now() + this.waitS * 1000 };
    this.#held.push(held);
    const events = this.#events!;
    if (req.isRestart) {
      // X3: a restart body SHOULD be empty; its payloads are ignored. An unexpected restart is ignored too.
      if (this.#expectRestart) {
        this.#expectRestart = false;
        events.streamOpened(req);
      }
    } else if (req.payloads.length > 0) {
      events.payloads(req.payloads);
    }
    if (this.#ended) return;
    if (req.isTerminate) return events.clientTerminated();
    if (req.pause !== undefined && this.#limits.maxPauseS > 0) this.#pause(held, req.pause);
  }

  /** B12: answer every held request now (the pause request itself without payloads), then idle longer. */
  #pause(pauseRequest: Held, seconds: number): void {
    if (seconds > this.#limits.maxPauseS) return this.#fail('policy-violation', `pause longer than ${this.#limits.maxPauseS} s`);
    for (const h of this.#held.filter((x) => x !== pauseRequest)) this.#answer(h, this.#takeBuffer());
    this.#answer(pauseRequest, []);
    this.#pauseMs = seconds * 1000;
  }

  /** A rid seen before (B9, [XEP-0124] §14.3): replay, re-hold, or replace the older connection. */
  #repeat(req: BoshRequest, exchange: Exchange): void {
    const rid = req.rid;
    const pending = this.#pending.get(rid);
    const held = this.#held.find((h) => h.rid === rid);
    const answered = this.#answered.body(rid);
    if (pending || held) {
      // Received but not answered yet: the old connection gets a recoverable error, the new one waits.
      const old = pending ?? held!;
      old.exchange.respond(this.#reply(recoverableErrorBody()));
      old.exchange = exchange;
      if (held) held.deadline = this.#clock.now() + this.waitS * 1000;
    } else if (answered !== undefined) {
      exchange.respond(this.#reply(answered));
    } else if (this.#abandoned.delete(rid)) {
      this.#held.push({ rid, exchange, deadline: this.#clock.now() + this.waitS * 1000 });
      this.#held.sort((a, b) => a.rid - b.rid);
    } else {
      return this.#fail('item-not-found', 'response no longer buffered', exchange);
    }
    this.#settle();
  }

  // ---- answers ----

  /** Runs `fn` with sends buffered, so that one request's synchronous replies travel together. */
  #run(fn: () => void): void {
    const was = this.#processing;
    this.#processing = true;
    try {
      fn();
    } finally {
      this.#processing = was;
    }
  }

  /** Brings the held requests back in line with the rules, then the timers. */
  #settle(): void {
    if (this.#ended || this.#processing) return;
    if (this.#buffer.length > 0 && this.#held.length > 0) this.#answerOldest();
    while (this.#held.length > this.hold) this.#answerOldest();
    this.#scheduleWait();
    this.#scheduleIdle();
  }

  #answerOldest(): void {
    this.#answer(this.#held[0]!, this.#takeBuffer());
  }

  /** Answers a held request with `payloads` and keeps the answer for replay until it is acknowledged. */
  #answer(h: Held, payloads: Payload[], render = (p: Payload[]) => responseBody(p, this.#ackFor(h.rid))): void {
    const i = this.#held.indexOf(h);
    if (i >= 0) this.#held.splice(i, 1);
    const body = render(payloads);
    this.#answered.add(h.rid, body, payloads);
    this.#lastAnswerEmpty = payloads.length === 0;
    h.exchange.respond(this.#reply(body));
  }

  #takeBuffer(): Payload[] {
    const taken = this.#buffer;
    this.#buffer = [];
    this.#bufferBytes = 0;
    return taken;
  }

  /** [XEP-0124] §9.1: `ack` = the highest rid received in sequence, left out when it is the rid answered. */
  #ackFor(rid: number): number | undefined {
    return this.#lastRid === rid ? undefined : this.#lastRid;
  }

  #reply(body: string, status = 200): BoshReply {
    return { body, status, contentType: this.contentType };
  }

  #terminateReply(condition?: TerminalCondition, streamError?: Element): BoshReply {
    return this.#reply(terminateBody(condition, streamError), httpStatusFor(condition, this.isLegacy));
  }

  // ---- timers and the end ----

  /** B7: the oldest held request is answered (empty, or with what arrived meanwhile) at its deadline. */
  #scheduleWait(): void {
    const due = this.#held.length === 0 ? undefined : Math.min(...this.#held.map((h) => h.deadline));
    if (this.#waitTimer && due === this.#waitDue) return;
    this.#waitTimer?.cancel();
    this.#waitTimer = undefined;
    this.#waitDue = due;
    if (due === undefined) return;
    this.#waitTimer = this.#clock.setTimeout(() => {
      this.#waitTimer = undefined;
      if (this.#ended || this.#held.length === 0) return;
      this.#answerOldest();
      this.#settle();
    }, Math.max(0, due - this.#clock.now()));
  }

  /** B11: inactivity runs only while nothing is open, from the moment the last request ended. */
  #scheduleIdle(): void {
    if (this.openRequests > 0) {
      this.#idleTimer?.cancel();
      this.#idleTimer = undefined;
      return;
    }
    if (this.#idleTimer) return;
    this.#idleSince = this.#clock.now();
    this.#idleTimer = this.#clock.setTimeout(() => {
      this.#idleTimer = undefined;
      if (!this.#ended && this.openRequests === 0) this.#end({ cause: 'inactivity', idleMs: this.#clock.now() - this.#idleSince });
    }, this.#pauseMs ?? this.#limits.inactivityS * 1000);
  }

  #openExchanges(): Exchange[] {
    const pending = [...this.#pending.entries()].sort(([a], [b]) => a - b).map(([, p]) => p.exchange);
    return [...this.#held.map((h) => h.exchange), ...pending];
  }

  /** A rule broken: `exchange` (the offending request) and every open request get the condition. */
  #fail(condition: TerminalCondition, text: string, exchange?: Exchange): void {
    const reply = this.#terminateReply(condition);
    const open = this.#openExchanges();
    for (const ex of open) ex.respond(reply);
    if (exchange && !open.includes(exchange)) exchange.respond(reply);
    this.#end({ cause: 'violation', condition, text });
  }

  #end(end: BoshEnd): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#waitTimer?.cancel();
    this.#idleTimer?.cancel();
    const undelivered = [...this.#answered.drainUnacknowledged(), ...this.#buffer].map((p) => p.el);
    this.#held = [];
    this.#pending.clear();
    this.#buffer = [];
    this.#bufferBytes = 0;
    this.#events?.ended({ ...end, undelivered });
  }
}
