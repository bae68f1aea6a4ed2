// Interoperability with slixmpp 1.8.3 (Debian python3-slixmpp), a client nobody here wrote. Each test runs
// test/interop/slixmpp_client.py against a real in-process server and reads the JSON lines it prints.
// TLS is always verified against the ready line's CA with hostname checking on (name "localhost", TCP to
// 127.0.0.1). See slixmpp_client.py for the actions.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { requireSlixmpp, withClients, type ClientEvent, type ClientProcess, type SlixmppOptions } from './clients.js';

let ts: TestServer;
const xmpp = (o: Omit<SlixmppOptions, 'port' | 'ca'>): SlixmppOptions => ({ port: ts.ready.ports.xmpp!, ca: ts.ready.ca, ...o });
const xmpps = (o: Omit<SlixmppOptions, 'port' | 'ca'>): SlixmppOptions => ({ port: ts.ready.ports.xmpps!, ca: ts.ready.ca, directTls: true, ...o });

/** The certificate was verified for "localhost" against the CA, hostname checking on. */
function assertVerifiedTls(c: ClientProcess, version: string): void {
  const tls = c.one('session').tls as Record<string, unknown>;
  assert.equal(tls.secure, true);
  assert.equal(tls.version, version);
  assert.equal(tls.server_hostname, 'localhost');
  assert.equal(tls.check_hostname, true);
  assert.equal(tls.verify_mode, 'CERT_REQUIRED');
  assert.ok((tls.peer_san as string[]).includes('DNS:localhost'));
}

async function assertCleanRun(c: ClientProcess): Promise<void> {
  const exit = await c.done;
  assert.deepEqual(c.all('action_error'), [], 'the client reported an action error');
  assert.equal(exit.code, 0, `${c.name} did not finish cleanly`);
}

const fromFinesse = (e: ClientEvent) => typeof e.from === 'string' && e.from.startsWith('finesse@localhost/') && e.type === 'available';

before(async () => {
  requireSlixmpp();
  ts = await startTestServer();
});
after(async () => {
  await ts?.stop();
});

