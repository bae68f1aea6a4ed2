// Issuing: the self-signed local CA and the leaf certificates it signs. Pure apart from key generation
// and signing (WebCrypto); the clock and the randomness of serial numbers are injected.
//
// [RFC5280] https://www.rfc-editor.org/rfc/rfc5280  (profile: §4.1.2.2 serial, §4.2.1.x extensions)
// [RFC8813] https://www.rfc-editor.org/rfc/rfc8813  (key usage of ECDSA keys)
// [APPLE]   https://support.apple.com/en-us/103769  (TLS server certificates of private CAs: ≤ 825 days,
//           SAN + EKU serverAuth required, RSA ≥ 2048, SHA-2)
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { x509 } from './x509-lib.js';
import { PkiError } from './errors.js';
import {
  DEFAULT_KEY_TYPE, exportPrivateKeyPem, generateKeyPair, importPrivateKeyPem, signingAlgorithmFor,
  type CryptoKeyPair, type KeyType, type SigningAlgorithm,
} from './keys.js';
import { withNewline } from './pem.js';

const DAY_MS = 86_400_000;
export const DEFAULT_CA_VALIDITY_DAYS = 3650;
/** Two years: within the 825 days Apple platforms accept for any TLS server certificate [APPLE]. */
export const DEFAULT_LEAF_VALIDITY_DAYS = 730;
/** notBefore is backdated so that peers whose clocks are a little behind accept a fresh certificate. */
export const CLOCK_SKEW_MS = 5 * 60_000;
export const LOCAL_CA_CN_PREFIX = 'Parley Local CA';
export const ORGANIZATION = 'Parley';
/** ub-common-name [RFC5280] Appendix A. */
const CN_MAX = 64;

export interface IssueDeps {
  /** Milliseconds since the epoch. */
  readonly now?: () => number;
  readonly randomBytes?: (size: number) => Uint8Array;
}

/** A certificate and its PKCS#8 private key, both PEM text ending with a newline. */
export interface IssuedPem {
  readonly certPem: string;
  readonly keyPem: string;
}

/**
 * A positive 16-byte serial number in hex ([RFC5280] §4.1.2.2: positive, at most 20 octets; CA/Browser
 * Forum BR 7.1: at least 64 bits from a CSPRNG). The first octet is forced into 0x01–0x7f so that the
 * DER INTEGER is exactly 16 octets: no sign padding, no leading zero.
 */
export function randomSerialHex(randomBytes: (size: number) => Uint8Array = nodeRandomBytes): string {
  const bytes = Uint8Array.from(randomBytes(16));
  bytes[0] = (bytes[0]! & 0x7f) || 0x01;
  return Buffer.from(bytes).toString('hex');
}

/** The SANs a first-start certificate carries: the FQDN plus the loopback names. */
export function defaultSubjectAltNames(fqdn: string): string[] {
  return [fqdn, 'localhost', '127.0.0.1', '::1'];
}

/** DNS names and IP addresses (told apart by syntax), de-duplicated, DNS names lower-cased. */
export function toGeneralNames(names: readonly string[]): x509.JsonGeneralName[] {
  const seen = new Set<string>();
  const out: x509.JsonGeneralName[] = [];
  for (const raw of names) {
    const type = isIP(raw) ? 'ip' : 'dns';
    const value = type === 'dns' ? raw.toLowerCase() : raw;
    if (value === '' || seen.has(`${type}:${value}`)) continue;
    seen.add(`${type}:${value}`);
    out.push({ type, value });
  }
  return out;
}

const cn = (text: string): string => text.slice(0, CN_MAX);

export interface LocalCaOptions {
  readonly fqdn: string;
  readonly keyType?: KeyType;
  readonly validityDays?: number;
  /** Re-certify an existing CA key (PEM) instead of generating one. */
  readonly keyPem?: string;
}

/**
 * A self-signed root: basicConstraints CA (critical, no path length limit so lab intermediates stay
 * possible), keyUsage keyCertSign + cRLSign (critical), SKI, and AKI equal to the SKI ([RFC5280] §4.2.1.1:
 * may be omitted in self-signed certificates, but OpenSSL-made roots carry it and some tools expect it).
 */
