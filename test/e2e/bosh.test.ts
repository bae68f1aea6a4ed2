// XMPP over BOSH end to end, over real HTTPS against a real server: the Finesse creation exchange of
// [notification-service] §0.3, login and a pubsub event on the held request, and every kind of bad input
// (each gets its terminate condition or HTTP status while a healthy session keeps working).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect as tlsConnect } from 'node:tls';
import { Readable } from 'node:stream';
import { readFileSync } from 'node:fs';
import { xml } from '../../src/xml/element.js';
import { NS_BIND, NS_PUBSUB_EVENT, NS_SASL, NS_SESSION, NS_STREAM, NS_TLS, NS_XBOSH } from '../../src/xml/ns.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { BoshTestClient, boshBody, post, terminateOf, type HttpResult } from '../helpers/bosh-client.js';
import { CREATION_RESPONSE_ATTRIBUTES, FINESSE_CREATION } from '../../src/xmpp/transport/bosh/bosh-fixtures.test-helper.js';
import type { PresenceEvent } from '../../src/xmpp/features/presence.js';

const DOMAIN = 'fin1.ucce.local';
let ts: TestServer;
const port = (): number => ts.ready.ports.notification!;
const client = (extra: Partial<ConstructorParameters<typeof BoshTestClient>[0]> = {}): BoshTestClient =>
  new BoshTestClient({ port: port(), ca: ts.ready.ca, domain: DOMAIN, ...extra });
const raw = (body: string | Buffer, extra: Partial<Parameters<typeof post>[0]> = {}): Promise<HttpResult> =>
  post({ port: port(), ca: ts.ready.ca, body, ...extra });

/** Publishes an <Update> on the user's node; resolves when `poll` brings the event. */
async function expectEvent(poll: Promise<HttpResult>, user: string, marker: string): Promise<void> {
  setTimeout(() => ts.server.pubsub.publishInternal(`/finesse/api/User/${user}`, `<Update><marker>${marker}</marker></Update>`), 50);
  const r = await poll;
  assert.equal(r.status, 200);
  const items = r.body?.getChild('message')?.getChild('event', NS_PUBSUB_EVENT)?.getChild('items');
  assert.equal(items?.attr('node'), `/finesse/api/User/${user}`, r.text);
  assert.match(r.text, new RegExp(`&lt;marker&gt;${marker}&lt;/marker&gt;`));
}

before(async () => {
  ts = await startTestServer({ fqdn: DOMAIN, http: { requestTimeoutS: 2 } });
});
after(async () => {
  await ts.stop();
});

describe('BOSH: session creation, exactly as Finesse shows it (§0.3)', () => {
  it('accepts the desktop\'s creation request and answers with the advertised values and the features', async () => {
    const r = await raw(FINESSE_CREATION);
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'text/xml; charset=utf-8', 'B3');
    assert.equal(r.headers['cache-control'], 'no-store');
    const b = r.body!;
    assert.deepEqual(Object.keys(b.attrs).sort(), CREATION_RESPONSE_ATTRIBUTES);
    assert.match(b.attr('sid')!, /^[0-9a-f]{40}$/, 'B16: 160 random bits');
    assert.ok(b.attr('authid'));
    const expected = {
      secure: 'true', requests: '2', inactivity: '60', polling: '5', wait: '30', hold: '1', ver: '1.9', maxpause: '120',
      ack: '704654808', from: DOMAIN, 'xmpp:version': '1.0', 'xmpp:restartlogic': 'true', 'xmlns:xmpp': NS_XBOSH, 'xmlns:stream': NS_STREAM,
    };
    for (const [k, v] of Object.entries(expected)) assert.equal(b.attr(k), v, k);
    const features = b.getChild('features', NS_STREAM)!;
    const mechanisms = features.getChild('mechanisms', NS_SASL)!.getChildren('mechanism').map((m) => m.text());
    assert.ok(mechanisms.includes('PLAIN') && mechanisms.includes('SCRAM-SHA-1'), mechanisms.join());
    assert.equal(features.getChild('starttls', NS_TLS), undefined, 'X4: no STARTTLS inside BOSH');
    assert.equal(features.getChild('compression'), undefined, 'X4: no stream compression');
    assert.equal(features.getChild('bind', NS_BIND), undefined, '[decisions] 5: bind only after authentication');
  });

  it('serves /http-bind and /http-bind/ on both HTTPS ports (Finesse 12.6)', async () => {
    for (const [p, path] of [[ts.ready.ports.https!, '/http-bind/'], [port(), '/http-bind/'], [ts.ready.ports.https!, '/http-bind']] as const) {
      const c = new BoshTestClient({ port: p, ca: ts.ready.ca, domain: DOMAIN, path });
      const r = await c.create();
      assert.ok(c.sid, `${p}${path}: ${r.text}`);
      assert.equal(terminateOf(await c.send([], { type: 'terminate' })), '');
    }
  });

  it('refuses a creation request for another domain (host-unknown) or without one (improper-addressing)', async () => {
    assert.equal(terminateOf(await raw(boshBody({ rid: 5, to: 'other.example', wait: 30, hold: 1, ver: '1.6' }))), 'host-unknown');
    assert.equal(terminateOf(await raw(boshBody({ rid: 5, wait: 30, hold: 1, ver: '1.6' }))), 'improper-addressing');
  });
});

