// End to end over real WebSockets (RFC 7395) on both HTTPS listeners, the `ws` client verifying the
// server against the ready line's CA: login, IQ, pubsub, clean close, stream errors, every bad-input
// case with its WebSocket close code or stream error, the Origin check, and liveness (a vanished peer,
// a peer that stops answering XEP-0199 pings, a peer that stops answering WebSocket pings).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { xml, type Element } from '../../src/xml/element.js';
import { NS_FRAMING, NS_PING, NS_PUBSUB, NS_PUBSUB_EVENT, NS_SASL, NS_STREAM, NS_STREAMS_ERR, NS_TLS } from '../../src/xml/ns.js';
import type { PresenceEvent } from '../../src/xmpp/features/presence.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { HandshakeRefused, TestWsClient, type WsClientOptions } from '../helpers/ws-client.js';

const CLOSE_FRAME = `<close xmlns="${NS_FRAMING}" />`;
let ts: TestServer;
const opts = (extra: Partial<WsClientOptions> = {}): WsClientOptions => ({ port: ts.ready.ports.notification!, ca: ts.ready.ca, ...extra });
const login = (username: string, extra: Partial<WsClientOptions> & { resource?: string; presence?: boolean } = {}) =>
  TestWsClient.login({ ...opts(), username, password: 'agent', ...extra });

const conditionOf = (err: Element): string | undefined =>
  err.elements().find((e) => e.ns === NS_STREAMS_ERR && e.localName !== 'text')?.localName;

/** The RFC 7395 §3.6 ending after a stream error: `<stream:error/>`, then `<close/>`, then WebSocket close 1000. */
async function streamErrorAndClose(c: TestWsClient): Promise<string | undefined> {
  const err = await c.waitFor((el) => el.is('error', NS_STREAM));
  const closed = await c.waitClosed();
  assert.equal(closed.code, 1000);
  const texts = c.frames.map((f) => f.text);
  const errorAt = texts.findIndex((t) => t.startsWith('<stream:error'));
  assert.ok(errorAt >= 0 && texts[errorAt + 1] === CLOSE_FRAME, `stream error then <close/>:\n${texts.join('\n')}`);
  assert.match(texts[errorAt] ?? '', /^<stream:error xmlns:stream="http:\/\/etherx\.jabber\.org\/streams">/, 'namespace-complete');
  return conditionOf(err);
}

/** Opens a stream (unauthenticated) and sends one raw frame. */
async function afterOpen(frame: string | Buffer, binary = false): Promise<TestWsClient> {
  const c = await TestWsClient.connect(opts());
  await c.open();
  c.sendRaw(frame, binary);
  return c;
}

function presenceOf(server: TestServer, jid: string, type: 'available' | 'unavailable'): Promise<PresenceEvent> {
  return new Promise((resolve) => {
    const off = server.server.notification.presence.onPresence((e) => {
      if (e.jid.full === jid && e.type === type) {
        off();
        resolve(e);
      }
    });
  });
}

const within = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms).unref())]);

before(async () => {
  ts = await startTestServer();
  // These tests walk through the switch from off, as Cisco ships it (a fresh Parley install has it on).
  for (const service of ['finesse', 'notification', 'livedata'] as const) ts.server.stores.cors.setEnabled(service, false);
});
after(async () => {
  await ts.stop();
});

