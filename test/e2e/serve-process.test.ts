// `parley serve` as a real process, as the contract describes it: one JSON ready line on stdout,
// TLS verified against the ready line's CA, `parley admin show status`, clean SIGTERM shutdown within
// 5 seconds with a stream error to connected clients, and state that survives a restart.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { xml } from '../../src/xml/element.js';
import { NS_PUBSUB, NS_STREAM, NS_STREAMS_ERR } from '../../src/xml/ns.js';
import { TestXmppClient } from '../helpers/xmpp-client.js';

const BIN = new URL('../../bin/parley.mjs', import.meta.url).pathname;
const PORT_FLAGS = ['--port-https', '0', '--port-notification', '0', '--port-xmpp', '0', '--port-xmpps', '0', '--port-cti', '0', '--port-livedata', '0'];

interface Running {
  child: ChildProcess;
  ready: { event: string; fqdn: string; data: string; ca: string; ports: Record<string, number> };
  stdoutLines: string[];
  stderr: string[];
}

async function serve(data: string, extraArgs: string[] = [], env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, [BIN, 'serve', '--data', data, '--bind', '127.0.0.1', ...PORT_FLAGS, ...extraArgs], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdoutLines: string[] = [];
  const stderr: string[] = [];
  child.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no ready line in 30 s; stderr: ${stderr.join('')}`)), 30_000);
    lines.on('line', (l) => {
      stdoutLines.push(l);
      if (stdoutLines.length === 1) { clearTimeout(t); resolve(l); }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before ready; stderr: ${stderr.join('')}`)));
  });
  return { child, ready: JSON.parse(first), stdoutLines, stderr };
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('parley serve (a real process)', () => {
  it('prints the ready line, serves, answers the admin CLI, and stops on SIGTERM within 5 seconds', async () => {
    const data = mkdtempSync(join(tmpdir(), 'parley-serve-'));
    try {
      const run = await serve(data);
      const { ready } = run;
      assert.deepEqual(Object.keys(ready), ['event', 'fqdn', 'data', 'ca', 'ports']);
      assert.equal(ready.event, 'ready');
      assert.equal(ready.fqdn, 'localhost');
      assert.equal(ready.data, data);
      assert.equal(ready.ca, join(data, 'pki', 'trust', 'ca.pem'));
      assert.ok(ready.ports.xmpp! > 0 && ready.ports.xmpps! > 0);
      assert.match(readFileSync(ready.ca, 'utf8'), /BEGIN CERTIFICATE/);

      const status = spawnSync(process.execPath, [BIN, 'admin', '--data', data, 'show', 'status'], { encoding: 'utf8' });
      assert.equal(status.status, 0, status.stderr);
      assert.match(status.stdout, /Users\s+22/);

      const client = await TestXmppClient.login({ port: ready.ports.xmpp!, ca: ready.ca, username: '1001001', password: 'agent' });
      const t0 = Date.now();
      const exited = exitOf(run.child);
      run.child.kill('SIGTERM');
      const err = await client.waitFor((el) => el.is('error', NS_STREAM), 5000);
      assert.ok(err.getChild('system-shutdown', NS_STREAMS_ERR));
      await client.waitClosed();
      assert.equal(await exited, 0);
      assert.ok(Date.now() - t0 < 5000, 'stopped within 5 seconds');
      assert.equal(run.stdoutLines.length, 1, `stdout has only the ready line: ${run.stdoutLines.join('\n')}`);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  it('keeps subscriptions and offline messages across a restart', async () => {
    const data = mkdtempSync(join(tmpdir(), 'parley-restart-'));
    try {
      let run = await serve(data);
      const sup = await TestXmppClient.login({ port: run.ready.ports.xmpp!, ca: run.ready.ca, username: '1002001', password: 'supervisor' });
      const sub = await sup.iq(xml('iq', { type: 'set', to: 'pubsub.localhost' },
        xml('pubsub', { xmlns: NS_PUBSUB }, xml('subscribe', { node: '/finesse/api/Team/2/Users', jid: '1002001@localhost' }))));
      assert.equal(sub.attr('type'), 'result');
      sup.send(xml('message', { to: '1001015@localhost', type: 'chat' }, xml('body', null, 'see you after the restart')));
      await new Promise((r) => setTimeout(r, 200));
      sup.close();
      let exited = exitOf(run.child);
      run.child.kill('SIGTERM');
      assert.equal(await exited, 0);

      run = await serve(data);
      const again = await TestXmppClient.login({ port: run.ready.ports.xmpp!, ca: run.ready.ca, username: '1002001', password: 'supervisor' });
      const subs = await again.iq(xml('iq', { type: 'get', to: 'pubsub.localhost' }, xml('pubsub', { xmlns: NS_PUBSUB }, xml('subscriptions'))));
      const nodes = subs.getChild('pubsub', NS_PUBSUB)?.getChild('subscriptions')?.getChildren('subscription').map((s) => s.attr('node'));
      assert.ok(nodes?.includes('/finesse/api/Team/2/Users'), `subscriptions after restart: ${subs}`);
      const agent = await TestXmppClient.login({ port: run.ready.ports.xmpp!, ca: run.ready.ca, username: '1001015', password: 'agent' });
      const m = await agent.waitFor((el) => el.is('message') && el.getChildText('body') === 'see you after the restart');
      assert.ok(m.getChild('delay', 'urn:xmpp:delay'));
      again.close();
      agent.close();
      exited = exitOf(run.child);
      run.child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  it('writes the offline-storage line to the notification debug log when debug logging is on', async () => {
    const data = mkdtempSync(join(tmpdir(), 'parley-debug-'));
    try {
      const run = await serve(data, ['--log-level', 'debug']);
      const a = await TestXmppClient.login({ port: run.ready.ports.xmpp!, ca: run.ready.ca, username: '1001001', password: 'agent' });
      a.send(xml('message', { to: '1001002@localhost' }, xml('body', null, 'hello')));
      await new Promise((r) => setTimeout(r, 300));
      a.close();
      const exited = exitOf(run.child);
      run.child.kill('SIGTERM');
      await exited;
      const debug = readFileSync(join(data, 'logs', 'desktop', 'openfire', 'debug.log'), 'utf8');
      assert.match(debug, /^\d{4}\.\d{2}\.\d{2} \d{2}:\d{2}:\d{2} Unable to route packet\. No session is available so store offline\. <message/m);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  it('refuses a bad configuration with every problem at once and exit code 2', () => {
    const r = spawnSync(process.execPath, [BIN, 'serve', '--port-xmpp', '70000', '--inactivity', '-5'], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--port-xmpp 70000/);
    assert.match(r.stderr, /--inactivity -5/);
    assert.equal(r.stdout, '');
  });
});