export async function createLocalCa(options: LocalCaOptions, deps: IssueDeps = {}): Promise<IssuedPem> {
  const now = (deps.now ?? Date.now)();
  const { keys, signingAlgorithm } = options.keyPem
    ? await importPrivateKeyPem(options.keyPem)
    : await freshKeys(options.keyType ?? DEFAULT_KEY_TYPE);
  const ski = await x509.SubjectKeyIdentifierExtension.create(keys.publicKey);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerialHex(deps.randomBytes),
    name: [{ CN: [cn(`${LOCAL_CA_CN_PREFIX} ${options.fqdn}`)] }, { O: [ORGANIZATION] }],
    notBefore: new Date(now - CLOCK_SKEW_MS),
    notAfter: new Date(now + (options.validityDays ?? DEFAULT_CA_VALIDITY_DAYS) * DAY_MS),
    signingAlgorithm,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      ski,
      new x509.AuthorityKeyIdentifierExtension(ski.keyId),
    ],
  });
  const keyPem = options.keyPem ? withNewline(options.keyPem) : await exportPrivateKeyPem(keys.privateKey);
  return { certPem: withNewline(cert.toString('pem')), keyPem };
}

export interface LeafOptions {
  /** Subject CN and the first SAN. */
  readonly fqdn: string;
  /** All SANs; defaults to defaultSubjectAltNames(fqdn). IP literals become iPAddress names. */
  readonly names?: readonly string[];
  /** Adds EKU clientAuth (mutual TLS identities). */
  readonly clientAuth?: boolean;
  readonly keyType?: KeyType;
  readonly validityDays?: number;
  /** Subject OU, e.g. the store name, so `show cert list` tells the identities apart. */
  readonly organizationalUnit?: string;
}

/** A leaf signed by `ca` (PEM certificate and key); the leaf's validity never outlives the CA's. */
export async function issueLeaf(ca: IssuedPem, options: LeafOptions, deps: IssueDeps = {}): Promise<IssuedPem> {
  const now = (deps.now ?? Date.now)();
  const caCert = new x509.X509Certificate(ca.certPem);
  if (caCert.notAfter.getTime() <= now) {
    throw new PkiError('ERR_PKI_CA_EXPIRED', `the local CA expired on ${caCert.notAfter.toISOString()}`);
  }
  const [signer, keys] = await Promise.all([importPrivateKeyPem(ca.keyPem), generateKeyPair(options.keyType ?? DEFAULT_KEY_TYPE)]);
  const notAfter = Math.min(now + (options.validityDays ?? DEFAULT_LEAF_VALIDITY_DAYS) * DAY_MS, caCert.notAfter.getTime());
  const isRsa = keys.publicKey.algorithm.name === 'RSASSA-PKCS1-v1_5';
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialHex(deps.randomBytes),
    subject: leafName(options),
    issuer: caCert.subjectName,
    notBefore: new Date(now - CLOCK_SKEW_MS),
    notAfter: new Date(notAfter),
    signingAlgorithm: signer.signingAlgorithm,
    publicKey: keys.publicKey,
    signingKey: signer.keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      // keyEncipherment only for RSA: an ECDSA key never encrypts a premaster secret [RFC8813] §3.
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | (isRsa ? x509.KeyUsageFlags.keyEncipherment : 0), true),
      new x509.ExtendedKeyUsageExtension(options.clientAuth
        ? [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]
        : [x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(toGeneralNames(options.names ?? defaultSubjectAltNames(options.fqdn))),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await authorityKeyIdentifier(caCert),
    ],
  });
  return { certPem: withNewline(cert.toString('pem')), keyPem: await exportPrivateKeyPem(keys.privateKey) };
}

function leafName(options: LeafOptions): x509.JsonName {
  const name: x509.JsonName = [];
  // A CN longer than 64 characters cannot be encoded; the SAN carries the name anyway (browsers ignore CN).
  if (options.fqdn.length <= CN_MAX) name.push({ CN: [options.fqdn] });
  if (options.organizationalUnit) name.push({ OU: [options.organizationalUnit] });
  name.push({ O: [ORGANIZATION] });
  return name;
}

// [RFC5280] §4.2.1.1: the AKI keyIdentifier is the issuer's SKI as the issuer states it (a CA made by
// another tool may not use the SHA-1 method); computed from the key only when the CA has no SKI.
async function authorityKeyIdentifier(caCert: x509.X509Certificate): Promise<x509.AuthorityKeyIdentifierExtension> {
  const ski = caCert.getExtension(x509.SubjectKeyIdentifierExtension);
  if (ski) return new x509.AuthorityKeyIdentifierExtension(ski.keyId);
  return x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey);
}

async function freshKeys(type: KeyType): Promise<{ keys: CryptoKeyPair; signingAlgorithm: SigningAlgorithm }> {
  return { keys: await generateKeyPair(type), signingAlgorithm: signingAlgorithmFor(type) };
}