describe('XMPP over WebSocket: login and traffic', () => {
  it('logs in on /ws/ of the notification port: open, PLAIN, restart, bind, presence, finesse presence', async () => {
    const c = await TestWsClient.connect(opts());
    assert.equal(c.ws.protocol, 'xmpp', 'Sec-WebSocket-Protocol echoed');
    const features = await c.open();
    const open = c.frames[0]!.el!;
    assert.ok(open.is('open', NS_FRAMING));
    assert.deepEqual([open.attr('from'), open.attr('version'), open.attr('xml:lang')], ['localhost', '1.0', 'en']);
    assert.match(open.attr('id') ?? '', /^[0-9a-f]{16,}$/);
    assert.ok(features.is('features', NS_STREAM));
    assert.equal(features.getChild('starttls', NS_TLS), undefined, 'no STARTTLS over WebSocket');
    const mechs = features.getChild('mechanisms', NS_SASL)!.getChildren('mechanism').map((m) => m.text());
    assert.ok(mechs.includes('PLAIN') && mechs.includes('SCRAM-SHA-1'), mechs.join());
    assert.ok((await c.authPlain('1001001', 'agent')).is('success', NS_SASL));
    const restarted = await c.open();
    assert.ok(restarted.getChild('bind'));
    assert.equal(await c.bind('desktop'), '1001001@localhost/desktop');
    c.send(xml('presence'));
    const finesse = await c.waitFor((el) => el.is('presence') && el.attr('from')?.startsWith('finesse@localhost') === true);
    assert.equal(finesse.attr('type'), undefined);
    for (const f of c.frames) assert.ok(f.el, `every frame is one element: ${f.text}`);
    await c.close();
  });

  it('serves /ws and /ws/ on the https port too', async () => {
    for (const path of ['/ws', '/ws/']) {
      const c = await login('1001002', { port: ts.ready.ports.https!, path, resource: `https${path.length}` });
      assert.match(c.jid, /^1001002@localhost\//);
      await c.close();
    }
    const c = await login('1001002', { path: '/ws', resource: 'notification' });
    await c.close();
  });

  it('answers a ping IQ to the server', async () => {
    const c = await login('1001003');
    const r = await c.iq(xml('iq', { type: 'get', to: 'localhost' }, xml('ping', { xmlns: NS_PING })));
    assert.equal(r.attr('type'), 'result');
    assert.equal(r.attr('from'), 'localhost');
    assert.match(c.frames.at(-1)!.text, /^<iq xmlns="jabber:client"/, 'stanzas carry jabber:client');
    await c.close();
  });

  it('delivers a pubsub event published on the agent\'s User node', async () => {
    const c = await login('1001004');
    await c.waitFor((el) => el.is('presence') && el.attr('from')?.startsWith('finesse@') === true);
    const update = '<Update><data><user/></data><event>PUT</event><requestId></requestId><source>/finesse/api/User/1001004</source></Update>';
    ts.server.pubsub.publishInternal('/finesse/api/User/1001004', update);
    const m = await c.waitFor((el) => el.is('message') && el.attr('from') === 'pubsub.localhost');
    const items = m.getChild('event', NS_PUBSUB_EVENT)?.getChild('items');
    assert.equal(items?.attr('node'), '/finesse/api/User/1001004');
    assert.equal(items?.getChild('item')?.getChild('notification', NS_PUBSUB)?.text(), update);
    await c.close();
  });

  it('closes cleanly: the client\'s <close/> gets the server\'s <close/>, WebSocket close 1000, and unavailable presence', async () => {
    const c = await login('1001005', { resource: 'clean' });
    const gone = presenceOf(ts, '1001005@localhost/clean', 'unavailable');
    const closed = await c.close();
    assert.equal(closed.code, 1000);
    assert.equal(c.frames.at(-1)?.text, CLOSE_FRAME, 'exactly the close Strophe.js recognises');
    const e = await within(gone, 2000, 'unavailable presence');
    assert.match(e.reason ?? '', /stream closed/);
  });

  it('ends a stream with a stream error, <close/> and WebSocket close 1000 (host-unknown)', async () => {
    const c = await TestWsClient.connect(opts());
    c.sendRaw(`<open xmlns='${NS_FRAMING}' to='example.com' version='1.0'/>`);
    assert.equal(await streamErrorAndClose(c), 'host-unknown');
  });

  it('ends the old stream with conflict when the same resource logs in again', async () => {
    const first = await login('1001006', { resource: 'desktop' });
    const second = await login('1001006', { resource: 'desktop' });
    assert.equal(await streamErrorAndClose(first), 'conflict');
    await second.close();
  });

  it('answers a plain GET with 426 Upgrade Required', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      request({ host: '127.0.0.1', port: ts.ready.ports.notification!, path: '/ws/', servername: 'localhost', ca: readFileSync(ts.ready.ca) }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject).end();
    });
    assert.equal(status, 426);
  });
});

