// Hostile input over real TCP: each case gets the right stream error or a timeout, never a crash,
// never unbounded memory, and never affects other sessions (a watcher session keeps answering pings).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { xml } from '../../src/xml/element.js';
import { NS_PING, NS_STREAM, NS_STREAMS_ERR } from '../../src/xml/ns.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { TestXmppClient } from '../helpers/xmpp-client.js';

let ts: TestServer;
let watcher: TestXmppClient;
const HEADER = `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='${NS_STREAM}' to='localhost' version='1.0'>`;

async function streamError(c: TestXmppClient): Promise<string | undefined> {
  const err = await c.waitFor((el) => el.is('error', NS_STREAM), 10_000);
  return err.elements().find((e) => e.ns === NS_STREAMS_ERR && e.localName !== 'text')?.localName;
}

/** Opens a stream, writes `payload` after the header, and returns the stream error condition. */
async function hostile(payload: string | Buffer | ((c: TestXmppClient) => Promise<void>)): Promise<string | undefined> {
  const c = await TestXmppClient.connect({ port: ts.ready.ports.xmpp! });
  c.writeRaw(HEADER);
  await c.waitFor((el) => el.is('features', NS_STREAM));
  if (typeof payload === 'function') await payload(c);
  else c.writeRaw(payload);
  const condition = await streamError(c);
  await c.waitClosed();
  return condition;
}

async function watcherAlive(): Promise<void> {
  const r = await watcher.iq(xml('iq', { type: 'get', to: 'localhost' }, xml('ping', { xmlns: NS_PING })));
  assert.equal(r.attr('type'), 'result');
}

before(async () => {
  ts = await startTestServer({ xmpp: { unauthenticatedTimeoutS: 2, maxConnectionsPerIp: 5000 } });
  watcher = await TestXmppClient.login({ port: ts.ready.ports.xmpp!, ca: ts.ready.ca, username: '1001001', password: 'agent' });
});
after(async () => {
  watcher.close();
  await ts.stop();
});

describe('hostile XML over TCP', () => {
  const cases: [string, string | Buffer, string][] = [
    ['billion laughs', '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><message>&lol2;</message>', 'restricted-xml'],
    ['an external entity', '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><message>&xxe;</message>', 'restricted-xml'],
    ['an undefined entity', '<message><body>&foo;</body></message>', 'restricted-xml'],
    ['a processing instruction', '<?evil data?>', 'restricted-xml'],
    ['a comment', '<message><!-- x --></message>', 'restricted-xml'],
    ['an unbound prefix', '<x:message/>', 'bad-namespace-prefix'],
    ['mismatched tags', '<message><body></message>', 'not-well-formed'],
    ['invalid UTF-8', Buffer.from([0x3c, 0x6d, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x6d, 0x3e]), 'not-well-formed'],
    ['garbage mid-stream', '\x00\x01\x02 not xml at all <<<', 'not-well-formed'],
    ['10,000-deep nesting', '<a>'.repeat(10_000), 'policy-violation'],
    ['1,000 attributes', `<message ${Array.from({ length: 1000 }, (_, i) => `a${i}='v'`).join(' ')}/>`, 'policy-violation'],
  ];
  for (const [name, payload, expected] of cases) {
    it(`answers ${name} with ${expected}`, async () => {
      const got = await hostile(payload);
      // An unbound prefix is either condition, depending on where the parser notices it.
      if (expected === 'bad-namespace-prefix') assert.ok(['bad-namespace-prefix', 'not-well-formed'].includes(got ?? ''), got);
      else assert.equal(got, expected);
      await watcherAlive();
    });
  }

  it('answers a 10 MB stanza with policy-violation without buffering it', async () => {
    const before = process.memoryUsage().rss;
    const got = await hostile(async (c) => {
      c.writeRaw('<message><body>');
      const chunk = 'x'.repeat(64 * 1024);
      for (let i = 0; i < 160 && !c.closed; i++) {
        if (!c.socket.write(chunk)) await new Promise((r) => c.socket.once('drain', r).once('close', r));
      }
    });
    assert.equal(got, 'policy-violation');
    // The server shares this process: its memory must not have grown by anything like 10 MB per copy.
    assert.ok(process.memoryUsage().rss - before < 64 * 1024 * 1024);
    await watcherAlive();
  });

  it('closes a connection that never authenticates (connection-timeout)', async () => {
    const c = await TestXmppClient.connect({ port: ts.ready.ports.xmpp! });
    c.writeRaw(HEADER);
    assert.equal(await streamError(c), 'connection-timeout');
    await c.waitClosed();
  });

  it('closes a half-open connection that never speaks', async () => {
    const socket = connect({ host: '127.0.0.1', port: ts.ready.ports.xmpp! });
    await new Promise((r) => socket.once('connect', r));
    socket.resume();
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await watcherAlive();
  });

  it('survives 1,000 connections that never speak, and serves others meanwhile', async () => {
    const sockets = await Promise.all(Array.from({ length: 1000 }, () => new Promise<import('node:net').Socket>((resolve, reject) => {
      const s = connect({ host: '127.0.0.1', port: ts.ready.ports.xmpp! }, () => resolve(s));
      s.on('error', reject);
    })));
    await watcherAlive();
    const other = await TestXmppClient.login({ port: ts.ready.ports.xmpp!, ca: ts.ready.ca, username: '1001002', password: 'agent' });
    other.close();
    for (const s of sockets) s.destroy();
  });

  it('refuses connections past the per-address limit and keeps serving', async () => {
    const small = await startTestServer({ xmpp: { maxConnectionsPerIp: 3 } });
    const port = small.ready.ports.xmpp!;
    const held = await Promise.all([1, 2, 3].map(() => TestXmppClient.connect({ port })));
    const refused = await TestXmppClient.connect({ port });
    await refused.waitClosed();
    held[0]!.destroy();
    await held[0]!.waitClosed();
    await new Promise((r) => setTimeout(r, 50));
    const ok = await TestXmppClient.login({ port, ca: small.ready.ca, username: '1001003', password: 'agent' });
    ok.close();
    for (const h of held) h.destroy();
    await small.stop();
  });

  it('answers a stanza before authentication with not-authorized', async () => {
    const got = await hostile('<message to="1001001@localhost"><body>hi</body></message>');
    assert.equal(got, 'not-authorized');
  });
});
