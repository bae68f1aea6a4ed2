import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParleyConfig } from '../config/schema.js';
import type { CliIo } from './io.js';
import { runServe, type ReadyInfo, type ServeDeps, type ServerModule } from './serve.js';

let cwd: string;
before(() => { cwd = mkdtempSync(join(tmpdir(), 'parley-serve-')); });
after(() => rmSync(cwd, { recursive: true, force: true }));

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function capture(): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', stdout: (t: string) => { io.out += t; }, stderr: (t: string) => { io.err += t; } };
  return io;
}

interface StubOptions {
  start?: (config: ParleyConfig) => Promise<ReadyInfo>;
  stop?: () => Promise<void>;
}

/** A stand-in for src/server.ts (the real one is tested elsewhere). */
function stub(options: StubOptions = {}) {
  const calls = { config: undefined as ParleyConfig | undefined, stops: [] as (string | undefined)[] };
  const module: ServerModule = {
    async buildServer(config) {
      calls.config = config;
      return {
        start: () => (options.start ?? (async (c: ParleyConfig) => ({
          fqdn: c.fqdn, data: c.data, ca: join(c.data, 'pki', 'trust', 'ca.pem'),
          ports: { https: 18445, notification: 17443, xmpp: 15222, xmpps: 15223, cti: 42031, livedata: 22015 },
        })))(config),
        stop: async (reason) => { calls.stops.push(reason); await (options.stop ?? (async () => {}))(); },
      };
    },
  };
  return { module, calls };
}

function deps(io: CliIo, module: ServerModule, extra: Partial<Omit<ServeDeps, 'signals'>> = {}): ServeDeps & { signals: EventEmitter; exits: [number, boolean][] } {
  const signals = new EventEmitter();
  const exits: [number, boolean][] = [];
  return {
    io, signals, exits,
    loadServer: async () => module,
    configOptions: { env: {}, cwd, hasIpv6: () => true },
    exit: (code, immediately) => { exits.push([code, immediately]); },
    ...extra,
  };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !condition(); i++) await sleep(5);
  assert.ok(condition(), 'timed out');
}

describe('parley serve', () => {
  it('prints exactly one ready line on stdout, then stops cleanly on SIGTERM with exit code 0', async () => {
    const io = capture();
    const { module, calls } = stub();
    const d = deps(io, module);
    const done = runServe(['--data', 'state', '--fqdn', 'fin1.example.com'], d);
    await until(() => io.out !== '');
    assert.equal(io.out, `${JSON.stringify({
      event: 'ready', fqdn: 'fin1.example.com', data: join(cwd, 'state'), ca: join(cwd, 'state', 'pki', 'trust', 'ca.pem'),
      ports: { https: 18445, notification: 17443, xmpp: 15222, xmpps: 15223, cti: 42031, livedata: 22015 },
    })}\n`);
    assert.deepEqual(Object.keys(JSON.parse(io.out) as object), ['event', 'fqdn', 'data', 'ca', 'ports']);
    assert.equal(calls.config?.fqdn, 'fin1.example.com');
    assert.ok(Object.isFrozen(calls.config));
    d.signals.emit('SIGTERM');
    assert.equal(await done, 0);
    assert.deepEqual(calls.stops, ['system-shutdown']);
    assert.equal(io.out.split('\n').length, 2, 'nothing else on stdout');
    assert.deepEqual(d.exits, [[0, false]]);
    assert.equal(d.signals.listenerCount('SIGTERM'), 0, 'signal handlers removed');
  });

  it('stops on SIGINT too', async () => {
    const io = capture();
    const { module, calls } = stub();
    const d = deps(io, module);
    const done = runServe([], d);
    await until(() => io.out !== '');
    d.signals.emit('SIGINT');
    assert.equal(await done, 0);
    assert.deepEqual(calls.stops, ['system-shutdown']);
  });

  it('gives up waiting for stop() at the deadline and still exits 0; a second signal exits at once', async () => {
    const io = capture();
    const { module } = stub({ stop: () => new Promise(() => {}) });
    const d = deps(io, module, { stopDeadlineMs: 50 });
    const done = runServe([], d);
    await until(() => io.out !== '');
    d.signals.emit('SIGTERM');
    d.signals.emit('SIGTERM');
    assert.deepEqual(d.exits, [[1, true]]);
    assert.equal(await done, 0);
    assert.deepEqual(d.exits, [[1, true], [0, true]]);
    assert.match(io.err, /did not finish within 0.05 s/);
  });

  it('a signal during start-up stops the node without a ready line', async () => {
    const io = capture();
    let release: () => void = () => {};
    const { module, calls } = stub({
      start: async (c) => { await new Promise<void>((r) => { release = r; }); return { fqdn: c.fqdn, data: c.data, ca: '', ports: {} }; },
    });
    const d = deps(io, module);
    const done = runServe([], d);
    await until(() => calls.config !== undefined);
    d.signals.emit('SIGTERM');
    release();
    assert.equal(await done, 0);
    assert.equal(io.out, '');
    assert.deepEqual(calls.stops, ['system-shutdown']);
  });

  it('warns on stderr when plaintext authentication is allowed', async () => {
    const io = capture();
    const { module } = stub();
    const d = deps(io, module);
    const done = runServe(['--xmpp-allow-plaintext-auth'], d);
    await until(() => io.out !== '');
    d.signals.emit('SIGTERM');
    await done;
    assert.match(io.err, /WARNING: --xmpp-allow-plaintext-auth is on/);
    assert.doesNotMatch(io.out, /WARNING/);
  });

  it('reports every configuration problem at once with exit code 2, before building anything', async () => {
    const io = capture();
    const { module, calls } = stub();
    const code = await runServe(['--port-https', '70000', '--portxmpp', '1', '--inactivity', 'soon'], deps(io, module));
    assert.equal(code, 2);
    assert.equal(calls.config, undefined);
    assert.equal(io.out, '');
    assert.match(io.err, /3 problems/);
    assert.match(io.err, /--port-https 70000/);
    assert.match(io.err, /did you mean --port-xmpp/);
    assert.match(io.err, /--inactivity soon/);
  });

  it('a port in use: exit code 1 and a message naming the option to change', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const io = capture();
      const { module, calls } = stub({
        start: (c) => new Promise((_resolve, reject) => {
          const s = createServer();
          s.once('error', (e) => reject(new Error('the xmpp listener failed', { cause: e })));
          s.listen(c.ports.xmpp, '127.0.0.1');
        }),
      });
      const d = deps(io, module);
      const code = await runServe(['--port-xmpp', String(port)], d);
      assert.equal(code, 1);
      assert.equal(io.out, '');
      assert.match(io.err, new RegExp(`port ${port} is already in use \\(option --port-xmpp, env PARLEY_PORT_XMPP\\)`));
      assert.match(io.err, /--port-xmpp 0 for any free port/);
      assert.deepEqual(calls.stops, ['start-failed'], 'what did start is stopped again');
      assert.deepEqual(d.exits, [[1, false]]);
    } finally {
      blocker.close();
    }
  });

  it('other start failures: exit code 1 with the reason', async () => {
    const io = capture();
    const { module } = stub({ start: async () => { throw new Error('cannot open the database'); } });
    assert.equal(await runServe([], deps(io, module)), 1);
    assert.match(io.err, /parley: cannot start: cannot open the database/);
  });

  it('--help prints every option with its default and environment variable', async () => {
    const io = capture();
    const { module, calls } = stub();
    assert.equal(await runServe(['--help'], deps(io, module)), 0);
    assert.equal(calls.config, undefined);
    assert.match(io.out, /--port-https N\s+REST API/);
    assert.match(io.out, /default 8445 · env PARLEY_PORT_HTTPS/);
  });
});

