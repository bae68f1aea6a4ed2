// Interoperability with Strophe.js 5 (npm strophe.js, the library of the Finesse desktop's EventTunnel)
// over XMPP-over-WebSocket, in Node (test/helpers/strophe.ts: a `ws` global that verifies the server
// against the ready line's CA). The client connects to `wss://localhost:<port>/ws/` with the trailing
// slash, as EventTunnel does ([finesse-api] §5.2), on the notification port and on the https port, logs
// in with the SASL mechanism it prefers, waits for the finesse presence, receives a pubsub event,
// disconnects, and logs in again; a second login with the same resource ends the first with conflict.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { nextPresence } from '../helpers/presence.js';
import { $pres, fromFinesse, pubsubEvent, Strophe, StropheClient, trustCa } from '../helpers/strophe.js';

let ts: TestServer;
let untrust: (() => void) | undefined;
before(async () => {
  ts = await startTestServer();
  untrust = trustCa(ts.ready.ca);
});
after(async () => {
  untrust?.();
  await ts?.stop();
});

async function loginReceiveAndLeave(port: number, round: number): Promise<void> {
  const c = new StropheClient(`wss://localhost:${port}/ws/`, 5000);
  await c.connect('1001014@localhost/desktop', 'agent');
  assert.equal(c.conn.jid, '1001014@localhost/desktop');
  assert.ok(c.transcript.some((l) => l.startsWith('IN  <open ')), 'RFC 7395 framing');
  c.conn.send($pres());
  await c.waitFor(fromFinesse, 'finesse presence');

  const update = `<Update><data><user/></data><event>PUT</event><requestId>round-${round}</requestId><source>/finesse/api/User/1001014</source></Update>`;
  ts.server.pubsub.publishInternal('/finesse/api/User/1001014', update);
  // The user's node: the last SystemInfo item (published when the CTI link came up) may arrive first.
  const m = await c.waitFor((s) => pubsubEvent(s) && s.getElementsByTagName('items')[0]?.getAttribute('node') === '/finesse/api/User/1001014', 'pubsub event');
  const item = m.getElementsByTagName('items')[0];
  assert.equal(item?.getAttribute('node'), '/finesse/api/User/1001014');
  assert.equal(m.getElementsByTagName('notification')[0]?.textContent, update);

  const gone = nextPresence(ts, '1001014@localhost/desktop', 'unavailable', 3000);
  c.conn.disconnect('done');
  await c.disconnected();
  assert.equal((await gone).type, 'unavailable');
}

describe('interop: Strophe.js 5 over WebSocket', () => {
  it('logs in on wss://…/ws/, receives the finesse presence and a pubsub event, disconnects, and does it again', async () => {
    await loginReceiveAndLeave(ts.ready.ports.notification!, 1);
    await loginReceiveAndLeave(ts.ready.ports.notification!, 2);
    await loginReceiveAndLeave(ts.ready.ports.https!, 3);
  });

  it('sees the stream error when a second login with the same resource replaces it (conflict)', async () => {
    const first = new StropheClient(`wss://localhost:${ts.ready.ports.notification!}/ws/`, 5000);
    await first.connect('1001015@localhost/desktop', 'agent');
    const second = new StropheClient(`wss://localhost:${ts.ready.ports.notification!}/ws/`, 5000);
    await second.connect('1001015@localhost/desktop', 'agent');
    await first.disconnected();
    assert.ok(first.statuses.some(([s, cond]) => s === Strophe.Status.ERROR && cond === 'conflict'), JSON.stringify(first.statuses));
    second.conn.disconnect('done');
    await second.disconnected();
  });
});
