// <stream:features/> for each phase of the negotiation (RFC 6120 §4.3.2, §5, §6, §7).
import { Element, xml } from '../../xml/element.js';
import { NS_BIND, NS_SASL, NS_SESSION, NS_STREAM, NS_TLS } from '../../xml/ns.js';

export interface FeatureOptions {
  offerStartTls: boolean;
  requireStartTls: boolean;
  /** Empty when SASL must wait for TLS. */
  mechanisms: readonly string[];
  authenticated: boolean;
  /** XEP-0440: the channel-binding types the -PLUS mechanisms accept (empty: none offered). */
  channelBindingTypes?: readonly string[];
}

const NS_SASL_CB = 'urn:xmpp:sasl-cb:0';

export function streamFeatures(o: FeatureOptions): Element {
  const features = xml('stream:features', { xmlns: NS_STREAM });
  if (o.authenticated) {
    // [decisions] 5: bind and the legacy session feature only after authentication, session as optional.
    features.append(
      xml('bind', { xmlns: NS_BIND }),
      xml('session', { xmlns: NS_SESSION }, xml('optional')),
    );
    return features;
  }
  if (o.offerStartTls) {
    features.append(xml('starttls', { xmlns: NS_TLS }, o.requireStartTls ? xml('required') : null));
  }
  if (o.mechanisms.length > 0) {
    features.append(xml('mechanisms', { xmlns: NS_SASL }, o.mechanisms.map((m) => xml('mechanism', null, m))));
    if (o.channelBindingTypes?.length && o.mechanisms.some((m) => m.endsWith('-PLUS'))) {
      features.append(xml('sasl-channel-binding', { xmlns: NS_SASL_CB }, o.channelBindingTypes.map((type) => xml('channel-binding', { type }))));
    }
  }
  return features;
}
