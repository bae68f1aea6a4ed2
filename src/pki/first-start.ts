// First start: make sure DATA/pki holds a local CA and one identity per store (layout.ts), creating
// only what is missing. contract.md "Certificates in the data directory": the CA certificate is the
// ready line's "ca"; its key stays beside it, readable by the owner only; cti-client/cert.pem and
// key.pem carry serverAuth + clientAuth.
//
// Idempotent: a second start with the same FQDN reads files and writes nothing. When the FQDN changes,
// the identities the local CA issued are issued again from the same CA ([pki-cors] §0.2), so clients
// that trust ca.pem notice nothing.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { silentLogger, type Logger } from '../shared/logger.js';
import { assessIdentity, type IssueReason } from './assess.js';
import { ensurePrivateDir, readIfExists, tightenMode, writeFileAtomic } from './atomic-file.js';
import { PkiError } from './errors.js';
import { createLocalCa, type IssueDeps, type IssuedPem } from './issue.js';
import type { KeyType } from './keys.js';
import {
  CERT_MODE, DIR_MODE, KEY_MODE, SERVICE_NAMES, SERVICE_PROFILES, pkiPaths, type PkiPaths, type ServiceName,
} from './layout.js';
import { caKeyMissing, issueServiceIdentity } from './service-identity.js';

export interface EnsurePkiOptions extends IssueDeps {
  readonly dataDir: string;
  readonly fqdn: string;
  readonly log?: Logger;
  /** Type of newly generated keys (CA and stores). Default RSA-2048. */
  readonly keyType?: KeyType;
}

export type PkiChange =
  | { readonly kind: 'ca-created' }
  | { readonly kind: 'ca-recertified' }          // ca-key.pem existed, ca.pem did not
  | { readonly kind: 'issued'; readonly service: ServiceName; readonly reason: IssueReason }
  | { readonly kind: 'permissions-tightened'; readonly path: string };

export interface EnsurePkiResult extends PkiPaths {
  /** The ready line's "ca" (= caCert), named as TlsIdentitySource names it. */
  readonly caPath: string;
  /** What this call changed on disk; empty when everything was already in place. */
  readonly changes: readonly PkiChange[];
}

interface CaState {
  readonly certPem: string;
  readonly keyPem: string | undefined;
}

export async function ensurePki(options: EnsurePkiOptions): Promise<EnsurePkiResult> {
  const fqdn = normalizeFqdn(options.fqdn);
  const log = options.log ?? silentLogger;
  const now = options.now ?? Date.now;
  const paths = pkiPaths(options.dataDir);
  const changes: PkiChange[] = [];

  for (const dir of [paths.root, paths.trustDir, ...SERVICE_NAMES.flatMap((s) => [paths.services[s].dir, paths.trustStores[s]])]) {
    if (await ensurePrivateDir(dir, DIR_MODE)) changes.push({ kind: 'permissions-tightened', path: dir });
  }
  const ca = await ensureLocalCa(paths, fqdn, options, changes, log);

  const toIssue = await storesToIssue(paths, ca.certPem, fqdn, now(), log);
  if (toIssue.length > 0) {
    if (ca.keyPem === undefined) throw caKeyMissing(paths);
    const caPem: IssuedPem = { certPem: ca.certPem, keyPem: ca.keyPem };
    // In parallel: WebCrypto generates RSA keys on the libuv thread pool.
    await Promise.all(toIssue.map(({ service }) => issueServiceIdentity({
      paths, service, fqdn, ca: caPem, keyType: options.keyType, now: options.now, randomBytes: options.randomBytes,
    })));
  }
  for (const { service, reason } of toIssue) {
    changes.push({ kind: 'issued', service, reason });
    log.info(`Certificate store ${service}: issued a certificate for ${fqdn} from the local CA (${REASON_TEXT[reason]})`);
  }

  for (const key of [paths.caKey, ...SERVICE_NAMES.map((s) => paths.services[s].key)]) {
    if (await tightenMode(key, KEY_MODE).catch(() => false)) {
      changes.push({ kind: 'permissions-tightened', path: key });
      log.warn(`${key} was readable by others; its mode is now 0600`);
    }
  }
  return { ...paths, caPath: paths.caCert, changes };
}

