// Interoperability with go-sendxmpp (Debian go-sendxmpp 0.5.6, built on mattn/go-xmpp), a client nobody
// here wrote: STARTTLS verified against the ready line's CA (Go's SSL_CERT_FILE, never -n), a chat message
// to an offline agent, and its delivery from offline storage at the next login, to go-sendxmpp -l and to
// slixmpp (which shows the XEP-0203 delay).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { requireGoSendxmpp, requireSlixmpp, withClients } from './clients.js';

let ts: TestServer;
const server = () => `127.0.0.1:${ts.ready.ports.xmpp!}`;

before(async () => {
  requireGoSendxmpp();
  requireSlixmpp();
  ts = await startTestServer();
});
after(async () => {
  await ts?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('interop: go-sendxmpp', () => {
  it('refuses the server certificate when the CA is not trusted (verification is really on)', withClients(async (clients) => {
    const c = clients.goSendxmpp('untrusted', ['-d', '-j', server(), '-u', '1001018@localhost', '-p', 'agent', '1001019@localhost'],
      { ca: '/dev/null', input: 'must not be sent\n' });
    const exit = await c.done;
    assert.notEqual(exit.code, 0);
    assert.match(c.stderr, /x509: certificate signed by unknown authority/);
  }));

  it('sends over verified STARTTLS to offline agents, who get the message at login with its delay', withClients(async (clients) => {
    const body = 'ticket 42 is yours';
    const sendStart = Date.now();
    const sender = clients.goSendxmpp('sender 1001011', ['-d', '-j', server(), '-u', '1001011@localhost', '-p', 'agent',
      '1001012@localhost', '1001013@localhost'], { ca: ts.ready.ca, input: `${body}\n` });
    const sent = await sender.done;
    const sendEnd = Date.now();
    assert.equal(sent.code, 0, 'go-sendxmpp sent the message');
    assert.match(sender.stderr, /<success xmlns="urn:ietf:params:xml:ns:xmpp-sasl"\/>/, 'authenticated after STARTTLS');
    assert.match(sender.stderr, /<jid>1001011@localhost\/[^<]+<\/jid>/, 'bound a resource');

    // 1001012 logs in with slixmpp: the stored message arrives after its initial presence, with a
    // XEP-0203 delay stamped when the server stored it.
    const slix = clients.slixmpp('recipient 1001012 (slixmpp)', {
      jid: '1001012@localhost/desktop', password: 'agent', port: ts.ready.ports.xmpp!, ca: ts.ready.ca, tlsMax: '1.2',
      actions: ['presence', 'wait-messages:1'],
    });
    assert.equal((await slix.done).code, 0);
    const [m, ...more] = slix.all('message').filter((e) => e.body);
    assert.equal(m?.body, body);
    assert.match(String(m?.from), /^1001011@localhost\/.+/);
    assert.equal(m?.type, 'chat');
    assert.equal(more.length, 0, 'delivered once');
    const stamp = Date.parse(String(m?.delay));
    assert.ok(stamp >= sendStart - 1000 && stamp <= sendEnd + 1000, `delay stamp ${String(m?.delay)} is the time of sending`);

    // 1001013 listens with go-sendxmpp -l, which prints "<stamp> <from>: <body>", the stamp taken from
    // the delay (to the second). Start it in a later second than the sending, so that a missing delay
    // (printed as the time of arrival) would show.
    await sleep(Math.max(0, (Math.floor(sendEnd / 1000) + 1) * 1000 + 50 - Date.now()));
    const listenStart = Date.now();
    const listener = clients.goSendxmpp('recipient 1001013 (go-sendxmpp -l)', ['-d', '-l', '-j', server(), '-u', '1001013@localhost', '-p', 'agent'],
      { ca: ts.ready.ca });
    const line = await listener.waitForLine((l) => l.endsWith(`: ${body}`));
    listener.stop();
    const printed = /^(\S+) (\S+): (.*)$/.exec(line);
    assert.ok(printed, `go-sendxmpp -l line: ${line}`);
    assert.equal(printed[2], '1001011@localhost');
    const printedStamp = Date.parse(printed[1]!);
    assert.ok(printedStamp >= Math.floor(sendStart / 1000) * 1000 - 1000 && printedStamp < Math.floor(listenStart / 1000) * 1000,
      `printed time ${printed[1]} is the delay stamp (sent ${new Date(sendStart).toISOString()}, listening since ${new Date(listenStart).toISOString()})`);
  }));
});
