import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from './load.js';

const load = (env: Record<string, string> = {}) => loadConfig({ argv: ['--data', '/tmp/parley-diag-config-test'], env, cwd: '/srv', hasIpv6: () => false });
const ok = (env: Record<string, string> = {}) => {
  const r = load(env);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.config;
};

describe('diagnostics settings', () => {
  it('has sensible defaults: text logs, 10 MB × 10 files, 14 days, no key log, /metrics for admins', () => {
    const c = ok();
    assert.deepEqual({ ...c.log }, { format: 'text', maxFileBytes: 10 * 1024 * 1024, maxFiles: 10, maxAgeDays: 14 });
    assert.equal(c.tls.keylogFile, '');
    assert.equal(c.metrics.access, 'admin');
  });
  it('reads PARLEY_LOG_FORMAT=json and the rotation settings', () => {
    const c = ok({ PARLEY_LOG_FORMAT: 'JSON', PARLEY_LOG_MAX_FILE_BYTES: '1000', PARLEY_LOG_MAX_FILES: '3', PARLEY_LOG_MAX_AGE_DAYS: '0', PARLEY_METRICS_ACCESS: 'open' });
    assert.equal(c.log.format, 'json');
    assert.equal(c.log.maxFileBytes, 1000);
    assert.equal(c.log.maxFiles, 3);
    assert.equal(c.log.maxAgeDays, 0);
    assert.equal(c.metrics.access, 'open');
  });
  it('refuses bad values with a clear message', () => {
    const r = load({ PARLEY_LOG_FORMAT: 'xml', PARLEY_LOG_MAX_FILES: '-1', PARLEY_METRICS_ACCESS: 'public' });
    assert.equal(r.ok, false);
    const text = JSON.stringify(!r.ok && r.issues);
    assert.match(text, /one of text, json/);
    assert.match(text, /one of admin, open, off/);
    assert.match(text, /PARLEY_LOG_MAX_FILES/);
  });
  it('SSLKEYLOGFILE turns on the key log (resolved); PARLEY_TLS_KEYLOG_FILE wins over it', () => {
    assert.equal(ok({ SSLKEYLOGFILE: 'keys.log' }).tls.keylogFile, '/srv/keys.log');
    assert.equal(ok({ SSLKEYLOGFILE: '/a', PARLEY_TLS_KEYLOG_FILE: '/b' }).tls.keylogFile, '/b');
    assert.equal(ok({ SSLKEYLOGFILE: '  ' }).tls.keylogFile, '');
  });
});
