import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_CATALOGUE } from '../admin/catalogue.js';
import { CONFIG_OPTION, SETTINGS } from '../config/schema.js';
import type { CliIo } from './io.js';
import { main } from './main.js';

const repo = new URL('../../', import.meta.url).pathname;
const version = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version;

let cwd: string;
before(() => { cwd = mkdtempSync(join(tmpdir(), 'parley-cli-')); });
after(() => rmSync(cwd, { recursive: true, force: true }));

function capture(): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', stdout: (t: string) => { io.out += t; }, stderr: (t: string) => { io.err += t; } };
  return io;
}

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = capture();
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

/** Runs the real `parley` entry point, with no PARLEY_* variables from the outside. */
function parley(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PARLEY_')));
  const r = spawnSync(process.execPath, [join(repo, 'bin', 'parley.mjs'), ...args], { cwd, env: { ...clean, ...env }, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('parley (main)', () => {
  it('--help gives an overview of the commands with examples', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const r = await run(...argv);
      assert.equal(r.code, 0);
      for (const word of ['parley serve', 'parley admin', 'parley sim call', 'Examples:', '--version']) assert.ok(r.out.includes(word), word);
    }
  });

  it('serve --help mentions every option, its environment variable and every finer setting', async () => {
    const { code, out } = await run('serve', '--help');
    assert.equal(code, 0);
    for (const s of SETTINGS) {
      assert.ok(out.includes(s.env), s.env);
      assert.ok(out.includes(s.flag ? `--${s.flag}` : s.key), s.path);
    }
    assert.ok(out.includes(`--${CONFIG_OPTION.flag} FILE`));
    assert.ok(out.includes(CONFIG_OPTION.env));
    assert.match(out, /Examples:/);
    assert.deepEqual((await run('help', 'serve')).out, out);
  });

  it('admin --help lists the admin words', async () => {
    const { code, out } = await run('admin', '--help');
    assert.equal(code, 0);
    for (const c of ADMIN_CATALOGUE) assert.ok(out.includes(c.usage), c.usage);
    assert.match(out, /utils finesse cors allowed_origin add\|delete <origin>/);
  });

  it('sim --help explains sim call', async () => {
    const { code, out } = await run('sim', '--help');
    assert.equal(code, 0);
    assert.match(out, /parley sim call --queue N --ani DIGITS/);
  });

  it('--version prints the package version', async () => {
    assert.deepEqual(await run('--version'), { code: 0, out: `${version}\n`, err: '' });
  });

  it('an unknown or missing command is a usage error with a suggestion', async () => {
    const r = await run('serv');
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown command "serv" \(did you mean "parley serve"\?\)/);
    const none = await run();
    assert.equal(none.code, 2);
    assert.match(none.err, /Usage:/);
  });
});

describe('the parley executable', () => {
  it('prints its version', () => {
    const r = parley(['--version']);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, `${version}\n`);
  });

  it('serve with bad options: every problem on stderr, nothing on stdout, exit code 2', () => {
    const r = parley(['serve', '--port-https', '70000', '--port-xmp', '1', '--inactivity', '-5'], { PARLEY_LOGOUT_GRACE: 'x' });
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /4 problems/);
    assert.match(r.stderr, /--port-xmp: unknown option \(did you mean --port-xmpp\?\)/);
    assert.match(r.stderr, /PARLEY_LOGOUT_GRACE=x/);
  });

  it('admin without a running server: exit code 3 and how to start one', () => {
    const data = join(cwd, 'nothing-here');
    const r = parley(['admin', '--data', data, 'show', 'status']);
    assert.equal(r.status, 3);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `Parley is not running for data directory ${data}: start it with \`npx parley serve --data ${data}\`\n`);
  });

  it('sim call finds the data directory through PARLEY_DATA too', () => {
    const data = join(cwd, 'env-data');
    const r = parley(['sim', 'call', '--queue', '1', '--ani', '5551234'], { PARLEY_DATA: data });
    assert.equal(r.status, 3);
    assert.match(r.stderr, new RegExp(`Parley is not running for data directory ${data}:`));
  });
});