describe('interop: slixmpp over STARTTLS (xmpp port)', () => {
  it('logs in verified against the CA with SCRAM, gets the roster and finesse presence, lists the nodes, subscribes, pings', withClients(async (clients) => {
    // TLS 1.2: the server then offers no -PLUS mechanisms and slixmpp's own choice is SCRAM-SHA-256
    // (see the todo test below for what happens on TLS 1.3 with slixmpp's defaults).
    const supervisor = clients.slixmpp('supervisor 1002001', xmpp({
      jid: '1002001@localhost/desktop', password: 'supervisor', tlsMax: '1.2',
      actions: ['roster', 'presence', 'wait-presence:finesse@localhost', 'disco-items:pubsub.localhost',
        'subscribe:/finesse/api/Team/1/Users', 'ping'],
    }));
    const agent = clients.slixmpp('agent 1001001', xmpp({
      jid: '1001001@localhost/desktop', password: 'agent', tlsMax: '1.2',
      actions: ['subscribe:/finesse/api/User/1001002', 'subscribe:/finesse/api/User/1001001'],
    }));
    await Promise.all([assertCleanRun(supervisor), assertCleanRun(agent)]);

    for (const c of [supervisor, agent]) {
      assertVerifiedTls(c, 'TLSv1.2');
      assert.deepEqual(c.all('auth_failed'), []);
      assert.equal(c.one('auth').mechanism, 'SCRAM-SHA-256');
    }
    assert.equal(supervisor.one('session').jid, '1002001@localhost/desktop');

    const roster = supervisor.one('roster').items as { jid: string; subscription: string }[];
    assert.deepEqual(roster.find((i) => i.jid === 'finesse@localhost')?.subscription, 'both');

    // The finesse presence arrives after (because of) the initial presence.
    const sent = supervisor.indexOf('initial_presence_sent');
    const finesse = supervisor.indexOf('presence', fromFinesse);
    assert.ok(sent >= 0 && finesse > sent, 'finesse@localhost/… available presence after the initial presence');
    assert.match(String(supervisor.one('presence_seen').from), /^finesse@localhost\/.+/);

    const nodes = supervisor.one('disco_items').nodes as string[];
    for (const n of ['/finesse/api/User/1001001', '/finesse/api/User/1002001', '/finesse/api/Team/1/Users',
      '/finesse/api/Team/2/Users', '/finesse/api/Queue/1', '/finesse/api/Queue/2', '/finesse/api/SystemInfo']) {
      assert.ok(nodes.includes(n), `disco#items on pubsub.localhost lists ${n}`);
    }

    const teamSub = supervisor.one('subscribe');
    assert.deepEqual([teamSub.node, teamSub.ok, teamSub.subscription], ['/finesse/api/Team/1/Users', true, 'subscribed']);

    const [other, own] = agent.all('subscribe');
    assert.deepEqual([other?.node, other?.ok, other?.condition], ['/finesse/api/User/1001002', false, 'forbidden']);
    assert.deepEqual([own?.node, own?.ok, own?.subscription], ['/finesse/api/User/1001001', true, 'subscribed']);

    assert.equal(supervisor.one('ping').type, 'result');
  }));

  it('refuses the certificate under a name it does not carry (hostname checking is really on)', withClients(async (clients) => {
    const c = clients.slixmpp('wrong name', xmpp({ jid: '1001002@localhost', password: 'agent', tlsName: 'parley.invalid', actions: ['ping'] }));
    const exit = await c.done;
    assert.notEqual(exit.code, 0);
    assert.equal(c.all('session').length, 0);
    assert.match(String(c.one('tls_failed').error), /CERTIFICATE_VERIFY_FAILED.*Hostname mismatch.*parley\.invalid/);
  }));

  // Regression: slixmpp 1.8.3 tries SCRAM-*-PLUS with p=tls-unique (TLS 1.3 has none; Parley binds with
  // tls-exporter), is refused, then retries SCRAM-SHA-256 with the "y" flag, which must not count as a
  // downgrade once its channel-binding type was refused on the same stream.
  it('logs in with slixmpp’s untouched defaults on TLS 1.3 (SCRAM, channel binding offered)', withClients(async (clients) => {
    const c = clients.slixmpp('defaults', xmpp({ jid: '1001003@localhost', password: 'agent', actions: ['ping'] }));
    await c.done;
    assert.equal(c.all('session').length, 1, 'slixmpp established a session with its default SASL choice');
    assert.match(String(c.one('auth').mechanism), /^SCRAM-/);
  }, { stderr: false }));

  it('a second login with the same resource kicks the first with a conflict stream error', withClients(async (clients) => {
    const opts = { jid: '1001004@localhost/desktop', password: 'agent', tlsMax: '1.2' } as const;
    const first = clients.slixmpp('first desktop', xmpp({ ...opts, actions: ['presence', 'hold'] }));
    await first.waitForEvent('holding');
    await first.waitForEvent('presence', fromFinesse);

    const second = clients.slixmpp('second desktop', xmpp({ ...opts, actions: ['presence', 'wait-presence:finesse@localhost', 'ping'] }));
    const kicked = await first.waitForEvent('stream_error');
    assert.equal(kicked.condition, 'conflict');
    await first.waitForEvent('disconnected');
    await first.done;

    await assertCleanRun(second);
    assert.equal(second.one('session').jid, '1001004@localhost/desktop');
    assert.equal(second.one('ping').type, 'result');
    assert.deepEqual(second.all('stream_error'), [], 'the new session is not kicked back');
  }));
});

describe('interop: slixmpp over direct TLS (xmpps port)', () => {
  it('logs in verified against the CA on TLS 1.3 with SCRAM, gets the roster and finesse presence, pings', withClients(async (clients) => {
    // Channel binding withheld (only non -PLUS mechanisms, gs2 flag "n"): the SCRAM path that works on
    // TLS 1.3 with slixmpp 1.8.3, whose only channel-binding type is tls-unique.
    const c = clients.slixmpp('xmpps', xmpps({
      jid: '1001005@localhost/desktop', password: 'agent', noChannelBinding: true,
      actions: ['roster', 'presence', 'wait-presence:finesse@localhost', 'disco-items:pubsub.localhost', 'ping'],
    }));
    await assertCleanRun(c);
    assertVerifiedTls(c, 'TLSv1.3');
    assert.equal(c.one('auth').mechanism, 'SCRAM-SHA-256');
    assert.equal(c.one('session').jid, '1001005@localhost/desktop');
    const roster = c.one('roster').items as { jid: string; subscription: string }[];
    assert.equal(roster.find((i) => i.jid === 'finesse@localhost')?.subscription, 'both');
    assert.ok(c.indexOf('presence', fromFinesse) > c.indexOf('initial_presence_sent'));
    assert.ok((c.one('disco_items').nodes as string[]).includes('/finesse/api/User/1001005'));
    assert.equal(c.one('ping').type, 'result');
  }));

  it('refuses the certificate under a name it does not carry', withClients(async (clients) => {
    const c = clients.slixmpp('xmpps wrong name', xmpps({ jid: '1001006@localhost', password: 'agent', tlsName: 'parley.invalid' }));
    assert.notEqual((await c.done).code, 0);
    assert.match(String(c.one('tls_failed').error), /Hostname mismatch/);
  }));
});
