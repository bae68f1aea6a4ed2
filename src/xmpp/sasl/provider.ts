// The SaslProvider that session/sasl-negotiation.ts asks for: the offer list and one mechanism per attempt.
// The transport hands over raw channel-binding bytes only on TLS 1.3, as tls-exporter ([RFC 9266] §2:
// exportKeyingMaterial(32, "EXPORTER-Channel-Binding", empty context)).
import type { SaslProvider } from '../session/sasl-negotiation.js';
import type { SaslDeps } from './mechanism.js';
import { createMechanism, offeredMechanisms } from './mechanisms.js';

/** Everything a mechanism needs except the per-connection channel binding. */
export type SaslProviderOptions = Omit<SaslDeps, 'channelBinding'>;

export function saslProvider(options: SaslProviderOptions): SaslProvider {
  return {
    offered: function offered(ctx) {
      return offeredMechanisms(ctx);
    },
    create: function create(name, { channelBinding }) {
      return createMechanism(name, {
        ...options,
        channelBinding: channelBinding ? { type: 'tls-exporter', data: channelBinding } : undefined,
      });
    },
  };
}
