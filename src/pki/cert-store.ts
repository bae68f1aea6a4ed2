// The certificate stores as the TLS listeners see them: one identity per store, read from
// DATA/pki/<store>/{cert,key}.pem, plus the trust bundle of DATA/pki/trust/*.pem.
//
// Listeners depend only on TlsIdentitySource, so uploads, CSRs and "Regenerate" can be added later
// without touching them: whatever writes new files calls reload(), and every listener attached with
// attachHotReload() swaps its credentials with server.setSecureContext(): new connections get the new
// certificate, open ones keep theirs ([pki-cors] §0.8, §2.4 "hot reload"). No restart, unlike Cisco.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSecureContext, type SecureContext, type Server } from 'node:tls';
import { silentLogger, type Logger } from '../shared/logger.js';
import { PkiError } from './errors.js';
import { SERVICE_NAMES, type PkiPaths, type ServiceName } from './layout.js';
import { certificateBlocks } from './pem.js';

export type { ServiceName } from './layout.js';
export { SERVICE_NAMES } from './layout.js';
export { describeCertificate, type CertificateDescription } from './describe.js';

export interface TlsIdentityOptions {
  readonly key: string;
  /** The end-entity certificate, possibly followed by its intermediates. */
  readonly cert: string;
  /** Trusted certificates (the local CA and anything else in trust/): verifies peers on mutual TLS. */
  readonly ca?: string;
}

export interface TlsIdentitySource {
  secureContextOptions(service: ServiceName): TlsIdentityOptions;
  secureContext(service: ServiceName): SecureContext;
  /** Called after reload() changed the service's identity or trust; returns the unsubscribe function. */
  onChange(service: ServiceName, listener: () => void): () => void;
  /** Re-reads the files of one store (all when omitted) and notifies the listeners of what changed.
   *  Throws ERR_PKI_IDENTITY_INVALID (keeping the previous identity) when the files are unusable. */
  reload(service?: ServiceName): void;
  /** The local CA certificate: the ready line's "ca". */
  readonly caPath: string;
}

export interface CertStoreOptions {
  readonly log?: Logger;
}

interface Loaded {
  readonly options: TlsIdentityOptions;
  readonly context: SecureContext;
}

/** Reads every store now (throws when one is missing or unusable); see ensurePki for creating them. */
export function createCertStore(paths: PkiPaths, options: CertStoreOptions = {}): TlsIdentitySource {
  const log = options.log ?? silentLogger;
  const loaded = new Map<ServiceName, Loaded>();
  const listeners = new Map<ServiceName, Set<() => void>>(SERVICE_NAMES.map((s) => [s, new Set()]));

  const read = (service: ServiceName, ca: string): TlsIdentityOptions => {
    const files = paths.services[service];
    try {
      const identity = { key: readFileSync(files.key, 'utf8'), cert: readFileSync(files.cert, 'utf8') };
      return ca ? { ...identity, ca } : identity;
    } catch (cause) {
      throw new PkiError('ERR_PKI_IDENTITY_INVALID', `certificate store ${service}: ${(cause as Error).message}`, { cause });
    }
  };

  // What a service trusts: the local CA (trust/) plus its own <service>-trust store.
  const trustOf = (service: ServiceName, localCa: string): string => localCa + readTrustBundle(paths.trustStores?.[service] ?? '');
  const initialTrust = readTrustBundle(paths.trustDir);
  for (const service of SERVICE_NAMES) loaded.set(service, build(service, read(service, trustOf(service, initialTrust))));

  const current = (service: ServiceName): Loaded => {
    const entry = loaded.get(service);
    if (!entry) throw new TypeError(`unknown certificate store ${String(service)}`);
    return entry;
  };

  const notify = (service: ServiceName): void => {
    for (const listener of [...listeners.get(service) ?? []]) {
      try {
        listener();
      } catch (error) {
        log.error(`Certificate store ${service}: a listener failed to apply the new identity: ${(error as Error)?.message ?? error}`);
      }
    }
  };

  return {
    caPath: paths.caCert,
    secureContextOptions: (service) => current(service).options,
    secureContext: (service) => current(service).context,
    onChange(service, listener) {
      const set = listeners.get(service);
      if (!set) throw new TypeError(`unknown certificate store ${String(service)}`);
      set.add(listener);
      return function unsubscribe() { set.delete(listener); };
    },
    reload(service) {
      if (service !== undefined) current(service); // an unknown name is a programmer error
      const trust = readTrustBundle(paths.trustDir);
      let firstError: unknown;
      for (const s of service === undefined ? SERVICE_NAMES : [service]) {
        try {
          const next = read(s, trustOf(s, trust));
          if (sameIdentity(current(s).options, next)) continue;
          loaded.set(s, build(s, next));
        } catch (error) {
          log.error(`Certificate store ${s}: reload failed, keeping the previous certificate: ${(error as Error).message}`);
          firstError ??= error;
          continue;
        }
        log.info(`Certificate store ${s}: reloaded ${paths.services[s].cert}`);
        notify(s);
      }
      if (firstError !== undefined) throw firstError;
    },
  };
}

/** Swaps the server's credentials whenever the store changes; returns the function that stops it. */
export function attachHotReload(server: Server, source: TlsIdentitySource, service: ServiceName): () => void {
  return source.onChange(service, function hotReload() {
    server.setSecureContext(source.secureContextOptions(service));
  });
}

// Building the context is also the validation: OpenSSL rejects a key that does not match the
// certificate ("key values mismatch") or text that is not PEM.
function build(service: ServiceName, options: TlsIdentityOptions): Loaded {
  try {
    return { options: Object.freeze({ ...options }), context: createSecureContext(options) };
  } catch (cause) {
    throw new PkiError('ERR_PKI_IDENTITY_INVALID', `certificate store ${service}: ${(cause as Error).message}`, { cause });
  }
}

const sameIdentity = (a: TlsIdentityOptions, b: TlsIdentityOptions): boolean =>
  a.key === b.key && a.cert === b.cert && a.ca === b.ca;

/** The CERTIFICATE blocks of every trust/*.pem (keys such as ca-key.pem are skipped), in name order. */
export function readTrustBundle(trustDir: string): string {
  let names: string[];
  if (!trustDir) return '';
  try {
    names = readdirSync(trustDir);
  } catch {
    return '';
  }
  return names
    .filter((n) => n.endsWith('.pem') && !n.startsWith('.'))
    .sort()
    .flatMap((n) => certificateBlocks(readFileSync(join(trustDir, n), 'utf8')))
    .join('');
}
