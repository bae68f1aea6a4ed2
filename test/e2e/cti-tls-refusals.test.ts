// The CTI port refuses everything but mutual TLS with a clientAuth certificate of the trusted CA,
// each refusal with one log line naming the reason (issue 11 "Bad input"). `openssl s_client` is the
// outside client; certificates are made with the openssl CLI and with the local CA (issueLeaf).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { MemoryLogger } from '../../src/shared/logger.js';
import { issueLeaf } from '../../src/pki/issue.js';
import { pkiPaths } from '../../src/pki/layout.js';
import { CtiFrameParser, PROTOCOL_VERSION, decodeMessage, encodeMessage, type CtiMessage } from '../../src/cti/codec/index.js';
import { createCtiListener } from '../../src/cti/server/cti-listener.js';
import { systemClock } from '../../src/shared/clock.js';

async function until(what: string, cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function sClient(port: number, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = execFile('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-tls1_2', ...args],
      { timeout: 5000 }, (_e, stdout, stderr) => resolve(`${stdout}\n${stderr}`));
    child.stdin?.end();
  });
}

function openssl(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('openssl', args, { cwd }, (e, _out, stderr) => (e ? reject(new Error(`openssl ${args[0]}: ${stderr}`)) : resolve()));
  });
}

const openReq = (invokeId: number): CtiMessage => ({
  type: 'OPEN_REQ', invokeId, versionNumber: PROTOCOL_VERSION, idleTimeout: 0xffffffff, peripheralId: 0xffffffff,
  servicesRequested: 0x10, callMsgMask: 0, agentStateMask: 0, configMsgMask: 0, clientId: 'fuzz', clientPassword: Buffer.alloc(0),
});

/** A mutual-TLS CTI connection that collects decoded replies. */
async function ctiConnection(port: number, identity: { key: string; cert: string; ca?: string }) {
  const received: CtiMessage[] = [];
  let closed = false;
  const socket: TLSSocket = tlsConnect({ host: '127.0.0.1', port, ...identity, minVersion: 'TLSv1.2' });
  const parser = new CtiFrameParser((e) => {
    if (e.kind === 'frame') { const d = decodeMessage(e.frame); if (d.ok) received.push(d.value); }
  });
  socket.on('data', (c: Buffer) => parser.push(c));
  socket.on('error', () => {});
  socket.on('close', () => { closed = true; });
  await new Promise<void>((resolve, reject) => { socket.once('secureConnect', () => resolve()); socket.once('error', reject); });
  return { socket, received, isClosed: () => closed };
}

