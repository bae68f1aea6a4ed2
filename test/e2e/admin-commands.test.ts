// The admin commands the running server answers, over its real admin socket.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { xml } from '../../src/xml/element.js';
import { NS_DISCO_ITEMS } from '../../src/xml/ns.js';
import { callAdmin } from '../../src/admin/admin-client.js';
import { adminSocketPath } from '../../src/admin/socket-path.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { TestXmppClient } from '../helpers/xmpp-client.js';

let ts: TestServer;
async function admin(...words: string[]): Promise<{ exitCode: number; output: string; progress: string[] }> {
  const progress: string[] = [];
  const r = await callAdmin(adminSocketPath(ts.data), words, { onProgress: (l) => progress.push(l) });
  if (!r.ok) throw new Error(`admin call failed: ${r.reason} ${r.message}`);
  return { exitCode: r.exitCode, output: r.output, progress };
}

before(async () => {
  ts = await startTestServer();
});
after(async () => {
  await ts.stop();
});

describe('admin commands', () => {
  it('show status counts users, nodes and sessions', async () => {
    const c = await TestXmppClient.login({ port: ts.ready.ports.xmpp!, ca: ts.ready.ca, username: '1001001', password: 'agent' });
    const r = await admin('show', 'status');
    assert.equal(r.exitCode, 0);
    assert.match(r.output, /Users\s+22/);
    assert.match(r.output, /XMPP sessions\s+1 \(tcp 1,/);
    assert.match(r.output, /xmpp\s+\d+/);
    c.close();
  });

  it('show cert list prints every store with days left', async () => {
    const r = await admin('show', 'cert', 'list');
    assert.equal(r.exitCode, 0);
    for (const store of ['tomcat', 'notification', 'cti-server', 'cti-client']) assert.match(r.output, new RegExp(`^${store}\\s+CN=localhost`, 'm'));
    assert.match(r.output, /days left/);
  });

  it('user bulk-add creates agents with their nodes, reports progress, and they can log in', async () => {
    const r = await admin('user', 'bulk-add', '--first', '3000001', '--count', '1500', '--password', 'bulk', '--team', '2');
    assert.equal(r.exitCode, 0, r.output);
    assert.match(r.output, /Created 1500 agents 3000001 … 3001500/);
    assert.ok(r.progress.some((l) => /1,500 of 1,500/.test(l)), r.progress.join('\n'));
    const c = await TestXmppClient.login({ port: ts.ready.ports.xmpp!, ca: ts.ready.ca, username: '3001500', password: 'bulk' });
    const items = await c.iq(xml('iq', { type: 'get', to: 'pubsub.localhost' }, xml('query', { xmlns: NS_DISCO_ITEMS })));
    const nodes = items.getChild('query', NS_DISCO_ITEMS)!.getChildren('item').map((i) => i.attr('node'));
    assert.ok(nodes.includes('/finesse/api/User/3001500/Dialogs'));
    c.close();
    assert.ok(ts.server.acd.agent('3001500'), 'the embedded ACD knows the new agents at once');
  });

  it('user bulk-add refuses bad arguments and existing users with exit code 2', async () => {
    assert.equal((await admin('user', 'bulk-add', '--first', 'x', '--count', '10', '--password', 'p')).exitCode, 2);
    assert.equal((await admin('user', 'bulk-add', '--first', '1001001', '--count', '2', '--password', 'p')).exitCode, 2);
    assert.equal((await admin('user', 'bulk-add', '--first', '4000001', '--count', '2', '--password', 'p', '--team', '99')).exitCode, 2);
  });

  it('switches notification debug logging with the Cisco wording', async () => {
    const on = await admin('utils', 'finesse', 'notification', 'logging', 'enable');
    assert.equal(on.exitCode, 0);
    assert.match(on.output, /Cisco Finesse Notification Service logging is now enabled\./);
    assert.match(on.output, /Note: Logging will be disabled automatically if you restart the Cisco Finesse Notification Service/);
    const uccx = await admin('utils', 'uccx', 'notification-service', 'log', 'disable');
    assert.equal(uccx.exitCode, 0);
  });

  it('answers unknown words with exit code 2 and suggestions', async () => {
    const r = await admin('show', 'stauts');
    assert.equal(r.exitCode, 2);
    assert.match(r.output, /show status/);
  });
});
