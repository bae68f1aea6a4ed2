// The `websocket.*` settings (XMPP over WebSocket on /ws): defaults, the frame limit that follows the
// stanza limit unless set, environment names and bounds.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type LoadOptions } from './load.js';
import { formatIssues } from './issues.js';
import { settingByPath } from './schema.js';

function load(options: LoadOptions) {
  const cwd = mkdtempSync(join(tmpdir(), 'parley-ws-config-'));
  try {
    return loadConfig({ env: {}, cwd, hasIpv6: () => true, ...options });
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

function websocketOf(options: LoadOptions) {
  const r = load(options);
  if (!r.ok) assert.fail(formatIssues(r.issues));
  return { ...r.config.websocket };
}

describe('loadConfig: websocket settings', () => {
  it('defaults: frames up to the stanza limit, a WebSocket ping every 30 s', () => {
    assert.deepEqual(websocketOf({}), { maxFrameBytes: 262_144, pingIntervalS: 30 });
  });

  it('the frame limit follows xmpp.stanzaSizeLimit unless it is set', () => {
    assert.equal(websocketOf({ env: { PARLEY_XMPP_STANZA_SIZE_LIMIT: '50000' } }).maxFrameBytes, 50_000);
    assert.equal(websocketOf({ env: { PARLEY_XMPP_STANZA_SIZE_LIMIT: '50000', PARLEY_WEBSOCKET_MAX_FRAME_BYTES: '70000' } }).maxFrameBytes, 70_000);
  });

  it('reads PARLEY_WEBSOCKET_* and the config file section', () => {
    assert.equal(settingByPath('websocket.maxFrameBytes')?.env, 'PARLEY_WEBSOCKET_MAX_FRAME_BYTES');
    assert.equal(settingByPath('websocket.pingIntervalS')?.env, 'PARLEY_WEBSOCKET_PING_INTERVAL_S');
    assert.deepEqual(websocketOf({ env: { PARLEY_WEBSOCKET_PING_INTERVAL_S: '0' } }).pingIntervalS, 0);
    const dir = mkdtempSync(join(tmpdir(), 'parley-ws-file-'));
    try {
      const file = join(dir, 'c.json');
      writeFileSync(file, JSON.stringify({ websocket: { maxFrameBytes: 20000, pingIntervalS: 5 } }));
      assert.deepEqual(websocketOf({ argv: ['--config', file] }), { maxFrameBytes: 20_000, pingIntervalS: 5 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a frame limit below RFC 6120\'s 10 000 bytes and a negative interval', () => {
    for (const env of [{ PARLEY_WEBSOCKET_MAX_FRAME_BYTES: '9999' }, { PARLEY_WEBSOCKET_PING_INTERVAL_S: '-1' }]) {
      const r = load({ env });
      assert.equal(r.ok, false, JSON.stringify(env));
      if (!r.ok) assert.deepEqual(r.issues.map((i) => i.code), ['ERR_CONFIG_INVALID_VALUE']);
    }
  });
});
