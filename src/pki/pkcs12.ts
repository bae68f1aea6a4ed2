// PKCS#12 (.p12/.pfx) reader: certificates and private keys, the MAC checked first (it is the password
// check). RFC 7292; PBES2 per RFC 8018. Supported: MAC with SHA-1/SHA-256/SHA-384/SHA-512; bags
// encrypted with PBES2 (PBKDF2 + AES-CBC, OpenSSL 3's and recent Windows' default) or
// pbeWithSHAAnd3-KeyTripleDES-CBC (older exports). RC2-40 ("-legacy" certificate bags) is refused with
// a message: OpenSSL 3 keeps it in its legacy provider only.
//
// @peculiar/x509 has no PKCS#12 support and node:crypto can only hand a .p12 to TLS (`pfx`), never
// give its contents back, hence this reader over asn1js (already a dependency of @peculiar/x509; BER
// is accepted, since Windows writes indefinite lengths).
import { createDecipheriv, createHash, createHmac, createPrivateKey, pbkdf2Sync, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { err, ok, type Result } from '../shared/result.js';

export type Pkcs12Error = 'not-pkcs12' | 'bad-password' | 'unsupported' | 'malformed';

export interface Pkcs12Contents {
  /** DER certificates in file order. */
  readonly certificates: readonly Buffer[];
  readonly keys: readonly KeyObject[];
}

const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  sha1With3Des: '1.2.840.113549.1.12.1.3',
  sha1WithRc2_40: '1.2.840.113549.1.12.1.6',
} as const;

