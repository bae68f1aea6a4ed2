import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { decodeUpload } from './upload-parse.js';
import { readPkcs12 } from './pkcs12.js';
import { labIssue, labRoot, type LabCert } from './lab.js';
import { openssl, skipWithoutOpenssl } from './openssl-oracle.js';
import { x509 } from './x509-lib.js';

let root: LabCert;
let leaf: LabCert;
before(async () => {
  root = await labRoot({ subject: 'CN=Parse Root' });
  leaf = await labIssue(root, { subject: 'CN=leaf.example.com', sans: ['leaf.example.com'] });
});

const decode = (data: Uint8Array | string, password?: string) => decodeUpload(typeof data === 'string' ? Buffer.from(data) : data, password);

describe('decodeUpload', () => {
  it('PEM (several blocks, CRLF, text around them), DER, PKCS#7 PEM and DER', () => {
    const pem = decode(`issued by our CA\r\n${leaf.pem.replace(/\n/g, '\r\n')}\nsome note\n${root.pem}`);
    assert.ok(pem.ok);
    assert.equal(pem.value.format, 'pem');
    assert.equal(pem.value.certificates.length, 2);
    const der = decode(Buffer.from(leaf.cert.rawData));
    assert.ok(der.ok && der.value.format === 'der');
    const p7 = new x509.X509Certificates([leaf.cert, root.cert]);
    const p7pem = decode(p7.export('pem'));
    assert.ok(p7pem.ok && p7pem.value.format === 'pkcs7' && p7pem.value.certificates.length === 2);
    const p7der = decode(Buffer.from(p7.export('raw')));
    assert.ok(p7der.ok && p7der.value.format === 'pkcs7');
  });

  it('refuses keys, CSRs, garbage, truncation, empty and oversized input with a message', () => {
    const cases: [Uint8Array | string, string, RegExp][] = [
      [leaf.pem + leaf.keyPem, 'private-key', /contains a private key/],
      [leaf.keyPem, 'private-key', /private key/],
      ['-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n', 'garbage', /certificate signing request/],
      [randomBytes(2048), 'garbage', /expected PEM, DER, PKCS#7 \(\.p7b\) or PKCS#12/],
      [Buffer.from(leaf.cert.rawData).subarray(0, 100), 'garbage', /not a certificate file/],
      [leaf.pem.replace(/[A-Za-z]{20}/, 'x'), 'garbage', /not a valid X\.509 certificate/],
      ['', 'empty', /empty/],
      ['-----BEGIN PKCS7-----\nAAAA\n-----END PKCS7-----\n', 'garbage', /PKCS#7/],
      ['just text\n', 'garbage', /not a certificate file/],
    ];
    for (const [input, code, message] of cases) {
      const r = decode(input);
      assert.equal(r.ok, false, String(input).slice(0, 40));
      assert.equal(r.ok ? '' : r.error, code);
      assert.match(r.ok ? '' : r.text ?? '', message);
    }
    // Linear time on hostile PEM: 1 MiB of BEGIN lines, and of BEGIN/END pairs with junk bodies.
    const started = Date.now();
    const begins = decodeUpload(Buffer.from('-----BEGIN CERTIFICATE-----\n'.repeat(37_000)), undefined);
    assert.equal(begins.ok ? '' : begins.error, 'garbage');
    const pairs = decodeUpload(Buffer.from('-----BEGIN X-----\n-----END X-----\n'.repeat(30_000)), undefined);
    assert.equal(pairs.ok ? '' : pairs.error, 'garbage');
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    const big = decodeUpload(Buffer.alloc(2000), undefined, { maxBytes: 1000, maxCertificates: 5 });
    assert.equal(big.ok ? '' : big.error, 'too-large');
    const many = decodeUpload(Buffer.from(leaf.pem.repeat(6)), undefined, { maxBytes: 1e6, maxCertificates: 5 });
    assert.equal(many.ok ? '' : many.error, 'too-many');
  });
});

describe('readPkcs12 (files made by OpenSSL)', () => {
  const make = (extra: string[], password = 'pw') => {
    const r = openssl(['pkcs12', '-export', '-in', '{c.pem}', '-inkey', '{k.pem}', '-certfile', '{r.pem}', '-passout', `pass:${password}`, '-out', '{o.p12}', ...extra],
      { 'c.pem': leaf.pem, 'k.pem': leaf.keyPem, 'r.pem': root.pem }, ['o.p12']);
    assert.equal(r.status, 0, r.stderr);
    return r.files['o.p12']!;
  };

  it('AES-256/PBKDF2 (OpenSSL 3 default), 3DES/SHA-1 (older exports), an empty password', (t) => {
    if (skipWithoutOpenssl) return t.skip(skipWithoutOpenssl);
    for (const [extra, password] of [[[], 'pw'], [['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'], 'pw'], [[], ''], [[], 'pässwörd']] as [string[], string][]) {
      const r = readPkcs12(make(extra, password), password);
      assert.ok(r.ok, `${extra.join(' ')}: ${r.ok ? '' : r.text}`);
      assert.equal(r.value.certificates.length, 2);
      assert.equal(r.value.keys.length, 1);
      assert.equal(r.value.keys[0]!.asymmetricKeyType, 'ec');
    }
  });

  it('wrong password, RC2-40 (-legacy), a truncated file, no MAC', (t) => {
    if (skipWithoutOpenssl) return t.skip(skipWithoutOpenssl);
    const file = make([]);
    const wrong = readPkcs12(file, 'nope');
    assert.equal(wrong.ok ? '' : wrong.error, 'bad-password');
    const legacy = openssl(['pkcs12', '-export', '-legacy', '-in', '{c.pem}', '-inkey', '{k.pem}', '-passout', 'pass:pw', '-out', '{o.p12}'], { 'c.pem': leaf.pem, 'k.pem': leaf.keyPem }, ['o.p12']);
    if (legacy.status === 0) {
      const r = readPkcs12(legacy.files['o.p12']!, 'pw');
      assert.equal(r.ok ? '' : r.error, 'unsupported');
      assert.match(r.ok ? '' : r.text ?? '', /RC2-40/);
    }
    const cut = decodeUpload(file.subarray(0, file.length - 40), 'pw');
    assert.equal(cut.ok, false);
    const noMac = make(['-nomac']);
    assert.ok(readPkcs12(noMac, 'pw').ok, 'without a MAC the decryption checks the password');
    const noMacWrong = readPkcs12(noMac, 'nope');
    assert.equal(noMacWrong.ok, false);
  });
});
