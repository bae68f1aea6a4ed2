import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { x509 } from './x509-lib.js';
import {
  CLOCK_SKEW_MS, createLocalCa, defaultSubjectAltNames, issueLeaf, randomSerialHex, toGeneralNames, type IssuedPem,
} from './issue.js';
import { describeCertificate } from './describe.js';
import { PkiError } from './errors.js';

const NOW = Date.UTC(2026, 0, 1, 12);
const DAY = 86_400_000;
const fixedBytes = (fill: number) => (n: number) => new Uint8Array(n).fill(fill);
const ext = <T extends x509.Extension>(pem: string, type: new (raw: ArrayBuffer) => T): T => {
  const found = new x509.X509Certificate(pem).getExtension(type);
  assert.ok(found, `missing ${type.name}`);
  return found;
};

describe('randomSerialHex', () => {
  it('is 16 octets, positive, without a leading zero octet', () => {
    assert.equal(randomSerialHex(fixedBytes(0xff)), `7f${'ff'.repeat(15)}`);
    assert.equal(randomSerialHex(fixedBytes(0x00)), `01${'00'.repeat(15)}`);
    assert.match(randomSerialHex(), /^[0-7][0-9a-f]{31}$/);
    assert.notEqual(randomSerialHex(), randomSerialHex());
  });
});

describe('toGeneralNames', () => {
  it('tells IP literals from DNS names and drops duplicates', () => {
    assert.deepEqual(toGeneralNames([...defaultSubjectAltNames('Host.Example.com'), 'localhost', '10.0.0.1']), [
      { type: 'dns', value: 'host.example.com' },
      { type: 'dns', value: 'localhost' },
      { type: 'ip', value: '127.0.0.1' },
      { type: 'ip', value: '::1' },
      { type: 'ip', value: '10.0.0.1' },
    ]);
  });
});

