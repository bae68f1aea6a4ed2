// Certificate signing requests, as Cisco's "Generate CSR" page makes them ([pki-cors] §0.3, §0.11):
// subject fields, key type, SANs (the FQDN always; the parent domain only when asked, since it is what
// public CAs drop and what then fails the upload with "CSR SAN and Certificate SAN do not match";
// other nodes' FQDNs for a multi-server certificate), EKU per store. Validation is pure; generation
// uses WebCrypto. The private key is returned to the caller, which keeps it on the server.
import { isIP } from 'node:net';
import { err, ok, type Result } from '../shared/result.js';
import { x509 } from './x509-lib.js';
import { exportPrivateKeyPem, generateKeyPair, type KeyType, KEY_TYPES, DEFAULT_KEY_TYPE, signingAlgorithmFor } from './keys.js';
import type { ServiceName } from './layout.js';
import { withNewline } from './pem.js';

export const LEGACY_KEY_TYPE = 'RSA-1024';
export type CsrKeyType = KeyType | typeof LEGACY_KEY_TYPE;

const EKU_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

/** EKUs a CSR of each store asks for: clientAuth where the identity is also a TLS client or must
 *  pass mutual TLS (the seed-004 "Client and Server Authentication" template). */
export const CSR_EKUS: Readonly<Record<ServiceName, readonly string[]>> = {
  tomcat: [EKU_SERVER_AUTH],
  notification: [EKU_SERVER_AUTH, EKU_CLIENT_AUTH],
  'cti-server': [EKU_SERVER_AUTH, EKU_CLIENT_AUTH],
  'cti-client': [EKU_SERVER_AUTH, EKU_CLIENT_AUTH],
};

export interface CsrRequest {
  readonly service: ServiceName;
  /** Defaults to the node's FQDN. */
  readonly commonName?: string;
  readonly organizationalUnit?: string;
  readonly organization?: string;
  readonly locality?: string;
  readonly state?: string;
  /** ISO 3166 two-letter code (X.509 countryName is a 2-character PrintableString). */
  readonly country?: string;
  readonly email?: string;
  readonly keyType?: string;
  /** RSA-1024 is refused unless this is set (and then warned about). */
  readonly allowLegacyRsa1024?: boolean;
  /** Adds the parent domain as a SAN: `true` = the FQDN's domain part, or an explicit domain. */
  readonly parentDomain?: boolean | string;
  /** Extra SANs: other nodes' FQDNs for a multi-server certificate. */
  readonly extraNames?: readonly string[];
}

export interface ValidCsrRequest {
  readonly service: ServiceName;
  readonly subject: x509.JsonName;
  readonly subjectText: string;
  readonly keyType: CsrKeyType;
  /** "dns:…"/"ip:…", FQDN first. */
  readonly sans: readonly string[];
  readonly ekus: readonly string[];
  readonly warnings: readonly string[];
}

