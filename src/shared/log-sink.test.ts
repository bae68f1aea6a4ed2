import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogSink, rotatedFiles } from './log-sink.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'parley-sink-'));

describe('createLogSink', () => {
  it('rotates by size, keeps maxFiles rotated files, newest first', () => {
    const dir = tmp();
    const path = join(dir, 'info.log');
    const sink = createLogSink({ path, policy: { maxBytes: 100, maxFiles: 3, maxAgeDays: 0 } });
    for (let i = 0; i < 40; i++) sink.write(`line ${String(i).padStart(3, '0')} ${'x'.repeat(20)}\n`); // 29 bytes a line
    const rotated = rotatedFiles(path);
    assert.deepEqual(rotated.map((r) => r.index), [1, 2, 3]);
    assert.ok(readFileSync(path, 'utf8').length <= 100);
    assert.match(readFileSync(path, 'utf8'), /line 039/);
    assert.match(readFileSync(`${path}.1`, 'utf8'), /line 03[3-8]/);
    for (const r of rotated) assert.ok(readFileSync(r.file).length <= 100);
    rmSync(dir, { recursive: true });
  });

  it('continues an existing file and counts its size', () => {
    const dir = tmp();
    const path = join(dir, 'debug.log');
    writeFileSync(path, 'x'.repeat(90) + '\n');
    createLogSink({ path, policy: { maxBytes: 100, maxFiles: 2, maxAgeDays: 0 } }).write('a line that does not fit\n');
    assert.equal(readFileSync(path, 'utf8'), 'a line that does not fit\n');
    assert.equal(readFileSync(`${path}.1`, 'utf8').length, 91);
    rmSync(dir, { recursive: true });
  });

  it('deletes rotated files older than maxAgeDays, and those past maxFiles, at open', () => {
    const dir = tmp();
    const path = join(dir, 'info.log');
    for (const i of [1, 2, 3, 7]) writeFileSync(`${path}.${i}`, `old ${i}\n`);
    const now = Date.now();
    utimesSync(`${path}.2`, new Date(now - 20 * 86_400_000), new Date(now - 20 * 86_400_000));
    createLogSink({ path, now: () => now, policy: { maxBytes: 1000, maxFiles: 5, maxAgeDays: 14 } }).write('x\n');
    assert.deepEqual(readdirSync(dir).sort(), ['info.log', 'info.log.1', 'info.log.3']);
    rmSync(dir, { recursive: true });
  });

  it('a path under a file (missing directory) is reported once, lines dropped, server unharmed', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'logs'), 'not a directory');
    const problems: string[] = [];
    let t = 0;
    const sink = createLogSink({ path: join(dir, 'logs', 'openfire', 'info.log'), now: () => t, onProblem: (m) => problems.push(m), retryMs: 1000 });
    for (let i = 0; i < 100; i++) { sink.write('line\n'); t += 50; }
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /cannot write log file .*info\.log: a part of the path is a file, not a directory; .*the server keeps serving/);
    assert.ok(sink.isFailing);
    // The directory appears: writing resumes at the next retry and the recovery is reported once.
    rmSync(join(dir, 'logs'));
    t += 1000;
    sink.write('back\n');
    assert.equal(sink.isFailing, false);
    assert.equal(problems.length, 2);
    assert.match(problems[1]!, /writable again; \d+ line\(s\) were lost/);
    assert.equal(readFileSync(join(dir, 'logs', 'openfire', 'info.log'), 'utf8'), 'back\n');
    rmSync(dir, { recursive: true });
  });

  it('a full disk (ENOSPC, /dev/full) is reported once with a clear reason', { skip: !existsSync('/dev/full') }, () => {
    const dir = tmp();
    const path = join(dir, 'info.log');
    symlinkSync('/dev/full', path);
    const problems: string[] = [];
    const sink = createLogSink({ path, onProblem: (m) => problems.push(m) });
    for (let i = 0; i < 10; i++) sink.write('line\n');
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /the disk is full/);
    rmSync(dir, { recursive: true });
  });

  it('a reporter that throws does not break writing', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'f'), '');
    const sink = createLogSink({ path: join(dir, 'f', 'x.log'), onProblem: () => { throw new Error('boom'); } });
    assert.doesNotThrow(() => sink.write('x\n'));
    rmSync(dir, { recursive: true });
  });
});
