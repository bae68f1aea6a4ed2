import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { MemoryLogger } from '../shared/logger.js';
import { attachHotReload, createCertStore, describeCertificate, readTrustBundle, type TlsIdentitySource } from './cert-store.js';
import { PkiError } from './errors.js';
import { ensurePki, type EnsurePkiResult } from './first-start.js';
import { issueServiceIdentity } from './service-identity.js';

let root: string;
let pki: EnsurePkiResult;
let caPem: string;
const servers: tls.Server[] = [];
const sockets: tls.TLSSocket[] = [];

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'parley-certstore-'));
  pki = await ensurePki({ dataDir: join(root, 'data'), fqdn: 'parley.example.com' }); // RSA-2048, as in production
  caPem = readFileSync(pki.caPath, 'utf8');
});
after(() => {
  for (const s of sockets) s.destroy();
  for (const s of servers) s.close();
  rmSync(root, { recursive: true, force: true });
});

/** An echo server with the given TLS options; resolves with its port. */
async function listen(options: tls.TlsOptions): Promise<{ server: tls.Server; port: number }> {
  const server = tls.createServer(options, (socket) => socket.pipe(socket));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

function connect(options: tls.ConnectionOptions): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', ...options }, () => resolve(socket));
    sockets.push(socket);
    socket.once('error', reject);
  });
}

function echo(socket: tls.TLSSocket, text: string): Promise<string> {
  return new Promise((resolve) => {
    socket.once('data', (chunk: Buffer) => resolve(chunk.toString()));
    socket.write(text);
  });
}

describe('createCertStore', () => {
  it('serves the tomcat identity to clients that trust ca.pem, by name and by IP address', async () => {
    const store: TlsIdentitySource = createCertStore(pki);
    assert.equal(store.caPath, pki.caPath);
    const { port } = await listen(store.secureContextOptions('tomcat'));
    const byName = await connect({ port, ca: caPem, servername: 'localhost' });
    assert.equal(byName.authorized, true);
    const byIp = await connect({ port, ca: caPem }); // no SNI for an IP; checked against the IP SAN
    assert.equal(byIp.authorized, true);
    assert.equal(byIp.getPeerCertificate().subject.OU, 'tomcat');
    await assert.rejects(connect({ port, ca: caPem, servername: 'elsewhere.example' }), /ERR_TLS_CERT_ALTNAME_INVALID|does not match/);
  });

  it('gives the CTI link mutual TLS: cti-client is accepted, the serverAuth-only tomcat identity is not', async () => {
    const store = createCertStore(pki);
    const { port } = await listen({ ...store.secureContextOptions('cti-server'), requestCert: true, rejectUnauthorized: false });
    const accepted = new Promise<tls.TLSSocket>((resolve) => servers.at(-1)!.once('secureConnection', resolve));
    await connect({ port, secureContext: store.secureContext('cti-client'), servername: 'localhost' });
    assert.equal((await accepted).authorized, true);
    const refused = new Promise<tls.TLSSocket>((resolve) => servers.at(-1)!.once('secureConnection', resolve));
    const tomcat = store.secureContextOptions('tomcat');
    await connect({ port, key: tomcat.key, cert: tomcat.cert, ca: caPem, servername: 'localhost' });
    assert.equal((await refused).authorizationError, 'INVALID_PURPOSE');
  });

  it('hot reload: new connections get the new certificate, open ones stay up', async () => {
    const log = new MemoryLogger();
    const store = createCertStore(pki, { log });
    const { server, port } = await listen(store.secureContextOptions('tomcat'));
    let notified = 0;
    const unsubscribe = store.onChange('tomcat', () => { notified++; });
    const stop = attachHotReload(server, store, 'tomcat');

    // 1. a connection opened before the change
    const old = await connect({ port, ca: caPem, servername: 'localhost' });
    const oldSerial = old.getPeerCertificate().serialNumber;
    assert.equal(oldSerial, describeCertificate(readFileSync(pki.services.tomcat.cert, 'utf8')).serial);
    // 2. "Regenerate": a new identity on disk (an EC key this time), then reload
    const fresh = await issueServiceIdentity({ paths: pki, service: 'tomcat', fqdn: 'parley.example.com', keyType: 'P-256' });
    store.reload('tomcat');
    assert.equal(notified, 1);
    assert.ok(log.has('info', 'Certificate store tomcat: reloaded'));
    // 3. a new connection sees the new serial
    const next = await connect({ port, ca: caPem, servername: 'localhost' });
    assert.equal(next.authorized, true);
    assert.equal(next.getPeerCertificate().serialNumber, describeCertificate(fresh.certPem).serial);
    assert.notEqual(next.getPeerCertificate().serialNumber, oldSerial);
    // 4. the old connection still works, with its old certificate
    assert.equal(await echo(old, 'still here'), 'still here');
    assert.equal(old.getPeerCertificate().serialNumber, oldSerial);
    // 5. nothing changed: no notification; unsubscribed listeners are not called
    store.reload();
    assert.equal(notified, 1);
    unsubscribe();
    stop();
    await issueServiceIdentity({ paths: pki, service: 'tomcat', fqdn: 'parley.example.com', keyType: 'P-256' });
    store.reload('tomcat');
    assert.equal(notified, 1);
    const afterDetach = await connect({ port, ca: caPem, servername: 'localhost' });
    assert.equal(afterDetach.getPeerCertificate().serialNumber, describeCertificate(fresh.certPem).serial, 'detached');
  });

  it('keeps the previous identity when the new files are unusable', () => {
    const store = createCertStore(pki, { log: new MemoryLogger() });
    const before = store.secureContextOptions('notification');
    const keyBackup = readFileSync(pki.services.notification.key, 'utf8');
    copyFileSync(pki.services['cti-server'].key, pki.services.notification.key);
    try {
      assert.throws(() => store.reload('notification'), (e: PkiError) => e.code === 'ERR_PKI_IDENTITY_INVALID');
      assert.equal(store.secureContextOptions('notification'), before);
    } finally {
      writeFileSync(pki.services.notification.key, keyBackup, { mode: 0o600 });
    }
  });

  it('trusts the certificates of trust/*.pem, never the keys', () => {
    const bundle = readTrustBundle(pki.trustDir);
    assert.equal(bundle, caPem);
    assert.equal(createCertStore(pki).secureContextOptions('cti-server').ca, caPem);
    assert.doesNotMatch(bundle, /PRIVATE KEY/);
  });
});