describe('XMPP over WebSocket: bad input', () => {
  it('refuses a handshake without the xmpp subprotocol with HTTP 400', async () => {
    for (const protocols of [[], ['chat'], ['xmpp-like']]) {
      await assert.rejects(TestWsClient.connect(opts({ protocols })), (e) => e instanceof HandshakeRefused && e.status === 400, protocols.join());
    }
    const c = await TestWsClient.connect(opts({ protocols: ['chat', 'xmpp'] }));
    assert.equal(c.ws.protocol, 'xmpp');
    c.destroy();
  });

  it('closes on a binary frame with 1003', async () => {
    const c = await afterOpen(Buffer.from(`<iq xmlns='jabber:client' type='get' id='1'/>`), true);
    assert.equal((await c.waitClosed()).code, 1003);
  });

  it('closes on invalid UTF-8 with 1007', async () => {
    const c = await afterOpen(Buffer.from([0x3c, 0x69, 0x71, 0xff, 0xfe, 0x2f, 0x3e]));
    assert.equal((await c.waitClosed()).code, 1007);
  });

  it('closes on a frame that does not start with "<" with 1007 (text, whitespace keepalive)', async () => {
    for (const frame of ['hello', ' ', ' <presence/>']) {
      const c = await afterOpen(frame);
      assert.equal((await c.waitClosed()).code, 1007, JSON.stringify(frame));
    }
  });

  it('closes on a frame over the limit with 1009 and ends the session with policy-violation', async () => {
    const c = await login('1001007', { resource: 'big' });
    const gone = presenceOf(ts, '1001007@localhost/big', 'unavailable');
    c.sendRaw(`<message xmlns='jabber:client' to='1001008@localhost'><body>${'x'.repeat(300_000)}</body></message>`);
    assert.equal((await c.waitClosed()).code, 1009);
    const e = await within(gone, 2000, 'unavailable presence');
    assert.match(e.reason ?? '', /policy-violation/);
  });

  it('answers two elements in one frame with not-well-formed', async () => {
    const c = await afterOpen(`<presence xmlns='jabber:client'/><presence xmlns='jabber:client'/>`);
    assert.equal(await streamErrorAndClose(c), 'not-well-formed');
  });

  it('answers a partial element with not-well-formed', async () => {
    const c = await afterOpen(`<iq xmlns='jabber:client' type='get' id='1'>`);
    assert.equal(await streamErrorAndClose(c), 'not-well-formed');
  });

  it('answers a comment with restricted-xml', async () => {
    for (const frame of ['<!-- hello --><presence/>', `<presence xmlns='jabber:client'><!-- hi --></presence>`]) {
      const c = await afterOpen(frame);
      assert.equal(await streamErrorAndClose(c), 'restricted-xml');
    }
  });

  it('answers a first frame other than <open/> in the framing namespace with a stream error', async () => {
    const wrongNs = await TestWsClient.connect(opts());
    wrongNs.sendRaw(`<open xmlns='jabber:client' to='localhost' version='1.0'/>`);
    assert.equal(await streamErrorAndClose(wrongNs), 'invalid-namespace');
    const stanza = await TestWsClient.connect(opts());
    stanza.sendRaw(`<presence xmlns='jabber:client'/>`);
    assert.equal(await streamErrorAndClose(stanza), 'bad-format');
  });

  it('refuses STARTTLS over WebSocket, and waits for the client\'s <close/> before closing the WebSocket', async () => {
    const c = await afterOpen(`<starttls xmlns='${NS_TLS}'/>`);
    await c.waitFor((el) => el.is('failure', NS_TLS));
    await c.waitFor((el) => el.is('close', NS_FRAMING));
    assert.equal(c.ws.readyState, c.ws.OPEN, 'RFC 7395 §3.6: the server waits for the client\'s <close/>');
    c.sendRaw(`<close xmlns='${NS_FRAMING}'/>`);
    assert.equal((await c.waitClosed(2000)).code, 1000);
  });
});