describe('createLocalCa and issueLeaf', () => {
  let rsaCa: IssuedPem;

  it('creates an RSA-2048 root with the CA profile', async () => {
    rsaCa = await createLocalCa({ fqdn: 'parley.example.com' }, { now: () => NOW, randomBytes: fixedBytes(0x42) });
    const d = describeCertificate(rsaCa.certPem, () => NOW);
    assert.equal(d.subject, 'CN=Parley Local CA parley.example.com, O=Parley');
    assert.equal(d.issuer, d.subject);
    assert.equal(d.serial, '42'.repeat(16));
    assert.deepEqual([d.keyType, d.keySize, d.isCa], ['RSA', 2048, true]);
    assert.equal(d.notBefore.getTime(), NOW - CLOCK_SKEW_MS);
    assert.equal(d.notAfter.getTime(), NOW + 3650 * DAY);
    assert.equal(d.daysLeft, 3650);
    const bc = ext(rsaCa.certPem, x509.BasicConstraintsExtension);
    assert.deepEqual([bc.ca, bc.critical, bc.pathLength], [true, true, undefined]);
    const ku = ext(rsaCa.certPem, x509.KeyUsagesExtension);
    assert.deepEqual([ku.usages, ku.critical], [x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true]);
    assert.equal(ext(rsaCa.certPem, x509.AuthorityKeyIdentifierExtension).keyId, ext(rsaCa.certPem, x509.SubjectKeyIdentifierExtension).keyId);
    assert.match(rsaCa.keyPem, /^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
    assert.ok(rsaCa.certPem.endsWith('-----END CERTIFICATE-----\n'));
  });

  it('issues a server + client leaf with SANs, EKUs, key usage and AKI = the CA SKI', async () => {
    const leaf = await issueLeaf(rsaCa, { fqdn: 'parley.example.com', clientAuth: true, organizationalUnit: 'cti-client', keyType: 'P-256' },
      { now: () => NOW, randomBytes: fixedBytes(0x99) });
    const d = describeCertificate(leaf.certPem, () => NOW);
    assert.equal(d.subject, 'CN=parley.example.com, OU=cti-client, O=Parley');
    assert.equal(d.serial, `19${'99'.repeat(15)}`);
    assert.deepEqual(d.sans, ['dns:parley.example.com', 'dns:localhost', 'ip:127.0.0.1', 'ip:::1']);
    assert.deepEqual([d.keyType, d.keySize, d.isCa], ['EC', 256, false]);
    assert.equal(d.notAfter.getTime() - d.notBefore.getTime(), 730 * DAY + CLOCK_SKEW_MS);
    const node = new X509Certificate(leaf.certPem);
    const ca = new X509Certificate(rsaCa.certPem);
    assert.ok(node.checkIssued(ca) && node.verify(ca.publicKey));
    assert.deepEqual(node.keyUsage, ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    // An ECDSA key never encrypts: digitalSignature only (RFC 8813 §3).
    assert.equal(ext(leaf.certPem, x509.KeyUsagesExtension).usages, x509.KeyUsageFlags.digitalSignature);
    assert.equal(ext(leaf.certPem, x509.AuthorityKeyIdentifierExtension).keyId, ext(rsaCa.certPem, x509.SubjectKeyIdentifierExtension).keyId);
    assert.equal(ext(leaf.certPem, x509.BasicConstraintsExtension).ca, false);
  });

  it('gives RSA leaves keyEncipherment, serverAuth only by default, and never outlives the CA', async () => {
    const ecCa = await createLocalCa({ fqdn: 'h', keyType: 'P-256', validityDays: 100 }, { now: () => NOW });
    const leaf = await issueLeaf(ecCa, { fqdn: 'h', keyType: 'RSA-2048' }, { now: () => NOW });
    const ku = ext(leaf.certPem, x509.KeyUsagesExtension);
    assert.equal(ku.usages, x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment);
    assert.deepEqual(new X509Certificate(leaf.certPem).keyUsage, ['1.3.6.1.5.5.7.3.1']);
    assert.equal(describeCertificate(leaf.certPem).notAfter.getTime(), NOW + 100 * DAY);
  });

  it('refuses to issue from an expired CA', async () => {
    const ca = await createLocalCa({ fqdn: 'h', keyType: 'P-256', validityDays: 1 }, { now: () => NOW });
    await assert.rejects(issueLeaf(ca, { fqdn: 'h', keyType: 'P-256' }, { now: () => NOW + 2 * DAY }),
      (e: PkiError) => e.code === 'ERR_PKI_CA_EXPIRED');
  });

  it('re-certifies an existing CA key, keeping its key identifier', async () => {
    const ca = await createLocalCa({ fqdn: 'h', keyType: 'P-256' });
    const again = await createLocalCa({ fqdn: 'h', keyPem: ca.keyPem });
    assert.equal(again.keyPem, ca.keyPem);
    assert.equal(ext(again.certPem, x509.SubjectKeyIdentifierExtension).keyId, ext(ca.certPem, x509.SubjectKeyIdentifierExtension).keyId);
    assert.notEqual(describeCertificate(again.certPem).serial, describeCertificate(ca.certPem).serial);
  });

  it('puts an IP-literal FQDN in an iPAddress SAN', async () => {
    const ca = await createLocalCa({ fqdn: '10.1.2.3', keyType: 'P-256' });
    const leaf = await issueLeaf(ca, { fqdn: '10.1.2.3', keyType: 'P-256' });
    assert.deepEqual(describeCertificate(leaf.certPem).sans, ['ip:10.1.2.3', 'dns:localhost', 'ip:127.0.0.1', 'ip:::1']);
    assert.equal(new X509Certificate(leaf.certPem).checkIP('10.1.2.3'), '10.1.2.3');
  });
});

describe('describeCertificate', () => {
  it('describes the first certificate of a chain and counts days with the injected clock', async () => {
    const ca = await createLocalCa({ fqdn: 'h', keyType: 'P-256' }, { now: () => NOW });
    const leaf = await issueLeaf(ca, { fqdn: 'h', keyType: 'P-256', validityDays: 30 }, { now: () => NOW });
    const d = describeCertificate(leaf.certPem + ca.certPem, () => NOW + 20.5 * DAY);
    assert.equal(d.subject, 'CN=h, O=Parley');
    assert.equal(d.daysLeft, 9);
    assert.equal(describeCertificate(leaf.certPem, () => NOW + 31.5 * DAY).daysLeft, -2);
    assert.match(d.fingerprint256, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('rejects text without a certificate', () => {
    assert.throws(() => describeCertificate('nothing here'), (e: PkiError) => e.code === 'ERR_PKI_IDENTITY_INVALID');
  });
});
