// Issue 10 end to end: /metrics, show sessions, show cti status, file get activelog, utils system restart,
// and the TLS key log of every listener, against a real in-process server.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { callAdmin } from '../../src/admin/admin-client.js';
import { adminSocketPath } from '../../src/admin/socket-path.js';
import { MemoryLogger } from '../../src/shared/logger.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { TestXmppClient } from '../helpers/xmpp-client.js';
import { BoshTestClient } from '../helpers/bosh-client.js';

interface HttpReply { status: number; headers: Record<string, unknown>; body: string }
function get(ts: TestServer, port: number, path: string, auth?: string): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, servername: 'localhost', ca: readFileSync(ts.ready.ca), headers: auth ? { authorization: `Basic ${Buffer.from(auth).toString('base64')}` } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function admin(ts: TestServer, ...words: string[]): Promise<{ exitCode: number; output: string; progress: string[] }> {
  const progress: string[] = [];
  const r = await callAdmin(adminSocketPath(ts.data), words, { onProgress: (l) => progress.push(l) });
  if (!r.ok) throw new Error(`admin call failed: ${r.reason} ${r.message}`);
  return { exitCode: r.exitCode, output: r.output, progress };
}

/** Names and contents of a .tar.gz (ustar). */
function untarGz(file: string): Map<string, string> {
  const buf = gunzipSync(readFileSync(file));
  const out = new Map<string, string>();
  for (let off = 0; off + 512 <= buf.length;) {
    const h = buf.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const str = (a: number, n: number) => h.subarray(a, a + n).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(str(124, 12), 8);
    out.set([str(345, 155), str(0, 100)].filter(Boolean).join('/'), buf.subarray(off + 512, off + 512 + size).toString('utf8'));
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

describe('diagnostics (default settings: /metrics for admins)', () => {
  let ts: TestServer;
  before(async () => { ts = await startTestServer({ logLevel: 'debug' }); });
  after(async () => { await ts.stop(); });

  it('/metrics needs the admin role on the https port and is absent on the notification port', async () => {
    assert.equal((await get(ts, ts.ready.ports.https!, '/metrics')).status, 401);
    assert.equal((await get(ts, ts.ready.ports.https!, '/metrics', '1001001:agent')).status, 403);
    assert.equal((await get(ts, ts.ready.ports.notification!, '/metrics', 'admin:admin')).status, 404);
    const c = await TestXmppClient.login({ port: ts.ready.ports.xmpp!, ca: ts.ready.ca, username: '1001001', password: 'agent' });
    ts.server.pubsub.publishInternal('/finesse/api/User/1001001', '<Update><event>PUT</event></Update>');
    const r = await get(ts, ts.ready.ports.https!, '/metrics', 'admin:admin');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
    assert.match(r.body, /^parley_xmpp_sessions\{transport="tcp"\} 1$/m);
    assert.match(r.body, /^parley_pubsub_events_published_total [1-9]\d*$/m);
    assert.match(r.body, /^parley_pubsub_notifications_delivered_total [1-9]\d*$/m);
    assert.match(r.body, /^parley_pubsub_delivery_seconds_count [1-9]\d*$/m);
    assert.match(r.body, /^parley_certificate_days_left\{store="tomcat"\} \d+$/m);
    assert.match(r.body, /^parley_cti_link_up\{side="[AB]?"\} [01]$/m, 'the contact center\'s link state');
    assert.match(r.body, /^parley_http_responses_total\{listener="https",code="401"\} 1$/m);
    assert.match(r.body, /^parley_http_responses_total\{listener="notification",code="404"\} 1$/m);
    // Every line is a comment or "name{labels} value".
    for (const l of r.body.trimEnd().split('\n')) assert.match(l, /^(# (HELP|TYPE) \w+ .+|[a-z_:]+(\{[^}]*\})? [-+\d.eE]+|[a-z_:]+(\{[^}]*\})? (\+Inf|NaN))$/, l);
    c.close();
  });

  it('show sessions lists JID, transport, address, last active, held requests and subscriptions', async () => {
    const tcp = await TestXmppClient.login({ port: ts.ready.ports.xmpp!, ca: ts.ready.ca, username: '1001002', password: 'agent', resource: 'desktop' });
    const bosh = new BoshTestClient({ port: ts.ready.ports.notification!, ca: ts.ready.ca, domain: 'localhost' });
    await bosh.login('1001003', 'agent', 'desktop');
    const poll = bosh.send(); // held by the server
    await new Promise((r) => setTimeout(r, 100));
    const r = await admin(ts, 'show', 'sessions');
    assert.equal(r.exitCode, 0);
    assert.match(r.output, /^JID\s+TRANSPORT\s+CLIENT ADDRESS\s+LAST ACTIVE\s+HELD\s+SUBS\s+PRESENCE$/m);
    assert.match(r.output, /^1001002@localhost\/desktop\s+tcp\s+127\.0\.0\.1:\d+\s+\d+\.\d s ago\s+-\s+\d+\s+available$/m);
    assert.match(r.output, /^1001003@localhost\/desktop\s+bosh\s+127\.0\.0\.1:\d+\s+\d+\.\d s ago\s+1\s+\d+\s+available$/m);
    const one = await admin(ts, 'show', 'sessions', '--user', '1001003');
    assert.doesNotMatch(one.output, /1001002/);
    assert.match(one.output, /1 session\(s\) \(bosh 1\)/);
    assert.equal((await admin(ts, 'show', 'sessions', '--bogus')).exitCode, 2);
    tcp.close();
    await bosh.send([], { type: 'terminate' });
    await poll;
  });

  it('show cti status reports the link the contact center uses (the embedded CTI server by default)', async () => {
    for (let i = 0; i < 100 && !/IN_SERVICE/.test((await admin(ts, 'show', 'cti', 'status')).output); i++) await new Promise((r) => setTimeout(r, 50));
    const r = await admin(ts, 'show', 'cti', 'status');
    assert.match(r.output, /^CTI link\s+IN_SERVICE \(side A\)$/m);
    assert.match(r.output, /^Since\s+\d{4}-\d\d-\d\dT/m);
    assert.equal(r.exitCode, 0);
    assert.match(r.output, /^CTI link\s+(not configured on this node|IN_SERVICE|OUT_OF_SERVICE)/m);
    assert.match(r.output, /CTI server clients\s+\d+ connected/);
  });

  it('file get activelog desktop recurs compress: progress, the path, the logs, and no secrets', async () => {
    // An idle-closing line and a debug line exist in the notification logs.
    const c = await TestXmppClient.login({ port: ts.ready.ports.xmpp!, ca: ts.ready.ca, username: '1001004', password: 'agent', resource: 'desktop' });
    c.close();
    await c.waitClosed();
    await new Promise((r) => setTimeout(r, 50));
    const [r, concurrent] = await Promise.all([
      admin(ts, 'file', 'get', 'activelog', 'desktop', 'recurs', 'compress'),
      admin(ts, 'file', 'get', 'activelog', '/desktop', 'recurs', 'compress'),
    ]);
    assert.equal(r.exitCode, 0, r.output);
    assert.equal(concurrent.exitCode, 0, concurrent.output);
    assert.match(r.progress[0]!, /^Collecting \d+ file\(s\)/);
    const path = /Archive: (\S+\.tar\.gz)/.exec(r.output)?.[1];
    assert.ok(path?.startsWith(join(ts.data, 'collect')), r.output);
    assert.equal(/Archive: (\S+\.tar\.gz)/.exec(concurrent.output)?.[1], path, 'the concurrent request shares the archive');
    assert.match(concurrent.progress.join('\n'), /Another log collection \(desktop\) is running; waiting for its archive/);
    assert.match(concurrent.output, /Another request built this archive; here it is:/);
    const files = untarGz(path!);
    const names = [...files.keys()];
    assert.ok(names.some((n) => n.endsWith('/logs/desktop/openfire/info.log')), names.join('\n'));
    assert.ok(names.some((n) => n.endsWith('/logs/desktop/openfire/debug.log')));
    assert.ok(names.some((n) => n.endsWith('/config.json')));
    const info = [...files].find(([n]) => n.endsWith('openfire/info.log'))![1];
    assert.match(info, /A session is being closed for 1001004@localhost\/desktop/);
    const status = [...files].find(([n]) => n.endsWith('/status.txt'))![1];
    assert.match(status, /\$ show status\nParley status/);
    assert.match(status, /\$ show sessions/);
    assert.match(status, /\$ show cert list/);
    const all = [...files.values()].join('\n');
    assert.doesNotMatch(all, /PRIVATE KEY-----\s*[A-Za-z0-9+/]{20}/, 'no private key');
    const keyPem = readFileSync(join(ts.data, 'pki', 'tomcat', 'key.pem'), 'utf8').split('\n')[1]!;
    assert.ok(!all.includes(keyPem), 'no line of the tomcat key');
    const secrets = ['admin', '1001001', '1001004'].flatMap((id) => Object.values(ts.server.stores.users.getCredentials(id) ?? {}))
      .flatMap((k) => [k.salt, k.storedKey, k.serverKey]);
    assert.ok(secrets.length >= 18);
    for (const v of secrets) assert.ok(!all.includes(v), 'no password hash or salt');
    assert.equal((await admin(ts, 'file', 'get', 'activelog', '../pki')).exitCode, 2);
    assert.equal((await admin(ts, 'file', 'get', 'activelog', 'desktop', 'reltime', 'hours', '2')).exitCode, 2);
  });

  it('utils system restart outside `parley serve` says it cannot, and changes nothing', async () => {
    const r = await admin(ts, 'utils', 'system', 'restart');
    assert.equal(r.exitCode, 1);
    assert.match(r.output, /not started by `parley serve`/);
  });
});

describe('diagnostics with metrics.access=open and the TLS key log on', () => {
  let ts: TestServer;
  let dir: string;
  let keylogFile: string;
  const log = new MemoryLogger();
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-keylog-'));
    keylogFile = join(dir, 'keys', 'sslkeys.log');
    ts = await startTestServer({ metrics: { access: 'open' }, tls: { keylogFile } }, { log });
  });
  after(async () => { await ts.stop(); rmSync(dir, { recursive: true, force: true }); });

  it('/metrics answers without authentication when open', async () => {
    const r = await get(ts, ts.ready.ports.https!, '/metrics');
    assert.equal(r.status, 200);
    assert.match(r.body, /# TYPE parley_xmpp_sessions gauge/);
  });

  it('warns loudly at start', () => {
    assert.ok(log.has('warn', 'TLS key logging is ON'), JSON.stringify(log.lines));
  });

  /** Opens TLS to a port (optionally after an XMPP STARTTLS exchange) and returns the client's key-log lines. */
  async function clientKeylog(port: string, opts: { starttls?: boolean; expectFailure?: boolean } = {}): Promise<string[]> {
    const lines: string[] = [];
    let raw: import('node:net').Socket | undefined;
    if (opts.starttls) {
      raw = netConnect({ host: '127.0.0.1', port: ts.ready.ports[port]! });
      await new Promise((r) => raw!.once('connect', r));
      raw.write(`<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>`);
      let seen = '';
      await new Promise<void>((resolve) => raw!.on('data', (d: Buffer) => {
        seen += d.toString();
        if (seen.includes('</stream:features>')) { raw!.removeAllListeners('data'); resolve(); }
      }));
      raw.write(`<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>`);
      await new Promise<void>((resolve) => raw!.on('data', (d: Buffer) => { if (d.toString().includes('proceed')) { raw!.removeAllListeners('data'); resolve(); } }));
    }
    const s: TLSSocket = tlsConnect({
      ...(raw ? { socket: raw } : { host: '127.0.0.1', port: ts.ready.ports[port]! }),
      servername: 'localhost', ca: readFileSync(ts.ready.ca), rejectUnauthorized: !opts.expectFailure,
    });
    s.on('keylog', (l: Buffer) => lines.push(l.toString().trim()));
    await new Promise<void>((resolve) => {
      s.once('secureConnect', () => { s.write('\n'); setTimeout(resolve, 100); });
      s.once('error', () => resolve());
      s.once('close', () => resolve());
    });
    s.destroy();
    await new Promise((r) => setTimeout(r, 50));
    return lines;
  }

  for (const [port, opts] of [['https', {}], ['notification', {}], ['xmpps', {}], ['xmpp', { starttls: true }], ['cti', { expectFailure: true }]] as const) {
    it(`the ${port} listener${'starttls' in opts ? ' (STARTTLS)' : ''} appends the NSS key-log lines of the connection`, async () => {
      const lines = await clientKeylog(port, opts);
      assert.ok(lines.length > 0, 'the client saw key material');
      const file = readFileSync(keylogFile, 'utf8');
      const serverLines = new Set(file.split('\n'));
      // Same client random, same secrets: the capture of this connection can be decrypted with the file.
      const handshake = lines.filter((l) => /^(CLIENT_HANDSHAKE_TRAFFIC_SECRET|SERVER_HANDSHAKE_TRAFFIC_SECRET|CLIENT_RANDOM) /.test(l));
      assert.ok(handshake.length > 0, lines.join('\n'));
      for (const l of handshake) {
        assert.match(l, /^[A-Z_0-9]+ [0-9a-f]{64} [0-9a-f]+$/);
        assert.ok(serverLines.has(l), `${l.slice(0, 60)}… not in the key log`);
      }
      if (port !== 'cti') for (const l of lines) assert.ok(serverLines.has(l), `${l.slice(0, 60)}… not in the key log`);
    });
  }

  it('the key log file is private (0600)', async () => {
    const { statSync } = await import('node:fs');
    assert.equal(statSync(keylogFile).mode & 0o777, 0o600);
  });
});