describe('BOSH: login and notifications', () => {
  it('logs in (SASL PLAIN, restart, bind, session, presence) and gets a pubsub event on the held request', async () => {
    const c = client();
    await c.create();
    const auth = await c.send([xml('auth', { xmlns: NS_SASL, mechanism: 'PLAIN' }, Buffer.from('\x001001003\x00agent').toString('base64'))]);
    assert.ok(auth.body?.getChild('success', NS_SASL), auth.text);
    const restart = await c.send([], { 'xmlns:xmpp': NS_XBOSH, 'xmpp:restart': 'true', to: DOMAIN, 'xml:lang': 'en' });
    const features = restart.body?.getChild('features', NS_STREAM);
    assert.ok(features?.getChild('bind', NS_BIND), restart.text);
    assert.match(restart.text, /^<body [^>]*xmlns:stream=/, 'X2: a body with stream:features declares xmlns:stream');
    assert.ok(features?.getChild('session', NS_SESSION)?.getChild('optional'));
    const bind = await c.send([xml('iq', { xmlns: 'jabber:client', type: 'set', id: 'b1' }, xml('bind', { xmlns: NS_BIND }, xml('resource', null, 'desktop')))]);
    assert.equal(bind.body?.getChild('iq')?.getChild('bind', NS_BIND)?.getChildText('jid'), `1001003@${DOMAIN}/desktop`);
    const session = await c.send([xml('iq', { xmlns: 'jabber:client', type: 'set', id: 's1' }, xml('session', { xmlns: NS_SESSION }))]);
    assert.equal(session.body?.getChild('iq')?.attr('type'), 'result');
    const presence = await c.send([xml('presence', { xmlns: 'jabber:client' })]);
    const finesse = presence.body?.getChildren('presence').find((p) => p.attr('from') === `finesse@${DOMAIN}/finesse`);
    assert.equal(finesse?.attr('type'), undefined, `[finesse-api] §5.3: the finesse contact is available: ${presence.text}`);
    // The long poll: held until the event arrives (B8), answered at once.
    const t0 = Date.now();
    await expectEvent(c.send(), '1001003', 'first');
    assert.ok(Date.now() - t0 < 2_000);
    assert.equal(terminateOf(await c.send([], { type: 'terminate' })), '');
  });

  it('B14: terminate forwards its unavailable presence, then the session is gone', async () => {
    const c = client();
    await c.login('1001005', 'agent');
    const seen: PresenceEvent[] = [];
    const off = ts.server.notification.presence.onPresence((e) => { if (e.jid.local === '1001005') seen.push(e); });
    const r = await c.send([xml('presence', { xmlns: 'jabber:client', type: 'unavailable' })], { type: 'terminate' });
    off();
    assert.equal(terminateOf(r), '');
    assert.equal(seen[0]?.type, 'unavailable');
    assert.equal(seen[0]?.reason, undefined, 'the client said it, not the session end');
    assert.equal(terminateOf(await c.send()), 'item-not-found', 'B11: later requests meet an unknown sid');
  });

  it('B9: a resent rid gets the same body again', async () => {
    const c = client();
    await c.login('1001006', 'agent');
    const poll = c.send();
    await expectEvent(poll, '1001006', 'replayed');
    const first = await poll;
    const again = await c.post(boshBody({ sid: c.sid, rid: c.rid }));
    assert.equal(again.text, first.text);
    assert.equal(terminateOf(await c.send([], { type: 'terminate' })), '');
  });

  it('legacy clients (no ver) get HTTP 404 for a sid that is gone; others get a terminate body', async () => {
    const legacy = client({ ver: undefined });
    const created = await legacy.create();
    assert.equal(created.body?.attr('ver'), undefined);
    assert.equal(terminateOf(await legacy.send([], { type: 'terminate' })), '');
    const late = await legacy.send();
    assert.equal(late.status, 404);
    const unknown = await raw(boshBody({ sid: 'f'.repeat(40), rid: 1 }));
    assert.equal(unknown.status, 200);
    assert.equal(terminateOf(unknown), 'item-not-found');
  });
});

