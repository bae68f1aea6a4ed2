// Strophe.js 5 (npm strophe.js, the library of the Finesse desktop) in Node, for the interoperability
// tests over BOSH and WebSocket. Its Node build brings @xmldom/xmldom for the DOM and sets `ws` as the
// global WebSocket; `trustCa` then puts in what Node lacks, verifying the server against the ready line's
// CA on both transports:
// - BOSH needs XMLHttpRequest: `xhr2` provides it, subclassed with a `responseXML` getter because
//   Strophe 5 stalls without one ([notification-service] §5.2); xhr2 uses https.globalAgent, which is
//   told to trust the CA.
// - WebSocket: Strophe calls `new WebSocket(url, 'xmpp')`, so the global becomes a `ws` subclass that
//   passes the CA in the options argument.
import { readFileSync } from 'node:fs';
import https from 'node:https';
import XHR from 'xhr2';
import { DOMParser } from '@xmldom/xmldom';
import WebSocket from 'ws';
import { Strophe } from 'strophe.js';

export { $pres, Strophe } from 'strophe.js';

class XHRX extends XHR {
  get responseXML(): unknown {
    if (this.readyState !== 4 || !this.responseText) return null;
    return new DOMParser().parseFromString(this.responseText, 'text/xml');
  }
  set responseXML(_: unknown) {}
}

/** Makes Strophe's BOSH and WebSocket transports trust `caPath` (and only be quiet); returns the undo. */
export function trustCa(caPath: string): () => void {
  const ca = readFileSync(caPath);
  const globals = globalThis as { XMLHttpRequest?: unknown; WebSocket?: unknown };
  const before = { xhr: globals.XMLHttpRequest, ws: globals.WebSocket, agentCa: https.globalAgent.options.ca };
  class CaWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { ca });
    }
  }
  globals.XMLHttpRequest = XHRX;
  globals.WebSocket = CaWebSocket;
  https.globalAgent.options.ca = ca;
  Strophe.setLogLevel(Strophe.LogLevel.FATAL);
  return () => {
    globals.XMLHttpRequest = before.xhr;
    globals.WebSocket = before.ws;
    https.globalAgent.options.ca = before.agentCa;
    https.globalAgent.destroy();
  };
}

/** The DOM view of a received stanza that the tests read. */
export type Stanza = {
  getAttribute(name: string): string | null;
  nodeName: string;
  getElementsByTagName(name: string): ArrayLike<{ textContent: string | null; getAttribute(name: string): string | null }>;
};

/** What Strophe's BOSH transport understood of the creation response. */
export interface BoshProto { wait: number; hold: number; window: number; inactivity: number | null; sid: string | null }

/** One Strophe connection (BOSH or WebSocket, by the service URL) with promise-based waits and a transcript. */
export class StropheClient {
  readonly conn: InstanceType<typeof Strophe.Connection>;
  readonly statuses: [status: number, condition: string | undefined][] = [];
  readonly transcript: string[] = [];
  #stanzas: Stanza[] = [];
  #waiters: { match: (s: Stanza) => boolean; resolve: (s: Stanza) => void }[] = [];
  #statusWaiters: { status: number; resolve: () => void }[] = [];

  /** `timeoutMs` bounds every wait; a failure message carries the statuses and the transcript. */
  constructor(service: string, private readonly timeoutMs = 8000) {
    this.conn = new Strophe.Connection(service);
    this.conn.rawInput = (data: string) => { this.transcript.push(`IN  ${data}`); };
    this.conn.rawOutput = (data: string) => { this.transcript.push(`OUT ${data}`); };
  }

  /** The BOSH transport's state (only for a BOSH service URL). */
  get boshProto(): BoshProto {
    return (this.conn as unknown as { _proto: BoshProto })._proto;
  }

  /** Connects and logs in; `wait` and `hold` are BOSH's (the Finesse desktop asks for 30 and 1). */
  connect(jid: string, password: string, bosh: { wait?: number; hold?: number } = {}): Promise<void> {
    const connected = this.waitStatus(Strophe.Status.CONNECTED);
    this.conn.connect(jid, password, (status: number, condition?: string | null) => {
      this.statuses.push([status, condition ?? undefined]);
      for (const w of this.#statusWaiters.filter((x) => x.status === status)) w.resolve();
      this.#statusWaiters = this.#statusWaiters.filter((x) => x.status !== status);
    }, bosh.wait, bosh.hold);
    this.conn.addHandler((stanza: Stanza) => {
      const w = this.#waiters.find((x) => x.match(stanza));
      if (w) {
        this.#waiters = this.#waiters.filter((x) => x !== w);
        w.resolve(stanza);
      } else {
        this.#stanzas.push(stanza);
      }
      return true;
    }, null, null, null, null, null);
    return this.#bounded(connected, 'CONNECTED');
  }

  /** Resolves once Strophe has reported `status` (now or earlier); unbounded, see `disconnected`. */
  waitStatus(status: number): Promise<void> {
    if (this.statuses.some(([s]) => s === status)) return Promise.resolve();
    return new Promise((resolve) => this.#statusWaiters.push({ status, resolve }));
  }

  waitFor(match: (s: Stanza) => boolean, what: string): Promise<Stanza> {
    const i = this.#stanzas.findIndex(match);
    if (i >= 0) return Promise.resolve(this.#stanzas.splice(i, 1)[0]!);
    return this.#bounded(new Promise((resolve) => this.#waiters.push({ match, resolve })), what);
  }

  disconnected(): Promise<void> {
    return this.#bounded(this.waitStatus(Strophe.Status.DISCONNECTED), 'DISCONNECTED');
  }

  #bounded<T>(p: Promise<T>, what: string): Promise<T> {
    const ms = this.timeoutMs;
    return Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => {
      reject(new Error(`Strophe: no ${what} within ${ms} ms; statuses ${JSON.stringify(this.statuses)}\n${this.transcript.join('\n')}`));
    }, ms).unref())]);
  }
}

export const fromFinesse = (s: Stanza): boolean => s.nodeName === 'presence' && (s.getAttribute('from') ?? '').startsWith('finesse@localhost');
export const pubsubEvent = (s: Stanza): boolean => s.nodeName === 'message' && s.getAttribute('from') === 'pubsub.localhost';
