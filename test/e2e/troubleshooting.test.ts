// The checks docs/troubleshooting.md tells an operator to make, each verified here (the others are
// verified by the tests the guide names: bosh-idle, diagnostics, cti-tls-refusals, xmpp-websocket…).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { connect as tlsConnect } from 'node:tls';
import { callAdmin } from '../../src/admin/admin-client.js';
import { adminSocketPath } from '../../src/admin/socket-path.js';
import { MemoryLogger } from '../../src/shared/logger.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let ts: TestServer;
const log = new MemoryLogger(true);
before(async () => { ts = await startTestServer({ logLevel: 'debug' }, { log }); });
after(async () => { await ts.stop(); });

const admin = async (...words: string[]) => {
  const r = await callAdmin(adminSocketPath(ts.data), words);
  if (!r.ok) throw new Error(r.message);
  return r;
};

describe('troubleshooting guide', () => {
  it('"Is the server up?": /health answers 200 with the session count on both HTTPS ports', async () => {
    for (const port of [ts.ready.ports.https!, ts.ready.ports.notification!]) {
      const body = await new Promise<string>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: '/health', servername: 'localhost', ca: readFileSync(ts.ready.ca) }, (res) => {
          assert.equal(res.statusCode, 200);
          let b = '';
          res.on('data', (c) => { b += c; });
          res.on('end', () => resolve(b));
        }).on('error', reject).end();
      });
      assert.deepEqual(JSON.parse(body), { status: 'ok', sessions: 0 });
    }
  });

  it('"Certificate errors": a client that does not trust the certificate leaves a debug line naming the port', async () => {
    await new Promise<void>((resolve) => {
      const s = tlsConnect({ host: '127.0.0.1', port: ts.ready.ports.https!, servername: 'localhost' }); // no CA: the client refuses
      s.once('error', () => resolve());
      s.once('secureConnect', () => { s.destroy(); resolve(); });
    });
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(log.lines.some((l) => l.level === 'debug' && /^TLS handshake failed on the https port: ./.test(l.msg)), JSON.stringify(log.lines.filter((l) => l.msg.includes('TLS'))));
  });

  it('"Certificate errors": show cert list gives the days left of every store', async () => {
    const r = await admin('show', 'cert', 'list');
    assert.match(r.output, /^tomcat\s+CN=localhost/m);
    assert.match(r.output, /\(\d+ days left\)/);
  });

  it('"Debug logging": the toggle is visible in show status', async () => {
    await admin('utils', 'uccx', 'notification-service', 'log', 'enable');
    assert.match((await admin('show', 'status')).output, /Notification debug log\s+enabled/);
    await admin('utils', 'finesse', 'notification', 'logging', 'disable');
    assert.match((await admin('show', 'status')).output, /Notification debug log\s+disabled/);
  });
});
