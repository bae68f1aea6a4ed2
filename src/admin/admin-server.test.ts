import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callAdmin } from './admin-client.js';
import { AdminSocketInUseError, createAdminServer, type AdminServer } from './admin-server.js';
import type { AdminCommandTable } from './commands.js';
import { adminSocketPath } from './socket-path.js';

let root: string;
before(() => { root = mkdtempSync(join(tmpdir(), 'parley-admin-')); });
after(() => rmSync(root, { recursive: true, force: true }));

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const table: AdminCommandTable = {
  'show status': async () => ({ exitCode: 0, output: 'all good\n' }),
  'echo': async (args) => ({ exitCode: 0, output: args.join(' ') }),
  'slow': async (args) => { await sleep(Number(args[0] ?? 50)); return { exitCode: 0, output: `slept ${args[0]}` }; },
  'user bulk-add': async (args, ctx) => {
    for (let i = 1; i <= 3; i++) ctx.progress(`${i} of 3`);
    return { exitCode: 0, output: `created ${args.join(' ')}` };
  },
  'fail': async () => ({ exitCode: 1, output: 'it failed' }),
  'boom': async () => { throw new Error('kaput'); },
};

async function started(commands: AdminCommandTable = table): Promise<{ server: AdminServer; data: string; path: string }> {
  const data = mkdtempSync(join(root, 'd-'));
  const path = adminSocketPath(data);
  const server = createAdminServer({ socketPath: path, commands, maxLineBytes: 64 * 1024 });
  await server.listen();
  return { server, data, path };
}

/** A raw client: sends text, collects parsed JSON lines. */
async function raw(path: string): Promise<{ socket: Socket; messages: unknown[]; closed: Promise<void>; next(n: number): Promise<unknown[]> }> {
  const socket = connect(path);
  await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
  const messages: unknown[] = [];
  let buffered = '';
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    let nl: number;
    while ((nl = buffered.indexOf('\n')) !== -1) {
      messages.push(JSON.parse(buffered.slice(0, nl)));
      buffered = buffered.slice(nl + 1);
    }
  });
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const next = async (n: number): Promise<unknown[]> => {
    for (let i = 0; i < 200 && messages.length < n; i++) await sleep(10);
    return messages.slice(0, n);
  };
  return { socket, messages, closed, next };
}

