// Interoperability with Strophe.js 5 (npm strophe.js, the library of the Finesse desktop's EventTunnel)
// over XMPP-over-WebSocket, in Node: its Node build brings @xmldom/xmldom for the DOM and `ws` as the
// global WebSocket; the global is replaced by a `ws` subclass that trusts the ready line's CA, so the
// server certificate is really verified. The client connects to `wss://localhost:<port>/ws/` with the
// trailing slash, as EventTunnel does ([finesse-api] §5.2), on the notification port and on the https
// port, logs in with the SASL mechanism it prefers, waits for the finesse presence, receives a pubsub
// event, disconnects, and logs in again; a second login with the same resource ends the first with conflict.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { $pres, Strophe } from 'strophe.js';
import type { PresenceEvent } from '../../src/xmpp/features/presence.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let ts: TestServer;

before(async () => {
  ts = await startTestServer();
  const ca = readFileSync(ts.ready.ca);
  // Strophe calls `new WebSocket(url, 'xmpp')`; the options argument is where `ws` takes the CA.
  class CaWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { ca });
    }
  }
  (globalThis as { WebSocket?: unknown }).WebSocket = CaWebSocket;
  Strophe.setLogLevel(Strophe.LogLevel.FATAL);
});
after(async () => {
  await ts?.stop();
});

type Stanza = { getAttribute(name: string): string | null; nodeName: string; getElementsByTagName(name: string): ArrayLike<{ textContent: string | null; getAttribute(name: string): string | null }> };

/** One Strophe connection with a transcript and promise-based waits, for readable tests. */
class StropheClient {
  readonly conn: InstanceType<typeof Strophe.Connection>;
  readonly statuses: [status: number, condition: string | undefined][] = [];
  readonly transcript: string[] = [];
  #stanzas: Stanza[] = [];
  #waiters: { match: (s: Stanza) => boolean; resolve: (s: Stanza) => void }[] = [];
  #statusWaiters: { status: number; resolve: () => void }[] = [];

  constructor(service: string) {
    this.conn = new Strophe.Connection(service);
    this.conn.rawInput = (data: string) => { this.transcript.push(`IN  ${data}`); };
    this.conn.rawOutput = (data: string) => { this.transcript.push(`OUT ${data}`); };
  }

  connect(jid: string, password: string): Promise<void> {
    const connected = this.waitStatus(Strophe.Status.CONNECTED);
    this.conn.connect(jid, password, (status: number, condition?: string | null) => {
      this.statuses.push([status, condition ?? undefined]);
      for (const w of this.#statusWaiters.filter((x) => x.status === status)) w.resolve();
      this.#statusWaiters = this.#statusWaiters.filter((x) => x.status !== status);
    });
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

  waitStatus(status: number): Promise<void> {
    if (this.statuses.some(([s]) => s === status)) return Promise.resolve();
    return new Promise((resolve) => this.#statusWaiters.push({ status, resolve }));
  }

  waitFor(match: (s: Stanza) => boolean, what: string): Promise<Stanza> {
    const i = this.#stanzas.findIndex(match);
    if (i >= 0) return Promise.resolve(this.#stanzas.splice(i, 1)[0]!);
    return this.#bounded(new Promise((resolve) => this.#waiters.push({ match, resolve })), what);
  }

  #bounded<T>(p: Promise<T>, what: string, ms = 5000): Promise<T> {
    return Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => {
      reject(new Error(`Strophe: no ${what} within ${ms} ms; statuses ${JSON.stringify(this.statuses)}\n${this.transcript.join('\n')}`));
    }, ms).unref())]);
  }

  disconnected(): Promise<void> {
    return this.#bounded(this.waitStatus(Strophe.Status.DISCONNECTED), 'DISCONNECTED');
  }
}

function unavailableOf(jid: string): Promise<PresenceEvent> {
  return new Promise((resolve) => {
    const off = ts.server.notification.presence.onPresence((e) => {
      if (e.jid.full === jid && e.type === 'unavailable') {
        off();
        resolve(e);
      }
    });
  });
}

const fromFinesse = (s: Stanza) => s.nodeName === 'presence' && (s.getAttribute('from') ?? '').startsWith('finesse@localhost');
const pubsubEvent = (s: Stanza) => s.nodeName === 'message' && s.getAttribute('from') === 'pubsub.localhost';

async function loginReceiveAndLeave(port: number, round: number): Promise<void> {
  const c = new StropheClient(`wss://localhost:${port}/ws/`);
  await c.connect('1001014@localhost/desktop', 'agent');
  assert.equal(c.conn.jid, '1001014@localhost/desktop');
  assert.ok(c.transcript.some((l) => l.startsWith('IN  <open ')), 'RFC 7395 framing');
  c.conn.send($pres());
  await c.waitFor(fromFinesse, 'finesse presence');

  const update = `<Update><data><user/></data><event>PUT</event><requestId>round-${round}</requestId><source>/finesse/api/User/1001014</source></Update>`;
  ts.server.pubsub.publishInternal('/finesse/api/User/1001014', update);
  const m = await c.waitFor(pubsubEvent, 'pubsub event');
  const item = m.getElementsByTagName('items')[0];
  assert.equal(item?.getAttribute('node'), '/finesse/api/User/1001014');
  assert.equal(m.getElementsByTagName('notification')[0]?.textContent, update);

  const gone = unavailableOf('1001014@localhost/desktop');
  c.conn.disconnect('done');
  await c.disconnected();
  const e = await Promise.race([gone, new Promise<never>((_, r) => setTimeout(() => r(new Error('no unavailable presence')), 3000).unref())]);
  assert.equal(e.type, 'unavailable');
}

describe('interop: Strophe.js 5 over WebSocket', () => {
  it('logs in on wss://…/ws/, receives the finesse presence and a pubsub event, disconnects, and does it again', async () => {
    await loginReceiveAndLeave(ts.ready.ports.notification!, 1);
    await loginReceiveAndLeave(ts.ready.ports.notification!, 2);
    await loginReceiveAndLeave(ts.ready.ports.https!, 3);
  });

  it('sees the stream error when a second login with the same resource replaces it (conflict)', async () => {
    const first = new StropheClient(`wss://localhost:${ts.ready.ports.notification!}/ws/`);
    await first.connect('1001015@localhost/desktop', 'agent');
    const second = new StropheClient(`wss://localhost:${ts.ready.ports.notification!}/ws/`);
    await second.connect('1001015@localhost/desktop', 'agent');
    await first.disconnected();
    assert.ok(first.statuses.some(([s, cond]) => s === Strophe.Status.ERROR && cond === 'conflict'), JSON.stringify(first.statuses));
    second.conn.disconnect('done');
    await second.disconnected();
  });
});
