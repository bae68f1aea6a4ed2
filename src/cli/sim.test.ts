// `parley sim call --dnis/--var`, `sim hangup`, `sim scenario`: the words that reach the node, and the
// checks made before connecting. The node's side is tested in src/contact-center/cti/.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdminServer } from '../admin/admin-server.js';
import { adminSocketPath } from '../admin/socket-path.js';
import { EXIT_NOT_RUNNING, runSim } from './admin.js';
import { simHelp } from './help.js';
import type { CliIo } from './io.js';

let root: string;
before(() => { root = mkdtempSync(join(tmpdir(), 'parley-sim-cli-')); });
after(() => rmSync(root, { recursive: true, force: true }));

function capture(): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', stdout: (t: string) => { io.out += t; }, stderr: (t: string) => { io.err += t; } };
  return io;
}

describe('parley sim', () => {
  it('sends dnis, repeated --var, hangup and scenario words to the node', async () => {
    const data = mkdtempSync(join(root, 'data-'));
    const got: string[][] = [];
    const echo = (words: string) => async (args: string[]) => { got.push([words, ...args]); return { exitCode: 0, output: 'ok\n' }; };
    const server = createAdminServer({
      socketPath: adminSocketPath(data),
      commands: { 'sim call': echo('sim call'), 'sim hangup': echo('sim hangup'), 'sim scenario': echo('sim scenario') },
    });
    await server.listen();
    try {
      const run = (argv: string[]) => runSim([...argv, '--data', data], { io: capture(), env: {}, cwd: root });
      assert.equal(await run(['call', '--queue', '1', '--ani', '5551234', '--dnis', '8000', '--var', 'callVariable1=Gold', '--var=user.lang=en']), 0);
      assert.deepEqual(got.at(-1), ['sim call', '--queue', '1', '--ani', '5551234', '--dnis', '8000', '--var', 'callVariable1=Gold', '--var', 'user.lang=en']);
      assert.equal(await run(['hangup', '12']), 0);
      assert.deepEqual(got.at(-1), ['sim hangup', '12']);
      assert.equal(await run(['scenario', 'demo.json']), 0);
      assert.deepEqual(got.at(-1), ['sim scenario', join(root, 'demo.json')], 'a relative file is sent as an absolute path');
      assert.equal(await run(['scenario', 'STOP']), 0);
      assert.deepEqual(got.at(-1), ['sim scenario', 'stop']);
    } finally {
      await server.close();
    }
  });

  it('checks its words before connecting, and says when no node runs', async () => {
    const cases: [string[], RegExp][] = [
      [['hangup'], /give the call id/],
      [['hangup', 'abc'], /give the call id/],
      [['hangup', '1', '2'], /give the call id/],
      [['scenario'], /give a scenario file/],
      [['call', '--queue', '1', '--ani', '1', '--dnis', 'x'], /--dnis x: must be digits/],
      [['call', '--queue', '1', '--ani', '1', '--var'], /--var needs a value/],
      [['scenari'], /did you mean "scenario"/],
    ];
    for (const [argv, message] of cases) {
      const io = capture();
      assert.equal(await runSim(argv, { io, env: {}, cwd: root }), 2, argv.join(' '));
      assert.match(io.err, message);
    }
    const io = capture();
    assert.equal(await runSim(['hangup', '3', '--data', mkdtempSync(join(root, 'none-'))], { io, env: {}, cwd: root }), EXIT_NOT_RUNNING);
    assert.match(io.err, /Parley is not running/);
  });

  it('--help documents call, hangup and scenario', async () => {
    const io = capture();
    assert.equal(await runSim(['--help'], { io, env: {}, cwd: root }), 0);
    assert.equal(io.out, simHelp());
    for (const word of ['--dnis', '--var', 'sim hangup', 'sim scenario', 'arrivalRatePerS']) assert.ok(io.out.includes(word), word);
  });
});
