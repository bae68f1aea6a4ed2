// Idle BOSH sessions, as the product document describes them ([notification-service] §0.6, §0.7): a
// desktop that vanishes (its held request aborted) is closed after `inactivity`, the Openfire-style lines
// go to DATA/logs/desktop/openfire/{debug,info}.log, unavailable presence reaches the watchers, and the
// stanzas it never received go to offline storage. Also SIGTERM's terminate bodies.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { xml } from '../../src/xml/element.js';
import { ManualClock } from '../../src/shared/clock.js';
import type { PresenceEvent } from '../../src/xmpp/features/presence.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { BoshTestClient, terminateOf } from '../helpers/bosh-client.js';
import { TestXmppClient } from '../helpers/xmpp-client.js';

const DOMAIN = 'fin1.ucce.local';
const logOf = (ts: TestServer, name: 'info' | 'debug'): string => {
  try {
    return readFileSync(join(ts.data, 'logs', 'desktop', 'openfire', `${name}.log`), 'utf8');
  } catch {
    return '';
  }
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Holds a long poll and aborts it, as a closed browser tab does; resolves once the request is gone. */
async function vanish(c: BoshTestClient): Promise<void> {
  await c.send([], {}, { onRequest: (req) => setTimeout(() => req.destroy(), 150) }).catch(() => undefined);
  await sleep(100); // let the server see the socket close
}

describe('BOSH idle detection in real time (inactivity 2 s, debug logging on)', () => {
  let ts: TestServer;
  before(async () => {
    ts = await startTestServer({ fqdn: DOMAIN, inactivity: 2, logLevel: 'debug' });
  });
  after(async () => {
    await ts.stop();
  });

  it('a desktop that vanishes is closed after 2 s: log lines, unavailable presence to watchers, nothing lost', async () => {
    const tcp = { port: ts.ready.ports.xmpp!, ca: ts.ready.ca, domain: DOMAIN };
    const watcher = await TestXmppClient.login({ ...tcp, username: '1001002', password: 'agent', resource: 'watcher' });
    const events: (PresenceEvent & { at: number })[] = [];
    const off = ts.server.notification.presence.onPresence((e) => { if (e.jid.local === '1001003') events.push({ ...e, at: Date.now() }); });

    const desktop = new BoshTestClient({ port: ts.ready.ports.notification!, ca: ts.ready.ca, domain: DOMAIN });
    await desktop.login('1001003', 'agent', 'desktop');
    // Directed presence to the watcher, so the watcher is owed unavailable at the end (RFC 6121 §4.6.2).
    // Nothing comes back for it, so this request stays held: it is the long poll.
    const held = desktop.send([xml('presence', { xmlns: 'jabber:client', to: `1001002@${DOMAIN}/watcher` })]);
    await watcher.waitFor((el) => el.is('presence') && el.attr('from') === `1001003@${DOMAIN}/desktop` && el.attr('type') === undefined);

    await vanish(desktop); // its request answers the held one (hold=1), then it is aborted
    assert.equal((await held).body?.elements().length, 0);
    const vanishedAt = Date.now();
    // A message for the vanished desktop: buffered, never collected, then re-routed to offline storage.
    watcher.send(xml('message', { to: `1001003@${DOMAIN}/desktop`, type: 'chat', id: 'while-away' }, xml('body', null, 'are you there?')));

    const unavailable = await watcher.waitFor((el) => el.is('presence') && el.attr('from') === `1001003@${DOMAIN}/desktop` && el.attr('type') === 'unavailable', 6_000);
    assert.ok(unavailable);
    const elapsed = Date.now() - vanishedAt;
    assert.ok(elapsed >= 1_800 && elapsed < 4_000, `closed ${elapsed} ms after the client vanished`);
    off();
    const gone = events.find((e) => e.type === 'unavailable');
    assert.ok(gone, 'the web services\' presence observer saw unavailable');
    assert.match(gone.reason ?? '', /silent/);

    const info = logOf(ts, 'info');
    const closing = new RegExp(`^\\d{4}\\.\\d\\d\\.\\d\\d \\d\\d:\\d\\d:\\d\\d Closing idle session \\(id=([0-9a-f]{8})\\): 1001003@${DOMAIN}/desktop after being inactive for more than threshold value of 2$`, 'm');
    const m = closing.exec(info);
    assert.ok(m, info);
    const closedFor = info.indexOf(`A session is being closed for 1001003@${DOMAIN}/desktop`, m.index);
    assert.ok(closedFor > m.index, 'the presence service\'s line follows the closing line');
    const debug = logOf(ts, 'debug');
    const lastActive = new RegExp(`Session \\(id=${m[1]}\\) was last active (\\d+) ms ago: 1001003@${DOMAIN}/desktop`);
    const la = lastActive.exec(debug);
    assert.ok(la, debug);
    assert.ok(Number(la[1]) >= 2_000, la[0]);
    assert.ok(!info.includes(desktop.sid) && !debug.includes(desktop.sid), '§2.8: the sid itself is never logged');

    assert.equal(terminateOf(await desktop.send()), 'item-not-found', 'B11: the session is gone');

    // The message the desktop never collected waits in offline storage for the next login.
    const back = await TestXmppClient.login({ ...tcp, username: '1001003', password: 'agent', resource: 'desktop' });
    const stored = await back.waitFor((el) => el.is('message') && el.attr('id') === 'while-away');
    assert.equal(stored.getChildText('body'), 'are you there?');
    back.close();
    watcher.close();
  });

  it('an unacknowledged response is not lost either: its stanzas are re-routed when the session dies', async () => {
    const desktop = new BoshTestClient({ port: ts.ready.ports.notification!, ca: ts.ready.ca, domain: DOMAIN });
    await desktop.login('1001008', 'agent', 'desktop');
    // The event is written on the held request, but the client never acknowledges it (no later request).
    const poll = desktop.send();
    setTimeout(() => ts.server.pubsub.publishInternal('/finesse/api/User/1001008', '<Update><n>unacked</n></Update>'), 50);
    const r = await poll;
    assert.ok(r.body?.getChild('message'));
    const before = ts.server.stores.offline.count(`1001008@${DOMAIN}`);
    await sleep(2_600);
    assert.equal(terminateOf(await desktop.send()), 'item-not-found');
    assert.equal(ts.server.stores.offline.count(`1001008@${DOMAIN}`), before + 1, 'the unacknowledged event went to offline storage');
  });

  it('SIGTERM: server.stop() answers held requests with terminate system-shutdown', async () => {
    const c = new BoshTestClient({ port: ts.ready.ports.notification!, ca: ts.ready.ca, domain: DOMAIN });
    await c.login('1001009', 'agent');
    const poll = c.send();
    const fresh = new BoshTestClient({ port: ts.ready.ports.https!, ca: ts.ready.ca, domain: DOMAIN });
    await fresh.create(); // not authenticated yet
    const freshPoll = fresh.send();
    await sleep(100);
    const t0 = Date.now();
    await ts.stop();
    assert.ok(Date.now() - t0 < 5_000, '[contract]: within 5 seconds');
    assert.equal(terminateOf(await poll), 'system-shutdown');
    assert.equal(terminateOf(await freshPoll), 'system-shutdown');
  });
});

describe('BOSH idle detection on a manual clock (the defaults: inactivity 60 s, 30-second sweep)', () => {
  let ts: TestServer;
  const clock = new ManualClock(Date.now());
  before(async () => {
    ts = await startTestServer({ fqdn: DOMAIN, logLevel: 'debug' }, { clock });
  });
  after(async () => {
    await ts.stop();
  });

  it('logs "last active" every 30 s and closes the session exactly 60 s after its last request ended', async () => {
    const events: (PresenceEvent & { at: number })[] = [];
    ts.server.notification.presence.onPresence((e) => { if (e.jid.local === '1001010') events.push({ ...e, at: clock.now() }); });
    const desktop = new BoshTestClient({ port: ts.ready.ports.notification!, ca: ts.ready.ca, domain: DOMAIN });
    await desktop.login('1001010', 'agent', 'desktop');
    // Time stands still while the desktop logs in; now it vanishes.
    await vanish(desktop);
    const t0 = clock.now();
    clock.advance(30_000);
    clock.advance(29_999);
    assert.equal(events.filter((e) => e.type === 'unavailable').length, 0, 'not before 60 s');
    clock.advance(1);
    const gone = events.find((e) => e.type === 'unavailable');
    assert.equal(gone?.at, t0 + 60_000, 'unavailable exactly 60 s after the last request ended');

    const debug = logOf(ts, 'debug').split('\n').filter((l) => l.includes('was last active'));
    const id = /id=([0-9a-f]{8})/.exec(debug[0] ?? '')?.[1];
    assert.ok(id, debug.join('\n'));
    assert.deepEqual(debug.map((l) => l.replace(/^\S+ \S+ /, '')), [
      `Session (id=${id}) was last active 30000 ms ago: 1001010@${DOMAIN}/desktop`,
      `Session (id=${id}) was last active 60000 ms ago: 1001010@${DOMAIN}/desktop`,
    ]);
    const info = logOf(ts, 'info').split('\n').map((l) => l.replace(/^\S+ \S+ /, ''));
    const i = info.indexOf(`Closing idle session (id=${id}): 1001010@${DOMAIN}/desktop after being inactive for more than threshold value of 60`);
    assert.ok(i >= 0, info.join('\n'));
    assert.equal(info[i + 1], `A session is being closed for 1001010@${DOMAIN}/desktop`);
  });
});