describe('BOSH: a session stays on HTTPS (B17)', () => {
  it('a request for an HTTPS session arriving over plain HTTP closes its connection; the session lives on', async () => {
    // Every Parley listener is HTTPS, so a plain request is simulated at the route: same handler, isSecure false.
    const c = client();
    await c.create();
    const handler = ts.server.routes.find('/http-bind')!;
    let destroyed = false;
    const req = Object.assign(Readable.from([Buffer.from(boshBody({ sid: c.sid, rid: c.rid + 1 }))]), {
      method: 'POST', headers: {}, socket: { remotePort: 1, destroy: () => { destroyed = true; } },
    });
    const res = { writeHead: () => assert.fail('no reply over plain HTTP'), once: () => undefined };
    handler(req as never, res as never, { listener: 'notification', isSecure: false, remoteAddress: '127.0.0.1', ownOrigin: 'http://127.0.0.1' });
    for (let i = 0; i < 50 && !destroyed; i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(destroyed, 'the connection was closed');
    assert.equal(terminateOf(await c.send([], { type: 'terminate' })), '', 'the same rid still works over HTTPS');
  });
});

describe('BOSH: origins', () => {
  it('answers a preflight from its own origin, refuses other origins with 403 without Access-Control-Allow-Origin', async () => {
    const own = `https://127.0.0.1:${port()}`;
    const ok = await raw('', { method: 'OPTIONS', headers: { origin: own, 'access-control-request-method': 'POST' } });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['access-control-allow-origin'], own);
    assert.match(String(ok.headers['access-control-allow-methods']), /POST/);
    for (const method of ['OPTIONS', 'POST']) {
      const bad = await raw(FINESSE_CREATION, { method, headers: { origin: 'https://evil.example' } });
      assert.equal(bad.status, 403, method);
      assert.equal(bad.headers['access-control-allow-origin'], undefined);
    }
    const allowed = await raw(boshBody({ sid: 'x', rid: 1 }), { headers: { origin: own } });
    assert.equal(allowed.headers['access-control-allow-origin'], own);
  });
});

