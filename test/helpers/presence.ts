// Waits for what the server's internal presence observers see (the web services' presence monitor is one
// of them): the way a test learns that a session became available or ended, whatever its transport.
import type { PresenceEvent } from '../../src/xmpp/features/presence.js';
import type { TestServer } from './test-server.js';

/**
 * Resolves with the next presence event of the full JID `jid` of this type. Subscribes at once, so call
 * it before the action that causes the event; rejects after `timeoutMs`.
 */
export function nextPresence(ts: TestServer, jid: string, type: PresenceEvent['type'], timeoutMs = 5000): Promise<PresenceEvent & { at: number }> {
  const p = new Promise<PresenceEvent & { at: number }>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${type} presence of ${jid} within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = ts.server.notification.presence.onPresence((e) => {
      if (e.jid.full !== jid || e.type !== type) return;
      clearTimeout(timer);
      off();
      resolve({ ...e, at: Date.now() });
    });
  });
  p.catch(() => {}); // a test that failed before awaiting it reports its own error, not this one
  return p;
}
