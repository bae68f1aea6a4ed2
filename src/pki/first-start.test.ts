import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryLogger } from '../shared/logger.js';
import { describeCertificate } from './describe.js';
import { PkiError } from './errors.js';
import { ensurePki, type EnsurePkiResult } from './first-start.js';
import { SERVICE_NAMES } from './layout.js';

const tempDirs: string[] = [];
const tempData = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-pki-'));
  tempDirs.push(dir);
  return join(dir, 'data');
};
after(() => { for (const d of tempDirs) rmSync(d, { recursive: true, force: true }); });

const mode = (path: string): number => statSync(path).mode & 0o777;
const openssl = (...args: string[]): string => execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const issued = (r: EnsurePkiResult) => r.changes.flatMap((c) => (c.kind === 'issued' ? [`${c.service}:${c.reason}`] : []));
const snapshot = (r: EnsurePkiResult) => [r.caPath, r.caKey, ...SERVICE_NAMES.flatMap((s) => [r.services[s].cert, r.services[s].key])]
  .map((p) => ({ p, text: readFileSync(p, 'utf8'), mtime: statSync(p).mtimeMs, ctime: statSync(p).ctimeMs }));
/** Fast EC keys where RSA is not what a test is about. */
const fast = { keyType: 'P-256' } as const;

describe('ensurePki: first start (RSA-2048 defaults)', () => {
  let data: string;
  let pki: EnsurePkiResult;
  const log = new MemoryLogger();

  before(async () => {
    data = tempData();
    pki = await ensurePki({ dataDir: data, fqdn: 'Parley.Example.com', log });
  });

  it('creates the CA and one identity per store, with private modes', () => {
    assert.equal(pki.caPath, join(data, 'pki', 'trust', 'ca.pem'));
    assert.equal(pki.services['cti-client'].cert, join(data, 'pki', 'cti-client', 'cert.pem'));
    assert.equal(pki.services['cti-client'].key, join(data, 'pki', 'cti-client', 'key.pem'));
    assert.deepEqual(pki.changes.map((c) => c.kind), ['ca-created', 'issued', 'issued', 'issued', 'issued']);
    assert.deepEqual(issued(pki), SERVICE_NAMES.map((s) => `${s}:missing`));
    for (const dir of [pki.root, pki.trustDir, ...SERVICE_NAMES.map((s) => pki.services[s].dir)]) assert.equal(mode(dir), 0o700, dir);
    for (const key of [pki.caKey, ...SERVICE_NAMES.map((s) => pki.services[s].key)]) assert.equal(mode(key), 0o600, key);
    assert.ok(log.has('info', pki.caPath));
    const ca = describeCertificate(readFileSync(pki.caPath, 'utf8'));
    assert.deepEqual([ca.subject, ca.keyType, ca.keySize, ca.isCa], ['CN=Parley Local CA parley.example.com, O=Parley', 'RSA', 2048, true]);
  });

  it('issues certificates that openssl verifies against ca.pem, for the right purposes', () => {
    for (const s of SERVICE_NAMES) {
      const cert = pki.services[s].cert;
      assert.equal(openssl('verify', '-CAfile', pki.caPath, '-purpose', 'sslserver', cert).trim(), `${cert}: OK`);
    }
    for (const s of ['cti-server', 'cti-client'] as const) {
      const cert = pki.services[s].cert;
      assert.equal(openssl('verify', '-CAfile', pki.caPath, '-purpose', 'sslclient', cert).trim(), `${cert}: OK`);
    }
    // tomcat is serverAuth only: OpenSSL refuses it as a client certificate (X509_V_ERR_INVALID_PURPOSE, 26).
    assert.throws(() => openssl('verify', '-CAfile', pki.caPath, '-purpose', 'sslclient', pki.services.tomcat.cert));
  });

  it('shows the SANs and EKUs in openssl x509 -text', () => {
    for (const s of SERVICE_NAMES) {
      const text = openssl('x509', '-in', pki.services[s].cert, '-noout', '-text');
      assert.match(text, /DNS:parley\.example\.com, DNS:localhost, IP Address:127\.0\.0\.1, IP Address:(0:0:0:0:0:0:0:1|::1)/);
      assert.match(text, /Subject: CN = parley\.example\.com, OU = [a-z-]+, O = Parley/);
      assert.match(text, /X509v3 Key Usage: critical\s+Digital Signature, Key Encipherment/);
      assert.match(text, /X509v3 Basic Constraints: critical\s+CA:FALSE/);
      const eku = /X509v3 Extended Key Usage: *\n\s*(.+)/.exec(text)?.[1];
      assert.equal(eku, s.startsWith('cti-')
        ? 'TLS Web Server Authentication, TLS Web Client Authentication'
        : 'TLS Web Server Authentication', s);
    }
    assert.match(openssl('x509', '-in', pki.caPath, '-noout', '-text'), /CA:TRUE[\s\S]*Certificate Sign, CRL Sign/);
  });

  it('changes nothing on a second start', async () => {
    const before = snapshot(pki);
    const again = await ensurePki({ dataDir: data, fqdn: 'parley.example.com.' });
    assert.deepEqual(again.changes, []);
    assert.deepEqual(snapshot(again), before);
  });
});

