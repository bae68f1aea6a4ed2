// How much unread output a slow client may pile up (any transport) before its session is closed with
// policy-violation and the rest rerouted ([notification-service] §2.8 back-pressure).
import type { ParleyConfig } from '../../config/schema.js';

export const outputCapBytes = (config: Pick<ParleyConfig, 'xmpp'>): number => Math.max(4 * 1024 * 1024, 4 * config.xmpp.stanzaSizeLimit);