describe('admin socket', () => {
  it('round-trips a command', async () => {
    const { server, path } = await started();
    try {
      const c = await raw(path);
      c.socket.write('{"words":["show","status"],"id":1}\n');
      assert.deepEqual(await c.next(1), [{ id: 1, exitCode: 0, output: 'all good\n' }]);
      c.socket.destroy();
      assert.deepEqual(await callAdmin(path, ['echo', 'a', 'b']), { ok: true, exitCode: 0, output: 'a b' });
      assert.deepEqual(await callAdmin(path, ['fail']), { ok: true, exitCode: 1, output: 'it failed' });
    } finally {
      await server.close();
    }
  });

  it('creates the socket 0600 in a 0700 directory and removes it on close', async () => {
    const { server, path, data } = await started();
    assert.equal(path, join(data, 'run', 'admin.sock'));
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(statSync(join(data, 'run')).mode & 0o777, 0o700);
    await server.close();
    assert.equal(existsSync(path), false);
  });

  it('streams progress lines before the result', async () => {
    const { server, path } = await started();
    try {
      const progress: string[] = [];
      const r = await callAdmin(path, ['user', 'bulk-add', '--count', '3'], { onProgress: (l) => progress.push(l) });
      assert.deepEqual(r, { ok: true, exitCode: 0, output: 'created --count 3' });
      assert.deepEqual(progress, ['1 of 3', '2 of 3', '3 of 3']);
      const c = await raw(path);
      c.socket.write('{"id":"b","words":["user","bulk-add"]}\n');
      assert.deepEqual(await c.next(4), [
        { id: 'b', progress: '1 of 3' }, { id: 'b', progress: '2 of 3' }, { id: 'b', progress: '3 of 3' },
        { id: 'b', exitCode: 0, output: 'created ' },
      ]);
      c.socket.destroy();
    } finally {
      await server.close();
    }
  });

  it('answers an unknown command with exit code 2 and suggestions', async () => {
    const { server, path } = await started();
    try {
      const r = await callAdmin(path, ['show', 'stat']);
      assert.equal(r.ok && r.exitCode, 2);
      assert.match(r.ok ? r.output : '', /Did you mean:\n\s+show status/);
      const sim = await callAdmin(path, ['sim', 'call', '--queue', '1', '--ani', '5551234']);
      assert.equal(sim.ok && sim.exitCode, 2);
    } finally {
      await server.close();
    }
  });

  it('runs concurrent requests on one connection and answers each by id', async () => {
    const { server, path } = await started();
    try {
      const c = await raw(path);
      c.socket.write('{"id":1,"words":["slow","150"]}\n{"id":2,"words":["slow","10"]}\n{"id":3,"words":["echo","x"]}\n');
      const got = await c.next(3);
      assert.deepEqual(got.map((m) => (m as { id: number }).id), [3, 2, 1], 'the quick ones do not wait for the slow one');
      c.socket.destroy();
      const many = await Promise.all(Array.from({ length: 20 }, (_, i) => callAdmin(path, ['echo', String(i)])));
      assert.deepEqual(many.map((r) => (r.ok ? r.output : 'x')), Array.from({ length: 20 }, (_, i) => String(i)));
    } finally {
      await server.close();
    }
  });

  it('answers malformed lines with an error and keeps the connection usable', async () => {
    const { server, path } = await started();
    try {
      const c = await raw(path);
      c.socket.write('this is not json\n{"id":5}\n[]\n{"id":6,"words":["echo","still","here"]}\n');
      const got = (await c.next(4)) as { id: unknown; exitCode: number; error?: string; output: string }[];
      assert.deepEqual(got.slice(0, 3).map((m) => [m.id, m.exitCode, m.error]), [
        [null, 2, 'ERR_ADMIN_MALFORMED'], [5, 2, 'ERR_ADMIN_MALFORMED'], [null, 2, 'ERR_ADMIN_MALFORMED'],
      ]);
      assert.deepEqual(got[3], { id: 6, exitCode: 0, output: 'still here' });
      c.socket.destroy();
    } finally {
      await server.close();
    }
  });

  it('answers an oversized line and closes that connection, and keeps serving others', async () => {
    const { server, path } = await started();
    try {
      const c = await raw(path);
      c.socket.write(`{"id":1,"words":["echo","${'x'.repeat(70 * 1024)}`);
      await c.closed;
      assert.deepEqual(c.messages.map((m) => (m as { error?: string }).error), ['ERR_ADMIN_LINE_TOO_LONG']);
      assert.deepEqual(await callAdmin(path, ['echo', 'ok']), { ok: true, exitCode: 0, output: 'ok' });
    } finally {
      await server.close();
    }
  });

  it('turns a throwing handler into exit code 1', async () => {
    const { server, path } = await started();
    try {
      const r = await callAdmin(path, ['boom']);
      assert.equal(r.ok && r.exitCode, 1);
      assert.match(r.ok ? r.output : '', /kaput/);
    } finally {
      await server.close();
    }
  });

  it('aborts a running command when its client goes away', async () => {
    let aborted = false;
    const { server, path } = await started({
      wait: (_a, ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', () => { aborted = true; resolve({ exitCode: 1, output: '' }); })),
    });
    try {
      const c = await raw(path);
      c.socket.write('{"id":1,"words":["wait"]}\n');
      await sleep(30);
      c.socket.destroy();
      for (let i = 0; i < 100 && !aborted; i++) await sleep(10);
      assert.equal(aborted, true);
    } finally {
      await server.close();
    }
  });

  it('replaces a stale socket file and refuses a socket another server answers on', async () => {
    const data = mkdtempSync(join(root, 'stale-'));
    const path = adminSocketPath(data);
    mkdirSync(join(data, 'run'), { mode: 0o700 });
    // 1. a socket file whose server died without removing it
    const child = spawn(process.execPath, ['-e', "require('net').createServer().listen(process.argv[1], () => console.log('up'))", path]);
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.kill('SIGKILL');
    await new Promise<void>((resolve) => child.once('exit', () => resolve()));
    assert.ok(statSync(path).isSocket(), 'the stale socket file is there');
    // 2. a new server takes over
    const first = createAdminServer({ socketPath: path, commands: table });
    await first.listen();
    try {
      assert.deepEqual(await callAdmin(path, ['echo', 'first']), { ok: true, exitCode: 0, output: 'first' });
      // 3. a second server for the same data directory is refused
      const second = createAdminServer({ socketPath: path, commands: table });
      await assert.rejects(second.listen(), AdminSocketInUseError);
      assert.deepEqual(await callAdmin(path, ['echo', 'still'], {}), { ok: true, exitCode: 0, output: 'still' });
    } finally {
      await first.close();
    }
  });

  it('refuses to replace a file that is not a socket', async () => {
    const data = mkdtempSync(join(root, 'file-'));
    const path = adminSocketPath(data);
    mkdirSync(join(data, 'run'));
    writeFileSync(path, 'not a socket');
    await assert.rejects(createAdminServer({ socketPath: path, commands: table }).listen(), /not a socket/);
  });

  it('runs commands in-process too', async () => {
    const server = createAdminServer({ socketPath: join(root, 'unused.sock'), commands: table });
    assert.deepEqual(await server.execute(['echo', 'in', 'process']), { exitCode: 0, output: 'in process' });
    server.register('later', async () => ({ exitCode: 0, output: 'added' }));
    assert.deepEqual(await server.execute(['later']), { exitCode: 0, output: 'added' });
  });

  it('the client reports a missing server as not-running', async () => {
    const data = mkdtempSync(join(root, 'none-'));
    const r = await callAdmin(adminSocketPath(data), ['show', 'status']);
    assert.equal(r.ok, false);
    assert.equal(r.ok ? '' : r.reason, 'not-running');
  });
});