describe('BOSH: bad input', () => {
  let healthy: BoshTestClient;
  let marker = 0;
  /** The healthy session still gets its events. */
  const assertHealthy = async (): Promise<void> => expectEvent(healthy.send(), '1001004', `healthy-${++marker}`);

  before(async () => {
    healthy = client();
    await healthy.login('1001004', 'agent');
  });

  it('B2: a malformed body, a comment, a DOCTYPE or a processing instruction gets terminate bad-request', async () => {
    const bodies = [
      `<body xmlns='http://jabber.org/protocol/httpbind' rid='1'`,
      `<body xmlns='http://jabber.org/protocol/httpbind' rid='1'><!-- hello --></body>`,
      `<!DOCTYPE body [<!ENTITY x 'y'>]><body xmlns='http://jabber.org/protocol/httpbind' rid='1'>&x;</body>`,
      `<body xmlns='http://jabber.org/protocol/httpbind' rid='1'><?php echo 1 ?></body>`,
      `<body xmlns='http://jabber.org/protocol/httpbind' rid='1'>&unknown;</body>`,
      `not xml at all`,
      ``,
    ];
    for (const b of bodies) {
      const r = await raw(b);
      assert.equal(r.status, 200, b);
      assert.equal(terminateOf(r), 'bad-request', b);
    }
  });

  it('B2: a comment inside a live session\'s body ends that session with bad-request', async () => {
    const c = client();
    await c.create();
    c.rid++;
    const r = await c.post(`<body xmlns='http://jabber.org/protocol/httpbind' sid='${c.sid}' rid='${c.rid}'><!-- x --></body>`);
    assert.equal(terminateOf(r), 'bad-request');
    assert.equal(terminateOf(await c.send()), 'item-not-found');
  });

  it('B2, B5, B16: wrong namespace, missing, non-numeric, negative or too large rid get bad-request and end the session named', async () => {
    const bad: ((sid: string) => string)[] = [
      (sid) => `<body xmlns='urn:wrong' sid='${sid}' rid='1'/>`,
      (sid) => `<body sid='${sid}' rid='1'/>`,
      (sid) => boshBody({ sid }),
      (sid) => boshBody({ sid, rid: 'abc' }),
      (sid) => boshBody({ sid, rid: '-1' }),
      (sid) => boshBody({ sid, rid: '9007199254740992' }),
    ];
    for (const make of bad) {
      const victim = client();
      await victim.create();
      const text = make(victim.sid);
      assert.equal(terminateOf(await raw(text)), 'bad-request', text);
      assert.equal(terminateOf(await victim.send()), 'item-not-found', `after ${text}`);
    }
    assert.equal(terminateOf(await raw(boshBody({ rid: '1e3', to: DOMAIN, ver: '1.6' }))), 'bad-request', 'a creation request too');
  });

  it('answers an unknown sid with terminate item-not-found (HTTP 200, B15)', async () => {
    const r = await raw(boshBody({ sid: 'no-such-session', rid: 1234 }));
    assert.equal(r.status, 200);
    assert.equal(terminateOf(r), 'item-not-found');
  });

  it('B1: GET and PUT get 405 with Allow', async () => {
    for (const method of ['GET', 'PUT']) {
      const r = await raw('', { method });
      assert.equal(r.status, 405, method);
      assert.equal(r.headers.allow, 'POST, OPTIONS');
    }
  });

  it('§2.8: a 10 MB POST gets 413 without being buffered, and the healthy session goes on', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024, 'a');
    const r = await raw(big).catch((e: Error) => ({ status: -1, error: e.message }) as const);
    assert.equal(r.status, 413, JSON.stringify(r).slice(0, 200));
    await assertHealthy();
  });

  it('§2.8: a slow-loris upload is cut off by the listener\'s requestTimeout (2 s here)', async () => {
    const t0 = Date.now();
    const socket = tlsConnect({ host: '127.0.0.1', port: port(), servername: 'localhost', ca: readFileSync(ts.ready.ca) });
    await new Promise<void>((resolve, reject) => { socket.once('secureConnect', resolve); socket.once('error', reject); });
    let received = '';
    socket.on('data', (d: Buffer) => { received += d.toString(); });
    socket.on('error', () => {});
    socket.write(`POST /http-bind HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: 1000\r\n\r\n<body`);
    const drip = setInterval(() => socket.writable && socket.write(' '), 200);
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    clearInterval(drip);
    const elapsed = Date.now() - t0;
    assert.ok(elapsed >= 1_500 && elapsed < 6_000, `closed after ${elapsed} ms`);
    assert.ok(received === '' || received.startsWith('HTTP/1.1 408'), received);
    await assertHealthy();
  });

  it('B6, B13, §2.8: 100 concurrent requests on one sid: each is answered in rid order or terminated; others are unaffected', async () => {
    // Whether the session survives depends on arrival order: in order, each request answers the one before
    // (hold=1) and the last waits `wait` (1 s here); out of order, a rid beyond the window ends it.
    const c = client({ wait: 1 });
    await c.create();
    const base = c.rid;
    const poll = healthy.send();
    const t0 = Date.now();
    const replies = await Promise.all(Array.from({ length: 100 }, (_, i) => c.post(boshBody({ sid: c.sid, rid: base + 1 + i }))));
    const kinds = replies.map((r) => (r.status !== 200 ? `http ${r.status}` : terminateOf(r) ?? (r.body?.elements().length === 0 ? 'empty' : r.text)));
    assert.ok(kinds.every((k) => k === 'empty' || k === 'item-not-found' || k === 'policy-violation'), kinds.join(','));
    assert.ok(Date.now() - t0 < 5_000, 'nothing waits longer than wait');
    await expectEvent(poll, '1001004', 'after-100');
  });

  it('B6: a rid beyond the window ends the session with item-not-found', async () => {
    const c = client();
    await c.create();
    c.rid += 3;
    assert.equal(terminateOf(await c.send()), 'item-not-found');
  });

  it('the healthy session kept working through all of it', async () => {
    await assertHealthy();
  });
});

describe('BOSH: session creation flood', () => {
  let flood: TestServer;
  before(async () => {
    flood = await startTestServer({ fqdn: DOMAIN, bosh: { maxCreationsPerAddressPerMinute: 10 } });
  });
  after(async () => {
    await flood.stop();
  });

  it('rate-limits creations per client address (policy-violation); another address keeps working', async () => {
    const opts = { port: flood.ready.ports.notification!, ca: flood.ready.ca, domain: DOMAIN };
    const replies = await Promise.all(Array.from({ length: 30 }, () => new BoshTestClient({ ...opts, localAddress: '127.0.0.2' }).create()));
    const created = replies.filter((r) => r.body?.attr('sid')).length;
    const refused = replies.filter((r) => terminateOf(r) === 'policy-violation').length;
    assert.equal(created, 10);
    assert.equal(refused, 20);
    const other = new BoshTestClient(opts); // 127.0.0.1
    await other.login('1001007', 'agent');
    setTimeout(() => flood.server.pubsub.publishInternal('/finesse/api/User/1001007', '<Update>x</Update>'), 50);
    const event = await other.send();
    assert.ok(event.body?.getChild('message'), event.text);
  });
});
