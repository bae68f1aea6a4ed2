// The SCRAM message codec ([RFC 5802] §5, §7): client-first-message and client-final-message parsed into
// typed values, strictly. Pure; the state machine is scram.ts. Grammar, in short:
//   client-first-message = gs2-header client-first-message-bare
//   gs2-header = gs2-cbind-flag "," [ "a=" saslname ] ","     gs2-cbind-flag = "p=" cb-name / "n" / "y"
//   client-first-message-bare = [reserved-mext ","] "n=" saslname "," "r=" c-nonce ["," extensions]
//   client-final-message = "c=" base64 "," "r=" nonce ["," extensions] "," "p=" base64
import { err, ok, type Result } from '../../shared/result.js';
import { decodeText } from './identity.js';

export type CbindFlag = { flag: 'n' } | { flag: 'y' } | { flag: 'p'; cbName: string };

export interface ClientFirst {
  /** The gs2-header exactly as sent, including its trailing ","; the client echoes it in c=. */
  gs2Header: string;
  cbind: CbindFlag;
  /** Decoded authzid, undefined when the header has none. */
  authzid: string | undefined;
  /** client-first-message-bare exactly as sent: the first part of the AuthMessage. */
  bare: string;
  /** Decoded username, not yet normalized. */
  username: string;
  clientNonce: string;
}

export interface ClientFinal {
  channelBinding: Buffer;
  nonce: string;
  proof: Buffer;
  /** client-final-message-without-proof exactly as sent: the last part of the AuthMessage. */
  withoutProof: string;
}

type Parsed<T> = Result<T, 'malformed-request'>;

/** printable = %x21-2B / %x2D-7E: visible ASCII except ",". */
const PRINTABLE = /^[\x21-\x2B\x2D-\x7E]+$/;
/** cb-name = 1*(ALPHA / DIGIT / "." / "-") */
const CB_NAME = /^[A-Za-z0-9.-]+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** attr-val = ALPHA "=" value, value = 1*value-char (anything but NUL and ","; the split took the commas). */
const ATTR_VAL = /^([A-Za-z])=(.+)$/s;
/** Attribute letters [RFC 5802] §5.1 defines; an "extension" may not reuse one. */
const DEFINED_ATTRS = new Set(['a', 'n', 'm', 'r', 'c', 's', 'i', 'p', 'v', 'e']);

/**
 * saslname: "," and "=" travel as "=2C" and "=3D". [RFC 5802] §5.1: a username with "=" not followed by
 * "2C" or "3D" MUST fail the authentication. ABNF literals are case-insensitive ([RFC 5234] §2.3), so "=2c" passes.
 */
export function decodeSaslname(value: string): string | undefined {
  if (value === '') return undefined;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch !== '=') {
      out += ch;
      continue;
    }
    const code = value.slice(i + 1, i + 3).toUpperCase();
    if (code === '2C') out += ',';
    else if (code === '3D') out += '=';
    else return undefined;
    i += 2;
  }
  return out;
}

/** Canonical, non-empty base64 ([RFC 4648] §4) decoded; undefined otherwise (also for non-zero pad bits). */
export function decodeBase64Strict(value: string): Buffer | undefined {
  if (value === '' || value.length % 4 !== 0 || !BASE64.test(value)) return undefined;
  const bytes = Buffer.from(value, 'base64');
  return bytes.toString('base64') === value ? bytes : undefined;
}

interface Attr {
  name: string;
  value: string;
}

function parseAttrs(parts: readonly string[]): Parsed<Attr[]> {
  const attrs: Attr[] = [];
  const seen = new Set<string>();
  for (const part of parts) {
    const m = ATTR_VAL.exec(part);
    if (!m) return err('malformed-request', 'attribute syntax');
    const name = m[1]!;
    // [RFC 5802] §5.1: "m" is reserved; its presence MUST cause authentication failure.
    if (name === 'm') return err('malformed-request', 'extensions not supported');
    if (seen.has(name)) return err('malformed-request', `duplicate attribute ${name}`);
    seen.add(name);
    attrs.push({ name, value: m[2]! });
  }
  return ok(attrs);
}

