// Live Data end to end (issue 9): a real `ws` client over TLS on the livedata port, the real contact
// center over the embedded CTI server. Snapshot, then updates after state changes and an offered call;
// permissions per viewer; Basic on the upgrade or an `auth` message; the livedata CORS allow-list.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let ts: TestServer;
let ca: Buffer;

before(async () => {
  ts = await startTestServer();
  ca = readFileSync(ts.ready.ca);
  const deadline = Date.now() + 10_000;
  while (ts.server.contactCenter.link().state !== 'IN_SERVICE' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
});
after(async () => { await ts.stop(); });

const basic = (id: string, pw: string): string => `Basic ${Buffer.from(`${id}:${pw}`).toString('base64')}`;

interface Msg { type: string; report?: string; rows?: { id: string; [k: string]: unknown }[]; removed?: string[]; message?: string; seq?: number }

class Client {
  readonly messages: Msg[] = [];
  #waiters: (() => void)[] = [];
  constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => { this.messages.push(JSON.parse(d.toString()) as Msg); for (const w of this.#waiters.splice(0)) w(); });
  }
  static open(headers: Record<string, string>): Promise<Client> {
    const ws = new WebSocket(`wss://localhost:${ts.ready.ports.livedata}/livedata/stream`, { ca, headers });
    return new Promise((resolve, reject) => {
      const c = new Client(ws);
      ws.once('open', () => resolve(c));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }
  async until(pred: (m: Msg) => boolean, what: string, ms = 5000): Promise<Msg> {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = this.messages.find(pred);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.messages).slice(0, 800)}`);
      await new Promise<void>((r) => { this.#waiters.push(r); setTimeout(r, 100); });
    }
  }
  send(m: unknown): void { this.ws.send(typeof m === 'string' ? m : JSON.stringify(m)); }
  close(): void { this.ws.close(); }
}

const rowOf = (m: Msg, id: string) => m.rows?.find((r) => r.id === id);

describe('Live Data stream', () => {
  it('is on the ready line and answers its index', async () => {
    assert.ok(ts.ready.ports.livedata! > 0);
    assert.deepEqual(Object.keys(ts.ready.ports), ['https', 'notification', 'xmpp', 'xmpps', 'cti', 'livedata']);
  });

  it('an administrator gets snapshots, then updates after a state change and an offered call', async () => {
    const c = await Client.open({ authorization: basic('admin', 'admin') });
    await c.until((m) => m.type === 'ready', 'ready');
    for (const report of ['agents', 'teams', 'queues']) c.send({ type: 'subscribe', report });
    const snap = await c.until((m) => m.type === 'snapshot' && m.report === 'agents', 'agents snapshot');
    assert.equal(snap.rows!.length, 21, 'the 20 demo agents and the supervisor, who is an agent too');
    assert.equal(rowOf(snap, '1001004')!.state, 'LOGOUT');
    await c.until((m) => m.type === 'snapshot' && m.report === 'queues', 'queues snapshot');

    const cc = ts.server.contactCenter;
    assert.equal((await cc.setAgentState({ agentId: '1001004', state: 'LOGIN', extension: '1001004' })).ok, true);
    await c.until((m) => m.type === 'update' && m.report === 'agents' && rowOf(m, '1001004')?.state === 'NOT_READY', 'NOT_READY update');
    assert.equal((await cc.setAgentState({ agentId: '1001004', state: 'READY' })).ok, true);
    await c.until((m) => m.type === 'update' && m.report === 'teams' && (rowOf(m, '1')?.ready as number) >= 1, 'team 1 ready count');

    const offered = ts.server.callSimulator.offerCall({ queueId: '1', ani: '5550100' });
    assert.equal(offered.ok, true);
    const withCall = await c.until((m) => m.type === 'update' && m.report === 'agents' && rowOf(m, '1001004')?.call !== null && rowOf(m, '1001004')?.call !== undefined, 'agent with a call');
    assert.equal((rowOf(withCall, '1001004')!.call as { from: string }).from, '5550100');
    if (offered.ok) ts.server.callSimulator.hangUp(offered.value.callId);
    await cc.setAgentState({ agentId: '1001004', state: 'LOGOUT' });
    c.close();
  });

  it('an agent sees only its own agent row; a supervisor its teams', async () => {
    const a = await Client.open({ authorization: basic('1001002', 'agent') });
    a.send({ type: 'subscribe', report: 'agents' });
    const snap = await a.until((m) => m.type === 'snapshot', 'agent snapshot');
    assert.deepEqual(snap.rows!.map((r) => r.id), ['1001002']);
    a.close();
    const s = await Client.open({ authorization: basic('1002001', 'supervisor') });
    s.send({ type: 'subscribe', report: 'agents' });
    const sup = await s.until((m) => m.type === 'snapshot', 'supervisor snapshot');
    assert.ok(sup.rows!.some((r) => r.id === '1001001') && sup.rows!.some((r) => r.id === '1001020'), 'both teams');
    s.close();
  });

  it('a browser signs in with an auth message; a wrong password or none closes the stream', async () => {
    const b = await Client.open({});
    b.send({ type: 'auth', authorization: basic('1001003', 'agent') });
    await b.until((m) => m.type === 'ready', 'ready after auth');
    b.close();
    await assert.rejects(Client.open({ authorization: basic('1001003', 'wrong') }), /HTTP 401/);
    const bad = await Client.open({});
    const closed = new Promise<number>((r) => bad.ws.once('close', (code) => r(code)));
    bad.send({ type: 'subscribe', report: 'agents' });
    assert.equal(await closed, 1008);
  });

  it('malformed messages get an error, and repeated abuse closes the connection', async () => {
    const c = await Client.open({ authorization: basic('admin', 'admin') });
    c.send('not json');
    assert.match((await c.until((m) => m.type === 'error', 'error')).message!, /not JSON/);
    c.send({ type: 'subscribe', report: 'nope' });
    c.send({ type: 'hack' });
    c.send([1, 2]);
    const closed = new Promise<number>((r) => c.ws.once('close', (code) => r(code)));
    c.send({});
    assert.equal(await closed, 1008);
  });

  it('an origin not on the livedata allow-list is refused with 403; once added, it connects', async () => {
    const origin = 'https://reports.example.com';
    await assert.rejects(Client.open({ authorization: basic('admin', 'admin'), origin }), /HTTP 403/);
    ts.server.stores.cors.addOrigin('livedata', origin);
    try {
      const c = await Client.open({ authorization: basic('admin', 'admin'), origin });
      await c.until((m) => m.type === 'ready', 'ready');
      c.close();
    } finally {
      ts.server.stores.cors.removeOrigin('livedata', origin);
    }
  });
});
