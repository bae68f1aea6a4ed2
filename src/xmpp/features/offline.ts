// Offline storage (XEP-0160, RFC 6121 §8.5.2.2): normal and chat messages for a user with no available
// resource are kept, up to a per-user quota (oldest dropped first), and delivered after the next initial
// presence with a XEP-0203 delay. Pubsub notifications are untyped messages, so they are stored too,
// as Finesse does ([decisions] 1; log wording from [notification-service] §0.7).
import { Element, serialize, xml } from '../../xml/element.js';
import { NS_DELAY } from '../../xml/ns.js';
import { parseElement } from '../../xml/parse.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { OfflineQuota, OfflineStore } from '../../storage/stores.js';
import { parseJid } from '../jid.js';
import type { BoundSession } from '../session/session-registry.js';

const NS_HINTS = 'urn:xmpp:hints';
const NS_CHATSTATES = 'http://jabber.org/protocol/chatstates';

export interface OfflineDeps {
  store: OfflineStore;
  quota: OfflineQuota;
  domain: string;
  clock: Clock;
  log: Logger;
}

/** Whether XEP-0160 / XEP-0334 allow storing this message. */
export function isStorable(stanza: Element): boolean {
  if (stanza.localName !== 'message') return false;
  const type = stanza.attr('type') ?? 'normal';
  if (type !== 'normal' && type !== 'chat') return false;
  if (stanza.getChild('no-store', NS_HINTS) || stanza.getChild('no-permanent-store', NS_HINTS)) return false;
  if (stanza.getChild('store', NS_HINTS)) return true;
  const children = stanza.elements();
  // A message with nothing but a chat state notification is not worth keeping.
  return !(children.length > 0 && children.every((c) => c.ns === NS_CHATSTATES));
}

export function createOfflineStorage(deps: OfflineDeps) {
  return {
    /** Keeps the message for its recipient; false when it may not or cannot be stored. */
    store(stanza: Element): boolean {
      if (!isStorable(stanza)) return false;
      const to = parseJid(stanza.attr('to') ?? '');
      if (!to) return false;
      const text = serialize(stanza);
      deps.log.debug(`Unable to route packet. No session is available so store offline. ${text}`);
      const { dropped, rejected } = deps.store.push(to.bare, text, deps.clock.now(), deps.quota);
      if (rejected) {
        deps.log.info(`Offline message for ${to.bare} refused: ${Buffer.byteLength(text)} bytes exceed the quota of ${deps.quota.maxBytes} bytes`);
        return false;
      }
      if (dropped > 0) deps.log.info(`Offline quota of ${to.bare} reached: dropped ${dropped} oldest message(s)`);
      return true;
    },

    /** Delivers what was stored for the session's user, oldest first, each with a delay stamp. */
    deliverTo(session: BoundSession): number {
      const messages = deps.store.take(session.jid.bare);
      for (const m of messages) {
        const parsed = parseElement(m.stanza);
        if (!parsed.ok) {
          deps.log.warn(`Dropping an unreadable offline message for ${m.to} (${parsed.error})`);
          continue;
        }
        const stanza = parsed.value;
        stanza.append(xml('delay', { xmlns: NS_DELAY, from: deps.domain, stamp: new Date(m.storedAt).toISOString() }, 'Offline Storage'));
        session.deliver(stanza);
      }
      return messages.length;
    },

    count(bareJid: string): number {
      return deps.store.count(bareJid);
    },
  };
}

export type OfflineStorage = ReturnType<typeof createOfflineStorage>;
