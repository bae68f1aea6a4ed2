// BOSH settings from the validated configuration: one place that knows both vocabularies.
import type { ParleyConfig } from '../../../config/schema.js';
import { outputCapBytes } from '../output-cap.js';
import type { BoshSettings } from './bosh-handler.js';

export function boshSettingsFrom(config: ParleyConfig): BoshSettings {
  const { bosh, xmpp } = config;
  // bosh.maxBodyBytes 0 = the stanza limit plus room for the <body/> envelope.
  const maxBodyBytes = bosh.maxBodyBytes || xmpp.stanzaSizeLimit + 1024;
  return {
    limits: {
      maxWaitS: bosh.maxWaitS,
      maxHold: bosh.maxHold,
      requests: bosh.requests,
      inactivityS: bosh.inactivityS,
      pollingS: bosh.pollingS,
      maxPauseS: bosh.maxPauseS,
      maxBufferBytes: outputCapBytes(config),
    },
    maxBodyBytes,
    parse: { maxBytes: xmpp.stanzaSizeLimit, marginBytes: Math.max(1024, maxBodyBytes - xmpp.stanzaSizeLimit), maxDepth: xmpp.maxDepth },
    maxCreationsPerAddressPerMinute: bosh.maxCreationsPerAddressPerMinute,
  };
}
