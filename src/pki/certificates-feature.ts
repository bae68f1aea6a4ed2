// Glue for certificate management (issue 6, docs/certificates.md): the engine over the stores the
// listeners already use, the expiry watch (an expired certificate is flagged at start), the admin API,
// the OS Administration page and the CLI words. server.ts calls this once.
import type { AdminCommandTable } from '../admin/commands.js';
import { certCommands } from '../admin/cert-commands.js';
import type { HttpAuthenticator } from '../auth/http-auth.js';
import { certsAdminApi } from '../http/admin-certs-api.js';
import { certificatesPage } from '../http/certificates-page.js';
import type { HttpRoutes } from '../http/http-routes.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { createCertManager, type CertManager } from './cert-manager.js';
import type { TlsIdentitySource } from './cert-store.js';
import { certificateDaysLeft, startExpiryWatch, type CertificateDaysLeft } from './expiry-watch.js';
import { normalizeFqdn } from './first-start.js';
import type { PkiPaths } from './layout.js';
import type { TrustReplication } from './trust-store.js';
import type { UploadPolicy } from './upload-checks.js';

export interface CertificatesFeatureOptions {
  readonly pki: PkiPaths;
  readonly certs: TlsIdentitySource;
  readonly fqdn: string;
  readonly routes: HttpRoutes;
  readonly auth: HttpAuthenticator;
  readonly clock: Clock;
  readonly log: Logger;
  readonly policy?: Partial<UploadPolicy>;
  /** Largest upload, in bytes. */
  readonly maxUploadBytes?: number;
  readonly replication?: TrustReplication;
}

export interface CertificatesFeature {
  readonly manager: CertManager;
  readonly commands: AdminCommandTable;
  /** Metric-ready: every certificate with its store and days left (for /metrics and diagnostics). */
  certificateDaysLeft(): CertificateDaysLeft[];
  stop(): void;
}

export function certificatesFeature(options: CertificatesFeatureOptions): CertificatesFeature {
  const now = (): number => options.clock.now();
  const manager = createCertManager({
    paths: options.pki, certs: options.certs, fqdn: normalizeFqdn(options.fqdn), now, log: options.log,
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.maxUploadBytes ? { limits: { maxBytes: options.maxUploadBytes } } : {}),
    ...(options.replication ? { replication: options.replication } : {}),
  });
  const watch = startExpiryWatch({ manager, clock: options.clock, log: options.log });
  certsAdminApi({ routes: options.routes, auth: options.auth, manager, now });
  certificatesPage({ routes: options.routes, auth: options.auth });
  return {
    manager,
    commands: certCommands({ manager, now }),
    certificateDaysLeft: () => certificateDaysLeft(manager, now()),
    stop() {
      watch.stop();
      manager.close();
    },
  };
}
