// SCRAM-SHA-1, SCRAM-SHA-256 and their -PLUS variants, server side ([RFC 5802] §5, [RFC 7677],
// channel binding [RFC 5056], tls-exporter [RFC 9266]). The server holds StoredKey and ServerKey
// (src/auth/credentials.ts), so a login costs two HMACs and a hash; PBKDF2 never runs here
// ([notification-service] §2.4). Exchange:
//   C: client-first-message            S: server-first-message  (challenge)
//   C: client-final-message            S: server-final-message  (additional data with success)
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { digest, hmac, type ScramHash, type ScramKeys } from '../../auth/credentials.js';
import { decoyKeys } from './decoy.js';
import { MAX_USERNAME_OCTETS, isOwnAuthzid, normalizeUsername } from './identity.js';
import { challenge, failure, success, type ChannelBinding, type SaslDeps, type SaslServerMechanism, type SaslStep } from './mechanism.js';
import { parseClientFinal, parseClientFirst, type ClientFirst } from './scram-messages.js';

const NONCE = /^[\x21-\x2B\x2D-\x7E]+$/;
const HASH_BYTES: Record<ScramHash, number> = { 'SHA-1': 20, 'SHA-256': 32 };

/** 18 random bytes: 144 bits, 24 base64 characters (all "printable" in the [RFC 5802] §7 sense). */
const defaultNonce = (): string => randomBytes(18).toString('base64');

/** What the server remembers between its server-first-message and the client-final-message. */
interface Pending {
  gs2Header: string;
  authMessagePrefix: string;
  nonce: string;
  keys: ScramKeys;
  isKnownUser: boolean;
  username: string;
}

type Phase = { at: 'new' } | { at: 'awaiting-first' } | { at: 'awaiting-final'; pending: Pending } | { at: 'done' };

export function scramMechanismName(hash: ScramHash, isPlus: boolean): string {
  return `SCRAM-${hash}${isPlus ? '-PLUS' : ''}`;
}

/** Equal length and equal bytes, in time that depends only on the length. */
function bytesEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

/**
 * [RFC 5802] §6 channel-binding negotiation. Returns a failure, or undefined when the flag fits the
 * mechanism and what the server offers.
 */
function checkCbind(first: ClientFirst, isPlus: boolean, binding: ChannelBinding | undefined): SaslStep | undefined {
  const { cbind } = first;
  if (isPlus) {
    if (cbind.flag !== 'p') return failure('malformed-request', 'a -PLUS mechanism requires channel binding');
    if (cbind.cbName !== binding?.type) {
      const text = `unsupported channel binding type; this server has ${binding?.type ?? 'none'}`;
      return { kind: 'failure', condition: 'malformed-request', text, cbTypeUnsupported: true };
    }
    return undefined;
  }
  if (cbind.flag === 'p') return failure('malformed-request', 'channel binding requires a -PLUS mechanism');
  // "If the flag is set to "y" and the server supports channel binding, the server MUST fail
  // authentication": the client saw no -PLUS offer, so someone stripped it from our features (downgrade).
  if (cbind.flag === 'y' && binding) return failure('not-authorized', 'channel binding downgrade');
  return undefined;
}

/** Builds one SCRAM server mechanism; throws when asked for -PLUS without channel-binding data (API misuse). */
export function scramMechanism(hash: ScramHash, isPlus: boolean, deps: SaslDeps): SaslServerMechanism {
  const binding = deps.channelBinding;
  if (isPlus && !binding) throw new Error(`${scramMechanismName(hash, true)} needs channel-binding data`);
  const cbindData = isPlus && binding ? binding.data : Buffer.alloc(0);
  let phase: Phase = { at: 'new' };

  function onClientFirst(message: Buffer): SaslStep {
    phase = { at: 'done' };
    const parsed = parseClientFirst(message);
    if (!parsed.ok) return failure(parsed.error, parsed.text);
    const first = parsed.value;
    const refused = checkCbind(first, isPlus, binding);
    if (refused) return refused;
    const username = normalizeUsername(first.username);
    if (Buffer.byteLength(username, 'utf8') > MAX_USERNAME_OCTETS) return failure('malformed-request', 'username too long');
    if (first.authzid !== undefined && !isOwnAuthzid(first.authzid, username, deps.domain)) return failure('invalid-authzid');
    const stored = deps.lookup(username)?.[hash];
    const keys = stored ?? decoyKeys(hash, username, deps.decoySecret, deps.decoyIterations);
    const serverNonce = (deps.randomNonce ?? defaultNonce)();
    if (!NONCE.test(serverNonce)) throw new Error('randomNonce must return printable ASCII without ","');
    const nonce = first.clientNonce + serverNonce;
    const serverFirst = `r=${nonce},s=${keys.salt},i=${keys.iterations}`;
    const pending: Pending = {
      gs2Header: first.gs2Header,
      authMessagePrefix: `${first.bare},${serverFirst},`,
      nonce,
      keys,
      isKnownUser: stored !== undefined,
      username,
    };
    phase = { at: 'awaiting-final', pending };
    return challenge(Buffer.from(serverFirst, 'utf8'));
  }

  function onClientFinal(message: Buffer, pending: Pending): SaslStep {
    phase = { at: 'done' };
    const parsed = parseClientFinal(message);
    if (!parsed.ok) return failure(parsed.error, parsed.text);
    const final = parsed.value;
    // c= carries the gs2-header, then (for -PLUS) the channel-binding data ([RFC 5802] §7 cbind-input).
    const cbindInput = Buffer.concat([Buffer.from(pending.gs2Header, 'utf8'), cbindData]);
    if (!bytesEqual(final.channelBinding, cbindInput)) return failure('not-authorized', 'channel binding mismatch');
    if (final.nonce !== pending.nonce) return failure('not-authorized', 'nonce mismatch');
    if (final.proof.length !== HASH_BYTES[hash]) return failure('malformed-request', 'proof length');
    const authMessage = Buffer.from(pending.authMessagePrefix + final.withoutProof, 'utf8');
    // [RFC 5802] §3: ClientSignature := HMAC(StoredKey, AuthMessage); ClientKey := ClientProof XOR ClientSignature;
    // the proof is good when H(ClientKey) equals StoredKey. Decoy keys go through the same steps.
    const storedKey = Buffer.from(pending.keys.storedKey, 'base64');
    const clientKey = xor(final.proof, hmac(hash, storedKey, authMessage));
    const isProofValid = bytesEqual(digest(hash, clientKey), storedKey);
    if (!isProofValid || !pending.isKnownUser) return failure('not-authorized');
    // ServerSignature := HMAC(ServerKey, AuthMessage), sent as server-final-message "v=" with <success/>.
    const serverSignature = hmac(hash, Buffer.from(pending.keys.serverKey, 'base64'), authMessage);
    return success(pending.username, Buffer.from(`v=${serverSignature.toString('base64')}`, 'utf8'));
  }

  return {
    name: scramMechanismName(hash, isPlus),
    start(initial) {
      if (phase.at !== 'new') return failure('malformed-request');
      if (initial !== undefined) return onClientFirst(initial);
      phase = { at: 'awaiting-first' }; // [RFC 6120] §6.4.2: no initial response, so an empty challenge
      return challenge(Buffer.alloc(0));
    },
    step(response) {
      const current = phase;
      if (current.at === 'awaiting-first') return onClientFirst(response);
      if (current.at === 'awaiting-final') return onClientFinal(response, current.pending);
      phase = { at: 'done' };
      return failure('malformed-request');
    },
  };
}
