import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanLogMessage, createFileLogger, openfireTimestamp } from './file-log.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'parley-flog-'));
const T = new Date(2017, 5, 17, 0, 16, 4).getTime(); // local time, as Openfire writes it

describe('createFileLogger', () => {
  it('writes the Openfire line format byte for byte: info lines to info.log, debug lines to debug.log', () => {
    const dir = tmp();
    const files = { debug: join(dir, 'openfire', 'debug.log'), info: join(dir, 'openfire', 'info.log') };
    const log = createFileLogger({ files, debug: () => true, now: () => T, onProblem: assert.fail });
    log.info('Closing idle session (id=f382a015): 1001003@fin1.example.com/desktop after being inactive for more than threshold value of 60');
    log.debug('Session (id=f382a015) was last active 63231 ms ago: 1001003@fin1.example.com/desktop');
    assert.equal(readFileSync(files.info, 'utf8'), '2017.06.17 00:16:04 Closing idle session (id=f382a015): 1001003@fin1.example.com/desktop after being inactive for more than threshold value of 60\n');
    assert.equal(readFileSync(files.debug, 'utf8'), '2017.06.17 00:16:04 Session (id=f382a015) was last active 63231 ms ago: 1001003@fin1.example.com/desktop\n');
    assert.equal(openfireTimestamp(T), '2017.06.17 00:16:04');
    rmSync(dir, { recursive: true });
  });

  it('skips debug lines while the toggle is off', () => {
    const dir = tmp();
    let on = false;
    const files = { debug: join(dir, 'debug.log'), info: join(dir, 'info.log') };
    const log = createFileLogger({ files, debug: () => on, now: () => T });
    log.debug('hidden');
    on = true;
    log.debug('shown');
    assert.equal(readFileSync(files.debug, 'utf8'), '2017.06.17 00:16:04 shown\n');
    rmSync(dir, { recursive: true });
  });

  it('json format: one object per line with time, level, logger and message', () => {
    const dir = tmp();
    const file = join(dir, 'parley.log');
    const log = createFileLogger({ files: { info: file }, debug: () => false, now: () => Date.UTC(2026, 0, 2, 3, 4, 5, 6), format: 'json', name: 'openfire' });
    log.warn('disk "almost" full\nforged line');
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    assert.equal(lines.length, 1);
    assert.deepEqual(JSON.parse(lines[0]!), { time: '2026-01-02T03:04:05.006Z', level: 'warn', logger: 'openfire', msg: 'disk "almost" full\\nforged line' });
    rmSync(dir, { recursive: true });
  });

  it('never writes secrets, escapes control characters, truncates a 1 MB user string with a marker', () => {
    const dir = tmp();
    const file = join(dir, 'info.log');
    const log = createFileLogger({ files: { info: file }, debug: () => true, now: () => T });
    log.info(`SASL <auth mechanism='PLAIN'>AGFnZW50AGFnZW50</auth> key -----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY-----`);
    log.info('user said: hi\r\n2017.06.17 00:00:00 forged\x1b[31m\x00 \u202e');
    log.info(`note ${'A'.repeat(1024 * 1024)}`);
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n').filter(Boolean);
    assert.equal(lines.length, 3, 'a line break in a message cannot forge a line');
    assert.ok(!text.includes('AGFnZW50AGFnZW50') && !text.includes('MIIEv'));
    assert.equal(lines[1], '2017.06.17 00:16:04 user said: hi\\r\\n2017.06.17 00:00:00 forged\\x1b[31m\\x00 \\u202e');
    assert.ok(lines[2]!.length < 17_000, `${lines[2]!.length}`);
    assert.match(lines[2]!, /…\[truncated: 1048581 chars in all\]$/);
    rmSync(dir, { recursive: true });
  });

  it('an unwritable log directory is reported once at creation; logging goes on without throwing', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'logs'), '');
    const problems: string[] = [];
    const log = createFileLogger({ files: { info: join(dir, 'logs', 'info.log') }, debug: () => true, onProblem: (m) => problems.push(m) });
    assert.equal(problems.length, 1, 'reported at creation');
    for (let i = 0; i < 5; i++) log.error('still serving');
    assert.equal(problems.length, 1);
    rmSync(dir, { recursive: true });
  });
});

describe('cleanLogMessage', () => {
  it('keeps ordinary text unchanged', () => {
    assert.equal(cleanLogMessage('A session is being closed for 1001012@localhost/desktop'), 'A session is being closed for 1001012@localhost/desktop');
    assert.equal(cleanLogMessage('tab\tkept'), 'tab\tkept');
  });
});