describe('CTI port: TLS refusals (openssl s_client as the outside client)', () => {
  let server: TestServer;
  let dir: string;
  const log = new MemoryLogger(false);
  const refusals = (): string[] => log.lines.filter((l) => l.msg.startsWith('CTI server refused')).map((l) => l.msg);
  let port: number;

  before(async () => {
    server = await startTestServer({}, { log });
    port = server.ready.ports.cti!;
    dir = mkdtempSync(join(tmpdir(), 'parley-cti-certs-'));
    const paths = pkiPaths(server.data);
    const ca = { certPem: readFileSync(paths.caCert, 'utf8'), keyPem: readFileSync(paths.caKey, 'utf8') };
    const noEku = await issueLeaf(ca, { fqdn: 'no-client-auth.test', clientAuth: false });
    writeFileSync(join(dir, 'noeku.pem'), noEku.certPem);
    writeFileSync(join(dir, 'noeku.key'), noEku.keyPem);
    const expired = await issueLeaf(ca, { fqdn: 'expired.test', clientAuth: true, validityDays: 1 }, { now: () => Date.now() - 10 * 86_400_000 });
    writeFileSync(join(dir, 'expired.pem'), expired.certPem);
    writeFileSync(join(dir, 'expired.key'), expired.keyPem);
    const good = server.server.certs.secureContextOptions('cti-client');
    writeFileSync(join(dir, 'good.pem'), good.cert);
    writeFileSync(join(dir, 'good.key'), good.key);
    // A certificate from another CA, with clientAuth: made with the openssl CLI.
    writeFileSync(join(dir, 'ext.cnf'), 'extendedKeyUsage = clientAuth,serverAuth\n');
    await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'other-ca.key',
      '-out', 'other-ca.pem', '-days', '30', '-subj', '/CN=Other CA'], dir);
    await openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'untrusted.key',
      '-out', 'untrusted.csr', '-subj', '/CN=untrusted.test'], dir);
    await openssl(['x509', '-req', '-in', 'untrusted.csr', '-CA', 'other-ca.pem', '-CAkey', 'other-ca.key', '-CAcreateserial',
      '-out', 'untrusted.pem', '-days', '30', '-extfile', 'ext.cnf'], dir);
  });
  after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const expectRefusal = async (args: string[], reason: RegExp): Promise<void> => {
    const before = refusals().length;
    await sClient(port, ['-CAfile', server.ready.ca, ...args.map((a) => (a.endsWith('.pem') || a.endsWith('.key') ? join(dir, a) : a))]);
    await until(`refusal ${reason}`, () => refusals().length > before);
    const line = refusals().slice(before).join('\n');
    assert.match(line, reason);
  };

  it('no client certificate', async () => {
    await expectRefusal([], /refused 127\.0\.0\.1:\d+: no client certificate/);
  });

  it('a certificate from an untrusted CA', async () => {
    await expectRefusal(['-cert', 'untrusted.pem', '-key', 'untrusted.key'], /client certificate from an untrusted CA/);
  });

  it('a certificate of the local CA without the clientAuth EKU', async () => {
    await expectRefusal(['-cert', 'noeku.pem', '-key', 'noeku.key'], /client certificate without the clientAuth EKU/);
  });

  it('an expired certificate', async () => {
    await expectRefusal(['-cert', 'expired.pem', '-key', 'expired.key'], /expired client certificate \(CERT_HAS_EXPIRED\)/);
  });

  it('TLS 1.1 is refused (TLS 1.2+ only)', async () => {
    const before = refusals().length;
    await sClient(port, ['-CAfile', server.ready.ca, '-tls1_1', '-cert', join(dir, 'good.pem'), '-key', join(dir, 'good.key')]).catch(() => '');
    await until('refusal', () => refusals().length > before).catch(() => { /* some OpenSSL builds cannot even offer TLS 1.1 */ });
    // At most the server's own contact-center link (over TLS 1.2+) has a session; the TLS 1.1 client none.
    assert.ok(server.server.cti.sessions.size <= 1);
  });

  it('plain TCP: closed, "unsecured mode is not supported"', async () => {
    const before = refusals().length;
    const s = netConnect(port, '127.0.0.1');
    s.on('error', () => {});
    s.write(encodeMessage(openReq(1)));
    await new Promise((r) => s.once('close', r));
    await until('refusal', () => refusals().length > before);
    assert.match(refusals().slice(before).join('\n'), /plain TCP, not TLS: unsecured mode is not supported/);
  });

  it('the good client certificate is accepted (s_client completes the handshake)', async () => {
    const out = await sClient(port, ['-CAfile', server.ready.ca, '-cert', join(dir, 'good.pem'), '-key', join(dir, 'good.key')]);
    assert.match(out, /Verify return code: 0 \(ok\)/);
  });

  it('fuzzed bytes on a mutual-TLS connection: FAILURE_CONF or close; the server keeps serving others', async () => {
    const identity = server.server.certs.secureContextOptions('cti-client');
    const healthy = await ctiConnection(port, identity);
    healthy.socket.write(encodeMessage(openReq(1)));
    await until('healthy OPEN_CONF', () => healthy.received.some((m) => m.type === 'OPEN_CONF'));
    let invoke = 100;
    let seed = 1;
    const rand = (n: number): Buffer => { // deterministic bytes (xorshift) so a failure replays
      const b = Buffer.alloc(n);
      for (let i = 0; i < n; i++) { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; b[i] = seed & 0xff; }
      return b;
    };
    for (let round = 0; round < 12; round++) {
      const c = await ctiConnection(port, identity);
      c.socket.write(encodeMessage(openReq(2)));
      await until('OPEN_CONF', () => c.received.some((m) => m.type === 'OPEN_CONF'));
      const kind = round % 4;
      const garbage = kind === 0 ? rand(64 + round * 13)
        : kind === 1 ? Buffer.concat([Buffer.from([0, 0, 0, 8, 0, 0, 0x27, 0x0f]), rand(8)]) // unknown type 9999
          : kind === 2 ? Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 5]) // length 2^32-1
            : Buffer.concat([Buffer.from([0, 0, 0, 12, 0, 0, 0, 5]), rand(12)]); // HEARTBEAT_REQ, too long/bad
      c.socket.write(garbage);
      await until(`FAILURE_CONF or close (round ${round})`, () => c.isClosed() || c.received.some((m) => m.type === 'FAILURE_CONF' || m.type === 'HEARTBEAT_CONF'));
      if (kind === 2) await until('closed on framing error', () => c.isClosed());
      c.socket.destroy();
      // The healthy session still answers.
      const id = ++invoke;
      healthy.socket.write(encodeMessage({ type: 'HEARTBEAT_REQ', invokeId: id }));
      await until('healthy heartbeat', () => healthy.received.some((m) => m.type === 'HEARTBEAT_CONF' && m.invokeId === id));
    }
    healthy.socket.destroy();
  });
});

describe('CTI port: a connection that never sends a ClientHello', () => {
  it('is closed after the first-byte timeout as plain TCP', async () => {
    const log = new MemoryLogger(false);
    const server = await startTestServer();
    const listener = createCtiListener({ certs: server.server.certs, clock: systemClock, log, minProtocolVersion: 13, firstByteTimeoutMs: 200 });
    try {
      const port = await listener.listen(0, '127.0.0.1');
      const s = netConnect(port, '127.0.0.1');
      s.on('error', () => {});
      await new Promise((r) => s.once('close', r));
      assert.ok(log.has('warn', 'no TLS ClientHello within 0.2 s (plain TCP?): unsecured mode is not supported'));
    } finally {
      await listener.close();
      await server.stop();
    }
  });
});
