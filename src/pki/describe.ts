// One certificate as `show cert list` prints it. Pure: parsing only, the time comes in as an argument.
// Names, SANs and dates are read with @peculiar/x509; the serial, key details and fingerprint with
// node:crypto, so the serial has the same spelling as TLS peers report (`getPeerCertificate().serialNumber`).
import { X509Certificate } from 'node:crypto';
import { x509 } from './x509-lib.js';
import { PkiError } from './errors.js';
import { firstCertificate } from './pem.js';

const DAY_MS = 86_400_000;

export interface CertificateDescription {
  /** RFC 4514-style, e.g. "CN=parley.example.com, OU=tomcat, O=Parley". */
  readonly subject: string;
  readonly issuer: string;
  /** Upper-case hex, as OpenSSL and Node's TLS report it. */
  readonly serial: string;
  /** "dns:<name>", "ip:<address>", "email:…", "url:…" in certificate order. */
  readonly sans: readonly string[];
  /** "RSA", "EC", "ED25519", … */
  readonly keyType: string;
  /** Modulus length for RSA, curve size for EC (256 for P-256), 0 when unknown. */
  readonly keySize: number;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Whole days until notAfter, negative once expired. */
  readonly daysLeft: number;
  readonly isCa: boolean;
  /** SHA-256 fingerprint, colon-separated upper-case hex. */
  readonly fingerprint256: string;
  /** Extended key usage OIDs; empty when the extension is absent (any purpose). */
  readonly extendedKeyUsage: readonly string[];
  /** Issuer and subject are the same and the signature verifies with the certificate's own key. */
  readonly selfSigned: boolean;
  /** Hex key identifiers, colon-separated upper case, when the extensions are present. */
  readonly subjectKeyId?: string;
  readonly authorityKeyId?: string;
}

/** "ab01ff" → "AB:01:FF" */
export const colonHex = (hex: string): string => (hex.toUpperCase().match(/../g) ?? []).join(':');

const CURVE_BITS: Readonly<Record<string, number>> = { prime256v1: 256, secp384r1: 384, secp521r1: 521 };

/** Describes the first certificate of a PEM text (a chain file describes its end-entity certificate). */
export function describeCertificate(pem: string, now: () => number = Date.now): CertificateDescription {
  const block = firstCertificate(pem);
  if (!block) throw new PkiError('ERR_PKI_IDENTITY_INVALID', 'no CERTIFICATE block in PEM text');
  // Parsing costs milliseconds (ASN.1 in JS); the listing and the expiry watch describe the same few
  // certificates again and again, so the time-independent part is remembered per PEM block.
  let fixed = cache.get(block);
  if (!fixed) {
    fixed = describeFixed(block);
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(block, fixed);
  }
  return { ...fixed, daysLeft: Math.floor((fixed.notAfter.getTime() - now()) / DAY_MS) };
}

const CACHE_MAX = 256;
const cache = new Map<string, Omit<CertificateDescription, 'daysLeft'>>();

function describeFixed(block: string): Omit<CertificateDescription, 'daysLeft'> {
  const parsed = new x509.X509Certificate(block);
  const node = new X509Certificate(block);
  const key = node.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  const san = parsed.getExtension(x509.SubjectAlternativeNameExtension);
  const ski = parsed.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  const aki = parsed.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId;
  let selfSigned = false;
  // Not checkIssued(): OpenSSL also demands keyCertSign there, which a self-signed leaf lacks.
  try { selfSigned = node.subject === node.issuer && node.verify(node.publicKey); } catch { /* unsupported algorithm */ }
  return {
    subject: parsed.subject,
    issuer: parsed.issuer,
    serial: node.serialNumber,
    sans: san ? san.names.items.map((n) => `${n.type}:${n.value}`) : [],
    keyType: (key.asymmetricKeyType ?? 'unknown').toUpperCase(),
    keySize: details.modulusLength ?? CURVE_BITS[details.namedCurve ?? ''] ?? 0,
    notBefore: parsed.notBefore,
    notAfter: parsed.notAfter,
    isCa: node.ca,
    fingerprint256: node.fingerprint256,
    extendedKeyUsage: node.keyUsage ?? [],
    selfSigned,
    ...(ski ? { subjectKeyId: colonHex(ski) } : {}),
    ...(aki ? { authorityKeyId: colonHex(aki) } : {}),
  };
}
