import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FinesseSession, type ConnectionState } from '../../web/lib/session.js';
import { RestClient, basicAuthorization, type FetchLike } from '../../web/lib/rest-client.js';
import { FakeWs, ManualTimers, parser, serverAcceptsLogin, updateFrame } from './fakes.js';

const systemInfo = (status = 'IN_SERVICE', domain = 'a.example') => `<SystemInfo><status>${status}</status><currentTimestamp>2026-11-22T09:00:00.000Z</currentTimestamp><xmppDomain>${domain}</xmppDomain><xmppPubSubDomain>pubsub.${domain}</xmppPubSubDomain><primaryNode><host>a.example</host></primaryNode><secondaryNode><host>b.example</host></secondaryNode><timezoneOffset>0</timezoneOffset></SystemInfo>`;

function setup() {
  const timers = new ManualTimers();
  const sockets: FakeWs[] = [];
  const requests: { url: string; method: string; headers: Record<string, string>; body?: string }[] = [];
  let down = new Set<string>();
  const fetch: FetchLike = async (url, init) => {
    requests.push({ url, method: init.method, headers: init.headers, ...(init.body !== undefined ? { body: init.body } : {}) });
    const host = url.startsWith('https://') ? new URL(url).hostname : 'a.example';
    if (down.has(host)) throw new Error('connection refused');
    const text = url.endsWith('/SystemInfo') ? systemInfo('IN_SERVICE', host) : url.includes('/User/') ? '<User><loginId>1001001</loginId><state>READY</state></User>' : '';
    return { status: 200, text: async () => text, headers: { get: () => null } };
  };
  const states: ConnectionState[] = [];
  const s = new FinesseSession({
    credentials: { id: '1001001', password: 'agent' },
    page: { protocol: 'https:', hostname: 'a.example', port: '8445' },
    fetch, parser, timers,
    ws: (url, p) => { const w = new FakeWs(url, p); sockets.push(w); return w; },
    now: () => timers.now, random: () => 0.5, newRequestId: () => 'rid-1', clientOffsetMinutes: () => 0,
    tuning: { pingIntervalMs: 10_000, pingTimeoutMs: 5_000, pingMaxFailures: 2, systemInfoIntervalMs: 60_000, backoff: { initialMs: 1000, maxMs: 8000, factor: 2, jitter: 0 } },
  });
  s.onState((st) => states.push(st));
  return { s, timers, sockets, requests, states, setDown: (hosts: string[]) => { down = new Set(hosts); } };
}

describe('FinesseSession: failure detection, reconnect, failover, re-read', () => {
  test('start reads SystemInfo, logs drift and latency, and connects /ws on the same host', async () => {
    const { s, sockets } = setup();
    const started = s.start();
    await new Promise((r) => setImmediate(r));
    assert.equal(sockets[0]!.url, 'wss://a.example:8445/ws');
    serverAcceptsLogin(sockets[0]!, 'a.example');
    assert.deepEqual(await started, { ok: true });
    assert.match(s.log.text(), /Header : Client: .*, Server: 2026-11-22T09:00:00.000Z, Drift: -?\d+ ms, Network Latency \(round trip\): \d+ ms/);
  });

  test('lost → reconnect with backoff, alternating with the alternate node; on recovery explicit nodes are renewed and objects re-read', async () => {
    const { s, sockets, timers, states, setDown, requests } = setup();
    const started = s.start();
    await new Promise((r) => setImmediate(r));
    serverAcceptsLogin(sockets[0]!, 'a.example');
    await started;
    let refreshed = 0;
    s.track({ node: '/finesse/api/Team/1/Users', explicit: true, refresh: () => { refreshed++; } });
    assert.match(sockets[0]!.last(), /<subscribe node="\/finesse\/api\/Team\/1\/Users"/);
    setDown(['a.example']);
    sockets[0]!.drop(1006);
    assert.equal(states.at(-1), 'lost');
    await timers.advance(1000); // attempt 1: a.example, SystemInfo fails
    assert.equal(sockets.length, 1);
    await timers.advance(2000); // attempt 2: the alternate node
    assert.equal(sockets.length, 2);
    assert.equal(sockets[1]!.url, 'wss://b.example:8445/ws');
    assert.ok(requests.some((r) => r.url === 'https://b.example:8445/finesse/api/SystemInfo'));
    serverAcceptsLogin(sockets[1]!, 'b.example');
    await new Promise((r) => setImmediate(r));
    assert.equal(states.at(-1), 'connected');
    assert.equal(s.fqdn, 'b.example');
    assert.equal(refreshed, 1);
    assert.ok(sockets[1]!.sent.some((f) => /<subscribe node="\/finesse\/api\/Team\/1\/Users" jid="1001001@b.example\/desktop"\/>/.test(f)));
    assert.equal(s.rest.baseUrl, 'https://b.example:8445');
  });

  test('a SystemInfo event or the finesse user going unavailable means lost, until SystemInfo says IN_SERVICE again', async () => {
    const { s, sockets, timers, states } = setup();
    const started = s.start();
    await new Promise((r) => setImmediate(r));
    serverAcceptsLogin(sockets[0]!, 'a.example');
    await started;
    sockets[0]!.receive(updateFrame('/finesse/api/SystemInfo', '<Update><event>PUT</event><data><SystemInfo><status>OUT_OF_SERVICE</status></SystemInfo></data></Update>', '1001001@a.example'));
    assert.equal(states.at(-1), 'lost');
    await timers.advance(1000);
    serverAcceptsLogin(sockets[1]!, 'a.example');
    await new Promise((r) => setImmediate(r));
    assert.equal(states.at(-1), 'connected');
    sockets[1]!.receive('<presence from="finesse@a.example/finesse" type="unavailable"/>');
    assert.equal(states.at(-1), 'lost');
    assert.match(s.log.text(), /failover: the finesse user became unavailable/);
  });

  test('events are dispatched by node; a broken handler does not stop the others', async () => {
    const { s, sockets } = setup();
    const started = s.start();
    await new Promise((r) => setImmediate(r));
    serverAcceptsLogin(sockets[0]!, 'a.example');
    await started;
    const got: string[] = [];
    s.onNode('/finesse/api/User/1001001', () => { throw new Error('boom'); });
    s.onNode('/finesse/api/User/1001001', (u) => got.push(u.event));
    sockets[0]!.receive(updateFrame('/finesse/api/User/1001001', '<Update><event>PUT</event><data><user><state>READY</state></user></data></Update>', '1001001@a.example'));
    sockets[0]!.receive(updateFrame('/finesse/api/User/1001001', 'not an update', '1001001@a.example'));
    assert.deepEqual(got, ['PUT']);
    assert.match(s.log.text(), /handler for \/finesse\/api\/User\/1001001 failed: boom/);
    assert.match(s.log.text(), /not an <Update>/);
  });

  test('a wrong password stops at the start with "unauthorized"; stop() ends everything', async () => {
    const { s, sockets, states } = setup();
    const started = s.start();
    await new Promise((r) => setImmediate(r));
    sockets[0]!.open();
    sockets[0]!.receive('<stream:features xmlns:stream="http://etherx.jabber.org/streams"><mechanisms xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><mechanism>PLAIN</mechanism></mechanisms></stream:features>');
    sockets[0]!.receive('<failure xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><not-authorized/></failure>');
    const r = await started;
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.reason, 'unauthorized');
    s.stop();
    assert.equal(states.at(-1), 'stopped');
  });
});

