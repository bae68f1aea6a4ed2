// Certificate management, the engine behind the CLI words, the admin API and the OS Administration
// page ([pki-cors] §0.1–§0.8): list the stores, download, regenerate, generate a CSR, import own and
// trust certificates (cert-import.ts), delete trust certificates. Every change is serialised, checked
// before anything is written, and activated by CertStore.reload(), which hot-swaps the TLS context of
// the affected listeners (no restart).
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { sanitizeForLog, silentLogger, type Logger } from '../shared/logger.js';
import { err, ok, type Result } from '../shared/result.js';
import { ensurePrivateDir, readIfExists, writeFileAtomic } from './atomic-file.js';
import type { TlsIdentitySource } from './cert-store.js';
import { generateCsr, validateCsrRequest, type CsrRequest } from './csr.js';
import { describeCertificate, type CertificateDescription } from './describe.js';
import { issueLeaf, defaultSubjectAltNames, type IssuedPem } from './issue.js';
import { KEY_TYPES, type KeyType } from './keys.js';
import { CERT_MODE, DIR_MODE, KEY_MODE, SERVICE_NAMES, SERVICE_PROFILES, type PkiPaths, type ServiceName } from './layout.js';
import { certificateBlocks } from './pem.js';
import { createSelfSignedIdentity } from './self-signed.js';
import { removeTrustFile, type TrustReplication } from './trust-store.js';
import { DEFAULT_UPLOAD_POLICY, type UploadPolicy } from './upload-checks.js';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from './upload-parse.js';
import { createImporter, type ImportOptions, type ImportReport } from './cert-import.js';
import { parseStoreName, pendingCsrDir, storeListings, type ListedCertificate, type StoreListing } from './store-listing.js';

export { parseStoreName, type ListedCertificate, type PendingCsr, type StoreKind, type StoreListing } from './store-listing.js';
import { readLocalCa, writeIdentity } from './service-identity.js';

export interface CertManagerOptions {
  readonly paths: PkiPaths;
  readonly certs: TlsIdentitySource;
  readonly fqdn: string;
  readonly now: () => number;
  readonly log?: Logger;
  readonly policy?: Partial<UploadPolicy>;
  readonly limits?: Partial<DecodeLimits>;
  readonly replication?: TrustReplication;
  /** This node's name on the replication channel. */
  readonly nodeId?: string;
}

export type CertErrorCode = 'unknown-store' | 'not-found' | 'bad-request' | 'refused' | 'failed';

export interface RegenerateOptions {
  /** Truly self-signed, as Cisco does; default: issued by the local CA (clients already trust it). */
  readonly selfSigned?: boolean;
  readonly keyType?: string;
}

export interface CertManager {
  list(): StoreListing[];
  listStore(store: string): Result<StoreListing, CertErrorCode>;
  /** A certificate as PEM: `which` is a trust file name, a fingerprint (prefix), 'chain' (an own store's
   *  identity with its intermediates) or omitted (the identity). */
  download(store: string, which?: string): Result<{ filename: string; pem: string }, CertErrorCode>;
  deleteTrust(store: string, which: string): Promise<Result<{ removed: string }, CertErrorCode>>;
  regenerate(service: ServiceName, options?: RegenerateOptions): Promise<Result<CertificateDescription, CertErrorCode>>;
  generateCsr(request: CsrRequest): Promise<Result<{ csrPem: string; warnings: readonly string[]; sans: readonly string[] }, CertErrorCode>>;
  pendingCsr(service: ServiceName): Result<string, CertErrorCode>;
  importOwn(service: ServiceName, data: Uint8Array, options?: ImportOptions): Promise<ImportReport>;
  importTrust(service: ServiceName, data: Uint8Array, options?: ImportOptions & { peer?: boolean }): Promise<ImportReport>;
  readonly policy: UploadPolicy;
  readonly limits: DecodeLimits;
  /** Stops receiving replicated trust changes. */
  close(): void;
}

