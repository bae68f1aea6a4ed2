import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCommandRegistry, type AdminContext, type AdminHandler } from './commands.js';

const ctx: AdminContext = { progress: () => {}, signal: new AbortController().signal };
const echo = (name: string): AdminHandler => async (args) => ({ exitCode: 0, output: `${name}(${args.join(',')})` });

function registry() {
  return createCommandRegistry({
    'show status': echo('status'),
    'show cert list': { handler: echo('certs'), summary: 'list certificates', usage: 'show cert list [store]' },
    'utils finesse cors allowed_origin add': echo('add'),
    'utils finesse cors': echo('cors'),
    'utils system restart': echo('restart'),
  });
}

describe('admin command table', () => {
  it('runs the longest matching word sequence with the rest as arguments', async () => {
    const r = registry();
    assert.deepEqual(await r.execute(['utils', 'finesse', 'cors', 'allowed_origin', 'add', 'https://App.example.com'], ctx),
      { exitCode: 0, output: 'add(https://App.example.com)' });
    assert.deepEqual(await r.execute(['utils', 'finesse', 'cors', 'status'], ctx), { exitCode: 0, output: 'cors(status)' });
  });

  it('matches command words case-insensitively and keeps the arguments as written', async () => {
    assert.deepEqual(await registry().execute(['SHOW', 'Status', 'Verbose'], ctx), { exitCode: 0, output: 'status(Verbose)' });
  });

  it('answers an unknown command with exit code 2 and the commands sharing its first word', async () => {
    const r = await registry().execute(['show', 'certs'], ctx);
    assert.equal(r.exitCode, 2);
    assert.equal(r.error, 'ERR_ADMIN_UNKNOWN_COMMAND');
    assert.match(r.output, /Unknown command .*: show certs/);
    assert.match(r.output, /show cert list/);
    assert.match(r.output, /show status/);
    assert.doesNotMatch(r.output, /utils system restart/);
  });

  it('suggests by a close first word', async () => {
    const r = await registry().execute(['utlis', 'system', 'restart'], ctx);
    assert.equal(r.exitCode, 2);
    assert.match(r.output, /Did you mean:\n\s+utils/);
  });

  it('answers a command that does not exist yet (sim call) through the unknown path', async () => {
    const r = await registry().execute(['sim', 'call', '--queue', '1', '--ani', '555'], ctx);
    assert.equal(r.exitCode, 2);
    assert.match(r.output, /not available in this version\): sim call\n/);
  });

  it('says which words may follow an incomplete command', async () => {
    const r = await registry().execute(['utils', 'system'], ctx);
    assert.equal(r.error, 'ERR_ADMIN_INCOMPLETE_COMMAND');
    assert.match(r.output, /utils system restart/);
  });

  it('has help, filtered by leading words', async () => {
    const all = await registry().execute(['help'], ctx);
    assert.equal(all.exitCode, 0);
    for (const words of ['help', 'show status', 'show cert list', 'utils system restart']) assert.match(all.output, new RegExp(words));
    assert.match(all.output, /show cert list\s+list certificates/);
    assert.match(all.output, /utils system restart\s+restart every service/, 'summaries default to the catalogue');
    const some = await registry().execute(['help', 'show'], ctx);
    assert.doesNotMatch(some.output, /utils/);
    assert.equal((await registry().execute(['help', 'nothing'], ctx)).exitCode, 2);
  });

  it('prints a command\'s usage for --help', async () => {
    assert.deepEqual(await registry().execute(['show', 'cert', 'list', '--help'], ctx), { exitCode: 0, output: 'show cert list [store]\n' });
  });

  it('turns a throwing handler into exit code 1 and reports the error', async () => {
    const errors: unknown[] = [];
    const r = createCommandRegistry({ boom: async () => { throw new Error('kaput'); } }, { onError: (e) => errors.push(e) });
    const result = await r.execute(['boom'], ctx);
    assert.equal(result.exitCode, 1);
    assert.equal(result.error, 'ERR_ADMIN_INTERNAL');
    assert.match(result.output, /kaput/);
    assert.equal(errors.length, 1);
  });

  it('registers commands later, replacing by words', async () => {
    const r = registry();
    r.register('Show  Status', echo('new'));
    assert.equal((await r.execute(['show', 'status'], ctx)).output, 'new()');
    assert.equal(r.list().filter((c) => c.words === 'show status').length, 1);
    assert.throws(() => r.register('  ', echo('x')), TypeError);
  });
});
