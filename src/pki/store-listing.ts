// The stores as listed by `show cert list`, the admin API and the page: identities (with their
// intermediates and the pending CSR) and trust stores (the built-in local CA first). Reading only.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { describeCertificate, type CertificateDescription } from './describe.js';
import { SERVICE_NAMES, SERVICE_PROFILES, type PkiPaths, type ServiceName } from './layout.js';
import { certificateBlocks } from './pem.js';
import { readTrustFiles } from './trust-store.js';

export type StoreKind = 'own' | 'trust';

export interface PendingCsr {
  readonly csrPem: string;
  readonly keyPem: string;
  readonly created: string;
  readonly subject: string;
  readonly sans: readonly string[];
  /** The key type asked for; 'RSA-1024' means the administrator used the legacy flag for this CSR. */
  readonly keyType: string;
}

export interface ListedCertificate extends CertificateDescription {
  /** 'identity' (the store's own certificate), 'chain' (an intermediate served with it), 'trust'. */
  readonly role: 'identity' | 'chain' | 'trust';
  /** The file in a trust store (the handle for download and delete); absent for own certificates. */
  readonly file?: string;
  /** The local CA: trusted by every store, cannot be deleted here. */
  readonly builtIn?: boolean;
}

export interface StoreListing {
  /** 'tomcat' or 'tomcat-trust'. */
  readonly store: string;
  readonly service: ServiceName;
  readonly kind: StoreKind;
  readonly description: string;
  readonly certificates: readonly ListedCertificate[];
  readonly pendingCsr?: { readonly subject: string; readonly sans: readonly string[]; readonly created: string };
  readonly problems: readonly string[];
}

/** 'tomcat' → own, 'tomcat-trust' → trust; undefined for anything else. */
export function parseStoreName(store: string): { service: ServiceName; kind: StoreKind } | undefined {
  const s = store.trim().toLowerCase();
  const trust = s.endsWith('-trust');
  const service = (trust ? s.slice(0, -'-trust'.length) : s) as ServiceName;
  return SERVICE_NAMES.includes(service) ? { service, kind: trust ? 'trust' : 'own' } : undefined;
}

export const pendingCsrDir = (paths: PkiPaths, service: ServiceName): string => join(paths.services[service].dir, 'csr');

export function storeListings(deps: { paths: PkiPaths; fqdn: string; now: () => number }) {
  const { paths, fqdn, now } = deps;
  const csrDir = (s: ServiceName) => pendingCsrDir(paths, s);

  function readPending(service: ServiceName): PendingCsr | undefined {
    const dir = csrDir(service);
    try {
      const csrPem = readFileSync(join(dir, 'csr.pem'), 'utf8');
      const keyPem = readFileSync(join(dir, 'key.pem'), 'utf8');
      const meta = JSON.parse(readFileSync(join(dir, 'request.json'), 'utf8')) as Partial<PendingCsr>;
      return { csrPem, keyPem, created: String(meta.created ?? ''), subject: String(meta.subject ?? ''), sans: Array.isArray(meta.sans) ? meta.sans.map(String) : [], keyType: String(meta.keyType ?? '') };
    } catch {
      return undefined;
    }
  }

  function ownListing(service: ServiceName): StoreListing {
    const problems: string[] = [];
    const certificates: ListedCertificate[] = [];
    try {
      const blocks = certificateBlocks(readFileSync(paths.services[service].cert, 'utf8'));
      blocks.forEach((b, i) => certificates.push({ ...describeCertificate(b, now), role: i === 0 ? 'identity' : 'chain' }));
      const id = certificates[0];
      // [pki-cors] §0.2: an identity whose SANs lost the FQDN (after an FQDN change) is flagged.
      if (id && !id.sans.includes(`${isIP(fqdn) ? 'ip' : 'dns'}:${fqdn}`)) problems.push(`the SANs do not contain this node's FQDN ${fqdn}: clients reaching it by name will refuse it`);
    } catch (e) {
      problems.push(`unreadable: ${(e as Error).message}`);
    }
    const pending = readPending(service);
    const pendingCsr = pending ? { subject: pending.subject, sans: pending.sans, created: pending.created } : undefined;
    return { store: service, service, kind: 'own', description: SERVICE_PROFILES[service].description, certificates, ...(pendingCsr ? { pendingCsr } : {}), problems };
  }

  function trustListing(service: ServiceName): StoreListing {
    const problems: string[] = [];
    const certificates: ListedCertificate[] = [];
    try {
      certificates.push({ ...describeCertificate(readFileSync(paths.caCert, 'utf8'), now), role: 'trust', builtIn: true });
    } catch (e) {
      problems.push(`local CA unreadable: ${(e as Error).message}`);
    }
    for (const { file, pem } of readTrustFiles(paths.trustStores[service])) {
      try {
        certificates.push({ ...describeCertificate(pem, now), role: 'trust', file });
      } catch {
        problems.push(`${file} is unreadable`);
      }
    }
    return { store: `${service}-trust`, service, kind: 'trust', description: `certificates ${service} trusts`, certificates, problems };
  }

  return { readPending, ownListing, trustListing };
}
