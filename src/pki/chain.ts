// Pure chain logic over parsed certificates: find the end-entity certificate of an unordered upload,
// order the path leaf → root, and say precisely why a path does not reach a trusted root (the missing
// issuer by subject and key identifier, a loop, a non-CA or expired link). [pki-cors] §5 "Chain order
// and missing intermediates"; §2.4: X509ChainBuilder neither fails on a missing intermediate nor checks
// dates or basicConstraints, so the path is built here and OpenSSL is the oracle in the tests.
import { issues, nameWithKeyId, type CertInfo } from './cert-info.js';

export type ChainProblem =
  | { readonly kind: 'missing-issuer'; readonly message: string; readonly subject: string; readonly keyId?: string }
  | { readonly kind: 'loop'; readonly message: string }
  | { readonly kind: 'not-ca'; readonly message: string }
  | { readonly kind: 'expired'; readonly message: string }
  | { readonly kind: 'not-yet-valid'; readonly message: string }
  | { readonly kind: 'untrusted-root'; readonly message: string; readonly subject: string };

export interface ChainResult {
  /** leaf → … → the last certificate reached (the trusted anchor when complete). */
  readonly path: readonly CertInfo[];
  /** The anchor the path ends in, when it ends in one. */
  readonly anchor?: CertInfo;
  readonly problems: readonly ChainProblem[];
  /** Uploaded certificates that are not on the path. */
  readonly unused: readonly CertInfo[];
}

/** The end-entity certificate(s): certificates that issued none of the others, non-CA first. */
export function endEntities(certs: readonly CertInfo[]): CertInfo[] {
  const issuedSomething = (c: CertInfo): boolean => certs.some((o) => o !== c && !o.selfSigned && issues(c.node, o.node));
  const tops = certs.filter((c) => !issuedSomething(c));
  const leaves = tops.filter((c) => !c.isCa);
  return leaves.length > 0 ? leaves : [];
}

const sameCert = (a: CertInfo, b: CertInfo): boolean => a.fingerprint === b.fingerprint;

/**
 * Builds the path from `leaf` through `pool` (uploaded certificates) and `anchors` (the trust store).
 * The path ends at the first trusted anchor, or at a self-signed certificate, or where no issuer is found.
 */
export function buildChain(leaf: CertInfo, pool: readonly CertInfo[], anchors: readonly CertInfo[], now: number): ChainResult {
  const path: CertInfo[] = [leaf];
  const problems: ChainProblem[] = [];
  let anchor: CertInfo | undefined;
  const isAnchor = (c: CertInfo): CertInfo | undefined =>
    anchors.find((a) => sameCert(a, c) || (a.subject === c.subject && a.node.publicKey.equals(c.node.publicKey)));

  for (let current = leaf; ;) {
    const trusted = path.length > 1 || leaf.selfSigned ? isAnchor(current) : undefined;
    if (trusted) { anchor = trusted; break; }
    if (current.selfSigned) {
      problems.push({ kind: 'untrusted-root', subject: current.subject,
        message: `the root ${nameWithKeyId(current.subject, current.subjectKeyId)} is not in the trust store` });
      break;
    }
    // Prefer an anchor, then an uploaded certificate; among several, the one valid now.
    const candidates = [...anchors, ...pool].filter((c) => !sameCert(c, current) && issues(c.node, current.node));
    candidates.sort((a, b) => Number(validAt(b, now)) - Number(validAt(a, now)));
    const next = candidates[0];
    if (!next) {
      problems.push({ kind: 'missing-issuer', subject: current.issuer, ...(current.authorityKeyId ? { keyId: current.authorityKeyId } : {}),
        message: `chain incomplete: the issuer of ${current.subject} is missing: ${nameWithKeyId(current.issuer, current.authorityKeyId)}` });
      break;
    }
    if (path.some((c) => sameCert(c, next))) {
      problems.push({ kind: 'loop', message: `chain loop: ${next.subject} appears twice on the path (${path.map((c) => c.subject).join(' → ')} → ${next.subject})` });
      break;
    }
    if (!next.isCa) problems.push({ kind: 'not-ca', message: `${next.subject} signed ${current.subject} but is not a CA certificate (basicConstraints cA is not set)` });
    path.push(next);
    current = next;
    if (path.length > 16) { problems.push({ kind: 'loop', message: 'chain longer than 16 certificates' }); break; }
  }

  for (const c of path.slice(1)) {
    const from = Date.parse(c.node.validFrom);
    const to = Date.parse(c.node.validTo);
    if (to <= now) problems.push({ kind: 'expired', message: `${c.subject} in the chain expired on ${new Date(to).toISOString()}` });
    else if (from > now) problems.push({ kind: 'not-yet-valid', message: `${c.subject} in the chain is not valid before ${new Date(from).toISOString()}` });
  }
  const unused = pool.filter((c) => !path.some((p) => sameCert(p, c)) && !sameCert(c, leaf));
  return { path, ...(anchor ? { anchor } : {}), problems, unused };
}

function validAt(c: CertInfo, now: number): boolean {
  return Date.parse(c.node.validFrom) <= now && now < Date.parse(c.node.validTo);
}
