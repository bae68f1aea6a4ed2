// SASL PLAIN ([RFC 4616]): message = [authzid] NUL authcid NUL passwd, one message, no challenge unless
// the client sent no initial response ([RFC 6120] §6.4.2: the server then sends an empty challenge).
// Offered only over TLS unless configured otherwise (mechanisms.ts, [notification-service] §2.8).
import { isUtf8 } from 'node:buffer';
import { verifyPassword } from '../../auth/credentials.js';
import { decoyCredentials } from './decoy.js';
import { MAX_USERNAME_OCTETS, isOwnAuthzid, normalizeUsername } from './identity.js';
import { challenge, failure, success, type SaslDeps, type SaslServerMechanism, type SaslStep } from './mechanism.js';

/** [RFC 4616] §2 requires accepting 255 octets per field; Parley takes up to a localpart's 1023. */
const MAX_PASSWORD_OCTETS = 1023;
/** An authzid may be a bare JID: localpart and domainpart ([RFC 7622] §3). */
const MAX_AUTHZID_OCTETS = 2047;

interface PlainMessage {
  authzid: string;
  authcid: string;
  passwd: string;
}

/** Splits and checks the message; undefined when it is malformed. */
function parsePlainMessage(message: Buffer): PlainMessage | undefined {
  if (!isUtf8(message)) return undefined; // [RFC 4616] §2: UTF-8 throughout
  const fields = message.toString('utf8').split('\0');
  if (fields.length !== 3) return undefined;
  const [authzid = '', authcid = '', passwd = ''] = fields;
  if (authcid === '' || passwd === '') return undefined; // authcid and passwd are 1*SAFE
  const octets = (s: string): number => Buffer.byteLength(s, 'utf8');
  if (octets(authzid) > MAX_AUTHZID_OCTETS || octets(authcid) > MAX_USERNAME_OCTETS || octets(passwd) > MAX_PASSWORD_OCTETS) {
    return undefined;
  }
  return { authzid, authcid, passwd };
}

export function plainMechanism(deps: SaslDeps): SaslServerMechanism {
  let phase: 'new' | 'awaiting-response' | 'done' = 'new';

  function authenticate(message: Buffer): SaslStep {
    phase = 'done';
    const parsed = parsePlainMessage(message);
    if (!parsed) return failure('malformed-request');
    const username = normalizeUsername(parsed.authcid);
    if (!isOwnAuthzid(parsed.authzid, username, deps.domain)) return failure('invalid-authzid');
    const creds = deps.lookup(username);
    // An unknown name still costs one PBKDF2, so the answer time does not tell whether the user exists.
    const isValid = verifyPassword(creds ?? decoyCredentials(username, deps.decoySecret, deps.decoyIterations), parsed.passwd);
    return creds && isValid ? success(username) : failure('not-authorized');
  }

  return {
    name: 'PLAIN',
    start(initial) {
      if (phase !== 'new') return failure('malformed-request');
      if (initial !== undefined) return authenticate(initial);
      phase = 'awaiting-response';
      return challenge(Buffer.alloc(0));
    },
    step(response) {
      if (phase !== 'awaiting-response') {
        phase = 'done';
        return failure('malformed-request');
      }
      return authenticate(response);
    },
  };
}
