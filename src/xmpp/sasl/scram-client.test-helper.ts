// A small SCRAM client for tests ([RFC 5802] §3, §5), written from the RFC without using Parley's
// credentials.ts, so that a server bug there cannot hide behind the same bug here. Exported for other
// tests that need to log in with SCRAM. Not for production: it trusts its inputs and skips SASLprep.
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SaslServerMechanism, SaslStep } from './mechanism.js';

export type ScramClientHash = 'SHA-1' | 'SHA-256';

export interface ScramClientOptions {
  hash: ScramClientHash;
  username: string;
  /** The password; or give `saltedPassword` to skip PBKDF2 (e.g. with huge iteration counts). */
  password?: string;
  saltedPassword?: Buffer;
  authzid?: string;
  /** c-nonce; random when omitted. */
  clientNonce?: string;
  /** Makes the gs2-header "p=<type>" and appends `data` to c=. */
  channelBinding?: { type: string; data: Buffer };
  /** Without channel binding: "n" (client does not support it) or "y" (client does, server seemed not to). */
  gs2Flag?: 'n' | 'y';
  /** Extensions to put between r= and p= in client-final, e.g. "x=1" (servers must ignore unknown ones). */
  finalExtensions?: string;
}

const algo = (h: ScramClientHash): string => (h === 'SHA-1' ? 'sha1' : 'sha256');
const mac = (h: ScramClientHash, key: Buffer, data: string | Buffer): Buffer => createHmac(algo(h), key).update(data).digest();

/** saslname encoding: "=" → "=3D", "," → "=2C" (order matters). */
export function encodeSaslname(s: string): string {
  return s.replaceAll('=', '=3D').replaceAll(',', '=2C');
}

export class ScramClient {
  readonly gs2Header: string;
  readonly clientFirstBare: string;
  #authMessage = '';
  #saltedPassword: Buffer | undefined;

  constructor(readonly opts: ScramClientOptions) {
    const flag = opts.channelBinding ? `p=${opts.channelBinding.type}` : (opts.gs2Flag ?? 'n');
    const authzid = opts.authzid === undefined ? '' : `a=${encodeSaslname(opts.authzid)}`;
    this.gs2Header = `${flag},${authzid},`;
    const nonce = opts.clientNonce ?? randomBytes(18).toString('base64');
    this.clientFirstBare = `n=${encodeSaslname(opts.username)},r=${nonce}`;
    this.#saltedPassword = opts.saltedPassword;
  }

  get saltedPassword(): Buffer | undefined {
    return this.#saltedPassword;
  }

  first(): Buffer {
    return Buffer.from(this.gs2Header + this.clientFirstBare, 'utf8');
  }

  /** The client-final-message for a server-first-message; throws if the server's message is unusable. */
  final(serverFirst: Buffer): Buffer {
    const sf = serverFirst.toString('utf8');
    const attrs = new Map(sf.split(',').map((kv) => [kv.slice(0, 1), kv.slice(2)]));
    const nonce = attrs.get('r') ?? '';
    const clientNonce = this.clientFirstBare.slice(this.clientFirstBare.indexOf(',r=') + 3);
    if (!nonce.startsWith(clientNonce) || nonce === clientNonce) throw new Error(`bad server nonce in ${sf}`);
    const salt = Buffer.from(attrs.get('s') ?? '', 'base64');
    const iterations = Number(attrs.get('i'));
    const h = this.opts.hash;
    this.#saltedPassword ??= pbkdf2Sync(this.opts.password ?? '', salt, iterations, h === 'SHA-1' ? 20 : 32, algo(h));
    const cbind = Buffer.concat([Buffer.from(this.gs2Header, 'utf8'), this.opts.channelBinding?.data ?? Buffer.alloc(0)]);
    const extensions = this.opts.finalExtensions ? `,${this.opts.finalExtensions}` : '';
    const withoutProof = `c=${cbind.toString('base64')},r=${nonce}${extensions}`;
    this.#authMessage = `${this.clientFirstBare},${sf},${withoutProof}`;
    const clientKey = mac(h, this.#saltedPassword, 'Client Key');
    const storedKey = createHash(algo(h)).update(clientKey).digest();
    const signature = mac(h, storedKey, this.#authMessage);
    const proof = Buffer.from(clientKey.map((b, i) => b ^ signature[i]!));
    return Buffer.from(`${withoutProof},p=${proof.toString('base64')}`, 'utf8');
  }

  /** True when the server-final-message proves the server knows ServerKey (mutual authentication). */
  verifyServerFinal(additionalData: Buffer | undefined): boolean {
    if (!additionalData || !this.#saltedPassword) return false;
    const serverKey = mac(this.opts.hash, this.#saltedPassword, 'Server Key');
    const expected = Buffer.from(`v=${mac(this.opts.hash, serverKey, this.#authMessage).toString('base64')}`);
    return expected.length === additionalData.length && timingSafeEqual(expected, additionalData);
  }
}

export interface ScramLogin {
  client: ScramClient;
  serverFirst: SaslStep;
  /** The server's answer to client-final (or the first failure). */
  result: SaslStep;
}

/** Runs a whole exchange against a server mechanism, sending client-first as the initial response. */
export function scramLogin(mechanism: SaslServerMechanism, opts: ScramClientOptions): ScramLogin {
  const client = new ScramClient(opts);
  const serverFirst = mechanism.start(client.first());
  if (serverFirst.kind !== 'challenge') return { client, serverFirst, result: serverFirst };
  return { client, serverFirst, result: mechanism.step(client.final(serverFirst.data)) };
}
