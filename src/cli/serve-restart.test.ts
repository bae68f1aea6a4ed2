// `utils system restart` under `parley serve` (issue 10): the server asks, serve stops it, re-reads the
// configuration and builds a fresh one; stdout still carries only the first ready line.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runServe, type ServerModule } from './serve.js';

const cwd = mkdtempSync(join(tmpdir(), 'parley-serve-restart-'));
after(() => rmSync(cwd, { recursive: true, force: true }));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('parley serve: utils system restart', () => {
  it('stops the running server and starts a new one built from a fresh configuration, until SIGTERM', async () => {
    const events: string[] = [];
    const restarts: (() => void)[] = [];
    let generation = 0;
    const module: ServerModule = {
      async buildServer(config, options) {
        const n = ++generation;
        events.push(`build ${n}`);
        if (options?.onRestartRequest) restarts.push(options.onRestartRequest);
        return {
          start: async () => { events.push(`start ${n}`); return { fqdn: config.fqdn, data: config.data, ca: 'ca.pem', ports: { https: 1000 + n } }; },
          stop: async (reason) => { events.push(`stop ${n} ${reason}`); },
        };
      },
    };
    let out = '';
    let err = '';
    const signals = new EventEmitter();
    const done = runServe(['--data', 'state'], {
      io: { stdout: (t) => { out += t; }, stderr: (t) => { err += t; } },
      signals, loadServer: async () => module, configOptions: { env: {}, cwd, hasIpv6: () => true }, exit: () => {},
    });
    for (let i = 0; i < 200 && restarts.length < 1; i++) await sleep(5);
    restarts[0]!();
    for (let i = 0; i < 200 && restarts.length < 2; i++) await sleep(5);
    restarts[0]!(); // a stale request of the old generation does nothing
    await sleep(20);
    signals.emit('SIGTERM');
    assert.equal(await done, 0);
    assert.deepEqual(events, ['build 1', 'start 1', 'stop 1 system-shutdown', 'build 2', 'start 2', 'stop 2 system-shutdown']);
    assert.equal(out.split('\n').filter(Boolean).length, 1, 'one ready line only');
    assert.match(err, /parley: restarted \{"event":"restarted","ports":\{"https":1002\}\}/);
  });
});
