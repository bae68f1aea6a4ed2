// A truly self-signed service certificate, as Cisco's "Regenerate" makes them ([pki-cors] §0.5): no
// issuer but itself, so every client must trust this very certificate (Parley's default regeneration
// issues from the local CA instead, which clients already trust through ca.pem).
import { x509 } from './x509-lib.js';
import { CLOCK_SKEW_MS, DEFAULT_LEAF_VALIDITY_DAYS, ORGANIZATION, defaultSubjectAltNames, randomSerialHex, toGeneralNames, type IssueDeps, type IssuedPem } from './issue.js';
import { DEFAULT_KEY_TYPE, exportPrivateKeyPem, generateKeyPair, signingAlgorithmFor, type KeyType } from './keys.js';
import { withNewline } from './pem.js';

const DAY_MS = 86_400_000;

export interface SelfSignedOptions {
  readonly fqdn: string;
  readonly service: string;
  readonly clientAuth: boolean;
  readonly keyType?: KeyType;
  readonly validityDays?: number;
}

export async function createSelfSignedIdentity(options: SelfSignedOptions, deps: IssueDeps = {}): Promise<IssuedPem> {
  const now = (deps.now ?? Date.now)();
  const type = options.keyType ?? DEFAULT_KEY_TYPE;
  const keys = await generateKeyPair(type);
  const isRsa = keys.publicKey.algorithm.name === 'RSASSA-PKCS1-v1_5';
  const ski = await x509.SubjectKeyIdentifierExtension.create(keys.publicKey);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerialHex(deps.randomBytes),
    name: [...(options.fqdn.length <= 64 ? [{ CN: [options.fqdn] }] : []), { OU: [options.service] }, { O: [ORGANIZATION] }],
    notBefore: new Date(now - CLOCK_SKEW_MS),
    notAfter: new Date(now + (options.validityDays ?? DEFAULT_LEAF_VALIDITY_DAYS) * DAY_MS),
    signingAlgorithm: signingAlgorithmFor(type),
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | (isRsa ? x509.KeyUsageFlags.keyEncipherment : 0), true),
      new x509.ExtendedKeyUsageExtension(options.clientAuth
        ? [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]
        : [x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(toGeneralNames(defaultSubjectAltNames(options.fqdn))),
      ski,
    ],
  });
  return { certPem: withNewline(cert.toString('pem')), keyPem: await exportPrivateKeyPem(keys.privateKey) };
}
