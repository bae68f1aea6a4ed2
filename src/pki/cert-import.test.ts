import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bytes, labHierarchy, pkiFixture, type LabHierarchy, type PkiFixture } from './lab-fixture.js';
import { labIssue, labRoot, labSignCsr } from './lab.js';
import { openssl, skipWithoutOpenssl } from './openssl-oracle.js';
import { x509 } from './x509-lib.js';
import type { ImportReport } from './cert-import.js';

const FQDN = 'parley.example.com';
let f: PkiFixture;
let lab: LabHierarchy;

before(async () => {
  f = await pkiFixture(FQDN);
  lab = await labHierarchy();
  const r = await f.manager.importTrust('tomcat', bytes(lab.root.pem));
  assert.ok(r.ok, JSON.stringify(r.errors));
});
after(() => f.cleanup());

const codes = (r: ImportReport): string[] => r.errors.map((e) => e.code);

/** Generates a CSR for tomcat (or `service`) and returns its PEM. */
async function csr(service: 'tomcat' | 'cti-server' = 'tomcat', extra: Record<string, unknown> = {}): Promise<string> {
  const r = await f.manager.generateCsr({ service, keyType: 'P-256', ...extra });
  assert.ok(r.ok, r.ok ? '' : r.text);
  return r.value.csrPem;
}

/** Runs an upload that must be refused with `code`, and checks that nothing changed. */
async function refused(run: () => Promise<ImportReport>, code: string, message?: RegExp): Promise<ImportReport> {
  const before = f.identity('tomcat');
  const trustBefore = f.manager.listStore('tomcat-trust');
  const served = f.certs.secureContextOptions('tomcat');
  const report = await run();
  assert.equal(report.ok, false, `expected refusal ${code}`);
  assert.ok(codes(report).includes(code), `expected ${code}, got ${JSON.stringify(report.errors)}`);
  if (message) assert.match(report.errors.map((e) => e.message).join('\n'), message);
  assert.deepEqual(f.identity('tomcat'), before, 'cert.pem and key.pem untouched');
  assert.equal(f.certs.secureContextOptions('tomcat'), served, 'the served identity is untouched');
  assert.deepEqual(f.manager.listStore('tomcat-trust'), trustBefore, 'the trust store is untouched');
  return report;
}

