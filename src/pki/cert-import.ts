// Uploading certificates ("Upload Certificate / Certificate chain", [pki-cors] §0.4): decode, re-order
// leaf → root, run every check, and only then write and hot-reload. A refused upload (or a dry run)
// writes nothing. Trust uploads apply the same-subject rule (the newer validity start wins) and are
// published to the other nodes through TrustReplication.
import { createSecureContext } from 'node:tls';
import { readFileSync } from 'node:fs';
import type { Logger } from '../shared/logger.js';
import { certInfo, certInfoFromPem, type CertInfo } from './cert-info.js';
import { buildChain, endEntities } from './chain.js';
import { readCsr } from './csr.js';
import { describeCertificate, type CertificateDescription } from './describe.js';
import type { IssuedPem } from './issue.js';
import { SERVICE_PROFILES, type PkiPaths, type ServiceName } from './layout.js';
import { CSR_EKUS } from './csr.js';
import { addTrustFile, readTrustEntries, removeTrustFile, type TrustChange } from './trust-store.js';
import { checkOwnCertificate, checkTrustCertificate, EKU_CLIENT_AUTH, type Checked, type Finding, type UploadPolicy } from './upload-checks.js';
import { decodeUpload, type DecodeLimits, type UploadFormat } from './upload-parse.js';
import { toPem } from './pem.js';

export interface ImportOptions {
  /** Run every check, change nothing. */
  readonly dryRun?: boolean;
  /** PKCS#12 password. */
  readonly password?: string;
}

export interface ImportReport {
  readonly ok: boolean;
  readonly dryRun: boolean;
  readonly store: string;
  readonly format?: UploadFormat;
  readonly errors: readonly Finding[];
  readonly warnings: readonly Finding[];
  /** Subjects from the leaf to the anchor (own uploads). */
  readonly chain: readonly string[];
  /** The identity now served (own uploads that were activated). */
  readonly activated?: CertificateDescription;
  /** Trust uploads: subjects added, replaced (older same-subject certificates removed) and skipped. */
  readonly added: readonly string[];
  readonly replaced: readonly string[];
  readonly skipped: readonly string[];
}

interface ImporterDeps {
  readonly paths: PkiPaths;
  readonly fqdn: string;
  readonly now: () => number;
  readonly policy: UploadPolicy;
  readonly limits: DecodeLimits;
  readonly log: Logger;
  readonly serial: <T>(fn: () => Promise<T>) => Promise<T>;
  readonly activate: (service: ServiceName, issued: IssuedPem) => Promise<void>;
  readonly reload: (service: ServiceName) => void;
  readonly publish: (change: TrustChange) => Promise<void>;
  readonly readPending: (service: ServiceName) => { csrPem: string; keyPem: string; keyType: string } | undefined;
  readonly clearPending: (service: ServiceName) => Promise<void>;
}

const report = (store: string, dryRun: boolean, fields: Partial<ImportReport> & { errors: readonly Finding[] }): ImportReport => ({
  ok: fields.errors.length === 0, dryRun, store, warnings: [], chain: [], added: [], replaced: [], skipped: [], ...fields,
});

