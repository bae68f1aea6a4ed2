// Issuing a store's identity from the local CA and writing it to disk. Used by the first start, and by
// whatever later regenerates a certificate ("Regenerate" on Cisco's Certificate Management page,
// [pki-cors] §0.5); listeners pick the new files up through CertStore.reload().
import { PkiError } from './errors.js';
import { readIfExists, writeFileAtomic } from './atomic-file.js';
import { defaultSubjectAltNames, issueLeaf, type IssueDeps, type IssuedPem } from './issue.js';
import type { KeyType } from './keys.js';
import { CERT_MODE, KEY_MODE, SERVICE_PROFILES, type PkiPaths, type ServiceName, type ServicePaths } from './layout.js';

/** Writes key.pem, then cert.pem, each atomically. A crash in between leaves a pair the next start
 *  recognises as mismatched and issues again. */
export async function writeIdentity(paths: ServicePaths, issued: IssuedPem): Promise<void> {
  await writeFileAtomic(paths.key, issued.keyPem, KEY_MODE);
  await writeFileAtomic(paths.cert, issued.certPem, CERT_MODE);
}

/** The local CA's certificate and key as stored under trust/; throws ERR_PKI_CA_KEY_MISSING without a key. */
export async function readLocalCa(paths: PkiPaths): Promise<IssuedPem> {
  const [certPem, keyPem] = await Promise.all([readIfExists(paths.caCert), readIfExists(paths.caKey)]);
  if (certPem === undefined) throw new PkiError('ERR_PKI_CA_INVALID', `${paths.caCert} is missing`);
  if (keyPem === undefined) throw caKeyMissing(paths);
  return { certPem, keyPem };
}

export const caKeyMissing = (paths: PkiPaths): PkiError => new PkiError('ERR_PKI_CA_KEY_MISSING',
  `${paths.caKey} is missing, so no certificate can be issued. Restore it, or remove ${paths.caCert} ` +
  'as well to create a new local CA (clients must then trust the new ca.pem).');

export interface IssueServiceOptions extends IssueDeps {
  readonly paths: PkiPaths;
  readonly service: ServiceName;
  readonly fqdn: string;
  readonly keyType?: KeyType;
  readonly validityDays?: number;
  /** Defaults to the CA read from paths.caCert / paths.caKey. */
  readonly ca?: IssuedPem;
}

/** Issues a fresh key and certificate for `service` and writes them; returns what was written. */
export async function issueServiceIdentity(options: IssueServiceOptions): Promise<IssuedPem> {
  const ca = options.ca ?? await readLocalCa(options.paths);
  const issued = await issueLeaf(ca, {
    fqdn: options.fqdn,
    names: defaultSubjectAltNames(options.fqdn),
    clientAuth: SERVICE_PROFILES[options.service].clientAuth,
    organizationalUnit: options.service,
    keyType: options.keyType,
    validityDays: options.validityDays,
  }, options);
  await writeIdentity(options.paths.services[options.service], issued);
  return issued;
}
