// Which SASL mechanisms to offer, and building one by name ([RFC 6120] §6.3.3, [notification-service] §2.4).
// SCRAM-SHA-1 and SCRAM-SHA-1-PLUS are mandatory to implement ([RFC 6120] §13.8); PLAIN is offered only on
// an encrypted stream unless the operator allowed plaintext ([notification-service] §2.4, §2.8).
import { plainMechanism } from './plain.js';
import { failure, type SaslDeps, type SaslServerMechanism } from './mechanism.js';
import { scramMechanism } from './scram.js';

/**
 * Upper bound on one decoded SASL message. The largest honest one is a SCRAM client-final-message of a few
 * hundred bytes, or PLAIN at up to ~4 KiB with Parley's field limits.
 */
export const MAX_SASL_MESSAGE_BYTES = 8192;

/** Strongest first: clients usually take the first one they support. */
export const MECHANISM_NAMES = ['SCRAM-SHA-256-PLUS', 'SCRAM-SHA-1-PLUS', 'SCRAM-SHA-256', 'SCRAM-SHA-1', 'PLAIN'] as const;
export type MechanismName = (typeof MECHANISM_NAMES)[number];

export interface OfferContext {
  /** The stream is encrypted (TLS, HTTPS, WSS). */
  isSecure: boolean;
  /** Operator's choice to allow PLAIN without TLS (xmpp.allowPlaintextAuth). */
  allowPlaintextPlain: boolean;
  /** Channel-binding data is available (TLS 1.3 tls-exporter): the -PLUS variants can run. */
  hasChannelBinding: boolean;
}

export function offeredMechanisms(ctx: OfferContext): MechanismName[] {
  return MECHANISM_NAMES.filter((name) => {
    if (name.endsWith('-PLUS')) return ctx.isSecure && ctx.hasChannelBinding;
    if (name === 'PLAIN') return ctx.isSecure || ctx.allowPlaintextPlain;
    return true;
  });
}

/** Fails any message over `maxBytes` with malformed-request, and everything after it. */
export function withSizeLimit(inner: SaslServerMechanism, maxBytes = MAX_SASL_MESSAGE_BYTES): SaslServerMechanism {
  let isOverLimit = false;
  function tooLarge(data: Buffer | undefined): boolean {
    if (data !== undefined && data.length > maxBytes) isOverLimit = true;
    return isOverLimit;
  }
  return {
    name: inner.name,
    start(initial) {
      return tooLarge(initial) ? failure('malformed-request', 'message too large') : inner.start(initial);
    },
    step(response) {
      return tooLarge(response) ? failure('malformed-request', 'message too large') : inner.step(response);
    },
  };
}

/**
 * A fresh mechanism for one authentication attempt, or undefined for a name Parley does not implement
 * (the glue answers invalid-mechanism) and for a -PLUS name without channel-binding data.
 */
export function createMechanism(name: string, deps: SaslDeps): SaslServerMechanism | undefined {
  switch (name) {
    case 'PLAIN': return withSizeLimit(plainMechanism(deps));
    case 'SCRAM-SHA-1': return withSizeLimit(scramMechanism('SHA-1', false, deps));
    case 'SCRAM-SHA-256': return withSizeLimit(scramMechanism('SHA-256', false, deps));
    case 'SCRAM-SHA-1-PLUS': return deps.channelBinding ? withSizeLimit(scramMechanism('SHA-1', true, deps)) : undefined;
    case 'SCRAM-SHA-256-PLUS': return deps.channelBinding ? withSizeLimit(scramMechanism('SHA-256', true, deps)) : undefined;
    default: return undefined;
  }
}
