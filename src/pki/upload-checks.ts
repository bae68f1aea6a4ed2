// The Cisco-style rules an upload must pass before anything changes ([pki-cors] §2.6, §0.9). Pure:
// parsed certificates, the pending CSR and the clock in; findings out. Each finding has a stable code
// (tests and the API match on it) and a sentence naming exactly what is wrong.
import type { KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import { type CertInfo } from './cert-info.js';
import type { ChainResult } from './chain.js';
import type { ServiceName } from './layout.js';

export interface Finding {
  readonly code: string;
  readonly message: string;
}

export interface UploadPolicy {
  /** Extensions that may be marked critical (default KeyUsage and BasicConstraints, [pki-cors] §0.9 a). */
  readonly allowedCriticalExtensions: readonly string[];
  /** RSA-1024 accepted (with a warning) only when set. */
  readonly allowLegacyRsa1024: boolean;
  /** Wildcard DNS SANs (CUCM refuses them; so does Parley by default). */
  readonly allowWildcardSans: boolean;
  /** Warn when fewer days than this are left. */
  readonly warnDays: number;
}

export const DEFAULT_UPLOAD_POLICY: UploadPolicy = {
  allowedCriticalExtensions: ['2.5.29.15', '2.5.29.19'],
  allowLegacyRsa1024: false,
  allowWildcardSans: false,
  warnDays: 30,
};

export const EKU_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
export const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const DAY_MS = 86_400_000;

export interface Checked {
  readonly errors: Finding[];
  readonly warnings: Finding[];
}

const EXTENSION_NAMES: Readonly<Record<string, string>> = {
  '2.5.29.15': 'keyUsage', '2.5.29.19': 'basicConstraints', '2.5.29.17': 'subjectAltName', '2.5.29.37': 'extKeyUsage',
  '2.5.29.32': 'certificatePolicies', '2.5.29.30': 'nameConstraints', '2.5.29.36': 'policyConstraints',
};

/** Rules every certificate obeys, in an own or a trust upload. */
export function checkCertificate(cert: CertInfo, policy: UploadPolicy, now: number, out: Checked): void {
  for (const ext of cert.parsed.extensions) {
    if (ext.critical && !policy.allowedCriticalExtensions.includes(ext.type)) {
      const name = EXTENSION_NAMES[ext.type];
      out.errors.push({ code: 'critical-extension',
        message: `${cert.subject}: critical extension ${ext.type}${name ? ` (${name})` : ''} not allowed; only ${policy.allowedCriticalExtensions.join(', ')} may be critical (peers fail the TLS handshake with "unhandled critical extension")` });
    }
  }
  checkKey(cert, policy, out);
  const from = Date.parse(cert.node.validFrom);
  const to = Date.parse(cert.node.validTo);
  if (to <= now) out.errors.push({ code: 'expired', message: `${cert.subject}: expired on ${new Date(to).toISOString()}` });
  else if (from > now) out.errors.push({ code: 'not-yet-valid', message: `${cert.subject}: not valid before ${new Date(from).toISOString()}` });
  else if (to - now < policy.warnDays * DAY_MS) {
    out.warnings.push({ code: 'expires-soon', message: `${cert.subject}: expires in ${Math.floor((to - now) / DAY_MS)} days (${new Date(to).toISOString()})` });
  }
}

function checkKey(cert: CertInfo, policy: UploadPolicy, out: Checked): void {
  const key = cert.node.publicKey;
  const d = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') {
    const bits = d.modulusLength ?? 0;
    if (bits < 1024 || (bits < 2048 && !policy.allowLegacyRsa1024)) {
      out.errors.push({ code: 'key-size', message: `${cert.subject}: RSA-${bits} key refused: at least RSA-2048${bits >= 1024 ? ' (RSA-1024 only with the legacy flag)' : ''}` });
    } else if (bits < 2048) {
      out.warnings.push({ code: 'key-size', message: `${cert.subject}: RSA-${bits} key accepted under the legacy flag: weak, browsers may refuse it` });
    }
  } else if (key.asymmetricKeyType === 'ec') {
    if (d.namedCurve !== 'prime256v1' && d.namedCurve !== 'secp384r1') {
      out.errors.push({ code: 'key-size', message: `${cert.subject}: EC curve ${d.namedCurve ?? '?'} refused: use P-256 or P-384` });
    }
  } else {
    out.errors.push({ code: 'key-type', message: `${cert.subject}: ${key.asymmetricKeyType ?? 'unknown'} keys are not supported: use RSA or ECDSA P-256/P-384` });
  }
}

