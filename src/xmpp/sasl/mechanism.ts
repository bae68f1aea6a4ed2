// The shape every server-side SASL mechanism has: a pure state machine over decoded bytes.
// [RFC 4422] §3 (exchanges), [RFC 6120] §6.4 (XMPP's use of them), §6.5 (failure conditions).
// No XML and no sockets here: the glue (session/sasl-negotiation.ts) base64-decodes <auth/> and
// <response/>, and renders each step as <challenge/>, <success/> or <failure/>.
import type { Credentials } from '../../auth/credentials.js';

/** [RFC 6120] §6.5: the defined SASL failure conditions. */
export type SaslFailure =
  | 'aborted' | 'account-disabled' | 'credentials-expired' | 'encryption-required' | 'incorrect-encoding'
  | 'invalid-authzid' | 'invalid-mechanism' | 'malformed-request' | 'mechanism-too-weak' | 'not-authorized'
  | 'temporary-auth-failure';

export type SaslStep =
  | { kind: 'challenge'; data: Buffer }
  /** `additionalData` goes into <success/> ([RFC 6120] §6.4.6), e.g. SCRAM's server-final-message. */
  | { kind: 'success'; username: string; additionalData?: Buffer }
  /**
   * `cbTypeUnsupported`: a -PLUS attempt named a channel-binding type the server lacks. The client may then
   * retry without channel binding ("y"), and that is no downgrade: from its view the server has none.
   */
  | { kind: 'failure'; condition: SaslFailure; text?: string; cbTypeUnsupported?: boolean };

export interface SaslServerMechanism {
  readonly name: string;
  /**
   * The <auth/> element: `initial` is its initial response, undefined when it carried none, an empty
   * buffer for "=" ([RFC 6120] §6.4.2).
   */
  start(initial: Buffer | undefined): SaslStep;
  /** Each <response/> after a challenge. After success or failure every call fails with malformed-request. */
  step(response: Buffer): SaslStep;
}

/** [RFC 5056] channel-binding types Parley can supply: tls-exporter ([RFC 9266]) or tls-server-end-point ([RFC 5929]). */
export type ChannelBindingType = 'tls-exporter' | 'tls-server-end-point';

export interface ChannelBinding {
  type: ChannelBindingType;
  data: Buffer;
}

export interface SaslDeps {
  /** Credentials by username, already normalized (NFC, lower-case localpart). */
  lookup(username: string): Credentials | undefined;
  /** The server's domain: an authzid written as a JID must name it ([RFC 6120] §6.3.8). Any domain when absent. */
  domain?: string;
  /** SCRAM s-nonce; printable ASCII without ",". Default: 18 random bytes, base64. */
  randomNonce?: () => string;
  /** Present when the channel can be bound (TLS 1.3 tls-exporter): enables -PLUS and refuses the "y" flag. */
  channelBinding?: ChannelBinding | undefined;
  /**
   * Key of the decoy salts and keys shown for unknown users. Default: random per process, so the decoy salt of a
   * name changes on restart; pass a persisted secret to keep it stable across restarts.
   */
  decoySecret?: Buffer;
  /** Iteration count shown for unknown users; use the one new credentials get (auth.scramIterations). Default 4096. */
  decoyIterations?: number;
}

export const challenge = (data: Buffer): SaslStep => ({ kind: 'challenge', data });

export const failure = (condition: SaslFailure, text?: string): SaslStep =>
  text === undefined ? { kind: 'failure', condition } : { kind: 'failure', condition, text };

export const success = (username: string, additionalData?: Buffer): SaslStep =>
  additionalData === undefined ? { kind: 'success', username } : { kind: 'success', username, additionalData };
