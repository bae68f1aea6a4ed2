import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { attachHotReload } from './cert-store.js';
import { parseStoreName } from './cert-manager.js';
import { bytes, labHierarchy, pkiFixture, type LabHierarchy, type PkiFixture } from './lab-fixture.js';
import { labSignCsr } from './lab.js';
import { openssl, skipWithoutOpenssl } from './openssl-oracle.js';

const FQDN = 'parley.example.com';
let f: PkiFixture;
let lab: LabHierarchy;
const servers: tls.Server[] = [];
const sockets: tls.TLSSocket[] = [];

before(async () => {
  f = await pkiFixture(FQDN);
  lab = await labHierarchy();
});
after(() => {
  for (const s of sockets) s.destroy();
  for (const s of servers) s.close();
  f.cleanup();
});

async function listen(service: 'tomcat' | 'cti-server'): Promise<number> {
  const server = tls.createServer(f.certs.secureContextOptions(service), (s) => s.pipe(s));
  servers.push(server);
  attachHotReload(server, f.certs, service);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}
function connect(port: number, ca: string): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port, ca, servername: FQDN }, () => resolve(s));
    sockets.push(s);
    s.once('error', reject);
  });
}
const echo = (s: tls.TLSSocket, text: string) => new Promise<string>((r) => { s.once('data', (c: Buffer) => r(c.toString())); s.write(text); });