describe('own certificate upload: the happy paths', () => {
  it('a PEM bundle in any order is re-ordered leaf → root, activated, and OpenSSL agrees', async (t) => {
    const leaf = await labSignCsr(lab.issuing, await csr('tomcat', { parentDomain: true }));
    const dry = await f.manager.importOwn('tomcat', bytes(lab.root.pem + lab.issuing.pem + leaf.pem), { dryRun: true });
    assert.ok(dry.ok, JSON.stringify(dry.errors));
    assert.equal(dry.dryRun, true);
    assert.equal(f.manager.pendingCsr('tomcat').ok, true, 'a dry run keeps the pending CSR');
    assert.notEqual(f.identity('tomcat').cert.includes(leaf.pem.trim()), true);

    const r = await f.manager.importOwn('tomcat', bytes(lab.root.pem + lab.issuing.pem + leaf.pem));
    assert.ok(r.ok, JSON.stringify(r.errors));
    assert.deepEqual(r.chain, [leaf.cert.subject, lab.issuing.cert.subject, lab.root.cert.subject]);
    const certPem = f.identity('tomcat').cert;
    assert.equal(certPem, leaf.pem + lab.issuing.pem, 'cert.pem = leaf + intermediate, the root stays in the trust store');
    assert.equal(f.manager.pendingCsr('tomcat').ok, false, 'the pending CSR is consumed');
    assert.ok(existsSync(join(f.pki.services.tomcat.dir, 'previous', 'cert.pem')));
    if (skipWithoutOpenssl) return t.skip(skipWithoutOpenssl);
    const v = openssl(['verify', '-CAfile', '{root.pem}', '-untrusted', '{int.pem}', '{leaf.pem}'], { 'root.pem': lab.root.pem, 'int.pem': lab.issuing.pem, 'leaf.pem': leaf.pem });
    assert.equal(v.status, 0, v.stderr);
    const text = openssl(['x509', '-in', '{leaf.pem}', '-noout', '-text'], { 'leaf.pem': certPem });
    assert.match(text.stdout, new RegExp(`Serial Number:[\\s\\S]*${r.activated!.serial.slice(0, 2).toLowerCase()}`, 'i'));
    assert.match(text.stdout, /DNS:parley\.example\.com, DNS:example\.com/);
  });

  it('DER (intermediate already trusted) and PKCS#7 (.p7b) are accepted', async () => {
    const trustInt = await f.manager.importTrust('tomcat', bytes(lab.issuing.pem));
    assert.ok(trustInt.ok, JSON.stringify(trustInt.errors));
    const leaf = await labSignCsr(lab.issuing, await csr());
    const der = await f.manager.importOwn('tomcat', Buffer.from(leaf.cert.rawData));
    assert.ok(der.ok, JSON.stringify(der.errors));
    assert.equal(der.format, 'der');

    const leaf2 = await labSignCsr(lab.issuing, await csr());
    const p7 = new x509.X509Certificates([leaf2.cert, lab.issuing.cert]).export('pem');
    const r = await f.manager.importOwn('tomcat', bytes(p7));
    assert.ok(r.ok, JSON.stringify(r.errors));
    assert.equal(r.format, 'pkcs7');
    assert.equal(f.identity('tomcat').cert, leaf2.pem + lab.issuing.pem);
  });

  it('PKCS#12 with its key (made by OpenSSL); a wrong password is refused', async (t) => {
    if (skipWithoutOpenssl) return t.skip(skipWithoutOpenssl);
    const leaf = await labIssue(lab.issuing, { subject: `CN=${FQDN}`, sans: [FQDN] });
    const data = pkcs12(leaf.pem, leaf.keyPem, lab.issuing.pem, 's3cret');
    await refused(() => f.manager.importOwn('tomcat', data, { password: 'wrong' }), 'bad-password', /wrong PKCS#12 password/);
    await refused(() => f.manager.importOwn('tomcat', data), 'password-required');
    const r = await f.manager.importOwn('tomcat', data, { password: 's3cret' });
    assert.ok(r.ok, JSON.stringify(r.errors));
    assert.equal(r.format, 'pkcs12');
    assert.equal(f.identity('tomcat').cert, leaf.pem + lab.issuing.pem);
  });

  it('warns when the CN is not among the SANs', async () => {
    const leaf = await labSignCsr(lab.issuing, await csr('tomcat', { commonName: 'Parley Web Server' }));
    const r = await f.manager.importOwn('tomcat', bytes(leaf.pem + lab.issuing.pem));
    assert.ok(r.ok, JSON.stringify(r.errors));
    assert.ok(r.warnings.some((w) => w.code === 'cn-not-in-san' && /NET::ERR_CERT_COMMON_NAME_INVALID/.test(w.message)));
  });
});

/** A PKCS#12 file made by OpenSSL (the oracle's own format; OpenSSL 3 defaults: AES-256, HMAC-SHA256). */
export function pkcs12(certPem: string, keyPem: string, chainPem: string, password: string): Buffer {
  const r = openssl(['pkcs12', '-export', '-in', '{c.pem}', '-inkey', '{k.pem}', '-certfile', '{ch.pem}', '-passout', `pass:${password}`, '-out', '{o.p12}'],
    { 'c.pem': certPem, 'k.pem': keyPem, 'ch.pem': chainPem }, ['o.p12']);
  assert.equal(r.status, 0, r.stderr);
  return r.files['o.p12']!;
}

describe('own certificate upload: bad input is refused and changes nothing', () => {
  beforeEach(async () => { await csr(); });

  it('garbage bytes, an empty file, a CSR, 10 MB', async () => {
    await refused(() => f.manager.importOwn('tomcat', randomBytes(3000)), 'garbage', /not a certificate file/);
    await refused(() => f.manager.importOwn('tomcat', new Uint8Array()), 'empty');
    await refused(() => f.manager.importOwn('tomcat', bytes(f.manager.pendingCsr('tomcat').ok ? (f.manager.pendingCsr('tomcat') as { value: string }).value : '')), 'garbage', /certificate signing request/);
    await refused(() => f.manager.importOwn('tomcat', Buffer.alloc(10 * 1024 * 1024, 0x41)), 'too-large', /10485760 bytes; the limit is 1048576/);
    await refused(() => f.manager.importOwn('tomcat', bytes('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')), 'garbage');
  });

  it('a PEM with a private key in it', async () => {
    const leaf = await labIssue(lab.issuing, { subject: `CN=${FQDN}`, sans: [FQDN] });
    await refused(() => f.manager.importOwn('tomcat', bytes(leaf.pem + leaf.keyPem)), 'private-key', /contains a private key/);
  });

  it('a certificate for another key (OpenSSL sees different public keys too)', async (t) => {
    const pending = (f.manager.pendingCsr('tomcat') as { value: string }).value;
    const other = await labIssue(lab.issuing, { subject: `CN=${FQDN}`, sans: [FQDN] });
    await refused(() => f.manager.importOwn('tomcat', bytes(other.pem)), 'key-mismatch', /does not match the pending CSR of tomcat/);
    if (skipWithoutOpenssl) return t.skip(skipWithoutOpenssl);
    const a = openssl(['x509', '-in', '{c.pem}', '-noout', '-pubkey'], { 'c.pem': other.pem }).stdout;
    const b = openssl(['req', '-in', '{r.pem}', '-noout', '-pubkey'], { 'r.pem': pending }).stdout;
    assert.notEqual(a, b);
  });

  it('CSR SAN and certificate SAN compared as sets, naming what is missing and extra', async () => {
    const pending = await csr('tomcat', { parentDomain: true });
    const leaf = await labSignCsr(lab.issuing, pending, { sans: [FQDN, `www.${FQDN}`] });
    await refused(() => f.manager.importOwn('tomcat', bytes(leaf.pem + lab.issuing.pem)), 'san-mismatch',
      /CSR SAN and Certificate SAN do not match \(missing: dns:example\.com; extra: dns:www\.parley\.example\.com\)/);
  });

  it('a critical extension other than keyUsage and basicConstraints (OpenSSL: unhandled critical extension)', async (t) => {
    const leaf = await labSignCsr(lab.issuing, (f.manager.pendingCsr('tomcat') as { value: string }).value, { criticalUnknown: '1.3.6.1.4.1.99999.1' });
    await refused(() => f.manager.importOwn('tomcat', bytes(leaf.pem + lab.issuing.pem)), 'critical-extension', /critical extension 1\.3\.6\.1\.4\.1\.99999\.1 not allowed/);
    if (skipWithoutOpenssl) return t.skip(skipWithoutOpenssl);
    const v = openssl(['verify', '-CAfile', '{root.pem}', '-untrusted', '{int.pem}', '{leaf.pem}'], { 'root.pem': lab.root.pem, 'int.pem': lab.issuing.pem, 'leaf.pem': leaf.pem });
    assert.notEqual(v.status, 0);
    assert.match(v.stdout + v.stderr, /unhandled critical extension/);
  });

  it('no SAN at all is refused; a wildcard SAN is refused by rule', async () => {
    const pending = (f.manager.pendingCsr('tomcat') as { value: string }).value;
    const noSan = await labSignCsr(lab.issuing, pending, { sans: null });
    await refused(() => f.manager.importOwn('tomcat', bytes(noSan.pem + lab.issuing.pem)), 'no-san', /no subjectAltName.*ERR_CERT_COMMON_NAME_INVALID/);
    const wild = await labSignCsr(lab.issuing, pending, { sans: [FQDN, '*.example.com'] });
    await refused(() => f.manager.importOwn('tomcat', bytes(wild.pem + lab.issuing.pem)), 'wildcard', /wildcard SAN dns:\*\.example\.com refused/);
  });

  it('expired and not yet valid certificates', async () => {
    const pending = (f.manager.pendingCsr('tomcat') as { value: string }).value;
    const now = Date.now();
    const expired = await labSignCsr(lab.issuing, pending, { notBefore: now - 10 * 86_400_000, notAfter: now - 86_400_000 });
    await refused(() => f.manager.importOwn('tomcat', bytes(expired.pem + lab.issuing.pem)), 'expired', /expired on/);
    const future = await labSignCsr(lab.issuing, pending, { notBefore: now + 86_400_000, notAfter: now + 10 * 86_400_000 });
    await refused(() => f.manager.importOwn('tomcat', bytes(future.pem + lab.issuing.pem)), 'not-yet-valid');
  });

  it('a missing intermediate is named by subject and key identifier (OpenSSL: unable to get local issuer)', async (t) => {
    const ownRoot = await labRoot({ subject: 'CN=Other Root CA' });
    const ownInt = await labIssue(ownRoot, { subject: 'CN=Other Issuing CA', ca: true });
    await f.manager.importTrust('tomcat', bytes(ownRoot.pem));
    const leaf = await labSignCsr(ownInt, (f.manager.pendingCsr('tomcat') as { value: string }).value);
    const ski = ownInt.cert.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId.toUpperCase().match(/../g)!.join(':');
    await refused(() => f.manager.importOwn('tomcat', bytes(leaf.pem)), 'chain-missing-issuer',
      new RegExp(`the issuer of CN=parley\\.example\\.com is missing: CN=Other Issuing CA \\(key identifier ${ski}\\)`));
    if (skipWithoutOpenssl) return t.skip(skipWithoutOpenssl);
    const v = openssl(['verify', '-CAfile', '{root.pem}', '{leaf.pem}'], { 'root.pem': ownRoot.pem, 'leaf.pem': leaf.pem });
    assert.notEqual(v.status, 0);
    assert.match(v.stdout + v.stderr, /unable to get local issuer certificate/);
  });

  it('a root that is not in the trust store', async () => {
    const otherRoot = await labRoot({ subject: 'CN=Untrusted Root CA' });
    const leaf = await labSignCsr(otherRoot, (f.manager.pendingCsr('tomcat') as { value: string }).value);
    await refused(() => f.manager.importOwn('tomcat', bytes(leaf.pem + otherRoot.pem)), 'chain-untrusted-root', /CN=Untrusted Root CA.*is not in the trust store tomcat-trust/);
  });

  it('a chain with a loop (OpenSSL refuses it too)', async (t) => {
    const a0 = await labRoot({ subject: 'CN=Loop A' });
    const b0 = await labRoot({ subject: 'CN=Loop B' });
    const a = await labIssue(b0, { subject: 'CN=Loop A', ca: true, publicKey: a0.keys.publicKey });
    const b = await labIssue(a0, { subject: 'CN=Loop B', ca: true, publicKey: b0.keys.publicKey });
    const leaf = await labSignCsr(a0, (f.manager.pendingCsr('tomcat') as { value: string }).value);
    await refused(() => f.manager.importOwn('tomcat', bytes(leaf.pem + a.pem + b.pem)), 'chain-loop', /chain loop: CN=Loop A appears twice/);
    if (skipWithoutOpenssl) return t.skip(skipWithoutOpenssl);
    const v = openssl(['verify', '-CAfile', '{root.pem}', '-untrusted', '{ab.pem}', '{leaf.pem}'], { 'root.pem': lab.root.pem, 'ab.pem': a.pem + b.pem, 'leaf.pem': leaf.pem });
    assert.notEqual(v.status, 0);
  });

  it('a CA certificate uploaded as an identity, and two identities in one file', async () => {
    await refused(() => f.manager.importOwn('tomcat', bytes(lab.issuing.pem)), 'no-leaf', /CA certificates go to tomcat-trust/);
    const x = await labIssue(lab.issuing, { subject: 'CN=x.example.com', sans: ['x.example.com'] });
    const y = await labIssue(lab.issuing, { subject: 'CN=y.example.com', sans: ['y.example.com'] });
    await refused(() => f.manager.importOwn('tomcat', bytes(x.pem + y.pem)), 'several-leaves');
  });

  it('RSA-1024 without the legacy flag (a PKCS#12 file with its key); accepted with a warning under the flag', async (t) => {
    if (skipWithoutOpenssl) return t.skip(skipWithoutOpenssl);
    const weak = await labIssue(lab.issuing, { subject: `CN=${FQDN}`, sans: [FQDN], rsaBits: 1024 });
    const data = pkcs12(weak.pem, weak.keyPem, lab.issuing.pem, 'pw');
    await refused(() => f.manager.importOwn('tomcat', data, { password: 'pw' }), 'key-size', /RSA-1024 key refused: at least RSA-2048 \(RSA-1024 only with the legacy flag\)/);
    const legacy = await pkiFixture(FQDN, { policy: { allowLegacyRsa1024: true } });
    try {
      assert.ok((await legacy.manager.importTrust('tomcat', bytes(lab.root.pem))).ok);
      const r = await legacy.manager.importOwn('tomcat', data, { password: 'pw' });
      assert.ok(r.ok, JSON.stringify(r.errors));
      assert.ok(r.warnings.some((w) => w.code === 'key-size'));
    } finally { legacy.cleanup(); }
  });

  it('RSA-1024: a CSR made with the legacy flag carries the consent to its certificate (with a warning)', async () => {
    const pending = await f.manager.generateCsr({ service: 'tomcat', keyType: 'RSA-1024', allowLegacyRsa1024: true });
    assert.ok(pending.ok);
    assert.match(pending.value.warnings.join(), /RSA-1024/);
    const leaf = await labSignCsr(lab.issuing, pending.value.csrPem);
    const r = await f.manager.importOwn('tomcat', bytes(leaf.pem + lab.issuing.pem));
    assert.ok(r.ok, JSON.stringify(r.errors));
    assert.ok(r.warnings.some((w) => w.code === 'key-size' && /legacy flag/.test(w.message)));
  });

  it('no pending CSR', async () => {
    const g = await pkiFixture(FQDN);
    try {
      const leaf = await labIssue(lab.issuing, { subject: `CN=${FQDN}`, sans: [FQDN] });
      const before = g.identity('tomcat');
      const r = await g.manager.importOwn('tomcat', bytes(leaf.pem));
      assert.ok(codes(r).includes('no-pending-csr'));
      assert.match(r.errors[0]!.message, /set csr gen tomcat/);
      assert.deepEqual(g.identity('tomcat'), before);
    } finally { g.cleanup(); }
  });
});

describe('EKU per store (cti-server needs clientAuth; OpenSSL: unsuitable purpose)', () => {
  it('refuses a serverAuth-only certificate for cti-server', async (t) => {
    const pending = await csr('cti-server');
    const leaf = await labSignCsr(lab.issuing, pending, { eku: ['1.3.6.1.5.5.7.3.1'] });
    await f.manager.importTrust('cti-server', bytes(lab.root.pem));
    const before = f.identity('cti-server');
    const r = await f.manager.importOwn('cti-server', bytes(leaf.pem + lab.issuing.pem));
    assert.ok(codes(r).includes('eku'), JSON.stringify(r.errors));
    assert.match(r.errors.map((e) => e.message).join(), /lacks clientAuth, needed by cti-server/);
    assert.deepEqual(f.identity('cti-server'), before);
    if (skipWithoutOpenssl) return t.skip(skipWithoutOpenssl);
    const v = openssl(['verify', '-purpose', 'sslclient', '-CAfile', '{root.pem}', '-untrusted', '{int.pem}', '{leaf.pem}'], { 'root.pem': lab.root.pem, 'int.pem': lab.issuing.pem, 'leaf.pem': leaf.pem });
    assert.notEqual(v.status, 0);
    assert.match(v.stdout + v.stderr, /unsuitable certificate purpose/);
  });
});

