import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { XmppClient, type XmppStatus } from '../../web/lib/xmpp/xmpp-client.js';
import { FakeWs, ManualTimers, parser, serverAcceptsLogin, updateFrame } from './fakes.js';

function setup(opts: Partial<ConstructorParameters<typeof XmppClient>[0]> = {}) {
  const timers = new ManualTimers();
  const sockets: FakeWs[] = [];
  const statuses: [XmppStatus, string][] = [];
  const events: [string, string][] = [];
  const client = new XmppClient({
    url: 'wss://localhost:8445/ws', domain: 'localhost', pubsubDomain: 'pubsub.localhost', user: '1001001', password: 'agent', resource: 'desktop',
    ws: (url, protocol) => { const s = new FakeWs(url, protocol); sockets.push(s); return s; },
    parser, timers, pingIntervalMs: 15_000, pingTimeoutMs: 10_000, pingMaxFailures: 2, ...opts,
  }, {
    onStatus: (s, r) => statuses.push([s, r]),
    onNotification: (node, text) => events.push([node, text]),
  });
  return { client, timers, sockets, statuses, events };
}

describe('XmppClient (RFC 7395)', () => {
  test('signs in with SASL PLAIN, binds, sends initial presence, is connected on the finesse presence', () => {
    const { client, sockets, statuses } = setup();
    client.connect();
    const ws = sockets[0]!;
    assert.equal(ws.protocol, 'xmpp');
    serverAcceptsLogin(ws);
    assert.match(ws.sent[0]!, /^<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" to="localhost" version="1.0"\/>$/);
    assert.equal(ws.sent[1], `<auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="PLAIN">${Buffer.from('\u00001001001\u0000agent').toString('base64')}</auth>`);
    assert.match(ws.sent[3]!, /<bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><resource>desktop<\/resource><\/bind>/);
    assert.match(ws.sent[4]!, /^<presence>/);
    assert.deepEqual(statuses.map((s) => s[0]), ['connecting', 'connected']);
    assert.equal(client.jid, '1001001@localhost/desktop');
  });

  test('hands over the escaped <Update> of a pubsub event with its node', () => {
    const { client, sockets, events } = setup();
    client.connect();
    serverAcceptsLogin(sockets[0]!);
    sockets[0]!.receive(updateFrame('/finesse/api/User/1001001', '<Update><event>PUT</event><data><user><state>READY</state></user></data></Update>'));
    assert.equal(events.length, 1);
    assert.equal(events[0]![0], '/finesse/api/User/1001001');
    assert.match(events[0]![1], /^<Update><event>PUT<\/event>/);
  });

  test('pings the domain every interval; two unanswered pings mean the connection is lost', async () => {
    const { client, sockets, statuses, timers } = setup();
    client.connect();
    const ws = sockets[0]!;
    serverAcceptsLogin(ws);
    await timers.advance(15_000);
    const ping = ws.last();
    assert.match(ping, /<iq type="get" id="(pl\d+)" to="localhost"><ping xmlns="urn:xmpp:ping"\/><\/iq>/);
    const id = /id="(pl\d+)"/.exec(ping)![1];
    ws.receive(`<iq type="result" id="${id}" from="localhost"/>`);
    await timers.advance(15_000 + 10_000); // second ping unanswered
    assert.equal(statuses.at(-1)![0], 'connected');
    await timers.advance(15_000 + 10_000); // third unanswered → two in a row
    assert.equal(statuses.at(-1)![0], 'disconnected');
    assert.match(statuses.at(-1)![1], /no answer to 2 pings/);
    assert.equal(ws.closed, true);
  });

  test('answers the server\'s pings and refuses other requests politely', () => {
    const { client, sockets } = setup();
    client.connect();
    const ws = sockets[0]!;
    serverAcceptsLogin(ws);
    ws.receive('<iq type="get" id="s1" from="localhost"><ping xmlns="urn:xmpp:ping"/></iq>');
    assert.equal(ws.last(), '<iq type="result" id="s1" to="localhost"/>');
    ws.receive('<iq type="get" id="s2" from="localhost"><query xmlns="jabber:iq:version"/></iq>');
    assert.match(ws.last(), /type="error" id="s2".*service-unavailable/);
  });

  test('a wrong password is "unauthorized"; a stream conflict is "conflict"', () => {
    const a = setup();
    a.client.connect();
    a.sockets[0]!.open();
    a.sockets[0]!.receive('<stream:features xmlns:stream="http://etherx.jabber.org/streams"><mechanisms xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><mechanism>PLAIN</mechanism></mechanisms></stream:features>');
    a.sockets[0]!.receive('<failure xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><not-authorized/></failure>');
    assert.equal(a.statuses.at(-1)![0], 'unauthorized');
    const b = setup();
    b.client.connect();
    serverAcceptsLogin(b.sockets[0]!);
    b.sockets[0]!.receive('<stream:error xmlns:stream="http://etherx.jabber.org/streams"><conflict xmlns="urn:ietf:params:xml:ns:xmpp-streams"/></stream:error>');
    assert.equal(b.statuses.at(-1)![0], 'conflict');
  });

  test('no PLAIN offered, a closed socket or a slow server each end the attempt with a reason', async () => {
    const a = setup();
    a.client.connect();
    a.sockets[0]!.receive('<stream:features xmlns:stream="http://etherx.jabber.org/streams"><mechanisms xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><mechanism>SCRAM-SHA-1</mechanism></mechanisms></stream:features>');
    assert.match(a.statuses.at(-1)![1], /no PLAIN/);
    const b = setup();
    b.client.connect();
    b.sockets[0]!.drop(1006);
    assert.deepEqual(b.statuses.at(-1), ['disconnected', 'connection closed (1006)']);
    const c = setup({ connectTimeoutMs: 5000 });
    c.client.connect();
    await c.timers.advance(5000);
    assert.match(c.statuses.at(-1)![1], /did not complete the sign-in in time/);
  });

  test('hostile frames: not XML, oversized, unknown elements and events without items are ignored or refused', () => {
    const { client, sockets, statuses, events } = setup({ maxFrameChars: 1000 });
    client.connect();
    const ws = sockets[0]!;
    serverAcceptsLogin(ws);
    ws.receive('<<<not xml');
    ws.receive('<weird/>');
    ws.receive('<message><event xmlns="http://jabber.org/protocol/pubsub#event"/></message>');
    ws.receive('   ');
    assert.equal(statuses.at(-1)![0], 'connected');
    assert.equal(events.length, 0);
    ws.receive(`<message>${'x'.repeat(2000)}</message>`);
    assert.match(statuses.at(-1)![1], /over the limit/);
  });

  test('subscribe sends XEP-0060 with the full JID and resolves on the answer; nothing is sent when not connected', async () => {
    const { client, sockets } = setup();
    assert.deepEqual(await client.subscribe('/finesse/api/Team/1/Users'), { ok: false, error: 'not-connected' });
    client.connect();
    const ws = sockets[0]!;
    serverAcceptsLogin(ws);
    const p = client.subscribe('/finesse/api/Team/1/Users');
    const iq = ws.last();
    assert.match(iq, /to="pubsub.localhost"><pubsub xmlns="http:\/\/jabber.org\/protocol\/pubsub"><subscribe node="\/finesse\/api\/Team\/1\/Users" jid="1001001@localhost\/desktop"\/>/);
    const id = /id="(pl\d+)"/.exec(iq)![1];
    ws.receive(`<iq type="error" id="${id}"><error type="auth"><forbidden xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>`);
    assert.deepEqual(await p, { ok: false, error: 'forbidden' });
  });

  test('disconnect() closes quietly and reports nothing more', () => {
    const { client, sockets, statuses } = setup();
    client.connect();
    serverAcceptsLogin(sockets[0]!);
    client.disconnect();
    assert.equal(sockets[0]!.closed, true);
    assert.match(sockets[0]!.sent.at(-1)!, /<close xmlns="urn:ietf:params:xml:ns:xmpp-framing"\/>/);
    sockets[0]!.drop();
    assert.equal(statuses.at(-1)![0], 'connected');
  });
});
