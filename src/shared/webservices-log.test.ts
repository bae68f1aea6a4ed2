import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createWebservicesLog, formatWebservicesLine, hostAddress, pruneEarlierRuns, webservicesLogFileName, webservicesTimestamp } from './webservices-log.js';

// Seed 000: 00:16:04.630 on 2017-06-17 at +0530 (the CTI_MSG_RECEIVED epoch of the document's last line
// is 1497638824642 = 00:17:04.642 +0530).
const AT = Date.UTC(2017, 5, 16, 18, 46, 4, 630);
const IST = 330;

describe('web-services log format (seed 000 lines)', () => {
  it('timestamps and file names as the document shows them', () => {
    assert.equal(webservicesTimestamp(AT, IST), 'Jun 17 2017 00:16:04.630 +0530');
    assert.equal(webservicesTimestamp(1497638824642, IST), 'Jun 17 2017 00:17:04.642 +0530');
    assert.equal(webservicesTimestamp(AT, -300), 'Jun 16 2017 13:46:04.630 -0500');
    assert.equal(webservicesTimestamp(AT, 0), 'Jun 16 2017 18:46:04.630 +0000');
    assert.equal(webservicesLogFileName(AT, IST), 'Desktop-webservices.2017-06-17T00-16-04.630.log');
    assert.match(webservicesLogFileName(Date.now()), /^Desktop-webservices\.\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}\.log$/);
  });

  it('reproduces the seed\'s presence lines byte for byte (host obfuscated as in the document)', () => {
    const line = (sequence: number, at: number, thread: string, msg: string): string =>
      formatWebservicesLine({ sequence, host: 'XX.XX.XX.XXX', at, thread, level: 'info', msg, offsetMin: IST });
    assert.equal(
      line(1043, AT, 'Smack Listener Processor (1)', 'PRESENCE_NOTIFICATION_RECIEVED: %[FROM JID=1001003@xxxxx.xxxx.xxx.cisco.com/desktop][PRESENCE_TYPE=unavailable]:Finesse received a presence notifcation'),
      '0000001043: XX.XX.XX.XXX: Jun 17 2017 00:16:04.630 +0530: %CCBU_Smack Listener Processor (1)-6-PRESENCE_NOTIFICATION_RECIEVED: %[FROM JID=1001003@xxxxx.xxxx.xxx.cisco.com/desktop][PRESENCE_TYPE=unavailable]:Finesse received a presence notifcation');
    assert.equal(
      line(1044, AT + 1, 'Smack Listener Processor (1)', 'AGENT_PRESENCE_MONITOR: %[message_string=Adding agent 1001003 into the expiry hash.]:'),
      '0000001044: XX.XX.XX.XXX: Jun 17 2017 00:16:04.631 +0530: %CCBU_Smack Listener Processor (1)-6-AGENT_PRESENCE_MONITOR: %[message_string=Adding agent 1001003 into the expiry hash.]:');
    assert.equal(
      line(1060, AT + 60_002, 'CoreImpl-worker12', 'PRESENCE DRIVEN LOGOUT: %[agent_id=1001003]: Performing CTI Logout on basis of the agents unavailable presence'),
      '0000001060: XX.XX.XX.XXX: Jun 17 2017 00:17:04.632 +0530: %CCBU_CoreImpl-worker12-6-PRESENCE DRIVEN LOGOUT: %[agent_id=1001003]: Performing CTI Logout on basis of the agents unavailable presence');
  });

  it('severity by level; a message without a mnemonic gets WEBSERVICES', () => {
    const f = (level: 'debug' | 'info' | 'warn' | 'error', msg: string): string =>
      formatWebservicesLine({ sequence: 1, host: '10.0.0.5', at: AT, thread: 'main', level, msg, offsetMin: 0 });
    assert.match(f('error', 'CTI link: heartbeat unanswered'), /%CCBU_main-3-WEBSERVICES: CTI link: heartbeat unanswered$/);
    assert.match(f('warn', 'X: y'), /-4-X: y$/);
    assert.match(f('debug', 'lower: case'), /-7-WEBSERVICES: lower: case$/);
    assert.match(f('info', 'MESSAGE_TO_CTI_SERVER: %[cti_message=Invoke id :39 , agentstate : 1]'), /-6-MESSAGE_TO_CTI_SERVER: %\[cti_message=Invoke id :39 , agentstate : 1\]$/);
    assert.match(f('info', ''), /-6-WEBSERVICES: $/);
  });

  it('hostAddress: the bind address when specific, else an IPv4 address', () => {
    assert.equal(hostAddress('10.1.2.3'), '10.1.2.3');
    assert.match(hostAddress('::'), /^\d+\.\d+\.\d+\.\d+$/);
    assert.match(hostAddress('host name; rm -rf'), /^\d+\.\d+\.\d+\.\d+$/);
  });
});