/** Reads every store and returns those to issue again; logs the warnings about kept foreign certificates. */
async function storesToIssue(
  paths: PkiPaths, caCertPem: string, fqdn: string, now: number, log: Logger,
): Promise<{ service: ServiceName; reason: IssueReason }[]> {
  const verdicts = await Promise.all(SERVICE_NAMES.map(async (service) => {
    const files = paths.services[service];
    const [certPem, keyPem] = await Promise.all([readIfExists(files.cert), readIfExists(files.key)]);
    const ctx = { caCertPem, fqdn, clientAuth: SERVICE_PROFILES[service].clientAuth, now };
    return { service, verdict: assessIdentity({ certPem, keyPem }, ctx) };
  }));
  const toIssue: { service: ServiceName; reason: IssueReason }[] = [];
  for (const { service, verdict } of verdicts) {
    if (verdict.action === 'issue') toIssue.push({ service, reason: verdict.reason });
    else for (const w of verdict.warnings) log.warn(`Certificate store ${service}: ${w} (kept: not issued by the local CA)`);
  }
  return toIssue;
}

const REASON_TEXT: Record<IssueReason, string> = {
  missing: 'none yet',
  unreadable: 'the previous files were unreadable',
  'ca-changed': 'the previous one came from an earlier local CA',
  'key-mismatch': 'key.pem did not match cert.pem',
  expired: 'the previous one had expired',
  'fqdn-changed': 'the FQDN changed',
  purpose: 'the previous one lacked the required extended key usage',
};

async function ensureLocalCa(
  paths: PkiPaths, fqdn: string, options: EnsurePkiOptions, changes: PkiChange[], log: Logger,
): Promise<CaState> {
  const [certPem, keyPem] = await Promise.all([readIfExists(paths.caCert), readIfExists(paths.caKey)]);
  if (certPem !== undefined) {
    checkCa(paths, certPem, keyPem);
    return { certPem, keyPem };
  }
  const ca = await createLocalCa({ fqdn, keyType: options.keyType, keyPem }, options);
  if (keyPem === undefined) await writeFileAtomic(paths.caKey, ca.keyPem, KEY_MODE);
  await writeFileAtomic(paths.caCert, ca.certPem, CERT_MODE);
  changes.push({ kind: keyPem === undefined ? 'ca-created' : 'ca-recertified' });
  log.info(keyPem === undefined
    ? `Created a local certificate authority; clients trust it with ${paths.caCert}`
    : `Recreated ${paths.caCert} from the existing ${paths.caKey}`);
  return ca;
}

function checkCa(paths: PkiPaths, certPem: string, keyPem: string | undefined): void {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch (cause) {
    throw new PkiError('ERR_PKI_CA_INVALID', `${paths.caCert} is not a certificate`, { cause });
  }
  if (!cert.ca) throw new PkiError('ERR_PKI_CA_INVALID', `${paths.caCert} is not a CA certificate`);
  if (keyPem === undefined) return; // fine until something has to be issued
  let matches: boolean;
  try {
    matches = cert.checkPrivateKey(createPrivateKey(keyPem));
  } catch (cause) {
    throw new PkiError('ERR_PKI_CA_KEY_MISMATCH', `${paths.caKey} is not a private key`, { cause });
  }
  if (!matches) throw new PkiError('ERR_PKI_CA_KEY_MISMATCH', `${paths.caKey} does not belong to ${paths.caCert}`);
}

/** Lower-case, without a trailing dot; an IP literal is accepted too (it becomes an iPAddress SAN). */
export function normalizeFqdn(fqdn: string): string {
  const name = fqdn.trim().toLowerCase().replace(/\.$/, '');
  if (isIP(name)) return name;
  if (!/^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/.test(name) || name.length > 253) {
    throw new PkiError('ERR_PKI_BAD_FQDN', `not a host name: ${JSON.stringify(fqdn)}`);
  }
  return name;
}