/** [RFC 5802] §7: unknown extensions are ignored, but one may not redefine a SCRAM attribute. */
function checkExtensions(attrs: readonly Attr[]): Parsed<true> {
  const clash = attrs.find((a) => DEFINED_ATTRS.has(a.name));
  return clash ? err('malformed-request', `unexpected attribute ${clash.name}`) : ok(true);
}

function parseCbindFlag(field: string): CbindFlag | undefined {
  if (field === 'n' || field === 'y') return { flag: field };
  if (!field.startsWith('p=')) return undefined;
  const cbName = field.slice(2);
  return CB_NAME.test(cbName) ? { flag: 'p', cbName } : undefined;
}

function parseGs2(cbindField: string, authzidField: string): Parsed<{ cbind: CbindFlag; authzid: string | undefined }> {
  const cbind = parseCbindFlag(cbindField);
  if (!cbind) return err('malformed-request', 'gs2 channel-binding flag');
  if (authzidField === '') return ok({ cbind, authzid: undefined });
  const authzid = authzidField.startsWith('a=') ? decodeSaslname(authzidField.slice(2)) : undefined;
  return authzid === undefined ? err('malformed-request', 'gs2 authzid') : ok({ cbind, authzid });
}

export function parseClientFirst(message: Buffer): Parsed<ClientFirst> {
  const text = decodeText(message);
  if (text === undefined) return err('malformed-request', 'not UTF-8, or contains NUL');
  const parts = text.split(',');
  if (parts.length < 4) return err('malformed-request', 'client-first-message too short');
  const gs2 = parseGs2(parts[0]!, parts[1]!);
  if (!gs2.ok) return gs2;
  const attrs = parseAttrs(parts.slice(2));
  if (!attrs.ok) return attrs;
  const [n, r, ...extensions] = attrs.value;
  if (n?.name !== 'n') return err('malformed-request', 'missing username');
  if (r?.name !== 'r') return err('malformed-request', 'missing nonce');
  const ext = checkExtensions(extensions);
  if (!ext.ok) return ext;
  const username = decodeSaslname(n.value);
  if (username === undefined) return err('malformed-request', 'username encoding');
  if (!PRINTABLE.test(r.value)) return err('malformed-request', 'nonce characters');
  return ok({
    gs2Header: `${parts[0]},${parts[1]},`,
    ...gs2.value,
    bare: parts.slice(2).join(','),
    username,
    clientNonce: r.value,
  });
}

export function parseClientFinal(message: Buffer): Parsed<ClientFinal> {
  const text = decodeText(message);
  if (text === undefined) return err('malformed-request', 'not UTF-8, or contains NUL');
  const parts = text.split(',');
  if (parts.length < 3) return err('malformed-request', 'client-final-message too short');
  const attrs = parseAttrs(parts);
  if (!attrs.ok) return attrs;
  const list = attrs.value;
  const [c, r] = list;
  const p = list[list.length - 1];
  if (c?.name !== 'c') return err('malformed-request', 'missing channel binding');
  if (r?.name !== 'r') return err('malformed-request', 'missing nonce');
  if (p?.name !== 'p') return err('malformed-request', 'missing proof');
  const ext = checkExtensions(list.slice(2, -1));
  if (!ext.ok) return ext;
  if (!PRINTABLE.test(r.value)) return err('malformed-request', 'nonce characters');
  const channelBinding = decodeBase64Strict(c.value);
  if (!channelBinding) return err('malformed-request', 'channel binding is not base64');
  const proof = decodeBase64Strict(p.value);
  if (!proof) return err('malformed-request', 'proof is not base64');
  return ok({ channelBinding, nonce: r.value, proof, withoutProof: parts.slice(0, -1).join(',') });
}