export function createImporter(deps: ImporterDeps) {
  const { paths, now, policy, log } = deps;

  /** The local CA and the store's trust certificates. */
  const anchorsOf = (service: ServiceName): CertInfo[] => {
    const local = certInfoFromPem(readFileSync(paths.caCert, 'utf8'));
    return [local, ...readTrustEntries(paths.trustStores[service]).entries.map((e) => e.cert)];
  };

  function decodeAll(store: string, dryRun: boolean, data: Uint8Array, password: string | undefined):
  { ok: true; format: UploadFormat; certs: CertInfo[]; keys: import('node:crypto').KeyObject[] } | { ok: false; report: ImportReport } {
    const decoded = decodeUpload(data, password, deps.limits);
    if (!decoded.ok) return { ok: false, report: report(store, dryRun, { errors: [{ code: decoded.error, message: decoded.text ?? decoded.error }] }) };
    const certs: CertInfo[] = [];
    for (const der of decoded.value.certificates) {
      try {
        certs.push(certInfo(der));
      } catch (e) {
        return { ok: false, report: report(store, dryRun, { format: decoded.value.format, errors: [{ code: 'garbage', message: `a certificate in the file cannot be read: ${(e as Error).message}` }] }) };
      }
    }
    return { ok: true, format: decoded.value.format, certs, keys: [...decoded.value.keys] };
  }

  async function importOwn(service: ServiceName, data: Uint8Array, options: ImportOptions = {}): Promise<ImportReport> {
    const dryRun = options.dryRun ?? false;
    return deps.serial(async () => {
      const decoded = decodeAll(service, dryRun, data, options.password);
      if (!decoded.ok) return decoded.report;
      const { certs, keys, format } = decoded;
      const leaves = endEntities(certs);
      if (leaves.length !== 1) {
        const message = leaves.length === 0
          ? `the file holds no end-entity certificate (${certs.map((c) => c.subject).join('; ')}): CA certificates go to ${service}-trust`
          : `the file holds ${leaves.length} end-entity certificates (${leaves.map((c) => c.subject).join('; ')}): upload one identity at a time`;
        return report(service, dryRun, { format, errors: [{ code: leaves.length === 0 ? 'no-leaf' : 'several-leaves', message }] });
      }
      const leaf = leaves[0]!;
      const key = keys.find((k) => leaf.node.checkPrivateKey(k)) ?? keys[0];
      const pending = key ? undefined : deps.readPending(service);
      const csr = pending ? await readCsr(pending.csrPem) : undefined;
      const chain = buildChain(leaf, certs.filter((c) => c !== leaf), anchorsOf(service), now());
      const checked = checkOwnCertificate(leaf, chain, {
        service, fqdn: deps.fqdn, now: now(),
        // A CSR generated with the legacy flag carries that consent to the certificate signed from it.
        policy: pending?.keyType === 'RSA-1024' ? { ...policy, allowLegacyRsa1024: true } : policy,
        ...(csr ? { csr: { sans: csr.sans, spki: csr.spki } } : {}),
        ...(key ? { key } : {}),
        needsClientAuth: SERVICE_PROFILES[service].clientAuth,
        wantsClientAuth: CSR_EKUS[service].includes(EKU_CLIENT_AUTH),
      });
      // Served to clients: the leaf and every intermediate (also one found in the trust store), never a root.
      const served = chain.path.filter((c) => !c.selfSigned);
      const base = { format, warnings: checked.warnings, chain: chain.path.map((c) => c.subject) };
      let keyPem = '';
      if (checked.errors.length === 0) {
        keyPem = key ? toPem(key.export({ type: 'pkcs8', format: 'der' }), 'PRIVATE KEY') : pending!.keyPem;
        const certPem = served.map((c) => c.pem).join('');
        try {
          createSecureContext({ key: keyPem, cert: certPem }); // what the listeners will do
        } catch (e) {
          checked.errors.push({ code: 'tls', message: `TLS refuses the certificate and key: ${(e as Error).message}` });
        }
      }
      if (checked.errors.length > 0 || dryRun) {
        if (checked.errors.length > 0) log.warn(`Certificate store ${service}: upload refused: ${checked.errors.map((e) => e.message).join('; ')}`);
        return report(service, dryRun, { ...base, errors: checked.errors });
      }
      const certPem = served.map((c) => c.pem).join('');
      try {
        await deps.activate(service, { certPem, keyPem });
      } catch (e) {
        return report(service, dryRun, { ...base, errors: [{ code: 'activation-failed', message: `activation failed, the previous certificate stays: ${(e as Error).message}` }] });
      }
      if (!key) await deps.clearPending(service);
      const activated = describeCertificate(certPem, now);
      log.info(`Certificate store ${service}: uploaded certificate activated: ${activated.subject}, serial ${activated.serial}, issuer ${activated.issuer}; listeners reloaded`);
      return report(service, dryRun, { ...base, errors: [], activated });
    });
  }

  async function importTrust(service: ServiceName, data: Uint8Array, options: ImportOptions & { peer?: boolean } = {}): Promise<ImportReport> {
    const dryRun = options.dryRun ?? false;
    const store = `${service}-trust`;
    return deps.serial(async () => {
      const decoded = decodeAll(store, dryRun, data, options.password);
      if (!decoded.ok) return decoded.report;
      const { certs, keys, format } = decoded;
      if (keys.length > 0) {
        return report(store, dryRun, { format, errors: [{ code: 'private-key', message: 'a trust store takes certificates only; this PKCS#12 file carries a private key (import it as an own certificate, or export the CA certificates alone)' }] });
      }
      const anchors = anchorsOf(service);
      const existing = readTrustEntries(paths.trustStores[service]).entries;
      const out: Checked = { errors: [], warnings: [] };
      const toAdd: CertInfo[] = [];
      const toRemove: { file: string; cert: CertInfo }[] = [];
      const skipped: string[] = [];
      for (const cert of certs) {
        if (toAdd.some((c) => c.fingerprint === cert.fingerprint)) continue; // listed twice in the file
        const chain = buildChain(cert, certs.filter((c) => c !== cert), anchors, now());
        const checked = checkTrustCertificate(cert, chain, { now: now(), policy, peer: options.peer ?? false });
        out.errors.push(...checked.errors);
        out.warnings.push(...checked.warnings);
        if (anchors.some((a) => a.fingerprint === cert.fingerprint)) {
          skipped.push(cert.subject);
          out.warnings.push({ code: 'already-trusted', message: `${cert.subject} is already in ${store}` });
          continue;
        }
        const sameSubject = existing.filter((e) => e.cert.subject === cert.subject);
        const newer = sameSubject.find((e) => Date.parse(e.cert.node.validFrom) >= Date.parse(cert.node.validFrom));
        if (newer) {
          skipped.push(cert.subject);
          out.warnings.push({ code: 'older-than-existing', message: `${cert.subject} not added: ${store} holds one with the same subject valid from ${new Date(Date.parse(newer.cert.node.validFrom)).toISOString()}, which is newer` });
          continue;
        }
        toRemove.push(...sameSubject);
        toAdd.push(cert);
      }
      const base = { format, warnings: out.warnings, skipped };
      if (out.errors.length > 0 || dryRun) {
        if (out.errors.length > 0) log.warn(`Certificate store ${store}: upload refused: ${out.errors.map((e) => e.message).join('; ')}`);
        return report(store, dryRun, { ...base, errors: out.errors, added: dryRun ? toAdd.map((c) => c.subject) : [], replaced: dryRun ? toRemove.map((r) => r.cert.subject) : [] });
      }
      for (const c of toAdd) await addTrustFile(paths.trustStores[service], c);
      for (const r of toRemove) await removeTrustFile(paths.trustStores[service], r.file);
      if (toAdd.length > 0) deps.reload(service);
      for (const c of toAdd) log.info(`Certificate store ${store}: added ${c.subject} (SHA-256 ${c.fingerprint})`);
      for (const r of toRemove) log.info(`Certificate store ${store}: replaced ${r.cert.subject} valid from ${r.cert.node.validFrom} (older)`);
      for (const r of toRemove) await deps.publish({ kind: 'removed', service, fingerprint: r.cert.fingerprint });
      for (const c of toAdd) await deps.publish({ kind: 'added', service, pem: c.pem, fingerprint: c.fingerprint });
      return report(store, false, { ...base, errors: [], added: toAdd.map((c) => c.subject), replaced: toRemove.map((r) => r.cert.subject) });
    });
  }

  /** Applies a change another node made (no checks beyond parsing: that node checked; never re-published). */
  function applyReplicated(change: TrustChange): Promise<void> {
    return deps.serial(async () => {
      const dir = paths.trustStores[change.service];
      const entries = readTrustEntries(dir).entries;
      if (change.kind === 'added') {
        const cert = certInfoFromPem(change.pem);
        if (cert.fingerprint !== change.fingerprint) throw new Error('replicated certificate does not match its fingerprint');
        if (entries.some((e) => e.cert.fingerprint === cert.fingerprint)) return;
        await addTrustFile(dir, cert);
      } else {
        const entry = entries.find((e) => e.cert.fingerprint === change.fingerprint);
        if (!entry) return;
        await removeTrustFile(dir, entry.file);
      }
      deps.reload(change.service);
      log.info(`Certificate store ${change.service}-trust: replicated change applied (${change.kind} ${change.fingerprint})`);
    });
  }

  const publishRemoved = (service: ServiceName, fingerprint: string): Promise<void> => deps.publish({ kind: 'removed', service, fingerprint });

  return { importOwn, importTrust, applyReplicated, publishRemoved };
}
