// Password credentials stored as SCRAM keys (RFC 5802 §3, RFC 7677), never as the password itself.
// PBKDF2 runs when a password is set; a SCRAM login then costs two HMACs and a hash, not a PBKDF2
// ([notification-service] §2.4: 4096 iterations cost ~4-5 ms per call on this machine).
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

export type ScramHash = 'SHA-1' | 'SHA-256';
export const SCRAM_HASHES: readonly ScramHash[] = ['SHA-256', 'SHA-1'];

export interface ScramKeys {
  /** base64 */
  salt: string;
  iterations: number;
  /** base64 of H(ClientKey) */
  storedKey: string;
  /** base64 of HMAC(SaltedPassword, "Server Key") */
  serverKey: string;
}

export type Credentials = Record<ScramHash, ScramKeys>;

const nodeHash = (h: ScramHash): 'sha1' | 'sha256' => (h === 'SHA-1' ? 'sha1' : 'sha256');
const hashLen = (h: ScramHash): number => (h === 'SHA-1' ? 20 : 32);

export function hmac(h: ScramHash, key: Buffer, data: string | Buffer): Buffer {
  return createHmac(nodeHash(h), key).update(data).digest();
}

export function digest(h: ScramHash, data: Buffer): Buffer {
  return createHash(nodeHash(h)).update(data).digest();
}

/** SaltedPassword := Hi(Normalize(password), salt, i) with Hi = PBKDF2-HMAC-H. */
export function saltedPassword(h: ScramHash, password: string, salt: Buffer, iterations: number): Buffer {
  // TODO: SASLprep (RFC 4013) of non-ASCII passwords; NFKC is the practical part of it.
  return pbkdf2Sync(Buffer.from(password.normalize('NFKC'), 'utf8'), salt, iterations, hashLen(h), nodeHash(h));
}

export function scramKeys(h: ScramHash, password: string, salt: Buffer, iterations: number): ScramKeys {
  const sp = saltedPassword(h, password, salt, iterations);
  return {
    salt: salt.toString('base64'),
    iterations,
    storedKey: digest(h, hmac(h, sp, 'Client Key')).toString('base64'),
    serverKey: hmac(h, sp, 'Server Key').toString('base64'),
  };
}

export function deriveCredentials(password: string, iterations = 4096, random: (n: number) => Buffer = randomBytes): Credentials {
  return {
    'SHA-1': scramKeys('SHA-1', password, random(16), iterations),
    'SHA-256': scramKeys('SHA-256', password, random(16), iterations),
  };
}

/** Checks a cleartext password (SASL PLAIN, HTTP Basic) against stored keys in constant time. */
export function verifyPassword(creds: Credentials, password: string): boolean {
  const k = creds['SHA-256'];
  const expected = Buffer.from(k.storedKey, 'base64');
  const actual = Buffer.from(scramKeys('SHA-256', password, Buffer.from(k.salt, 'base64'), k.iterations).storedKey, 'base64');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
