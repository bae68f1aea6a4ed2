// Interoperability with Strophe.js 5 (npm strophe.js, the library of the Finesse desktop) over BOSH, in
// Node. Strophe's BOSH transport needs XMLHttpRequest: `xhr2` provides it, subclassed with a
// `responseXML` getter because Strophe 5 stalls without one ([notification-service] §5.2). xhr2 uses
// node's https.globalAgent, which is told to trust the ready line's CA, so certificates are verified.
// The client asks for wait=30, hold=1 as the desktop does, checks what the server advertised, logs in,
// receives a pubsub event, disconnects with a terminate body, and logs in again.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import XHR from 'xhr2';
import { DOMParser } from '@xmldom/xmldom';
import type { PresenceEvent } from '../../src/xmpp/features/presence.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

class XHRX extends XHR {
  get responseXML(): unknown {
    if (this.readyState !== 4 || !this.responseText) return null;
    return new DOMParser().parseFromString(this.responseText, 'text/xml');
  }
  set responseXML(_: unknown) {}
}
(globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = XHRX;
const { Strophe, $pres } = await import('strophe.js'); // after the shim

let ts: TestServer;
before(async () => {
  ts = await startTestServer();
  https.globalAgent.options.ca = readFileSync(ts.ready.ca);
  Strophe.setLogLevel(Strophe.LogLevel.FATAL);
});
after(async () => {
  https.globalAgent.destroy();
  await ts?.stop();
});

type Stanza = { getAttribute(name: string): string | null; nodeName: string; getElementsByTagName(name: string): ArrayLike<{ textContent: string | null; getAttribute(name: string): string | null }> };
interface BoshProto { wait: number; hold: number; window: number; inactivity: number | null; sid: string | null }

/** One Strophe BOSH connection with promise-based waits and a transcript for failure messages. */
class StropheBosh {
  readonly conn: InstanceType<typeof Strophe.Connection>;
  readonly statuses: [number, string | undefined][] = [];
  readonly transcript: string[] = [];
  #stanzas: Stanza[] = [];
  #waiters: { match: (s: Stanza) => boolean; resolve: (s: Stanza) => void }[] = [];

  constructor(service: string) {
    this.conn = new Strophe.Connection(service);
    this.conn.rawInput = (d: string) => { this.transcript.push(`IN  ${d}`); };
    this.conn.rawOutput = (d: string) => { this.transcript.push(`OUT ${d}`); };
  }

  get proto(): BoshProto {
    return (this.conn as unknown as { _proto: BoshProto })._proto;
  }

  connect(jid: string, password: string): Promise<void> {
    this.conn.addHandler((s: Stanza) => {
      const w = this.#waiters.find((x) => x.match(s));
      if (w) {
        this.#waiters = this.#waiters.filter((x) => x !== w);
        w.resolve(s);
      } else {
        this.#stanzas.push(s);
      }
      return true;
    }, null, null, null, null, null);
    // wait=30, hold=1: what the Finesse desktop asks for (§0.3).
    this.conn.connect(jid, password, (status: number, condition?: string | null) => { this.statuses.push([status, condition ?? undefined]); }, 30, 1);
    return this.status(Strophe.Status.CONNECTED, 'CONNECTED');
  }

  status(status: number, what: string): Promise<void> {
    return this.#bounded(new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (this.statuses.some(([s]) => s === status)) {
          clearInterval(check);
          resolve();
        }
      }, 10);
    }), what);
  }

  waitFor(match: (s: Stanza) => boolean, what: string): Promise<Stanza> {
    const i = this.#stanzas.findIndex(match);
    if (i >= 0) return Promise.resolve(this.#stanzas.splice(i, 1)[0]!);
    return this.#bounded(new Promise((resolve) => this.#waiters.push({ match, resolve })), what);
  }

  #bounded<T>(p: Promise<T>, what: string, ms = 8000): Promise<T> {
    return Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => {
      reject(new Error(`Strophe/BOSH: no ${what} within ${ms} ms; statuses ${JSON.stringify(this.statuses)}\n${this.transcript.join('\n')}`));
    }, ms).unref())]);
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

const fromFinesse = (s: Stanza): boolean => s.nodeName === 'presence' && (s.getAttribute('from') ?? '').startsWith('finesse@localhost');
const pubsubEvent = (s: Stanza): boolean => s.nodeName === 'message' && s.getAttribute('from') === 'pubsub.localhost';

async function loginReceiveAndLeave(url: string, round: number): Promise<void> {
  const c = new StropheBosh(url);
  await c.connect('1001013@localhost/desktop', 'agent');
  assert.equal(c.conn.jid, '1001013@localhost/desktop');
  // What the server advertised, as Strophe understood it.
  assert.equal(c.proto.wait, 30);
  assert.equal(c.proto.hold, 1);
  assert.equal(c.proto.window, 2, 'requests');
  assert.equal(c.proto.inactivity, 60);
  assert.ok(c.transcript.some((l) => /^OUT .*xmpp:restart=['"]true['"]/.test(l)), 'X3: Strophe restarted the stream');
  c.conn.send($pres());
  await c.waitFor(fromFinesse, 'finesse presence');

  const update = `<Update><data><user/></data><event>PUT</event><requestId>bosh-${round}</requestId><source>/finesse/api/User/1001013</source></Update>`;
  setTimeout(() => ts.server.pubsub.publishInternal('/finesse/api/User/1001013', update), 300); // on the held long poll
  const m = await c.waitFor(pubsubEvent, 'pubsub event');
  assert.equal(m.getElementsByTagName('items')[0]?.getAttribute('node'), '/finesse/api/User/1001013');
  assert.equal(m.getElementsByTagName('notification')[0]?.textContent, update);

  const gone = unavailableOf('1001013@localhost/desktop');
  c.conn.disconnect('done'); // a terminate body carrying unavailable presence (B14)
  await c.status(Strophe.Status.DISCONNECTED, 'DISCONNECTED');
  const e = await Promise.race([gone, new Promise<never>((_, r) => setTimeout(() => r(new Error('no unavailable presence')), 3000).unref())]);
  assert.equal(e.type, 'unavailable');
  assert.ok(c.transcript.some((l) => /^OUT .*type=['"]terminate['"]/.test(l)), 'Strophe sent terminate');
}

describe('interop: Strophe.js 5 over BOSH', () => {
  it('logs in with wait=30 hold=1, receives a pubsub event, disconnects and logs in again', async () => {
    await loginReceiveAndLeave(`https://localhost:${ts.ready.ports.notification!}/http-bind`, 1);
    await loginReceiveAndLeave(`https://localhost:${ts.ready.ports.notification!}/http-bind`, 2);
    await loginReceiveAndLeave(`https://localhost:${ts.ready.ports.https!}/http-bind/`, 3);
  });
});