const FIELD_MAX = 64;
const DNS_NAME = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;
const EMAIL = /^[^\s@<>"]{1,64}@[a-z0-9.-]{1,253}$/i;
// PrintableString repertoire (X.680 §41.4); CN/O/OU are written as UTF8String by the library, but a
// control character is never legitimate in a subject.
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Checks and completes a CSR request; every refusal names the field. */
export function validateCsrRequest(req: CsrRequest, fqdn: string): Result<ValidCsrRequest, 'bad-request'> {
  const bad = (text: string) => err('bad-request' as const, text);
  const warnings: string[] = [];
  const keyType = (req.keyType ?? DEFAULT_KEY_TYPE).toUpperCase().replace(/^EC-?|^ECDSA-?/, '');
  const allTypes: readonly string[] = [...KEY_TYPES, LEGACY_KEY_TYPE];
  if (!allTypes.includes(keyType)) return bad(`key type ${req.keyType}: choose one of ${KEY_TYPES.join(', ')}`);
  if (keyType === LEGACY_KEY_TYPE) {
    if (!req.allowLegacyRsa1024) return bad('RSA-1024 is refused: it is too weak; only with the legacy flag (--legacy-rsa1024), for components that accept nothing else');
    warnings.push('RSA-1024 requested with the legacy flag: the key is weak, browsers and current CAs may refuse it');
  }

  const fields: [string, string | undefined, string][] = [
    ['CN', req.commonName ?? fqdn, 'common name'], ['OU', req.organizationalUnit, 'organizational unit'],
    ['O', req.organization, 'organization'], ['L', req.locality, 'locality'], ['ST', req.state, 'state'],
  ];
  const subject: x509.JsonName = [];
  for (const [key, value, label] of fields) {
    if (value === undefined || value.trim() === '') continue;
    const v = value.trim();
    if (v.length > FIELD_MAX) return bad(`${label} is longer than ${FIELD_MAX} characters`);
    if (CONTROL.test(v)) return bad(`${label} contains control characters`);
    subject.push({ [key]: [v] });
  }
  if (req.country !== undefined && req.country.trim() !== '') {
    const c = req.country.trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(c)) return bad(`country ${JSON.stringify(req.country)} must be an ISO 3166 two-letter code such as US (not USA)`);
    subject.push({ C: [c] });
  }
  if (req.email !== undefined && req.email.trim() !== '') {
    const e = req.email.trim();
    if (!EMAIL.test(e)) return bad(`e-mail ${JSON.stringify(req.email)} is not an address`);
    subject.push({ E: [e] });
  }

  const names: string[] = [fqdn];
  if (req.parentDomain) {
    const parent = req.parentDomain === true ? parentDomainOf(fqdn) : req.parentDomain.trim().toLowerCase();
    if (!parent) return bad(`${fqdn} has no parent domain`);
    names.push(parent);
  }
  names.push(...(req.extraNames ?? []).map((n) => n.trim().toLowerCase()).filter(Boolean));
  const sans: string[] = [];
  for (const n of names) {
    if (isIP(n)) { pushOnce(sans, `ip:${n}`); continue; }
    if (n.startsWith('*.')) return bad(`wildcard name ${n} refused: list each node's FQDN instead`);
    if (!DNS_NAME.test(n)) return bad(`${JSON.stringify(n)} is not a DNS name`);
    pushOnce(sans, `dns:${n}`);
  }
  if (sans.length > 10) return bad(`${sans.length} names: at most 10 SANs`);

  const subjectText = new x509.Name(subject).toString();
  return ok({ service: req.service, subject, subjectText, keyType: keyType as CsrKeyType, sans, ekus: CSR_EKUS[req.service], warnings });
}

export function parentDomainOf(fqdn: string): string | undefined {
  if (isIP(fqdn)) return undefined;
  const dot = fqdn.indexOf('.');
  return dot < 0 || dot === fqdn.length - 1 ? undefined : fqdn.slice(dot + 1);
}

const pushOnce = (list: string[], v: string): void => { if (!list.includes(v)) list.push(v); };

export interface GeneratedCsr {
  readonly csrPem: string;
  readonly keyPem: string;
}

/** Generates the key and the signed request. */
export async function generateCsr(valid: ValidCsrRequest): Promise<GeneratedCsr> {
  const { keys, signingAlgorithm } = await csrKeys(valid.keyType);
  const isRsa = keys.publicKey.algorithm.name === 'RSASSA-PKCS1-v1_5';
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: valid.subject,
    keys,
    signingAlgorithm,
    extensions: [
      new x509.SubjectAlternativeNameExtension(valid.sans.map((s) => {
        const i = s.indexOf(':');
        return { type: s.slice(0, i) as 'dns' | 'ip', value: s.slice(i + 1) };
      })),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | (isRsa ? x509.KeyUsageFlags.keyEncipherment : 0), true),
      new x509.ExtendedKeyUsageExtension([...valid.ekus]),
    ],
  });
  return { csrPem: withNewline(csr.toString('pem')), keyPem: await exportPrivateKeyPem(keys.privateKey) };
}

async function csrKeys(type: CsrKeyType) {
  if (type === LEGACY_KEY_TYPE) {
    const alg = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
    const keys = await globalThis.crypto.subtle.generateKey(alg, true, ['sign', 'verify']);
    return { keys, signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } };
  }
  return { keys: await generateKeyPair(type), signingAlgorithm: signingAlgorithmFor(type) };
}

export interface CsrSummary {
  readonly subject: string;
  readonly sans: readonly string[] | undefined;
  /** SPKI DER, for the public-key match at upload. */
  readonly spki: Buffer;
  readonly verified: boolean;
}

/** Reads back a CSR (the pending one, or any PEM CSR). */
export async function readCsr(pem: string): Promise<CsrSummary> {
  const csr = new x509.Pkcs10CertificateRequest(pem);
  // Pkcs10CertificateRequest.getExtension() takes only an OID string ([pki-cors] §2.5 gotcha 2).
  const raw = csr.getExtension('2.5.29.17');
  const san = raw ? new x509.SubjectAlternativeNameExtension(raw.rawData) : undefined;
  return {
    subject: csr.subject,
    sans: san ? san.names.items.map((n) => `${n.type}:${n.type === 'dns' ? n.value.toLowerCase() : n.value}`) : undefined,
    spki: Buffer.from(csr.publicKey.rawData),
    verified: await csr.verify(),
  };
}
