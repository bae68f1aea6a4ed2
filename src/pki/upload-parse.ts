// Decoding an uploaded certificate file (codec only, no rules): PEM (any number of CERTIFICATE blocks,
// or a PKCS7/CMS block), DER, PKCS#7 `.p7b` (PEM or DER) and PKCS#12 (`.p12`/`.pfx`, with its key).
// A PEM file that carries a private key is refused: Parley never takes keys as text; the key either
// stays on the server (CSR) or arrives inside a password-protected PKCS#12 file.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { err, ok, type Result } from '../shared/result.js';
import { x509 } from './x509-lib.js';
import { looksLikePkcs12, readPkcs12 } from './pkcs12.js';

export type UploadFormat = 'pem' | 'der' | 'pkcs7' | 'pkcs12';

export interface DecodedUpload {
  readonly format: UploadFormat;
  /** DER certificates, in file order. */
  readonly certificates: readonly Buffer[];
  /** Only PKCS#12 carries keys. */
  readonly keys: readonly KeyObject[];
}

export type UploadDecodeError = 'empty' | 'too-large' | 'garbage' | 'private-key' | 'password-required' | 'bad-password' | 'unsupported' | 'too-many';

export interface DecodeLimits {
  /** Largest accepted file (default 1 MiB: a chain is a few KiB). */
  readonly maxBytes: number;
  /** Most certificates in one file. */
  readonly maxCertificates: number;
}

export const DEFAULT_DECODE_LIMITS: DecodeLimits = { maxBytes: 1024 * 1024, maxCertificates: 20 };

const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]{1,40})-----/g;

/** PEM blocks as [whole, label, body], found in linear time: a regular expression with a lazy body and a
 *  back-reference rescans the rest of the text for every BEGIN line, which a hostile upload made of
 *  nothing but BEGIN lines turns into minutes of CPU. */
function* pemBlocks(text: string): Generator<[string, string, string] | 'unterminated'> {
  PEM_BEGIN.lastIndex = 0;
  for (let m = PEM_BEGIN.exec(text); m; m = PEM_BEGIN.exec(text)) {
    const end = `-----END ${m[1]}-----`;
    const at = text.indexOf(end, PEM_BEGIN.lastIndex);
    if (at < 0) { yield 'unterminated'; return; }
    yield [text.slice(m.index, at + end.length), m[1]!, text.slice(PEM_BEGIN.lastIndex, at)];
    PEM_BEGIN.lastIndex = at + end.length;
  }
}
const KEY_LABEL = /PRIVATE KEY/;

export function decodeUpload(data: Uint8Array, password: string | undefined, limits: DecodeLimits = DEFAULT_DECODE_LIMITS):
Result<DecodedUpload, UploadDecodeError> {
  if (data.length === 0) return err('empty', 'the file is empty');
  if (data.length > limits.maxBytes) return err('too-large', `the file is ${data.length} bytes; the limit is ${limits.maxBytes}`);
  const buf = Buffer.from(data);
  const text = buf.toString('latin1');
  const decoded = text.includes('-----BEGIN ') ? decodePem(text) : decodeBinary(buf, password);
  if (!decoded.ok) return decoded;
  if (decoded.value.certificates.length === 0) return err('garbage', 'the file holds no certificate');
  if (decoded.value.certificates.length > limits.maxCertificates) {
    return err('too-many', `the file holds ${decoded.value.certificates.length} certificates; the limit is ${limits.maxCertificates}`);
  }
  return decoded;
}

function decodePem(text: string): Result<DecodedUpload, UploadDecodeError> {
  const certificates: Buffer[] = [];
  let format: UploadFormat = 'pem';
  for (const m of pemBlocks(text)) {
    if (m === 'unterminated') return err('garbage', 'a PEM block has no END line');
    const label = m[1]!;
    if (KEY_LABEL.test(label)) {
      return err('private-key', `the file contains a private key (${label}); never upload keys as text: generate a CSR on Parley (the key stays on the server) or upload a password-protected PKCS#12 file`);
    }
    const der = Buffer.from(m[2]!.replace(/[\s]/g, ''), 'base64');
    if (label === 'CERTIFICATE' || label === 'X509 CERTIFICATE') {
      if (!isCertificate(der)) return err('garbage', `a CERTIFICATE block is not a valid X.509 certificate`);
      certificates.push(der);
    } else if (label === 'PKCS7' || label === 'CMS') {
      const certs = pkcs7Certificates(der);
      if (!certs) return err('garbage', `the ${label} block is not a PKCS#7 certificate bundle`);
      certificates.push(...certs);
      format = 'pkcs7';
    } else if (label === 'CERTIFICATE REQUEST' || label === 'NEW CERTIFICATE REQUEST') {
      return err('garbage', 'this is a certificate signing request (CSR), not a certificate: have it signed by the CA first');
    }
    // Other blocks (e.g. X509 CRL, PARAMETERS) are ignored.
  }
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    return err('private-key', 'the file contains a private key; never upload keys as text');
  }
  if (certificates.length === 0) return err('garbage', 'no CERTIFICATE or PKCS7 block in the PEM text');
  return ok({ format, certificates, keys: [] });
}

function decodeBinary(buf: Buffer, password: string | undefined): Result<DecodedUpload, UploadDecodeError> {
  if (isCertificate(buf)) return ok({ format: 'der', certificates: [buf], keys: [] });
  const p7 = pkcs7Certificates(buf);
  if (p7 && p7.length > 0) return ok({ format: 'pkcs7', certificates: p7, keys: [] });
  if (looksLikePkcs12(buf)) {
    if (password === undefined) return err('password-required', 'this is a PKCS#12 file: give its password');
    const r = readPkcs12(buf, password);
    if (!r.ok) return err(r.error === 'bad-password' ? 'bad-password' : r.error === 'unsupported' ? 'unsupported' : 'garbage', r.text ?? r.error);
    return ok({ format: 'pkcs12', certificates: [...r.value.certificates], keys: [...r.value.keys] });
  }
  if (looksLikeKey(buf)) return err('private-key', 'the file is a private key; never upload keys on their own');
  return err('garbage', 'not a certificate file: expected PEM, DER, PKCS#7 (.p7b) or PKCS#12 (.p12/.pfx)');
}

function isCertificate(der: Buffer): boolean {
  try {
    new X509Certificate(der);
    return true;
  } catch {
    return false;
  }
}

function pkcs7Certificates(der: Buffer): Buffer[] | undefined {
  try {
    const certs = new x509.X509Certificates(der);
    return certs.map((c) => Buffer.from(c.rawData));
  } catch {
    return undefined;
  }
}

function looksLikeKey(der: Buffer): boolean {
  for (const type of ['pkcs8', 'pkcs1', 'sec1'] as const) {
    try {
      createPrivateKey({ key: der, format: 'der', type });
      return true;
    } catch { /* next */ }
  }
  return false;
}