export interface OwnUploadContext {
  readonly service: ServiceName;
  readonly fqdn: string;
  readonly now: number;
  readonly policy: UploadPolicy;
  /** The pending CSR's SANs (undefined: the CSR had no SAN extension) and public key. */
  readonly csr?: { readonly sans: readonly string[] | undefined; readonly spki: Buffer };
  /** The key delivered with the certificate (PKCS#12). */
  readonly key?: KeyObject;
  /** Whether the store's identity is used as a mutual-TLS identity (needs clientAuth). */
  readonly needsClientAuth: boolean;
  /** clientAuth recommended (warning when absent). */
  readonly wantsClientAuth: boolean;
}

/** Rules for a store's own (identity) certificate. */
export function checkOwnCertificate(leaf: CertInfo, chain: ChainResult, ctx: OwnUploadContext): Checked {
  const out: Checked = { errors: [], warnings: [] };
  // 1. The key: the pending CSR's, or the one that came with the file.
  if (ctx.key) {
    if (!leaf.node.checkPrivateKey(ctx.key)) {
      out.errors.push({ code: 'key-mismatch', message: 'the private key in the file does not belong to the certificate' });
    }
  } else if (!ctx.csr) {
    out.errors.push({ code: 'no-pending-csr', message: `no pending CSR for ${ctx.service}: generate one (set csr gen ${ctx.service}), have it signed, then upload the certificate; or upload a PKCS#12 file with its key` });
  } else {
    const spki = leaf.node.publicKey.export({ type: 'spki', format: 'der' });
    if (!spki.equals(ctx.csr.spki)) {
      out.errors.push({ code: 'key-mismatch', message: `the certificate's public key does not match the pending CSR of ${ctx.service}: it was issued for another key (another CSR, or another server's)` });
    }
  }
  // 2. SANs.
  const sans = leaf.sans ?? [];
  if (leaf.sans === undefined || sans.length === 0) {
    out.errors.push({ code: 'no-san', message: 'the certificate has no subjectAltName: browsers refuse it (NET::ERR_CERT_COMMON_NAME_INVALID); ask the CA to include the FQDN as a DNS SAN' });
  } else {
    if (ctx.csr && !ctx.key && ctx.csr.sans !== undefined) {
      const want = new Set(ctx.csr.sans);
      const have = new Set(sans);
      const missing = [...want].filter((s) => !have.has(s));
      const extra = [...have].filter((s) => !want.has(s));
      if (missing.length > 0 || extra.length > 0) {
        out.errors.push({ code: 'san-mismatch',
          message: `CSR SAN and Certificate SAN do not match (missing: ${missing.join(', ') || 'none'}; extra: ${extra.join(', ') || 'none'})` });
      }
    }
    const fqdnSan = isIP(ctx.fqdn) ? `ip:${ctx.fqdn}` : `dns:${ctx.fqdn}`;
    if (!sans.includes(fqdnSan)) {
      out.errors.push({ code: 'fqdn-missing', message: `the certificate's SANs (${sans.join(', ')}) do not contain this node's FQDN ${ctx.fqdn}` });
    }
    if (!ctx.policy.allowWildcardSans) {
      for (const s of sans.filter((x) => x.startsWith('dns:*'))) {
        out.errors.push({ code: 'wildcard', message: `wildcard SAN ${s} refused: wildcard certificates are not accepted (as on Cisco VOS); list each node's FQDN` });
      }
    }
    const cn = leaf.parsed.subjectName.getField('CN')[0];
    if (cn && !sans.includes(`dns:${cn.toLowerCase()}`) && !sans.includes(`ip:${cn}`)) {
      out.warnings.push({ code: 'cn-not-in-san', message: `the CN ${cn} is not among the SANs; browsers use only the SANs (NET::ERR_CERT_COMMON_NAME_INVALID for that name)` });
    }
  }
  if (leaf.isCa) out.errors.push({ code: 'is-ca', message: `${leaf.subject} is a CA certificate: upload it to ${ctx.service}-trust, not as the ${ctx.service} identity` });
  // 3. EKU.
  const eku = leaf.node.keyUsage;
  if (eku !== undefined) {
    if (!eku.includes(EKU_SERVER_AUTH)) out.errors.push({ code: 'eku', message: `the certificate's extended key usage lacks serverAuth, needed by ${ctx.service}` });
    if (!eku.includes(EKU_CLIENT_AUTH)) {
      if (ctx.needsClientAuth) out.errors.push({ code: 'eku', message: `the certificate's extended key usage lacks clientAuth, needed by ${ctx.service} (the CTI link is mutual TLS: sign it with a template that has Client and Server Authentication)` });
      else if (ctx.wantsClientAuth) out.warnings.push({ code: 'eku', message: `the certificate's extended key usage lacks clientAuth, which the ${ctx.service} CSR asked for` });
    }
  }
  // 4. Every certificate of the path, and the path itself.
  for (const c of chain.path) checkCertificate(c, ctx.policy, ctx.now, out);
  for (const p of chain.problems) {
    if (p.kind === 'expired' || p.kind === 'not-yet-valid') continue; // already reported by checkCertificate
    out.errors.push({ code: `chain-${p.kind}`, message: p.kind === 'untrusted-root'
      ? `${p.message} ${ctx.service}-trust: upload it first (set cert import trust ${ctx.service} <root file>)`
      : p.message + (p.kind === 'missing-issuer' ? `; include it in the file or upload it to ${ctx.service}-trust` : '') });
  }
  for (const u of chain.unused) out.warnings.push({ code: 'unused', message: `ignored ${u.subject}: not part of the chain` });
  return out;
}