describe('RestClient', () => {
  const make = (status: number, text: string, seen: { url?: string; headers?: Record<string, string>; body?: string } = {}) => new RestClient({
    baseUrl: '', credentials: { id: '1001001', password: 'pä:ss' }, parser, newRequestId: () => 'req-7',
    fetch: async (url, init) => { seen.url = url; seen.headers = init.headers; if (init.body !== undefined) seen.body = init.body; return { status, text: async () => text, headers: { get: () => null } }; },
  });

  test('Basic auth in UTF-8, requestId on changes only, bodies in Finesse XML', async () => {
    const seen: { url?: string; headers?: Record<string, string>; body?: string } = {};
    const c = make(202, '', seen);
    const r = await c.dialogAction('77', 'CONSULT_CALL', { targetMediaAddress: '1001001', toAddress: '1001<2>' });
    assert.equal(r.ok, true);
    assert.equal(seen.headers!.authorization, `Basic ${Buffer.from('1001001:pä:ss').toString('base64')}`);
    assert.equal(basicAuthorization({ id: 'a', password: 'b' }), 'Basic YTpi');
    assert.equal(seen.headers!.requestId, 'req-7');
    assert.equal(seen.body, '<Dialog><requestedAction>CONSULT_CALL</requestedAction><toAddress>1001&lt;2&gt;</toAddress><targetMediaAddress>1001001</targetMediaAddress></Dialog>');
    await c.dialogAction('77', 'UPDATE_CALL_DATA', { wrapUpReason: 'Sales' });
    assert.match(seen.body!, /<mediaProperties><wrapUpReason>Sales<\/wrapUpReason><\/mediaProperties>/);
    await make(200, '<User><loginId>1</loginId></User>', seen).user();
    assert.equal(seen.headers!.requestId, undefined);
  });

  test('errors: ApiErrors, wrong root, not XML, network failure', async () => {
    const e = await make(400, '<ApiErrors><ApiError><ErrorType>Invalid Input</ErrorType><ErrorMessage>bad</ErrorMessage></ApiError></ApiErrors>').signIn('x');
    assert.equal(!e.ok && e.error.kind === 'http' && e.error.errors[0]!.errorType, 'Invalid Input');
    const wrong = await make(200, '<Team/>').user();
    assert.equal(!wrong.ok && wrong.error.kind, 'bad-response');
    const junk = await make(200, '<<<').systemInfo();
    assert.equal(!junk.ok && junk.error.kind, 'bad-response');
    const net = await new RestClient({ baseUrl: '', credentials: { id: 'a', password: 'b' }, parser, newRequestId: () => 'r', fetch: async () => { throw new Error('ECONNREFUSED'); } }).user();
    assert.equal(!net.ok && net.error.kind, 'network');
  });

  test('the client log is capped below the ClientLog limit and escaped', async () => {
    const seen: { body?: string } = {};
    await make(202, '', seen).clientLog(`<script>${'x'.repeat(1_200_000)}`);
    assert.ok(seen.body!.length < 1_048_576 + 100);
    assert.match(seen.body!, /^<ClientLog><logData>x+<\/logData><\/ClientLog>$/);
    await make(202, '', seen).clientLog('a<b>&c');
    assert.equal(seen.body, '<ClientLog><logData>a&lt;b&gt;&amp;c</logData></ClientLog>');
  });
});
