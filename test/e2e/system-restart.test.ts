// `utils system restart` on a real `parley serve` process (issue 10): the services restart in the same
// process, connected clients are told system-shutdown, and the notification debug toggle reverts, as the
// document says ("Logging will be disabled automatically if you restart the … Notification Service").
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { callAdmin } from '../../src/admin/admin-client.js';
import { adminSocketPath } from '../../src/admin/socket-path.js';
import { TestXmppClient } from '../helpers/xmpp-client.js';

const BIN = new URL('../../bin/parley.mjs', import.meta.url).pathname;
const PORT_FLAGS = ['--port-https', '0', '--port-notification', '0', '--port-xmpp', '0', '--port-xmpps', '0', '--port-cti', '0', '--port-livedata', '0'];

describe('utils system restart (a real process)', () => {
  it('restarts every service in the process; the debug toggle is off again', async () => {
    const data = mkdtempSync(join(tmpdir(), 'parley-restart-'));
    const child = spawn(process.execPath, [BIN, 'serve', '--data', data, '--bind', '127.0.0.1', ...PORT_FLAGS], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SSLKEYLOGFILE: '' } });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    try {
      const ready = await new Promise<{ ports: Record<string, number>; ca: string }>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no ready line; stderr: ${stderr}`)), 30_000);
        createInterface({ input: child.stdout! }).once('line', (l) => { clearTimeout(t); resolve(JSON.parse(l)); });
      });
      const admin = async (...words: string[]) => {
        const r = await callAdmin(adminSocketPath(data), words);
        if (!r.ok) throw new Error(`${r.reason}: ${r.message}`);
        return r;
      };
      assert.match((await admin('show', 'status')).output, /Notification debug log\s+disabled/);
      assert.match((await admin('utils', 'finesse', 'notification', 'logging', 'enable')).output, /logging is now enabled/);
      assert.match((await admin('show', 'status')).output, /Notification debug log\s+enabled/);

      const agent = await TestXmppClient.login({ port: ready.ports.xmpp!, ca: ready.ca, username: '1001001', password: 'agent' });
      const r = await admin('utils', 'system', 'restart');
      assert.equal(r.exitCode, 0);
      assert.match(r.output, /Restarting every service/);
      await agent.waitClosed();
      for (let i = 0; i < 300 && !stderr.includes('parley: restarted'); i++) await new Promise((res) => setTimeout(res, 50));
      assert.match(stderr, /parley: restarted \{"event":"restarted","ports":\{/);

      const after = await admin('show', 'status');
      assert.match(after.output, /Notification debug log\s+disabled/, 'the toggle reverted');
      assert.match(after.output, /Uptime\s+\d+s/);
      const back = await TestXmppClient.login({ port: ready.ports.xmpp!, ca: ready.ca, username: '1001001', password: 'agent' });
      back.close();
      child.kill('SIGTERM');
      const code = await new Promise<number | null>((res) => child.once('exit', res));
      assert.equal(code, 0);
    } finally {
      child.kill('SIGKILL');
      rmSync(data, { recursive: true, force: true });
    }
  });
});