const HASH_BY_OID: Readonly<Record<string, { name: string; u: number; v: number }>> = {
  '1.3.14.3.2.26': { name: 'sha1', u: 20, v: 64 },
  '2.16.840.1.101.3.4.2.1': { name: 'sha256', u: 32, v: 64 },
  '2.16.840.1.101.3.4.2.2': { name: 'sha384', u: 48, v: 128 },
  '2.16.840.1.101.3.4.2.3': { name: 'sha512', u: 64, v: 128 },
};
const PRF_BY_OID: Readonly<Record<string, string>> = {
  '1.2.840.113549.2.7': 'sha1', '1.2.840.113549.2.9': 'sha256', '1.2.840.113549.2.10': 'sha384', '1.2.840.113549.2.11': 'sha512',
};
const CIPHER_BY_OID: Readonly<Record<string, { name: string; keyLength: number }>> = {
  '2.16.840.1.101.3.4.1.2': { name: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { name: 'aes-192-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { name: 'aes-256-cbc', keyLength: 32 },
  '1.2.840.113549.3.7': { name: 'des-ede3-cbc', keyLength: 24 },
};

class Fail extends Error {
  constructor(readonly code: Pkcs12Error, message: string) { super(message); }
}

type Node = asn1js.AsnType;
const kids = (n: Node | undefined): Node[] => {
  const v = (n as { valueBlock?: { value?: unknown } } | undefined)?.valueBlock?.value;
  if (!Array.isArray(v)) throw new Fail('malformed', 'unexpected ASN.1 structure');
  return v as Node[];
};
const at = (n: Node | undefined, i: number): Node => {
  const k = kids(n)[i];
  if (!k) throw new Fail('malformed', 'unexpected ASN.1 structure');
  return k;
};
const oid = (n: Node): string => {
  if (!(n instanceof asn1js.ObjectIdentifier)) throw new Fail('malformed', 'expected an object identifier');
  return n.valueBlock.toString();
};
const octets = (n: Node): Buffer => {
  if (!(n instanceof asn1js.OctetString)) throw new Fail('malformed', 'expected an octet string');
  // Constructed (BER) octet strings are concatenated by getValue(); primitive ones are returned as is.
  return Buffer.from(n.valueBlock.isConstructed
    ? Buffer.concat(n.valueBlock.value.map((p) => Buffer.from((p as asn1js.OctetString).valueBlock.valueHexView)))
    : n.valueBlock.valueHexView);
};
const int = (n: Node): number => {
  if (!(n instanceof asn1js.Integer)) throw new Fail('malformed', 'expected an integer');
  return n.valueBlock.valueDec;
};
const parse = (der: Uint8Array): Node => {
  const r = asn1js.fromBER(der);
  if (r.offset === -1) throw new Fail('malformed', `not ASN.1: ${r.result.error}`);
  return r.result;
};
/** The content of a [0] EXPLICIT tag. */
const explicit0 = (n: Node): Node => at(n, 0);

/** Decodes a PKCS#12 file; `password` may be empty. */
export function readPkcs12(der: Uint8Array, password: string): Result<Pkcs12Contents, Pkcs12Error> {
  try {
    return ok(decode(der, password));
  } catch (e) {
    if (e instanceof Fail) return err(e.code, e.message);
    return err('malformed', (e as Error).message);
  }
}

/** A quick structural test, used to tell a PKCS#12 file from other DER (no password needed). */
export function looksLikePkcs12(der: Uint8Array): boolean {
  try {
    const pfx = parse(der);
    return int(at(pfx, 0)) === 3 && oid(at(at(pfx, 1), 0)) === OID.data;
  } catch {
    return false;
  }
}

function decode(der: Uint8Array, password: string): Pkcs12Contents {
  const pfx = parse(der);
  if (!(pfx instanceof asn1js.Sequence) || int(at(pfx, 0)) !== 3) throw new Fail('not-pkcs12', 'not a PKCS#12 file');
  const authSafe = at(pfx, 1);
  if (oid(at(authSafe, 0)) !== OID.data) throw new Fail('unsupported', 'only password-integrity PKCS#12 files are supported (public-key integrity is not)');
  const authSafeOctets = octets(explicit0(at(authSafe, 1)));
  const macData = kids(pfx)[2];
  if (macData) verifyMac(macData, authSafeOctets, password);

  const certificates: Buffer[] = [];
  const keys: KeyObject[] = [];
  for (const info of kids(parse(authSafeOctets))) {
    const type = oid(at(info, 0));
    let contents: Buffer;
    if (type === OID.data) contents = octets(explicit0(at(info, 1)));
    else if (type === OID.encryptedData) {
      const encryptedContentInfo = at(explicit0(at(info, 1)), 1);
      const algorithm = at(encryptedContentInfo, 1);
      const body = kids(encryptedContentInfo)[2];
      if (!body) throw new Fail('malformed', 'encrypted PKCS#12 content without data');
      // [0] IMPLICIT OCTET STRING: primitive, or constructed from octet-string parts.
      const raw = Buffer.from((body as asn1js.Primitive).valueBlock.valueHexView ?? new Uint8Array());
      const parts = (body as unknown as { valueBlock: { value?: Node[] } }).valueBlock.value;
      const cipherText = Array.isArray(parts) && parts.length > 0 ? Buffer.concat(parts.map(octets)) : raw;
      contents = decrypt(algorithm, cipherText, password);
    } else throw new Fail('unsupported', `PKCS#12 content type ${type} is not supported (public-key encrypted)`);
    for (const bag of kids(parse(contents))) readBag(bag, password, certificates, keys);
  }
  return { certificates, keys };
}

function readBag(bag: Node, password: string, certificates: Buffer[], keys: KeyObject[]): void {
  const id = oid(at(bag, 0));
  const value = explicit0(at(bag, 1));
  if (id === OID.certBag) {
    if (oid(at(value, 0)) !== OID.x509Certificate) return; // SDSI certificates: ignored
    certificates.push(octets(explicit0(at(value, 1))));
  } else if (id === OID.keyBag) {
    keys.push(createPrivateKey({ key: Buffer.from(value.toBER()), format: 'der', type: 'pkcs8' }));
  } else if (id === OID.shroudedKeyBag) {
    const pkcs8 = decrypt(at(value, 0), octets(at(value, 1)), password);
    keys.push(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }));
  }
  // CRL, secret and nested safe-contents bags: not needed here.
}

function verifyMac(macData: Node, content: Buffer, password: string): void {
  const digestInfo = at(macData, 0);
  const hash = HASH_BY_OID[oid(at(at(digestInfo, 0), 0))];
  if (!hash) throw new Fail('unsupported', 'unsupported PKCS#12 MAC algorithm');
  const expected = octets(at(digestInfo, 1));
  const salt = octets(at(macData, 1));
  const iterations = kids(macData)[2] ? int(at(macData, 2)) : 1;
  checkIterations(iterations);
  // An empty password is two NUL octets for OpenSSL and no octets at all for some other writers: try both.
  const candidates = password === '' ? [Buffer.alloc(2), Buffer.alloc(0)] : [bmpPassword(password)];
  const matches = candidates.some((pass) => {
    const key = pkcs12Kdf(hash, pass, salt, 3, iterations, hash.u);
    return createHmac(hash.name, key).update(content).digest().equals(expected);
  });
  if (!matches) throw new Fail('bad-password', 'wrong PKCS#12 password (the integrity check failed)');
}

