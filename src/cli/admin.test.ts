import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createAdminServer, type AdminServer } from '../admin/admin-server.js';
import { adminSocketPath } from '../admin/socket-path.js';
import { runAdmin, runSim, takeLocation, type AdminCliDeps } from './admin.js';
import type { CliIo } from './io.js';

let root: string;
before(() => { root = mkdtempSync(join(tmpdir(), 'parley-admin-cli-')); });
after(() => rmSync(root, { recursive: true, force: true }));

function capture(): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', stdout: (t: string) => { io.out += t; }, stderr: (t: string) => { io.err += t; } };
  return io;
}

const received: string[][] = [];

async function node(): Promise<{ data: string; server: AdminServer }> {
  const data = mkdtempSync(join(root, 'data-'));
  const server = createAdminServer({
    socketPath: adminSocketPath(data),
    commands: {
      'show status': async () => ({ exitCode: 0, output: 'Parley status\nVersion  0.1.0' }),
      'utils finesse cors allowed_origin add': async (args) => ({ exitCode: args.length === 1 ? 0 : 2, output: args.length === 1 ? `added ${args[0]}\n` : 'usage: … add <origin>\n' }),
      'user bulk-add': async (args, ctx) => { ctx.progress('50%'); ctx.progress('100%'); return { exitCode: 0, output: `done ${args.join(' ')}\n` }; },
    },
  });
  await server.listen();
  return { data, server };
}

function deps(io: CliIo, extra: Partial<AdminCliDeps> = {}): AdminCliDeps {
  return { io, env: {}, cwd: root, ...extra };
}

describe('parley admin', () => {
  it('prints the output of a successful command on stdout and returns its exit code', async () => {
    const { data, server } = await node();
    try {
      const io = capture();
      assert.equal(await runAdmin(['--data', data, 'show', 'status'], deps(io)), 0);
      assert.equal(io.out, 'Parley status\nVersion  0.1.0\n');
      assert.equal(io.err, '');
    } finally {
      await server.close();
    }
  });

  it('finds the node by --data anywhere, --data=DIR, a relative path, or PARLEY_DATA', async () => {
    const { data, server } = await node();
    try {
      const variants: [string[], Partial<AdminCliDeps>][] = [
        [['show', 'status', '--data', data], {}],
        [[`--data=${data}`, 'show', 'status'], {}],
        [['--data', relative(root, data), 'show', 'status'], {}],
        [['show', 'status'], { env: { PARLEY_DATA: data } }],
        [['show', 'status'], { cwd: join(data, '..'), env: { PARLEY_DATA: relative(join(data, '..'), data) } }],
      ];
      for (const [argv, extra] of variants) {
        const io = capture();
        assert.equal(await runAdmin(argv, deps(io, extra)), 0, argv.join(' '));
      }
      const config = join(root, 'c.json');
      writeFileSync(config, JSON.stringify({ data }));
      assert.equal(await runAdmin(['--config', config, 'show', 'status'], deps(capture())), 0);
    } finally {
      await server.close();
    }
  });

  it('passes arguments through and prints a failing command\'s output on stderr', async () => {
    const { data, server } = await node();
    try {
      const ok = capture();
      assert.equal(await runAdmin(['--data', data, 'utils', 'finesse', 'cors', 'allowed_origin', 'add', 'https://app.example.com'], deps(ok)), 0);
      assert.equal(ok.out, 'added https://app.example.com\n');
      const bad = capture();
      assert.equal(await runAdmin(['--data', data, 'utils', 'finesse', 'cors', 'allowed_origin', 'add'], deps(bad)), 2);
      assert.equal(bad.out, '');
      assert.match(bad.err, /usage/);
    } finally {
      await server.close();
    }
  });

  it('unknown words: exit code 2 with suggestions', async () => {
    const { data, server } = await node();
    try {
      const io = capture();
      assert.equal(await runAdmin(['--data', data, 'show', 'stats'], deps(io)), 2);
      assert.match(io.err, /Did you mean:\n\s+show status/);
    } finally {
      await server.close();
    }
  });

  it('relays progress lines on stderr', async () => {
    const { data, server } = await node();
    try {
      const io = capture();
      assert.equal(await runAdmin(['--data', data, 'user', 'bulk-add', '--first', '2000001', '--count', '2'], deps(io)), 0);
      assert.equal(io.err, '50%\n100%\n');
      assert.equal(io.out, 'done --first 2000001 --count 2\n');
    } finally {
      await server.close();
    }
  });

  it('no running node: exit code 3 and how to start it', async () => {
    const data = join(root, 'absent');
    const io = capture();
    assert.equal(await runAdmin(['--data', 'absent', 'show', 'status'], deps(io)), 3);
    assert.equal(io.err, `Parley is not running for data directory ${data}: start it with \`npx parley serve --data ${data}\`\n`);
  });

  it('usage errors and help', async () => {
    const noWords = capture();
    assert.equal(await runAdmin([], deps(noWords)), 2);
    assert.match(noWords.err, /Usage: parley admin/);
    const missing = capture();
    assert.equal(await runAdmin(['show', 'status', '--data'], deps(missing)), 2);
    assert.match(missing.err, /--data needs a value/);
    const help = capture();
    assert.equal(await runAdmin(['--help'], deps(help)), 0);
    assert.match(help.out, /show cert list/);
  });

  it('takes --data and --config out of the words', () => {
    assert.deepEqual(takeLocation(['a', '--data', 'd', 'b', '--config=c.json']), { data: 'd', config: 'c.json', words: ['a', 'b'] });
  });
});

describe('parley sim call', () => {
  it('sends the words sim call --queue N --ani DIGITS to the node', async () => {
    const { data, server } = await node();
    server.register('sim call', async (args) => { received.push(args); return { exitCode: 0, output: 'offered\n' }; });
    try {
      const io = capture();
      assert.equal(await runSim(['call', '--ani=5551234', '--queue', '1', '--data', data], deps(io)), 0);
      assert.equal(io.out, 'offered\n');
      assert.deepEqual(received.at(-1), ['--queue', '1', '--ani', '5551234']);
    } finally {
      await server.close();
    }
  });

  it('a node without the simulator answers through the unknown-command path', async () => {
    const { data, server } = await node();
    try {
      const io = capture();
      assert.equal(await runSim(['call', '--queue', '1', '--ani', '5551234', '--data', data], deps(io)), 2);
      assert.match(io.err, /sim call/);
    } finally {
      await server.close();
    }
  });

  it('checks its options before connecting', async () => {
    const cases: [string[], RegExp][] = [
      [['call', '--ani', '5551234'], /--queue N is required/],
      [['call', '--queue', 'sales', '--ani', '5551234'], /--queue sales: must be a queue id/],
      [['call', '--queue', '1'], /--ani DIGITS is required/],
      [['call', '--queue', '1', '--ani', '555-1234'], /--ani 555-1234: must be digits/],
      [['cal', '--queue', '1'], /unknown command "cal" \(did you mean "call"\?\)/],
    ];
    for (const [argv, message] of cases) {
      const io = capture();
      assert.equal(await runSim(argv, deps(io)), 2, argv.join(' '));
      assert.match(io.err, message);
    }
  });

  it('no running node: exit code 3', async () => {
    const io = capture();
    assert.equal(await runSim(['call', '--queue', '1', '--ani', '5551234', '--data', join(root, 'none')], deps(io)), 3);
    assert.match(io.err, /Parley is not running for data directory/);
  });
});
