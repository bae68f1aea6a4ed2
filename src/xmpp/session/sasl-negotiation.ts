// The XML side of SASL (RFC 6120 §6.4): <auth/>, <challenge/>, <response/>, <success/>, <failure/>,
// <abort/>, base64 on the wire. The mechanisms themselves are pure (src/xmpp/sasl/).
import { Element, xml } from '../../xml/element.js';
import { NS_SASL } from '../../xml/ns.js';
import type { StreamTransport } from '../transport/transport.js';
import type { SaslFailure, SaslServerMechanism, SaslStep } from '../sasl/mechanism.js';

export interface SaslProvider {
  offered(ctx: { isSecure: boolean; allowPlaintextPlain: boolean; hasChannelBinding: boolean }): string[];
  create(name: string, ctx: { channelBinding: Buffer | undefined }): SaslServerMechanism | undefined;
}

export type SaslOutcome = { kind: 'pending' } | { kind: 'success'; username: string } | { kind: 'give-up' };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decode(text: string): Buffer | 'invalid' | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (t === '=') return Buffer.alloc(0); // RFC 6120 §6.4.2: "=" is an empty initial response
  if (t.length % 4 !== 0 || !BASE64.test(t)) return 'invalid';
  return Buffer.from(t, 'base64');
}

export class SaslNegotiation {
  #mechanism: SaslServerMechanism | undefined;
  #failures = 0;
  /**
   * COMPAT: slixmpp 1.8 tries SCRAM-*-PLUS with tls-unique (which TLS 1.3 lacks), then plain SCRAM with
   * the "y" flag. Once the client's channel-binding type was refused on this stream, "y" is honest, so
   * later attempts run without channel-binding data (no downgrade verdict).
   */
  #cbTypeRefused = false;

  constructor(
    private readonly provider: SaslProvider,
    private readonly transport: StreamTransport,
    private readonly maxAttempts: number,
    private readonly allowPlaintextPlain: boolean,
  ) {}

  handle(el: Element): SaslOutcome {
    if (el.is('auth', NS_SASL)) return this.#auth(el);
    if (el.is('response', NS_SASL)) return this.#response(el);
    if (el.is('abort', NS_SASL)) {
      this.#mechanism = undefined;
      return this.#fail('aborted');
    }
    return this.#fail('malformed-request');
  }

  #auth(el: Element): SaslOutcome {
    const name = el.attr('mechanism') ?? '';
    const offered = this.provider.offered({
      isSecure: this.transport.isSecure,
      allowPlaintextPlain: this.allowPlaintextPlain,
      hasChannelBinding: this.transport.channelBinding?.() !== undefined,
    });
    const binding = this.#cbTypeRefused && !name.endsWith('-PLUS') ? undefined : this.transport.channelBinding?.();
    const mechanism = offered.includes(name) ? this.provider.create(name, { channelBinding: binding }) : undefined;
    if (!mechanism) return this.#fail('invalid-mechanism');
    const initial = decode(el.text());
    if (initial === 'invalid') return this.#fail('incorrect-encoding');
    this.#mechanism = mechanism;
    return this.#apply(mechanism.start(initial));
  }

  #response(el: Element): SaslOutcome {
    const mechanism = this.#mechanism;
    if (!mechanism) return this.#fail('malformed-request');
    const data = decode(el.text());
    if (data === 'invalid') return this.#fail('incorrect-encoding');
    return this.#apply(mechanism.step(data ?? Buffer.alloc(0)));
  }

  #apply(step: SaslStep): SaslOutcome {
    switch (step.kind) {
      case 'challenge':
        this.transport.send(xml('challenge', { xmlns: NS_SASL }, step.data.length ? step.data.toString('base64') : '='));
        return { kind: 'pending' };
      case 'success':
        this.#mechanism = undefined;
        this.transport.send(xml('success', { xmlns: NS_SASL }, step.additionalData?.length ? step.additionalData.toString('base64') : null));
        return { kind: 'success', username: step.username };
      case 'failure':
        this.#mechanism = undefined;
        if (step.cbTypeUnsupported) this.#cbTypeRefused = true;
        return this.#fail(step.condition, step.text);
    }
  }

  #fail(condition: SaslFailure, text?: string): SaslOutcome {
    this.#mechanism = undefined;
    this.transport.send(xml('failure', { xmlns: NS_SASL }, xml(condition), text ? xml('text', { 'xml:lang': 'en' }, text) : null));
    this.#failures++;
    return this.#failures >= this.maxAttempts ? { kind: 'give-up' } : { kind: 'pending' };
  }
}
