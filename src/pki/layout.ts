// Where certificates live under the data directory (contract.md "Certificates in the data directory").
//
//   DATA/pki/                 0700
//     trust/ca.pem            the local CA certificate: the ready line's "ca"
//     trust/ca-key.pem        its private key, 0600, so an administrator (or a test) can issue lab certificates
//     <service>/cert.pem      the service's certificate (may be followed by its chain)
//     <service>/key.pem       its private key, 0600
//     <service>/csr/          the pending CSR (csr.pem, key.pem 0600, request.json): the key never leaves
//     <service>/previous/     the identity an activation replaced (cert.pem, key.pem), for a manual rollback
//     <service>-trust/*.pem   the store's trust certificates (roots, intermediates, trusted peers)
//
// One folder per certificate store, named as Cisco's OS Administration names them ([pki-cors] §0.1).
import { join, resolve } from 'node:path';

export const SERVICE_NAMES = ['tomcat', 'notification', 'cti-server', 'cti-client'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface ServiceProfile {
  /** Also valid as a TLS client identity (EKU clientAuth). */
  readonly clientAuth: boolean;
  readonly description: string;
}

// The CTI link is mutual TLS and both ends need serverAuth + clientAuth, as the CA template of
// [pki-cors] §0.11 (seed 004) has it; browser-facing listeners only need serverAuth.
export const SERVICE_PROFILES = {
  tomcat: { clientAuth: false, description: 'https port (REST API, desktop, cfadmin)' },
  notification: { clientAuth: false, description: 'BOSH, WebSocket and XMPP listeners' },
  'cti-server': { clientAuth: true, description: 'embedded CTI server (mutual TLS)' },
  'cti-client': { clientAuth: true, description: 'identity presented to the CTI server' },
} as const satisfies Record<ServiceName, ServiceProfile>;

export const DIR_MODE = 0o700;
export const KEY_MODE = 0o600;
export const CERT_MODE = 0o644;

export interface ServicePaths {
  readonly dir: string;
  readonly cert: string;
  readonly key: string;
}

export const TRUST_STORE_SUFFIX = '-trust';
export type TrustStoreName = `${ServiceName}-trust`;
export const TRUST_STORE_NAMES: readonly TrustStoreName[] = SERVICE_NAMES.map((s) => `${s}${TRUST_STORE_SUFFIX}` as TrustStoreName);

export interface PkiPaths {
  /** DATA/pki */
  readonly root: string;
  /** DATA/pki/trust: the trust store (every certificate in its *.pem files is trusted). */
  readonly trustDir: string;
  /** DATA/pki/trust/ca.pem, printed as "ca" on the ready line. */
  readonly caCert: string;
  /** DATA/pki/trust/ca-key.pem */
  readonly caKey: string;
  readonly services: Readonly<Record<ServiceName, ServicePaths>>;
  /** DATA/pki/<service>-trust: what the service trusts besides the local CA. */
  readonly trustStores: Readonly<Record<ServiceName, string>>;
}

export function pkiPaths(dataDir: string): PkiPaths {
  const root = join(resolve(dataDir), 'pki');
  const trustDir = join(root, 'trust');
  const service = (name: ServiceName): ServicePaths => {
    const dir = join(root, name);
    return { dir, cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') };
  };
  return {
    root,
    trustDir,
    caCert: join(trustDir, 'ca.pem'),
    caKey: join(trustDir, 'ca-key.pem'),
    services: {
      tomcat: service('tomcat'),
      notification: service('notification'),
      'cti-server': service('cti-server'),
      'cti-client': service('cti-client'),
    },
    trustStores: {
      tomcat: join(root, 'tomcat-trust'),
      notification: join(root, 'notification-trust'),
      'cti-server': join(root, 'cti-server-trust'),
      'cti-client': join(root, 'cti-client-trust'),
    },
  };
}
