// Decoy SCRAM keys for names that have no account, so that a login attempt looks the same whether or not
// the user exists: the same server-first-message shape, the same salt for the same name every time, the
// same work at the end, and the same not-authorized. [RFC 5802] §7 lets a server hide the real reason
// ("the server may substitute the real reason with other-error"); [notification-service] §2.8.
import { createHmac, randomBytes } from 'node:crypto';
import type { Credentials, ScramHash, ScramKeys } from '../../auth/credentials.js';

/** Process-wide default key; immutable. A restart changes every decoy salt (see SaslDeps.decoySecret). */
const PROCESS_SECRET = randomBytes(32);

/** deriveCredentials() draws 16-byte salts; the decoy matches that length. */
const DECOY_SALT_BYTES = 16;
export const DEFAULT_DECOY_ITERATIONS = 4096;

const HASH_BYTES: Record<ScramHash, number> = { 'SHA-1': 20, 'SHA-256': 32 };

function derive(secret: Buffer, label: string, hash: ScramHash, username: string, length: number): Buffer {
  // NUL separators keep ("a", "bc") and ("ab", "c") apart; usernames never contain NUL.
  return createHmac('sha256', secret).update(`parley-sasl-decoy\0${label}\0${hash}\0${username}`).digest().subarray(0, length);
}

/** Keys no password produces (the probability is that of a hash collision), deterministic per (secret, hash, name). */
export function decoyKeys(hash: ScramHash, username: string, secret: Buffer = PROCESS_SECRET, iterations = DEFAULT_DECOY_ITERATIONS): ScramKeys {
  return {
    salt: derive(secret, 'salt', hash, username, DECOY_SALT_BYTES).toString('base64'),
    iterations,
    storedKey: derive(secret, 'stored-key', hash, username, HASH_BYTES[hash]).toString('base64'),
    serverKey: derive(secret, 'server-key', hash, username, HASH_BYTES[hash]).toString('base64'),
  };
}

export function decoyCredentials(username: string, secret: Buffer = PROCESS_SECRET, iterations = DEFAULT_DECOY_ITERATIONS): Credentials {
  return {
    'SHA-1': decoyKeys('SHA-1', username, secret, iterations),
    'SHA-256': decoyKeys('SHA-256', username, secret, iterations),
  };
}