export function createCertManager(options: CertManagerOptions): CertManager {
  const { paths, certs, fqdn, now } = options;
  // Subjects and file names in log lines come from uploaded certificates: neutralised, one line each.
  const log = sanitized(options.log ?? silentLogger);
  const policy: UploadPolicy = { ...DEFAULT_UPLOAD_POLICY, ...options.policy };
  const limits: DecodeLimits = { ...DEFAULT_DECODE_LIMITS, ...options.limits };
  const nodeId = options.nodeId ?? 'local';
  let queue: Promise<unknown> = Promise.resolve();
  /** Runs mutations one at a time. */
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => {});
    return run;
  };
  const csrDir = (s: ServiceName) => pendingCsrDir(paths, s);

  const reload = (service: ServiceName): void => certs.reload(service);

  /** Writes a new identity (keeping the replaced one under previous/) and hot-reloads; rolls back when the reload fails. */
  async function activate(service: ServiceName, issued: IssuedPem): Promise<void> {
    const files = paths.services[service];
    const previous = join(files.dir, 'previous');
    const [oldCert, oldKey] = [await readIfExists(files.cert), await readIfExists(files.key)];
    if (oldCert !== undefined && oldKey !== undefined) {
      await ensurePrivateDir(previous, DIR_MODE);
      await writeFileAtomic(join(previous, 'key.pem'), oldKey, KEY_MODE);
      await writeFileAtomic(join(previous, 'cert.pem'), oldCert, CERT_MODE);
    }
    await writeIdentity(files, issued);
    try {
      reload(service);
    } catch (e) {
      if (oldCert !== undefined && oldKey !== undefined) await writeIdentity(files, { certPem: oldCert, keyPem: oldKey });
      throw e;
    }
  }

  const { readPending, ownListing, trustListing } = storeListings({ paths, fqdn, now });

  const importer = createImporter({
    paths, fqdn, now, policy, limits, log, serial, activate, reload,
    publish: (change) => options.replication?.publish(nodeId, change) ?? Promise.resolve(),
    readPending,
    clearPending: (s) => rm(csrDir(s), { recursive: true, force: true }),
  });

  const listStore = (store: string): Result<StoreListing, CertErrorCode> => {
    const parsed = parseStoreName(store);
    if (!parsed) return err('unknown-store', `unknown certificate store ${JSON.stringify(store)}: ${SERVICE_NAMES.flatMap((s) => [s, `${s}-trust`]).join(', ')}`);
    return ok(parsed.kind === 'own' ? ownListing(parsed.service) : trustListing(parsed.service));
  };

  const find = (listing: StoreListing, which: string | undefined): ListedCertificate | undefined => {
    if (which === undefined || which === '') return listing.certificates[0];
    const w = which.toUpperCase().replace(/:/g, '');
    return listing.certificates.find((c) => c.file === which)
      ?? (w.length >= 8 ? listing.certificates.find((c) => c.fingerprint256.replace(/:/g, '').startsWith(w)) : undefined)
      ?? listing.certificates.find((c) => c.serial === w);
  };

  const subscription = options.replication?.subscribe(nodeId, (change) => importer.applyReplicated(change));

  return {
    policy,
    limits,
    list: () => SERVICE_NAMES.flatMap((s) => [ownListing(s), trustListing(s)]),
    listStore,
    download(store, which) {
      const listing = listStore(store);
      if (!listing.ok) return listing;
      if (which === 'chain' && listing.value.kind === 'own') {
        // The identity with its intermediates, leaf first: what the listeners serve.
        return ok({ filename: `${listing.value.store}-chain.pem`, pem: readFileSync(paths.services[listing.value.service].cert, 'utf8') });
      }
      const c = find(listing.value, which);
      if (!c) return err('not-found', `no certificate ${JSON.stringify(which)} in ${store}`);
      const base = c.file ? c.file.replace(/\.pem$/, '') : `${listing.value.store}-${c.serial.slice(0, 16).toLowerCase()}`;
      const pem = c.file
        ? readFileSync(join(paths.trustStores[listing.value.service], c.file), 'utf8')
        : c.builtIn ? readFileSync(paths.caCert, 'utf8')
          : certificateBlocks(readFileSync(paths.services[listing.value.service].cert, 'utf8'))[listing.value.certificates.indexOf(c)]!;
      return ok({ filename: `${base}.pem`, pem });
    },
    deleteTrust(store, which) {
      return serial(async () => {
        const parsed = parseStoreName(store);
        if (!parsed || parsed.kind !== 'trust') return err('bad-request', `certificates can be deleted from trust stores only (${SERVICE_NAMES.map((s) => `${s}-trust`).join(', ')})`);
        const listing = trustListing(parsed.service);
        const c = find(listing, which);
        if (!c) return err('not-found', `no certificate ${JSON.stringify(which)} in ${store}`);
        if (c.builtIn || !c.file) return err('refused', 'the local CA is built in: every store trusts it; it cannot be deleted here');
        await removeTrustFile(paths.trustStores[parsed.service], c.file);
        reload(parsed.service);
        log.info(`Certificate store ${store}: deleted ${c.subject} (${c.file})`);
        await importer.publishRemoved(parsed.service, c.fingerprint256);
        return ok({ removed: c.file });
      });
    },
    regenerate(service, opts = {}) {
      return serial(async () => {
        const keyType = (opts.keyType ?? 'RSA-2048').toUpperCase() as KeyType;
        if (!KEY_TYPES.includes(keyType)) return err('bad-request', `key type ${opts.keyType}: choose one of ${KEY_TYPES.join(', ')}`);
        const clientAuth = SERVICE_PROFILES[service].clientAuth;
        let issued: IssuedPem;
        try {
          issued = opts.selfSigned
            ? await createSelfSignedIdentity({ fqdn, service, clientAuth, keyType }, { now })
            : await issueLeaf(await readLocalCa(paths), { fqdn, names: defaultSubjectAltNames(fqdn), clientAuth, organizationalUnit: service, keyType }, { now });
          await activate(service, issued);
        } catch (e) {
          return err('failed', `regeneration of ${service} failed: ${(e as Error).message}`);
        }
        const d = describeCertificate(issued.certPem, now);
        log.info(`Certificate store ${service}: regenerated (${opts.selfSigned ? 'self-signed' : 'issued by the local CA'}), serial ${d.serial}; listeners reloaded`);
        return ok(d);
      });
    },
    generateCsr(request) {
      return serial(async () => {
        const valid = validateCsrRequest({ ...request, allowLegacyRsa1024: request.allowLegacyRsa1024 === true || policy.allowLegacyRsa1024 }, fqdn);
        if (!valid.ok) return err('bad-request', valid.text ?? 'bad CSR request');
        const generated = await generateCsr(valid.value);
        const dir = csrDir(request.service);
        const replaced = readPending(request.service) !== undefined;
        await ensurePrivateDir(dir, DIR_MODE);
        await writeFileAtomic(join(dir, 'key.pem'), generated.keyPem, KEY_MODE);
        await writeFileAtomic(join(dir, 'csr.pem'), generated.csrPem, CERT_MODE);
        await writeFileAtomic(join(dir, 'request.json'), JSON.stringify({ created: new Date(now()).toISOString(), subject: valid.value.subjectText, sans: valid.value.sans, keyType: valid.value.keyType }, null, 2) + '\n', CERT_MODE);
        const warnings = [...valid.value.warnings, ...(replaced ? ['the previous pending CSR of this store was replaced: a certificate signed from it can no longer be uploaded'] : [])];
        log.info(`Certificate store ${request.service}: generated a CSR for ${valid.value.subjectText} (${valid.value.keyType}; SAN ${valid.value.sans.join(', ')})`);
        for (const w of warnings) log.warn(`Certificate store ${request.service}: ${w}`);
        return ok({ csrPem: generated.csrPem, warnings, sans: valid.value.sans });
      });
    },
    pendingCsr(service) {
      const p = readPending(service);
      return p ? ok(p.csrPem) : err('not-found', `no pending CSR for ${service}: generate one with set csr gen ${service}`);
    },
    importOwn: (service, data, o) => importer.importOwn(service, data, o),
    importTrust: (service, data, o) => importer.importTrust(service, data, o),
    close: () => subscription?.(),
  };
}


function sanitized(log: Logger): Logger {
  return {
    debug: (m) => log.debug(sanitizeForLog(m)),
    info: (m) => log.info(sanitizeForLog(m)),
    warn: (m) => log.warn(sanitizeForLog(m)),
    error: (m) => log.error(sanitizeForLog(m)),
    isDebugEnabled: () => log.isDebugEnabled(),
  };
}