export interface TrustUploadContext {
  readonly now: number;
  readonly policy: UploadPolicy;
  /** Accept self-signed end-entity certificates (a peer's, as Cisco's self-signed exchange does). */
  readonly peer: boolean;
}

/** Rules for one certificate going into a trust store; `chain` is its path within upload + store. */
export function checkTrustCertificate(cert: CertInfo, chain: ChainResult, ctx: TrustUploadContext): Checked {
  const out: Checked = { errors: [], warnings: [] };
  if (!cert.isCa) {
    if (!ctx.peer) {
      out.errors.push({ code: 'not-ca', message: `${cert.subject} is not a CA certificate (basicConstraints cA is not set): only roots and intermediates go into a trust store; a peer's self-signed certificate needs --peer` });
    } else if (!cert.selfSigned) {
      out.errors.push({ code: 'not-ca', message: `${cert.subject} is neither a CA nor self-signed: trust its issuing CA instead` });
    }
  }
  checkCertificate(cert, ctx.policy, ctx.now, out);
  for (const p of chain.problems) {
    if (p.kind === 'expired' || p.kind === 'not-yet-valid') { out.errors.push({ code: `chain-${p.kind}`, message: p.message }); continue; }
    if (p.kind === 'untrusted-root') continue; // a root uploaded into the store is the anchor itself
    out.errors.push({ code: `chain-${p.kind}`, message: p.message + (p.kind === 'missing-issuer' ? '; upload the root (and any intermediate above) first or in the same file' : '') });
  }
  return out;
}