function decrypt(algorithm: Node, data: Buffer, password: string): Buffer {
  const id = oid(at(algorithm, 0));
  let name: string; let key: Buffer; let iv: Buffer;
  if (id === OID.pbes2) {
    const params = at(algorithm, 1);
    const kdf = at(params, 0);
    if (oid(at(kdf, 0)) !== OID.pbkdf2) throw new Fail('unsupported', 'PBES2 without PBKDF2 is not supported');
    const kdfParams = at(kdf, 1);
    const salt = octets(at(kdfParams, 0));
    const iterations = int(at(kdfParams, 1));
    checkIterations(iterations);
    let prf = 'sha1';
    for (const extra of kids(kdfParams).slice(2)) {
      if (extra instanceof asn1js.Sequence) prf = PRF_BY_OID[oid(at(extra, 0))] ?? '?';
    }
    if (prf === '?') throw new Fail('unsupported', 'unsupported PBKDF2 pseudo-random function');
    const scheme = at(params, 1);
    const cipher = CIPHER_BY_OID[oid(at(scheme, 0))];
    if (!cipher) throw new Fail('unsupported', `unsupported PKCS#12 cipher ${oid(at(scheme, 0))}`);
    name = cipher.name;
    iv = octets(at(scheme, 1));
    // RFC 8018 passwords are octet strings; OpenSSL and Windows use the UTF-8 bytes.
    key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, cipher.keyLength, prf);
  } else if (id === OID.sha1With3Des) {
    const params = at(algorithm, 1);
    const salt = octets(at(params, 0));
    const iterations = int(at(params, 1));
    checkIterations(iterations);
    const sha1 = HASH_BY_OID['1.3.14.3.2.26']!;
    name = 'des-ede3-cbc';
    key = pkcs12Kdf(sha1, bmpPassword(password), salt, 1, iterations, 24);
    iv = pkcs12Kdf(sha1, bmpPassword(password), salt, 2, iterations, 8);
  } else if (id === OID.sha1WithRc2_40) {
    throw new Fail('unsupported', 'this PKCS#12 file uses RC2-40 encryption (openssl pkcs12 -legacy); export it again with AES (the OpenSSL 3 default) or 3DES');
  } else {
    throw new Fail('unsupported', `unsupported PKCS#12 encryption ${id}`);
  }
  try {
    const decipher = createDecipheriv(name, key, iv);
    return Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    throw new Fail('bad-password', 'wrong PKCS#12 password (decryption failed)');
  }
}

/** PBKDF2 / PKCS#12 KDF iterations come from the file: bound the work (OpenSSL writes 2048, Windows
 *  2000–10000; 600,000 is OWASP's PBKDF2-SHA256 figure and costs about a second here). */
export const MAX_PKCS12_ITERATIONS = 600_000;
function checkIterations(n: number): void {
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_PKCS12_ITERATIONS) throw new Fail('unsupported', `PKCS#12 iteration count ${n} is out of range (1…${MAX_PKCS12_ITERATIONS})`);
}

/** BMPString (UTF-16BE) with a terminating NUL pair, as OpenSSL encodes it (also for the empty password). */
function bmpPassword(password: string): Buffer {
  const out = Buffer.alloc((password.length + 1) * 2);
  for (let i = 0; i < password.length; i++) out.writeUInt16BE(password.charCodeAt(i), i * 2);
  return out;
}

/** RFC 7292 Appendix B.2: the PKCS#12 key derivation (id 1 key, 2 IV, 3 MAC key). */
function pkcs12Kdf(hash: { name: string; u: number; v: number }, pass: Buffer, salt: Buffer, id: number, iterations: number, size: number): Buffer {
  const { u, v } = hash;
  const D = Buffer.alloc(v, id);
  const fill = (src: Buffer): Buffer => {
    if (src.length === 0) return Buffer.alloc(0);
    const len = v * Math.ceil(src.length / v);
    const out = Buffer.alloc(len);
    for (let i = 0; i < len; i++) out[i] = src[i % src.length]!;
    return out;
  };
  let I = Buffer.concat([fill(salt), fill(pass)]);
  const out = Buffer.alloc(size);
  for (let offset = 0; offset < size; offset += u) {
    let A = createHash(hash.name).update(D).update(I).digest();
    for (let i = 1; i < iterations; i++) A = createHash(hash.name).update(A).digest();
    A.copy(out, offset, 0, Math.min(u, size - offset));
    if (offset + u >= size) break;
    const B = fill(A);
    const next = Buffer.alloc(I.length);
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = I[j + k]! + B[k]! + carry;
        next[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
    I = next;
  }
  return out;
}
