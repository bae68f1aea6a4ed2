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
}

const CURVE_BITS: Readonly<Record<string, number>> = { prime256v1: 256, secp384r1: 384, secp521r1: 521 };

/** Describes the first certificate of a PEM text (a chain file describes its end-entity certificate). */
export function describeCertificate(pem: string, now: () => number = Date.now): CertificateDescription {
  const block = firstCertificate(pem);
  if (!block) throw new PkiError('ERR_PKI_IDENTITY_INVALID', 'no CERTIFICATE block in PEM text');
  const parsed = new x509.X509Certificate(block);
  const node = new X509Certificate(block);
  const key = node.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  const san = parsed.getExtension(x509.SubjectAlternativeNameExtension);
  return {
    subject: parsed.subject,
    issuer: parsed.issuer,
    serial: node.serialNumber,
    sans: san ? san.names.items.map((n) => `${n.type}:${n.value}`) : [],
    keyType: (key.asymmetricKeyType ?? 'unknown').toUpperCase(),
    keySize: details.modulusLength ?? CURVE_BITS[details.namedCurve ?? ''] ?? 0,
    notBefore: parsed.notBefore,
    notAfter: parsed.notAfter,
    daysLeft: Math.floor((parsed.notAfter.getTime() - now()) / DAY_MS),
    isCa: node.ca,
    fingerprint256: node.fingerprint256,
  };
}
