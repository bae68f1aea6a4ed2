// Key pairs for the local CA and the service identities. Generation goes through WebCrypto, which is
// asynchronous (RSA-2048 takes 0.1–0.5 s and must not block the event loop, [pki-cors] §2.3); import
// and export go through node:crypto, which reads every PEM flavour OpenSSL writes (PKCS#8, PKCS#1, SEC1).
import { createPrivateKey, createPublicKey, type KeyObject, type webcrypto } from 'node:crypto';
import { PkiError } from './errors.js';
import { toPem } from './pem.js';

export type CryptoKey = webcrypto.CryptoKey;
export type CryptoKeyPair = webcrypto.CryptoKeyPair;
export type SigningAlgorithm = webcrypto.RsaHashedImportParams | webcrypto.EcdsaParams;

export const KEY_TYPES = ['RSA-2048', 'RSA-3072', 'RSA-4096', 'P-256', 'P-384'] as const;
export type KeyType = (typeof KEY_TYPES)[number];

// RSA 2048 interoperates with the Cisco components (UCCX supports RSA 1024 and 2048 only); ECDSA is an
// option ([pki-cors] §0.13). RSA 1024 is deliberately absent.
export const DEFAULT_KEY_TYPE: KeyType = 'RSA-2048';

const RSA = 'RSASSA-PKCS1-v1_5';
const F4 = new Uint8Array([1, 0, 1]);

interface KeyAlgorithms {
  readonly generate: webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams;
  readonly import: webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams;
  /** What a certificate signed with this key uses (RFC 5758 §3.2: SHA-384 with P-384). */
  readonly sign: SigningAlgorithm;
}

function algorithms(type: KeyType): KeyAlgorithms {
  switch (type) {
    case 'RSA-2048':
    case 'RSA-3072':
    case 'RSA-4096': {
      const modulusLength = Number(type.slice(4));
      return {
        generate: { name: RSA, modulusLength, publicExponent: F4, hash: 'SHA-256' },
        import: { name: RSA, hash: 'SHA-256' },
        sign: { name: RSA, hash: 'SHA-256' },
      };
    }
    case 'P-256':
    case 'P-384': {
      const hash = type === 'P-256' ? 'SHA-256' : 'SHA-384';
      return {
        generate: { name: 'ECDSA', namedCurve: type },
        import: { name: 'ECDSA', namedCurve: type },
        sign: { name: 'ECDSA', hash },
      };
    }
  }
}

export async function generateKeyPair(type: KeyType = DEFAULT_KEY_TYPE): Promise<CryptoKeyPair> {
  // Extractable: the private key is written to key.pem.
  return globalThis.crypto.subtle.generateKey(algorithms(type).generate, true, ['sign', 'verify']);
}

/** The KeyType of a key read with node:crypto; throws ERR_PKI_UNSUPPORTED_KEY for anything else. */
export function keyTypeOf(key: KeyObject): KeyType {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') {
    const type = `RSA-${details.modulusLength ?? 0}`;
    if ((KEY_TYPES as readonly string[]).includes(type)) return type as KeyType;
  }
  if (key.asymmetricKeyType === 'ec') {
    if (details.namedCurve === 'prime256v1') return 'P-256';
    if (details.namedCurve === 'secp384r1') return 'P-384';
  }
  throw new PkiError('ERR_PKI_UNSUPPORTED_KEY',
    `unsupported key ${key.asymmetricKeyType ?? '?'} ${details.modulusLength ?? details.namedCurve ?? ''}`.trim());
}

export interface ImportedKey {
  readonly keys: CryptoKeyPair;
  readonly type: KeyType;
  /** Signature algorithm for certificates this key signs. */
  readonly signingAlgorithm: SigningAlgorithm;
}

/** Reads a private key PEM into a WebCrypto pair usable by @peculiar/x509 for signing. */
export async function importPrivateKeyPem(pem: string): Promise<ImportedKey> {
  const privateKey = createPrivateKey(pem);
  const type = keyTypeOf(privateKey);
  const alg = algorithms(type);
  const subtle = globalThis.crypto.subtle;
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const keys: CryptoKeyPair = {
    privateKey: await subtle.importKey('pkcs8', pkcs8, alg.import, false, ['sign']),
    publicKey: await subtle.importKey('spki', spki, alg.import, true, ['verify']),
  };
  return { keys, type, signingAlgorithm: alg.sign };
}

export function signingAlgorithmFor(type: KeyType): SigningAlgorithm {
  return algorithms(type).sign;
}

/** PKCS#8 "PRIVATE KEY" PEM of an extractable WebCrypto private key. */
export async function exportPrivateKeyPem(key: CryptoKey): Promise<string> {
  return toPem(await globalThis.crypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}
