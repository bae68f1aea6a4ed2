import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateCsr, parentDomainOf, readCsr, validateCsrRequest } from './csr.js';
import { openssl, skipWithoutOpenssl } from './openssl-oracle.js';

const FQDN = 'finesse1.example.com';

describe('validateCsrRequest', () => {
  it('defaults: CN = FQDN, SAN = the FQDN only, RSA-2048, EKU per store', () => {
    const r = validateCsrRequest({ service: 'tomcat' }, FQDN);
    assert.ok(r.ok);
    assert.equal(r.value.subjectText, `CN=${FQDN}`);
    assert.deepEqual(r.value.sans, [`dns:${FQDN}`]);
    assert.equal(r.value.keyType, 'RSA-2048');
    assert.deepEqual(r.value.ekus, ['1.3.6.1.5.5.7.3.1']);
    const cti = validateCsrRequest({ service: 'cti-server' }, FQDN);
    assert.ok(cti.ok);
    assert.deepEqual(cti.value.ekus, ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
  });

  it('adds the parent domain only when asked, and other nodes for a multi-server certificate', () => {
    const r = validateCsrRequest({ service: 'tomcat', parentDomain: true, extraNames: ['finesse2.example.com', 'FINESSE2.example.com'] }, FQDN);
    assert.ok(r.ok);
    assert.deepEqual(r.value.sans, [`dns:${FQDN}`, 'dns:example.com', 'dns:finesse2.example.com']);
    assert.equal(parentDomainOf('localhost'), undefined);
    const none = validateCsrRequest({ service: 'tomcat', parentDomain: true }, 'localhost');
    assert.equal(none.ok, false);
  });

  it('refuses bad fields, each naming the field', () => {
    const cases: [Parameters<typeof validateCsrRequest>[0], RegExp][] = [
      [{ service: 'tomcat', country: 'USA' }, /country "USA" must be an ISO 3166 two-letter code/],
      [{ service: 'tomcat', email: 'not an address' }, /e-mail/],
      [{ service: 'tomcat', organization: 'x'.repeat(65) }, /organization is longer than 64/],
      [{ service: 'tomcat', organizationalUnit: 'a\nb' }, /organizational unit contains control characters/],
      [{ service: 'tomcat', keyType: 'RSA-1024' }, /RSA-1024 is refused.*legacy flag/],
      [{ service: 'tomcat', keyType: 'DSA' }, /key type DSA/],
      [{ service: 'tomcat', extraNames: ['*.example.com'] }, /wildcard name/],
      [{ service: 'tomcat', extraNames: ['bad name!'] }, /is not a DNS name/],
      [{ service: 'tomcat', extraNames: Array.from({ length: 12 }, (_, i) => `n${i}.example.com`) }, /at most 10 SANs/],
    ];
    for (const [req, message] of cases) {
      const r = validateCsrRequest(req, FQDN);
      assert.equal(r.ok, false, JSON.stringify(req));
      assert.match(r.ok ? '' : r.text ?? '', message);
    }
  });

  it('accepts RSA-1024 behind the legacy flag, with a warning', () => {
    const r = validateCsrRequest({ service: 'tomcat', keyType: 'RSA-1024', allowLegacyRsa1024: true }, FQDN);
    assert.ok(r.ok);
    assert.match(r.value.warnings.join(), /weak/);
  });
});

describe('generateCsr (OpenSSL agrees)', () => {
  for (const keyType of ['RSA-2048', 'RSA-3072', 'P-256', 'P-384', 'RSA-1024']) {
    it(`${keyType}: proof of possession verifies; subject, SAN, EKU and key as asked`, async (t) => {
      const v = validateCsrRequest({
        service: 'cti-client', keyType, allowLegacyRsa1024: true, commonName: 'PCCEAllin1.cc.lab', organizationalUnit: 'CX', organization: 'Cisco',
        locality: 'BXB', state: 'MA', country: 'us', email: 'jdoe@cc.lab', parentDomain: true, extraNames: ['finesse2.example.com'],
      }, FQDN);
      assert.ok(v.ok);
      const csr = await generateCsr(v.value);
      assert.doesNotMatch(csr.csrPem, /PRIVATE KEY/);
      const back = await readCsr(csr.csrPem);
      assert.equal(back.verified, true);
      assert.deepEqual(back.sans, [`dns:${FQDN}`, 'dns:example.com', 'dns:finesse2.example.com']);
      if (skipWithoutOpenssl) return t.skip(skipWithoutOpenssl);
      const r = openssl(['req', '-in', '{csr.pem}', '-verify', '-noout', '-text'], { 'csr.pem': csr.csrPem });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr + r.stdout, /verify OK|Certificate request self-signature verify OK/);
      assert.match(r.stdout, /Subject: CN ?= ?PCCEAllin1\.cc\.lab, OU ?= ?CX, O ?= ?Cisco, L ?= ?BXB, ST ?= ?MA, C ?= ?US, emailAddress ?= ?jdoe@cc\.lab/);
      assert.match(r.stdout, /DNS:finesse1\.example\.com, DNS:example\.com, DNS:finesse2\.example\.com/);
      assert.match(r.stdout, /TLS Web Server Authentication, TLS Web Client Authentication/);
      const bits = keyType.startsWith('RSA') ? `${keyType.slice(4)} bit` : keyType === 'P-256' ? '256 bit' : '384 bit';
      assert.match(r.stdout, new RegExp(`Public-Key: \\(${bits}\\)`));
    });
  }
});
