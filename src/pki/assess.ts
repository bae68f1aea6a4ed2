// Pure decisions of the first start: may an existing service identity stay, or must it be issued again?
//
// Only certificates the local CA issued are ever replaced automatically. A certificate from another CA
// (uploaded by an administrator) is kept and merely flagged, as [pki-cors] §0.2 asks: "regenerate the
// first-start (self-signed) certificates automatically and flag uploaded CA-signed certificates whose
// SAN no longer contains the FQDN".
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import { LOCAL_CA_CN_PREFIX, ORGANIZATION } from './issue.js';
import { firstCertificate } from './pem.js';

export type IssueReason =
  | 'missing'        // cert.pem or key.pem absent
  | 'unreadable'     // not a certificate / private key
  | 'ca-changed'     // made by an earlier local CA that is gone (trust/ was recreated)
  | 'key-mismatch'   // key.pem does not belong to cert.pem (e.g. a crash between the two renames)
  | 'expired'
  | 'fqdn-changed'   // the SANs lack the configured FQDN ([pki-cors] §0.2)
  | 'purpose';       // EKU lacks what the store needs (clientAuth for the CTI link)

export type IdentityVerdict =
  | { readonly action: 'keep'; readonly warnings: readonly string[] }
  | { readonly action: 'issue'; readonly reason: IssueReason };

export interface IdentityFiles {
  readonly certPem: string | undefined;
  readonly keyPem: string | undefined;
}

export interface AssessContext {
  readonly caCertPem: string;
  readonly fqdn: string;
  /** Whether the store's identity must carry EKU clientAuth. */
  readonly clientAuth: boolean;
  readonly now: number;
}

const EKU_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

const issue = (reason: IssueReason): IdentityVerdict => ({ action: 'issue', reason });

export function assessIdentity(files: IdentityFiles, ctx: AssessContext): IdentityVerdict {
  if (files.certPem === undefined || files.keyPem === undefined) return issue('missing');
  const parsed = parse(files.certPem, files.keyPem);
  if (!parsed) return issue('unreadable');
  const { cert, key } = parsed;
  const ours = issuedBy(cert, new X509Certificate(ctx.caCertPem));
  const problems = {
    keyMismatch: !cert.checkPrivateKey(key),
    expired: Date.parse(cert.validTo) <= ctx.now,
    fqdnMissing: !namesHost(cert, ctx.fqdn),
    purposeMissing: !hasPurposes(cert, ctx.clientAuth),
  };
  if (!ours) {
    if (isFromLocalCa(cert)) return issue('ca-changed');
    return { action: 'keep', warnings: foreignWarnings(problems, ctx) };
  }
  if (problems.keyMismatch) return issue('key-mismatch');
  if (problems.expired) return issue('expired');
  if (problems.fqdnMissing) return issue('fqdn-changed');
  if (problems.purposeMissing) return issue('purpose');
  return { action: 'keep', warnings: [] };
}

function parse(certPem: string, keyPem: string): { cert: X509Certificate; key: KeyObject } | undefined {
  const leaf = firstCertificate(certPem);
  if (!leaf) return undefined;
  try {
    return { cert: new X509Certificate(leaf), key: createPrivateKey(keyPem) };
  } catch {
    return undefined;
  }
}

function issuedBy(cert: X509Certificate, ca: X509Certificate): boolean {
  try {
    return cert.checkIssued(ca) && cert.verify(ca.publicKey);
  } catch {
    return false; // e.g. a signature algorithm that does not fit the CA key
  }
}

/** The FQDN is among the SANs (never the subject CN: browsers stopped reading it, [pki-cors] §2.6). */
export function namesHost(cert: X509Certificate, fqdn: string): boolean {
  return isIP(fqdn)
    ? cert.checkIP(fqdn) !== undefined
    : cert.checkHost(fqdn, { subject: 'never' }) !== undefined;
}

// Node's X509Certificate.keyUsage returns the *extended* key usage OIDs ([pki-cors] §2.5 gotcha 6);
// undefined means no EKU extension, i.e. any purpose.
function hasPurposes(cert: X509Certificate, clientAuth: boolean): boolean {
  const eku = cert.keyUsage;
  if (eku === undefined) return true;
  return eku.includes(EKU_SERVER_AUTH) && (!clientAuth || eku.includes(EKU_CLIENT_AUTH));
}

/** Issued by some "Parley Local CA" (a previous one, since the current one did not verify it). */
function isFromLocalCa(cert: X509Certificate): boolean {
  const rdns = cert.issuer.split('\n');
  return rdns.includes(`O=${ORGANIZATION}`) && rdns.some((r) => r.startsWith(`CN=${LOCAL_CA_CN_PREFIX} `));
}

function foreignWarnings(p: Record<'keyMismatch' | 'expired' | 'fqdnMissing' | 'purposeMissing', boolean>, ctx: AssessContext): string[] {
  const out: string[] = [];
  if (p.keyMismatch) out.push('the private key does not match the certificate');
  if (p.expired) out.push('the certificate has expired');
  if (p.fqdnMissing) out.push(`the certificate's SANs do not contain ${ctx.fqdn}`);
  if (p.purposeMissing) out.push(`the certificate lacks EKU serverAuth${ctx.clientAuth ? ' + clientAuth' : ''}`);
  return out;
}
