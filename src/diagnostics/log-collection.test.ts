import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createLogCollector, normalizeActivelogPath } from './log-collection.js';
import { splitTarName, tarHeader } from './tar.js';

const KEY = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';

/** Reads a tar (ustar) archive: name → content. */
function untar(buf: Buffer): Map<string, string> {
  const files = new Map<string, string>();
  for (let off = 0; off + 512 <= buf.length;) {
    const h = buf.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const str = (a: number, n: number) => h.subarray(a, a + n).toString('utf8').replace(/\0.*$/s, '');
    const name = [str(345, 155), str(0, 100)].filter(Boolean).join('/');
    const size = parseInt(str(124, 12), 8);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
    assert.equal(parseInt(str(148, 8), 8), sum, `checksum of ${name}`);
    files.set(name, buf.subarray(off + 512, off + 512 + size).toString('utf8'));
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

function fixture() {
  const data = mkdtempSync(join(tmpdir(), 'parley-collect-'));
  const logs = join(data, 'logs');
  mkdirSync(join(logs, 'desktop', 'openfire'), { recursive: true });
  mkdirSync(join(logs, 'desktop', 'webservices'), { recursive: true });
  mkdirSync(join(data, 'pki'), { recursive: true });
  writeFileSync(join(data, 'pki', 'tomcat.key'), KEY);
  writeFileSync(join(logs, 'desktop', 'openfire', 'info.log'), '2017.06.17 00:16:04 Closing idle session (id=f382a015): 1001003@x/desktop after being inactive for more than threshold value of 60\n');
  writeFileSync(join(logs, 'desktop', 'openfire', 'info.log.1'), `2017.06.16 00:00:00 leaked ${KEY.replace(/\n/g, ' ')}\n`);
  writeFileSync(join(logs, 'desktop', 'openfire', 'debug.log'), `2017.06.17 00:00:00 <auth mechanism='PLAIN'>AGFnZW50AGFnZW50</auth> <body sid='abcdef0123456789' rid='1'/>\n`);
  writeFileSync(join(logs, 'desktop', 'webservices', 'Desktop-webservices.2017-06-17T00-16-04.630.log'), '0000001060: PRESENCE DRIVEN LOGOUT\n');
  symlinkSync(join(data, 'pki', 'tomcat.key'), join(logs, 'desktop', 'openfire', 'key-link.log'));
  writeFileSync(join(logs, 'parley.log'), '2017.06.17 00:00:00 started\n');
  writeFileSync(join(logs, 'other.log'), 'not collected with desktop\n');
  return { data, logs };
}

describe('createLogCollector', () => {
  it('writes a tar.gz of the logs, a redacted config and a status summary, without secrets', async () => {
    const { data, logs } = fixture();
    const lines: string[] = [];
    const collector = createLogCollector({
      logsDir: logs, outDir: join(data, 'collect'), now: () => Date.UTC(2026, 10, 22, 8, 0, 0),
      config: () => ({ data, fqdn: 'fin1.example.com', tls: { keylogFile: '', keyPassword: 'hunter2' }, note: KEY }),
      status: async () => 'Parley status\nXMPP sessions   1\nAuthorization: Basic YWRtaW46YWRtaW4=\nstoredKey: "x"\n',
    });
    const r = await collector.collect('/desktop', (l) => lines.push(l));
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.value.path, join(data, 'collect', 'activelog-desktop-2026-11-22T08-00-00.000Z.tar.gz'));
    assert.equal(statSync(r.value.path).mode & 0o777, 0o600);
    assert.match(lines[0]!, /^Collecting 5 file\(s\)/);
    assert.ok(lines.some((l) => l.includes('[1/5]')));
    const files = untar(gunzipSync(readFileSync(r.value.path)));
    const p = 'activelog-desktop-2026-11-22T08-00-00.000Z/';
    assert.deepEqual([...files.keys()].sort(), [
      `${p}config.json`,
      `${p}logs/desktop/openfire/debug.log`,
      `${p}logs/desktop/openfire/info.log`,
      `${p}logs/desktop/openfire/info.log.1`,
      `${p}logs/desktop/webservices/Desktop-webservices.2017-06-17T00-16-04.630.log`,
      `${p}logs/parley.log`,
      `${p}status.txt`,
    ]);
    assert.match(files.get(`${p}logs/desktop/openfire/info.log`)!, /Closing idle session \(id=f382a015\)/);
    const all = [...files.values()].join('\n');
    for (const secret of ['MIIEvQ', 'AGFnZW50AGFnZW50', 'abcdef0123456789', 'hunter2', 'YWRtaW46YWRtaW4=']) {
      assert.ok(!all.includes(secret), `${secret} leaked`);
    }
    const config = JSON.parse(files.get(`${p}config.json`)!);
    assert.equal(config.fqdn, 'fin1.example.com');
    assert.equal(config.tls.keyPassword, '[redacted]');
    assert.match(files.get(`${p}status.txt`)!, /XMPP sessions/);
    rmSync(data, { recursive: true });
  });

  it('is readable by the system tar', { skip: !existsTar() }, async () => {
    const { data, logs } = fixture();
    const collector = createLogCollector({ logsDir: logs, outDir: join(data, 'collect'), now: Date.now, config: () => ({}), status: async () => 'ok\n' });
    const r = await collector.collect('desktop');
    assert.ok(r.ok);
    const listing = execFileSync('tar', ['-tzf', r.value.path], { encoding: 'utf8' });
    assert.match(listing, /logs\/desktop\/openfire\/info\.log\n/);
    const out = join(data, 'x');
    mkdirSync(out);
    execFileSync('tar', ['-xzf', r.value.path, '-C', out]);
    rmSync(data, { recursive: true });
  });

  it('concurrent requests share one archive; the next one builds a new one; old archives are pruned', async () => {
    const { data, logs } = fixture();
    let t = Date.UTC(2026, 0, 1);
    const collector = createLogCollector({ logsDir: logs, outDir: join(data, 'collect'), now: () => t, config: () => ({}), status: async () => 'ok\n', keepArchives: 2 });
    const second: string[] = [];
    const [a, b] = await Promise.all([collector.collect('desktop'), collector.collect('desktop', (l) => second.push(l))]);
    assert.ok(a.ok && b.ok);
    assert.equal(a.value.path, b.value.path);
    assert.equal(a.value.shared, false);
    assert.equal(b.value.shared, true);
    assert.match(second[0]!, /Another log collection \(desktop\) is running; waiting/);
    for (let i = 0; i < 3; i++) { t += 1000; assert.ok((await collector.collect('desktop')).ok); }
    assert.equal(readdirSync(join(data, 'collect')).filter((n) => n.endsWith('.tar.gz')).length, 2);
    rmSync(data, { recursive: true });
  });

  it('refuses paths that leave the log directory, and missing directories, with clear errors', async () => {
    const { data, logs } = fixture();
    const collector = createLogCollector({ logsDir: logs, outDir: join(data, 'collect'), now: Date.now, config: () => ({}), status: async () => '' });
    for (const bad of ['../pki', 'desktop/../../pki', '', '/', 'a\0b']) {
      const r = await collector.collect(bad);
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.error, 'bad-path', bad);
    }
    const missing = await collector.collect('nothing-here');
    assert.equal(!missing.ok && missing.error, 'not-found');
    assert.equal(normalizeActivelogPath('/desktop/openfire/'), 'desktop/openfire');
    rmSync(data, { recursive: true });
  });

  it('an unwritable output directory is a clear error, not a crash', async () => {
    const { data, logs } = fixture();
    writeFileSync(join(data, 'collect'), 'a file in the way');
    const collector = createLogCollector({ logsDir: logs, outDir: join(data, 'collect'), now: Date.now, config: () => ({}), status: async () => '' });
    const r = await collector.collect('desktop').catch((e) => ({ ok: false as const, error: 'threw', text: String(e) }));
    assert.equal(r.ok, false);
    rmSync(data, { recursive: true });
  });
});

describe('tar headers', () => {
  it('splits long names into prefix and name, refuses unsafe names', () => {
    const long = `${'d'.repeat(120)}/${'f'.repeat(90)}`;
    assert.deepEqual(splitTarName(long), { prefix: 'd'.repeat(120), name: 'f'.repeat(90) });
    assert.throws(() => tarHeader({ name: '../etc/passwd', size: 1, mtimeMs: 0 }));
    assert.throws(() => tarHeader({ name: '/abs', size: 1, mtimeMs: 0 }));
    assert.throws(() => splitTarName('x'.repeat(300)));
  });
});

function existsTar(): boolean {
  try { execFileSync('tar', ['--version']); return true; } catch { return false; }
}