describe('ensurePki: later starts', () => {
  it('reissues every store from the same CA when the FQDN changes', async () => {
    const dataDir = tempData();
    const first = await ensurePki({ dataDir, fqdn: 'old.example.com', ...fast });
    const ca = readFileSync(first.caPath, 'utf8');
    const log = new MemoryLogger();
    const second = await ensurePki({ dataDir, fqdn: 'new.example.com', log, ...fast });
    assert.deepEqual(issued(second), SERVICE_NAMES.map((s) => `${s}:fqdn-changed`));
    assert.equal(readFileSync(second.caPath, 'utf8'), ca, 'the trust anchor stays');
    for (const s of SERVICE_NAMES) {
      const d = describeCertificate(readFileSync(second.services[s].cert, 'utf8'));
      assert.equal(d.sans[0], 'dns:new.example.com');
      openssl('verify', '-CAfile', second.caPath, second.services[s].cert);
    }
    assert.ok(log.has('info', 'the FQDN changed'));
    assert.deepEqual((await ensurePki({ dataDir, fqdn: 'new.example.com', ...fast })).changes, []);
  });

  it('fills in a missing or mismatched key, reissues expired ones, and tightens loose modes', async () => {
    const dataDir = tempData();
    const pki = await ensurePki({ dataDir, fqdn: 'h.example', ...fast });
    unlinkSync(pki.services.notification.key);
    copyFileSync(pki.services['cti-client'].key, pki.services['cti-server'].key);
    chmodSync(pki.services.tomcat.key, 0o644);
    chmodSync(pki.services.tomcat.dir, 0o755);
    const fixed = await ensurePki({ dataDir, fqdn: 'h.example', ...fast });
    assert.deepEqual(issued(fixed), ['notification:missing', 'cti-server:key-mismatch']);
    assert.equal(mode(pki.services.tomcat.key), 0o600);
    assert.equal(mode(pki.services.tomcat.dir), 0o700);
    assert.deepEqual(fixed.changes.filter((c) => c.kind === 'permissions-tightened').length, 2);
    const later = Date.now() + 3 * 365 * 86_400_000; // leaves (2 years) expired, the CA (10 years) not
    assert.deepEqual(issued(await ensurePki({ dataDir, fqdn: 'h.example', now: () => later, ...fast })),
      SERVICE_NAMES.map((s) => `${s}:expired`));
  });

  it('keeps a certificate from another CA and only warns about it', async () => {
    const dataDir = tempData();
    const pki = await ensurePki({ dataDir, fqdn: 'h.example', ...fast });
    const { cert, key } = pki.services.tomcat;
    openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert,
      '-subj', '/CN=other.example', '-addext', 'subjectAltName=DNS:other.example', '-days', '30');
    const uploaded = readFileSync(cert, 'utf8');
    const log = new MemoryLogger();
    const again = await ensurePki({ dataDir, fqdn: 'h.example', log, ...fast });
    assert.deepEqual(again.changes.filter((c) => c.kind === 'issued'), []);
    assert.equal(readFileSync(cert, 'utf8'), uploaded);
    assert.ok(log.has('warn', "Certificate store tomcat: the certificate's SANs do not contain h.example"));
  });

  it('recreates ca.pem from an existing ca-key.pem without touching the stores', async () => {
    const dataDir = tempData();
    const pki = await ensurePki({ dataDir, fqdn: 'h.example', ...fast });
    unlinkSync(pki.caPath);
    const again = await ensurePki({ dataDir, fqdn: 'h.example', ...fast });
    assert.deepEqual(again.changes, [{ kind: 'ca-recertified' }]);
    for (const s of SERVICE_NAMES) openssl('verify', '-CAfile', again.caPath, again.services[s].cert);
  });

  it('reissues stores made by an earlier local CA when trust/ was recreated', async () => {
    const dataDir = tempData();
    const pki = await ensurePki({ dataDir, fqdn: 'h.example', ...fast });
    rmSync(pki.trustDir, { recursive: true });
    const again = await ensurePki({ dataDir, fqdn: 'h.example', ...fast });
    assert.deepEqual(again.changes[0], { kind: 'ca-created' });
    assert.deepEqual(issued(again), SERVICE_NAMES.map((s) => `${s}:ca-changed`));
  });

  it('needs ca-key.pem only when something must be issued', async () => {
    const dataDir = tempData();
    const pki = await ensurePki({ dataDir, fqdn: 'h.example', ...fast });
    unlinkSync(pki.caKey); // an administrator may keep the CA key offline
    assert.deepEqual((await ensurePki({ dataDir, fqdn: 'h.example', ...fast })).changes, []);
    await assert.rejects(ensurePki({ dataDir, fqdn: 'other.example', ...fast }), (e: PkiError) => e.code === 'ERR_PKI_CA_KEY_MISSING');
  });

  it('refuses a CA key that does not belong to ca.pem, and a bad FQDN', async () => {
    const dataDir = tempData();
    const pki = await ensurePki({ dataDir, fqdn: 'h.example', ...fast });
    copyFileSync(pki.services.tomcat.key, pki.caKey);
    await assert.rejects(ensurePki({ dataDir, fqdn: 'h.example', ...fast }), (e: PkiError) => e.code === 'ERR_PKI_CA_KEY_MISMATCH');
    await assert.rejects(ensurePki({ dataDir, fqdn: 'bad host', ...fast }), (e: PkiError) => e.code === 'ERR_PKI_BAD_FQDN');
  });
});