describe('XMPP over WebSocket: the Origin check', () => {
  const refusedWith403 = (e: unknown) => e instanceof HandshakeRefused && e.status === 403;

  it('allows no Origin (not a browser) and the listener\'s own origin', async () => {
    const none = await login('1001009', { resource: 'no-origin' });
    await none.close();
    for (const port of [ts.ready.ports.notification!, ts.ready.ports.https!]) {
      const own = await login('1001009', { port, origin: `https://localhost:${port}`, resource: `own-${port}` });
      await own.close();
    }
  });

  it('refuses an origin that is not allowed with 403, and allows it once it is on the notification list', async () => {
    const origin = 'https://app.example.com';
    await assert.rejects(TestWsClient.connect(opts({ origin })), refusedWith403);
    await assert.rejects(TestWsClient.connect(opts({ origin: 'null' })), refusedWith403);
    await assert.rejects(TestWsClient.connect(opts({ origin: `https://localhost:${ts.ready.ports.https!}` })), refusedWith403, 'the other listener\'s origin');
    ts.server.stores.cors.addOrigin('notification', origin);
    await assert.rejects(TestWsClient.connect(opts({ origin })), refusedWith403, 'listed but CORS disabled');
    ts.server.stores.cors.setEnabled('notification', true);
    try {
      const c = await login('1001009', { origin, resource: 'cors' });
      await c.close();
      await assert.rejects(TestWsClient.connect(opts({ origin: 'https://evil.example.com' })), refusedWith403);
    } finally {
      ts.server.stores.cors.setEnabled('notification', false);
    }
  });
});

describe('XMPP over WebSocket: liveness', () => {
  it('ends the session of a vanished peer (no close frame, no <close/>) with unavailable presence', async () => {
    const c = await login('1001010', { resource: 'vanish' });
    await c.waitFor((el) => el.is('presence') && el.attr('from')?.startsWith('finesse@') === true);
    const gone = presenceOf(ts, '1001010@localhost/vanish', 'unavailable');
    c.destroy();
    const e = await within(gone, 3000, 'unavailable presence');
    assert.match(e.reason ?? '', /connection closed/);
  });

  it('closes with connection-timeout a peer that stops answering XEP-0199 pings', async () => {
    const fast = await startTestServer({ xmpp: { pingIntervalS: 1, pingTimeoutS: 1 }, websocket: { pingIntervalS: 0 } });
    try {
      const c = await TestWsClient.login({ port: fast.ready.ports.notification!, ca: fast.ready.ca, username: '1001011', password: 'agent', resource: 'mute' });
      const gone = presenceOf(fast, '1001011@localhost/mute', 'unavailable');
      const ping = await c.waitFor((el) => el.is('iq') && el.attr('type') === 'get' && el.getChild('ping', NS_PING) !== undefined, 3000);
      assert.equal(ping.attr('from'), 'localhost');
      assert.equal(await streamErrorAndClose(c), 'connection-timeout');
      assert.match((await within(gone, 1000, 'unavailable presence')).reason ?? '', /connection-timeout/);
    } finally {
      await fast.stop();
    }
  });

  it('WebSocket pings keep an idle peer that answers, and end one that does not with connection-timeout', async () => {
    const fast = await startTestServer({ xmpp: { pingIntervalS: 0 }, websocket: { pingIntervalS: 1 } });
    try {
      const base = { port: fast.ready.ports.notification!, ca: fast.ready.ca, password: 'agent' };
      const answering = await TestWsClient.login({ ...base, username: '1001012', resource: 'pongs' });
      const silent = await TestWsClient.login({ ...base, username: '1001013', resource: 'no-pongs', autoPong: false });
      const gone = presenceOf(fast, '1001013@localhost/no-pongs', 'unavailable');
      const e = await within(gone, 4000, 'unavailable presence of the silent peer');
      assert.match(e.reason ?? '', /connection-timeout/);
      const err = await silent.waitFor((el) => el.is('error', NS_STREAM));
      assert.equal(conditionOf(err), 'connection-timeout');
      assert.match(err.getChildText('text', NS_STREAMS_ERR) ?? '', /No WebSocket pong/);
      await new Promise((r) => setTimeout(r, 1000));
      const r = await answering.iq(xml('iq', { type: 'get', to: 'localhost' }, xml('ping', { xmlns: NS_PING })));
      assert.equal(r.attr('type'), 'result', 'the peer answering WebSocket pings is still connected');
      await answering.close();
    } finally {
      await fast.stop();
    }
  });
});