describe('web-services log file', () => {
  const tmp = (): string => mkdtempSync(join(tmpdir(), 'parley-wslog-'));

  it('writes numbered lines to the file named at start; thread() names the writer; debug follows the toggle', () => {
    const dir = tmp();
    let now = AT;
    let debug = false;
    const log = createWebservicesLog({ dir: join(dir, 'webservices'), now: () => now, debug: () => debug, host: '10.0.0.5', offsetMin: IST });
    assert.equal(basename(log.file), 'Desktop-webservices.2017-06-17T00-16-04.630.log');
    log.thread('Smack Listener Processor (1)').info('PRESENCE_NOTIFICATION_RECIEVED: %[FROM JID=a@b/c][PRESENCE_TYPE=unavailable]:Finesse received a presence notifcation');
    log.debug('HIDDEN: not written');
    debug = true;
    now += 1;
    log.debug('SHOWN: written');
    const lines = readFileSync(log.file, 'utf8').split('\n').filter(Boolean);
    assert.deepEqual(lines, [
      '0000000001: 10.0.0.5: Jun 17 2017 00:16:04.630 +0530: %CCBU_Smack Listener Processor (1)-6-PRESENCE_NOTIFICATION_RECIEVED: %[FROM JID=a@b/c][PRESENCE_TYPE=unavailable]:Finesse received a presence notifcation',
      '0000000002: 10.0.0.5: Jun 17 2017 00:16:04.631 +0530: %CCBU_main-7-SHOWN: written',
    ]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('hostile text: control characters escaped, one line per message, 1 MB cut, secrets redacted, odd thread names tamed', () => {
    const dir = tmp();
    const log = createWebservicesLog({ dir, now: () => AT, debug: () => false, host: '10.0.0.5', maxLineChars: 1000 });
    log.info('PRESENCE_NOTIFICATION_RECIEVED: %[FROM JID=evil@x/\n0000000099: forged line\r\x1b[31m]');
    log.info(`BIG: ${'x'.repeat(1024 * 1024)}`);
    log.thread('a\nb'.repeat(100)).info('T: thread');
    log.info('AUTH: password=hunter2');
    const text = readFileSync(log.file, 'utf8');
    const lines = text.split('\n').filter(Boolean);
    assert.equal(lines.length, 4, text.slice(0, 500));
    assert.ok(!lines.some((l) => l.startsWith('0000000099')));
    assert.ok(lines[1]!.length < 1200 && lines[1]!.includes('truncated'));
    assert.ok(!lines[2]!.includes('\n') && lines[2]!.length < 200);
    assert.ok(!text.includes('hunter2'), lines[3]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('JSON lines for log shippers', () => {
    const dir = tmp();
    const log = createWebservicesLog({ dir, now: () => AT, debug: () => false, host: '10.0.0.5', format: 'json' });
    log.thread('CoreImpl-worker1').warn('PRESENCE DRIVEN LOGOUT: %[agent_id=1]: refused');
    const obj = JSON.parse(readFileSync(log.file, 'utf8').trim()) as Record<string, unknown>;
    assert.deepEqual(obj, { time: '2017-06-16T18:46:04.630Z', level: 'warn', logger: 'webservices', thread: 'CoreImpl-worker1', seq: 1, msg: 'PRESENCE DRIVEN LOGOUT: %[agent_id=1]: refused' });
    rmSync(dir, { recursive: true, force: true });
  });

  it('an unwritable directory is reported, never thrown', () => {
    const dir = tmp();
    const blocker = join(dir, 'file');
    writeFileSync(blocker, 'not a directory');
    const problems: string[] = [];
    const log = createWebservicesLog({ dir: join(blocker, 'webservices'), now: () => AT, debug: () => false, host: 'h', onProblem: (m) => problems.push(m) });
    assert.doesNotThrow(() => log.info('X: y'));
    assert.ok(problems.length >= 1, 'reported');
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the newest earlier runs within the age limit, never the current file or foreign files', () => {
    const dir = tmp();
    const now = Date.now();
    const day = 86_400_000;
    const mk = (name: string, ageMs: number): string => {
      const f = join(dir, name);
      writeFileSync(f, 'x\n');
      utimesSync(f, (now - ageMs) / 1000, (now - ageMs) / 1000);
      return f;
    };
    mk('Desktop-webservices.2026-01-01T00-00-00.000.log', 1 * day);
    mk('Desktop-webservices.2026-01-01T00-00-00.000.log.1', 1 * day);
    mk('Desktop-webservices.2026-01-02T00-00-00.000.log', 2 * day);
    mk('Desktop-webservices.2026-01-03T00-00-00.000.log', 3 * day);
    mk('Desktop-webservices.2025-01-01T00-00-00.000.log', 30 * day);
    mk('notes.txt', 400 * day);
    const current = mk('Desktop-webservices.2026-02-01T00-00-00.000.log', 500 * day);
    const removed = pruneEarlierRuns(dir, current, { maxBytes: 0, maxFiles: 2, maxAgeDays: 14 }, now);
    assert.deepEqual(readdirSync(dir).sort(), [
      'Desktop-webservices.2026-01-01T00-00-00.000.log', 'Desktop-webservices.2026-01-01T00-00-00.000.log.1',
      'Desktop-webservices.2026-01-02T00-00-00.000.log', 'Desktop-webservices.2026-02-01T00-00-00.000.log', 'notes.txt',
    ]);
    assert.equal(removed.length, 2);
    assert.ok(existsSync(current));
    assert.deepEqual(pruneEarlierRuns(join(dir, 'missing'), current, { maxBytes: 0, maxFiles: 0, maxAgeDays: 0 }, now), []);
    rmSync(dir, { recursive: true, force: true });
  });
});
