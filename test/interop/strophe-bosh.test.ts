// Interoperability with Strophe.js 5 (npm strophe.js, the library of the Finesse desktop) over BOSH, in
// Node (test/helpers/strophe.ts: xhr2 as XMLHttpRequest, certificates verified against the ready line's
// CA). The client asks for wait=30, hold=1 as the desktop does, checks what the server advertised, logs
// in, receives a pubsub event, disconnects with a terminate body, and logs in again.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { nextPresence } from '../helpers/presence.js';
import { $pres, fromFinesse, pubsubEvent, StropheClient, trustCa } from '../helpers/strophe.js';

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

async function loginReceiveAndLeave(url: string, round: number): Promise<void> {
  const c = new StropheClient(url);
  await c.connect('1001013@localhost/desktop', 'agent', { wait: 30, hold: 1 }); // what the Finesse desktop asks for (§0.3)
  assert.equal(c.conn.jid, '1001013@localhost/desktop');
  // What the server advertised, as Strophe understood it.
  assert.equal(c.boshProto.wait, 30);
  assert.equal(c.boshProto.hold, 1);
  assert.equal(c.boshProto.window, 2, 'requests');
  assert.equal(c.boshProto.inactivity, 60);
  assert.ok(c.transcript.some((l) => /^OUT .*xmpp:restart=['"]true['"]/.test(l)), 'X3: Strophe restarted the stream');
  c.conn.send($pres());
  await c.waitFor(fromFinesse, 'finesse presence');

  const update = `<Update><data><user/></data><event>PUT</event><requestId>bosh-${round}</requestId><source>/finesse/api/User/1001013</source></Update>`;
  setTimeout(() => ts.server.pubsub.publishInternal('/finesse/api/User/1001013', update), 300); // on the held long poll
  // The user's node: the last SystemInfo item (published when the CTI link came up) may arrive first.
  const m = await c.waitFor((s) => pubsubEvent(s) && s.getElementsByTagName('items')[0]?.getAttribute('node') === '/finesse/api/User/1001013', 'pubsub event');
  assert.equal(m.getElementsByTagName('items')[0]?.getAttribute('node'), '/finesse/api/User/1001013');
  assert.equal(m.getElementsByTagName('notification')[0]?.textContent, update);

  const gone = nextPresence(ts, '1001013@localhost/desktop', 'unavailable', 3000);
  c.conn.disconnect('done'); // a terminate body carrying unavailable presence (B14)
  await c.disconnected();
  assert.equal((await gone).type, 'unavailable');
  assert.ok(c.transcript.some((l) => /^OUT .*type=['"]terminate['"]/.test(l)), 'Strophe sent terminate');
}

describe('interop: Strophe.js 5 over BOSH', () => {
  it('logs in with wait=30 hold=1, receives a pubsub event, disconnects and logs in again', async () => {
    await loginReceiveAndLeave(`https://localhost:${ts.ready.ports.notification!}/http-bind`, 1);
    await loginReceiveAndLeave(`https://localhost:${ts.ready.ports.notification!}/http-bind`, 2);
    await loginReceiveAndLeave(`https://localhost:${ts.ready.ports.https!}/http-bind/`, 3);
  });
});
