// End to end over real TCP + TLS: negotiation, roster, presence, disco, pubsub, offline storage,
// conflict, and the server's stream errors. Transcript style: each test says what the client sends and
// what it must receive.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { xml } from '../../src/xml/element.js';
import { NS_DISCO_ITEMS, NS_PING, NS_PUBSUB, NS_ROSTER, NS_SASL, NS_STREAM, NS_STREAMS_ERR, NS_TLS } from '../../src/xml/ns.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { TestXmppClient } from '../helpers/xmpp-client.js';

let ts: TestServer;
const opts = () => ({ port: ts.ready.ports.xmpp!, ca: ts.ready.ca });
const login = (username: string, password: string, extra: { resource?: string; presence?: boolean } = {}) =>
  TestXmppClient.login({ ...opts(), username, password, ...extra });
const streamErrorOf = async (c: TestXmppClient): Promise<string | undefined> => {
  const err = await c.waitFor((el) => el.is('error', NS_STREAM));
  return err.elements().find((e) => e.ns === NS_STREAMS_ERR && e.localName !== 'text')?.localName;
};

before(async () => {
  ts = await startTestServer();
});
after(async () => {
  await ts.stop();
});

describe('XMPP over TCP: negotiation', () => {
  it('offers only STARTTLS (required) before TLS, then SCRAM and PLAIN', async () => {
    const c = await TestXmppClient.connect(opts());
    const features = await c.openStream();
    assert.ok(features.getChild('starttls', NS_TLS)?.getChild('required'));
    assert.equal(features.getChild('mechanisms', NS_SASL), undefined);
    await c.startTls();
    const secure = await c.openStream();
    const mechs = secure.getChild('mechanisms', NS_SASL)!.getChildren('mechanism').map((m) => m.text());
    assert.ok(mechs.includes('SCRAM-SHA-256') && mechs.includes('SCRAM-SHA-1') && mechs.includes('PLAIN'), mechs.join());
    c.destroy();
  });

  it('refuses authentication before STARTTLS by default', async () => {
    const c = await TestXmppClient.connect(opts());
    await c.openStream();
    c.send(xml('auth', { xmlns: NS_SASL, mechanism: 'PLAIN' }, Buffer.from('\x001001001\x00agent').toString('base64')));
    const failure = await c.waitFor((el) => el.is('failure', NS_SASL));
    assert.ok(failure.getChild('encryption-required'));
    await c.waitClosed();
  });

  it('logs in with STARTTLS + PLAIN verified against the CA, binds, and gets the finesse presence', async () => {
    const c = await login('1001001', 'agent', { resource: 'desktop' });
    assert.equal(c.jid, '1001001@localhost/desktop');
    const finesse = await c.waitFor((el) => el.is('presence') && el.attr('from')?.startsWith('finesse@localhost') === true);
    assert.equal(finesse.attr('type'), undefined);
    c.close();
  });

  it('logs in over direct TLS on the xmpps port', async () => {
    const c = await TestXmppClient.login({ port: ts.ready.ports.xmpps!, ca: ts.ready.ca, directTls: true, username: '1001002', password: 'agent' });
    assert.match(c.jid, /^1001002@localhost\//);
    c.close();
  });

  it('answers a wrong password with not-authorized', async () => {
    const c = await TestXmppClient.connect(opts());
    await c.openStream();
    await c.startTls();
    await c.openStream();
    const r = await c.authPlain('1001001', 'wrong');
    assert.ok(r.is('failure', NS_SASL) && r.getChild('not-authorized'));
    c.destroy();
  });
});

describe('XMPP over TCP: the server features', () => {
  it('has finesse@<fqdn> with subscription both in every roster', async () => {
    const c = await login('1001003', 'agent');
    const r = await c.iq(xml('iq', { type: 'get' }, xml('query', { xmlns: NS_ROSTER })));
    const item = r.getChild('query', NS_ROSTER)?.getChild('item');
    assert.equal(item?.attr('jid'), 'finesse@localhost');
    assert.equal(item?.attr('subscription'), 'both');
    c.close();
  });

  it('answers a ping to the server', async () => {
    const c = await login('1001003', 'agent', { resource: 'ping' });
    const r = await c.iq(xml('iq', { type: 'get', to: 'localhost' }, xml('ping', { xmlns: NS_PING })));
    assert.equal(r.attr('type'), 'result');
    c.close();
  });

  it('answers an unknown IQ with service-unavailable', async () => {
    const c = await login('1001003', 'agent', { resource: 'unknown' });
    const r = await c.iq(xml('iq', { type: 'get', to: 'localhost' }, xml('query', { xmlns: 'urn:example:nothing' })));
    assert.equal(r.attr('type'), 'error');
    assert.ok(r.getChild('error')?.getChild('service-unavailable'));
    c.close();
  });

  it('lists every Finesse node with disco#items on the pubsub service', async () => {
    const c = await login('1001004', 'agent');
    const r = await c.iq(xml('iq', { type: 'get', to: 'pubsub.localhost' }, xml('query', { xmlns: NS_DISCO_ITEMS })));
    const nodes = r.getChild('query', NS_DISCO_ITEMS)!.getChildren('item').map((i) => i.attr('node'));
    for (const n of ['/finesse/api/User/1001001', '/finesse/api/User/1001020/Dialogs', '/finesse/api/User/1002001/ClientLog',
      '/finesse/api/Team/1/Users', '/finesse/api/Team/2/Users', '/finesse/api/Queue/1', '/finesse/api/Queue/2', '/finesse/api/SystemInfo']) {
      assert.ok(nodes.includes(n), `missing ${n}`);
    }
    c.close();
  });

  it('lets a supervisor subscribe to its team and refuses an agent another agent’s node', async () => {
    const sup = await login('1002001', 'supervisor');
    const ok = await sup.iq(xml('iq', { type: 'set', to: 'pubsub.localhost' },
      xml('pubsub', { xmlns: NS_PUBSUB }, xml('subscribe', { node: '/finesse/api/Team/1/Users', jid: sup.jid }))));
    assert.equal(ok.attr('type'), 'result');
    assert.equal(ok.getChild('pubsub', NS_PUBSUB)?.getChild('subscription')?.attr('subscription'), 'subscribed');
    const agent = await login('1001005', 'agent');
    const refused = await agent.iq(xml('iq', { type: 'set', to: 'pubsub.localhost' },
      xml('pubsub', { xmlns: NS_PUBSUB }, xml('subscribe', { node: '/finesse/api/User/1001006', jid: agent.jid }))));
    assert.equal(refused.attr('type'), 'error');
    assert.ok(refused.getChild('error')?.getChild('forbidden'));
    sup.close();
    agent.close();
  });
});

describe('XMPP over TCP: delivery', () => {
  it('stores a chat message for an offline user and delivers it with a delay at the next login', async () => {
    const a = await login('1001007', 'agent');
    a.send(xml('message', { to: '1001008@localhost', type: 'chat', id: 'm1' }, xml('body', null, 'are you there?')));
    await new Promise((r) => setTimeout(r, 100));
    const b = await login('1001008', 'agent');
    const m = await b.waitFor((el) => el.is('message') && el.getChildText('body') === 'are you there?');
    assert.equal(m.attr('from'), a.jid);
    assert.ok(m.getChild('delay', 'urn:xmpp:delay')?.attr('stamp'));
    a.close();
    b.close();
  });

  it('stores a pubsub notification for an absent agent and says so in the debug log', async () => {
    ts.server.pubsub.publishInternal('/finesse/api/User/1001009', '<Update><data><user/></data><event>PUT</event><requestId></requestId><source>/finesse/api/User/1001009</source></Update>');
    const c = await login('1001009', 'agent');
    const m = await c.waitFor((el) => el.is('message') && el.attr('from') === 'pubsub.localhost');
    assert.equal(m.attr('type'), undefined);
    assert.equal(m.attr('to'), '1001009@localhost');
    const notification = m.getChild('event', 'http://jabber.org/protocol/pubsub#event')?.getChild('items')?.getChild('item')?.getChild('notification', NS_PUBSUB);
    assert.match(notification?.text() ?? '', /^<Update>/);
    c.close();
  });

  it('a second login with the same resource kicks the first with conflict', async () => {
    const first = await login('1001010', 'agent', { resource: 'desktop' });
    const second = await login('1001010', 'agent', { resource: 'desktop' });
    assert.equal(await streamErrorOf(first), 'conflict');
    await first.waitClosed();
    second.close();
  });
});

describe('XMPP over TCP: hostile input', () => {
  it('answers a comment with restricted-xml', async () => {
    const c = await TestXmppClient.connect(opts());
    await c.openStream();
    c.writeRaw('<!-- hello -->');
    assert.equal(await streamErrorOf(c), 'restricted-xml');
    await c.waitClosed();
  });

  it('answers garbage with not-well-formed', async () => {
    const c = await TestXmppClient.connect(opts());
    await c.openStream();
    c.writeRaw('<a><b></a>');
    assert.equal(await streamErrorOf(c), 'not-well-formed');
    await c.waitClosed();
  });

  it('answers a stanza over the size limit with policy-violation', async () => {
    const c = await TestXmppClient.connect(opts());
    await c.openStream();
    c.writeRaw(`<message><body>${'x'.repeat(300_000)}</body></message>`);
    assert.equal(await streamErrorOf(c), 'policy-violation');
    await c.waitClosed();
  });

  it('answers a stream for another host with host-unknown', async () => {
    const c = await TestXmppClient.connect(opts());
    c.writeRaw(`<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='${NS_STREAM}' to='example.org' version='1.0'>`);
    assert.equal(await streamErrorOf(c), 'host-unknown');
    await c.waitClosed();
  });

  it('keeps serving others while 200 connections sit silent', async () => {
    const silent = await Promise.all(Array.from({ length: 200 }, () => TestXmppClient.connect(opts())));
    const c = await login('1001011', 'agent');
    const r = await c.iq(xml('iq', { type: 'get', to: 'localhost' }, xml('ping', { xmlns: NS_PING })));
    assert.equal(r.attr('type'), 'result');
    c.close();
    for (const s of silent) s.destroy();
  });
});

describe('XMPP over TCP: logs', () => {
  it('writes the session closing line to info.log', async () => {
    const c = await login('1001012', 'agent', { resource: 'desktop' });
    c.close();
    await c.waitClosed();
    await new Promise((r) => setTimeout(r, 50));
    const info = readFileSync(join(ts.data, 'logs', 'desktop', 'openfire', 'info.log'), 'utf8');
    assert.match(info, /A session is being closed for 1001012@localhost\/desktop/);
  });
});
