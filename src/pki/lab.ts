// A lab CA for tests and demonstrations: roots, intermediates and leaves with whatever defect a test
// needs (no SAN, expired, unknown critical extension, weak key, wrong EKU), and "the CA signs this CSR"
// the way an AD CS template would. Never used by the server itself.
import { x509 } from './x509-lib.js';
import { randomSerialHex } from './issue.js';
import { exportPrivateKeyPem, type CryptoKey, type CryptoKeyPair } from './keys.js';
import { withNewline } from './pem.js';

const DAY_MS = 86_400_000;
const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface LabCert {
  readonly pem: string;
  readonly cert: x509.X509Certificate;
  readonly keys: CryptoKeyPair;
  readonly keyPem: string;
}

export interface LabCertOptions {
  readonly subject: string;
  readonly ca?: boolean;
  /** DNS names / IPs; `null` = no SAN extension at all. */
  readonly sans?: readonly string[] | null;
  /** EKU OIDs; undefined = serverAuth + clientAuth for leaves, none for CAs. */
  readonly eku?: readonly string[];
  readonly notBefore?: number;
  readonly notAfter?: number;
  /** Adds a critical extension with this (private) OID. */
  readonly criticalUnknown?: string;
  /** Use this public key (signing a CSR) instead of a fresh P-256 pair. */
  readonly publicKey?: CryptoKey;
  /** RSA key size for the fresh pair instead of P-256 (1024 for the weak-key cases). */
  readonly rsaBits?: number;
  /** Issuer name override (for loops: a certificate naming an issuer that names it back). */
  readonly issuerName?: string;
}

async function freshKeys(rsaBits?: number): Promise<CryptoKeyPair> {
  return rsaBits
    ? globalThis.crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: rsaBits, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify'])
    : globalThis.crypto.subtle.generateKey(EC, true, ['sign', 'verify']);
}

function extensionsFor(o: LabCertOptions, publicKeyExt: x509.Extension[]): x509.Extension[] {
  const ext: x509.Extension[] = [
    new x509.BasicConstraintsExtension(o.ca ?? false, undefined, true),
    new x509.KeyUsagesExtension(o.ca ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    ...publicKeyExt,
  ];
  const eku = o.eku ?? (o.ca ? [] : ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
  if (eku.length > 0) ext.push(new x509.ExtendedKeyUsageExtension([...eku]));
  if (o.sans !== null && (o.sans ?? []).length > 0) {
    ext.push(new x509.SubjectAlternativeNameExtension(o.sans!.map((n) => (/^[\d.]+$|:/.test(n) ? { type: 'ip' as const, value: n } : { type: 'dns' as const, value: n }))));
  }
  if (o.criticalUnknown) ext.push(new x509.Extension(o.criticalUnknown, true, new Uint8Array([0x05, 0x00])));
  return ext;
}

export async function labRoot(o: LabCertOptions, now = Date.now()): Promise<LabCert> {
  const keys = await freshKeys(o.rsaBits);
  const ski = await x509.SubjectKeyIdentifierExtension.create(keys.publicKey);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerialHex(),
    name: o.subject,
    notBefore: new Date(o.notBefore ?? now - DAY_MS),
    notAfter: new Date(o.notAfter ?? now + 3650 * DAY_MS),
    signingAlgorithm: o.rsaBits ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : EC,
    keys,
    extensions: extensionsFor({ ca: true, ...o }, [ski]),
  });
  return { pem: withNewline(cert.toString('pem')), cert, keys, keyPem: await exportPrivateKeyPem(keys.privateKey) };
}

/** A certificate signed by `issuer` (P-256 issuers only: the lab's). */
export async function labIssue(issuer: LabCert, o: LabCertOptions, now = Date.now()): Promise<LabCert> {
  const keys: CryptoKeyPair = o.publicKey ? { publicKey: o.publicKey, privateKey: undefined as unknown as CryptoKey } : await freshKeys(o.rsaBits);
  const ski = await x509.SubjectKeyIdentifierExtension.create(keys.publicKey);
  const issuerSki = issuer.cert.getExtension(x509.SubjectKeyIdentifierExtension);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialHex(),
    subject: o.subject,
    issuer: o.issuerName ?? issuer.cert.subject,
    notBefore: new Date(o.notBefore ?? now - DAY_MS),
    notAfter: new Date(o.notAfter ?? now + 365 * DAY_MS),
    signingAlgorithm: EC,
    publicKey: keys.publicKey,
    signingKey: issuer.keys.privateKey,
    extensions: extensionsFor(o, [ski, new x509.AuthorityKeyIdentifierExtension(issuerSki!.keyId)]),
  });
  const keyPem = o.publicKey ? '' : await exportPrivateKeyPem(keys.privateKey);
  return { pem: withNewline(cert.toString('pem')), cert, keys, keyPem };
}

/** "The CA signs the CSR": subject and public key from the CSR, the rest as `o` says (SANs default to the CSR's). */
export async function labSignCsr(issuer: LabCert, csrPem: string, o: Partial<LabCertOptions> = {}, now = Date.now()): Promise<LabCert> {
  const csr = new x509.Pkcs10CertificateRequest(csrPem);
  const raw = csr.getExtension('2.5.29.17');
  const sans = raw ? new x509.SubjectAlternativeNameExtension(raw.rawData).names.items.map((n) => n.value) : null;
  const publicKey = await csr.publicKey.export();
  return labIssue(issuer, { subject: csr.subject, sans, ...o, publicKey }, now);
}
