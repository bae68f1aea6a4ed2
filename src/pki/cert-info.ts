// One parsed certificate with everything the chain builder and the upload checks ask of it, read once:
// node:crypto for signatures, issuance, key details and the fingerprint; @peculiar/x509 for names and
// extensions with their critical flag ([pki-cors] §2.1 split of duties).
import { X509Certificate } from 'node:crypto';
import { x509 } from './x509-lib.js';
import { colonHex } from './describe.js';
import { toPem } from './pem.js';

export interface CertInfo {
  readonly der: Buffer;
  readonly pem: string;
  readonly node: X509Certificate;
  readonly parsed: x509.X509Certificate;
  readonly subject: string;
  readonly issuer: string;
  /** SHA-256, colon-separated upper-case hex. */
  readonly fingerprint: string;
  readonly isCa: boolean;
  readonly selfSigned: boolean;
  readonly subjectKeyId?: string;
  readonly authorityKeyId?: string;
  /** "dns:name" / "ip:addr" / "email:…", lower-cased DNS names, in certificate order; undefined without a SAN extension. */
  readonly sans: readonly string[] | undefined;
}

/** Parses one DER certificate; throws on anything else. */
export function certInfo(der: Uint8Array): CertInfo {
  const buf = Buffer.from(der);
  const node = new X509Certificate(buf);
  const parsed = new x509.X509Certificate(buf);
  const ski = parsed.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  const aki = parsed.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId;
  const san = parsed.getExtension(x509.SubjectAlternativeNameExtension);
  return {
    der: buf,
    pem: toPem(buf, 'CERTIFICATE'),
    node,
    parsed,
    subject: parsed.subject,
    issuer: parsed.issuer,
    fingerprint: node.fingerprint256,
    isCa: node.ca,
    selfSigned: selfSigned(node),
    ...(ski ? { subjectKeyId: colonHex(ski) } : {}),
    ...(aki ? { authorityKeyId: colonHex(aki) } : {}),
    sans: san ? san.names.items.map((n) => normalizeSan(n.type, n.value)) : undefined,
  };
}

export function certInfoFromPem(pem: string): CertInfo {
  return certInfo(new X509Certificate(pem).raw);
}

/** Subject = issuer and the signature verifies with the certificate's own key (a self-signed leaf
 *  lacks keyCertSign, so checkIssued() would say no). */
export function selfSigned(cert: X509Certificate): boolean {
  try {
    return cert.subject === cert.issuer && cert.verify(cert.publicKey);
  } catch {
    return false;
  }
}

/** `issuer` issued `cert`: names chain and the signature verifies with the issuer's key. */
export function issues(issuer: X509Certificate, cert: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false; // e.g. a signature algorithm that does not fit the key
  }
}

export function normalizeSan(type: string, value: string): string {
  return `${type}:${type === 'dns' || type === 'email' ? value.toLowerCase() : value}`;
}

/** "CN=x (key identifier AB:CD…)" for messages. */
export function nameWithKeyId(subject: string, keyId: string | undefined): string {
  return keyId ? `${subject} (key identifier ${keyId})` : subject;
}