describe('parley serve in a real process (stub server)', () => {
  const repo = new URL('../../', import.meta.url).pathname;

  /** Runs runServe with the real process wiring and a stub server whose stop() takes `stopMs`. */
  function spawnServe(stopMs: number): ReturnType<typeof spawn> {
    const code = `
      import { runServe } from ${JSON.stringify(join(repo, 'src/cli/serve.ts'))};
      import { processServeDeps } from ${JSON.stringify(join(repo, 'src/cli/main.ts'))};
      const stub = { async buildServer(c) { return {
        async start() { setInterval(() => {}, 1000); return { fqdn: c.fqdn, data: c.data, ca: c.data + '/ca.pem', ports: { https: 1 } }; },
        stop: (reason) => new Promise((resolve) => { process.stderr.write('stop ' + reason + '\\n'); setTimeout(resolve, ${stopMs}); }),
      }; } };
      process.exitCode = await runServe(process.argv.slice(1), { ...processServeDeps(), loadServer: async () => stub, stopDeadlineMs: 400 });
    `;
    return spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code, '--', '--data', join(cwd, 'proc')],
      { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  }

  async function readyThenTerm(stopMs: number): Promise<{ code: number | null; out: string; err: string; ms: number }> {
    const child = spawnServe(stopMs);
    let out = '';
    let err = '';
    child.stdout?.on('data', (c: Buffer) => { out += c.toString(); });
    child.stderr?.on('data', (c: Buffer) => { err += c.toString(); });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    for (let i = 0; i < 400 && !out.includes('\n'); i++) await sleep(25);
    const t0 = Date.now();
    child.kill('SIGTERM');
    const code = await exited;
    return { code, out, err, ms: Date.now() - t0 };
  }

  it('SIGTERM: stop, then exit 0 even though a timer still holds the event loop', async () => {
    const r = await readyThenTerm(10);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, `${JSON.stringify({ event: 'ready', fqdn: 'localhost', data: join(cwd, 'proc'), ca: join(cwd, 'proc', 'ca.pem'), ports: { https: 1 } })}\n`);
    assert.match(r.err, /stop system-shutdown/);
    assert.ok(r.ms < 3000, `took ${r.ms} ms`);
  });

  it('a stop() that hangs is cut off at the deadline, exit code still 0', async () => {
    const r = await readyThenTerm(60_000);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /did not finish within 0.4 s/);
    assert.ok(r.ms < 3000, `took ${r.ms} ms`);
  });
});