describe('store names and listing', () => {
  it('knows the four services and their -trust stores', () => {
    assert.deepEqual(parseStoreName('tomcat'), { service: 'tomcat', kind: 'own' });
    assert.deepEqual(parseStoreName('CTI-Client-Trust'), { service: 'cti-client', kind: 'trust' });
    assert.equal(parseStoreName('tomcat-ECDSA'), undefined);
    const r = f.manager.listStore('ipsec');
    assert.equal(r.ok, false);
  });

  it('lists every store with subject, SANs, issuer, serial, key, validity and days left; OpenSSL agrees', (t) => {
    const all = f.manager.list();
    assert.deepEqual(all.map((l) => l.store), ['tomcat', 'tomcat-trust', 'notification', 'notification-trust', 'cti-server', 'cti-server-trust', 'cti-client', 'cti-client-trust']);
    const tomcat = all[0]!.certificates[0]!;
    assert.equal(tomcat.role, 'identity');
    assert.match(tomcat.subject, /CN=parley\.example\.com/);
    assert.deepEqual(tomcat.sans, ['dns:parley.example.com', 'dns:localhost', 'ip:127.0.0.1', 'ip:::1']);
    assert.equal(tomcat.keyType, 'EC');
    assert.equal(tomcat.keySize, 256);
    assert.ok(tomcat.daysLeft > 700);
    assert.equal(all[1]!.certificates[0]!.builtIn, true, 'the local CA is in every trust store');
    if (skipWithoutOpenssl) return t.skip(skipWithoutOpenssl);
    const text = openssl(['x509', '-in', '{c.pem}', '-noout', '-serial', '-subject', '-ext', 'subjectAltName'], { 'c.pem': readFileSync(f.pki.services.tomcat.cert, 'utf8') }).stdout;
    assert.match(text, new RegExp(`serial=${tomcat.serial}`));
    assert.match(text, /DNS:parley\.example\.com, DNS:localhost, IP Address:127\.0\.0\.1, IP Address:0:0:0:0:0:0:0:1/);
  });

  it('OpenSSL agrees on every listed certificate (x509 -text) and verifies every identity against ca.pem', (t) => {
    if (skipWithoutOpenssl) return t.skip(skipWithoutOpenssl);
    const ca = readFileSync(f.pki.caCert, 'utf8');
    for (const listing of f.manager.list()) {
      for (const c of listing.certificates) {
        const which = c.file ?? (c.builtIn ? c.fingerprint256 : undefined);
        const pem = f.manager.download(listing.store, which);
        assert.ok(pem.ok);
        const text = openssl(['x509', '-in', '{c.pem}', '-noout', '-text', '-serial', '-fingerprint', '-sha256', '-nameopt', 'RFC2253'], { 'c.pem': pem.value.pem }).stdout;
        assert.match(text, new RegExp(`serial=${c.serial}\\b`), `${listing.store} serial`);
        assert.match(text, new RegExp(`Fingerprint=${c.fingerprint256}`), `${listing.store} fingerprint`);
        assert.match(text, new RegExp(`Public-Key: \\(${c.keySize} bit\\)`), `${listing.store} key size`);
        const notAfter = /Not After : (.+)/.exec(text)![1]!;
        assert.equal(new Date(notAfter).getTime(), Math.floor(c.notAfter.getTime() / 1000) * 1000, `${listing.store} notAfter`);
        const cn = /CN=([^,]+)/.exec(c.subject)![1]!;
        assert.match(text, new RegExp(`Subject: .*CN=${cn.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      }
    }
    for (const [service, purpose] of [['tomcat', 'sslserver'], ['notification', 'sslserver'], ['cti-server', 'sslclient'], ['cti-client', 'sslclient']] as const) {
      const v = openssl(['verify', '-purpose', purpose, '-CAfile', '{ca.pem}', '{c.pem}'], { 'ca.pem': ca, 'c.pem': readFileSync(f.pki.services[service].cert, 'utf8') });
      assert.equal(v.status, 0, `${service}: ${v.stdout}${v.stderr}`);
    }
  });

  it('downloads any certificate as PEM', () => {
    const own = f.manager.download('tomcat');
    assert.ok(own.ok);
    assert.match(own.value.filename, /^tomcat-[0-9a-f]+\.pem$/);
    assert.equal(own.value.pem, readFileSync(f.pki.services.tomcat.cert, 'utf8'));
    const trust = f.manager.listStore('tomcat-trust');
    assert.ok(trust.ok);
    const ca = f.manager.download('tomcat-trust', trust.value.certificates[0]!.fingerprint256.slice(0, 23));
    assert.ok(ca.ok);
    assert.equal(ca.value.pem, readFileSync(f.pki.caCert, 'utf8'));
    assert.equal(f.manager.download('tomcat', 'nope').ok, false);
    const chain = f.manager.download('tomcat', 'chain');
    assert.ok(chain.ok);
    assert.equal(chain.value.pem, readFileSync(f.pki.services.tomcat.cert, 'utf8'));
  });
});

describe('set cert regen: hot reload, OpenSSL agrees', () => {
  it('from the local CA: new connections get the new certificate, open ones stay up', async (t) => {
    const port = await listen('tomcat');
    const ca = readFileSync(f.pki.caCert, 'utf8');
    const old = await connect(port, ca);
    const oldSerial = old.getPeerCertificate().serialNumber;
    const r = await f.manager.regenerate('tomcat', { keyType: 'P-256' });
    assert.ok(r.ok, r.ok ? '' : r.text);
    const next = await connect(port, ca);
    assert.equal(next.authorized, true);
    assert.equal(next.getPeerCertificate().serialNumber, r.value.serial);
    assert.notEqual(r.value.serial, oldSerial);
    assert.equal(await echo(old, 'still up'), 'still up');
    assert.ok(f.log.has('info', 'Certificate store tomcat: regenerated (issued by the local CA)'));
    if (skipWithoutOpenssl) return t.skip(skipWithoutOpenssl);
    const v = openssl(['verify', '-CAfile', '{ca.pem}', '{c.pem}'], { 'ca.pem': ca, 'c.pem': readFileSync(f.pki.services.tomcat.cert, 'utf8') });
    assert.equal(v.status, 0, v.stderr);
  });

  it('truly self-signed, as Cisco does (OpenSSL verifies it against itself only)', async (t) => {
    const r = await f.manager.regenerate('cti-server', { selfSigned: true, keyType: 'P-256' });
    assert.ok(r.ok);
    assert.equal(r.value.selfSigned, true);
    assert.equal(r.value.subject, r.value.issuer);
    assert.ok(r.value.extendedKeyUsage.includes('1.3.6.1.5.5.7.3.2'), 'cti-server keeps clientAuth');
    const bad = await f.manager.regenerate('tomcat', { keyType: 'DSA' });
    assert.equal(bad.ok, false);
    if (skipWithoutOpenssl) return t.skip(skipWithoutOpenssl);
    const pem = readFileSync(f.pki.services['cti-server'].cert, 'utf8');
    assert.equal(openssl(['verify', '-CAfile', '{c.pem}', '{c.pem}'], { 'c.pem': pem }).status, 0);
    assert.notEqual(openssl(['verify', '-CAfile', '{ca.pem}', '{c.pem}'], { 'ca.pem': readFileSync(f.pki.caCert, 'utf8'), 'c.pem': pem }).status, 0);
  });
});

describe('set csr gen and upload: the key never leaves, the listener hot-reloads', () => {
  it('keeps the pending key 0600 on the server; the activated chain is served to new connections', async () => {
    const port = await listen('tomcat');
    await f.manager.importTrust('tomcat', bytes(lab.root.pem));
    const g = await f.manager.generateCsr({ service: 'tomcat', keyType: 'RSA-2048', organization: 'Example', country: 'US' });
    assert.ok(g.ok);
    assert.doesNotMatch(g.value.csrPem, /PRIVATE KEY/);
    const keyFile = join(f.pki.services.tomcat.dir, 'csr', 'key.pem');
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    const listing = f.manager.listStore('tomcat');
    assert.ok(listing.ok);
    assert.deepEqual(listing.value.pendingCsr?.sans, ['dns:parley.example.com']);
    const leaf = await labSignCsr(lab.issuing, g.value.csrPem);
    const r = await f.manager.importOwn('tomcat', bytes(lab.issuing.pem + leaf.pem));
    assert.ok(r.ok, JSON.stringify(r.errors));
    const s = await connect(port, lab.root.pem);
    assert.equal(s.authorized, true, String(s.authorizationError));
    const peer = s.getPeerCertificate(true);
    assert.equal(peer.serialNumber, r.activated!.serial);
    assert.equal(peer.issuerCertificate.subject.CN, 'Lab Issuing CA', 'the intermediate is sent with the leaf');
  });
});
