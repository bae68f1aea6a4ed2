import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from './load.js';
import { ctiSecurePortFor } from './schema.js';

const load = (argv: string[], env: Record<string, string> = {}) => {
  const r = loadConfig({ argv: ['--data', '/tmp/parley-cti-config-test', ...argv], env, hasIpv6: () => false });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.config;
};

describe('CTI settings', () => {
  it('derives the secure CTI port from the system id as document 004 does (42030 for 1, 46030 for 3)', () => {
    assert.equal(ctiSecurePortFor(1), 42030);
    assert.equal(ctiSecurePortFor(3), 46030);
    assert.equal(load([]).ports.cti, 42030);
    assert.equal(load([], { PARLEY_CTI_SYSTEM_ID: '3' }).ports.cti, 46030);
  });

  it('an explicit --port-cti wins over the derived port', () => {
    assert.equal(load(['--port-cti', '0'], { PARLEY_CTI_SYSTEM_ID: '3' }).ports.cti, 0);
  });

  it('has defaults for the heartbeat interval and the oldest protocol version', () => {
    const c = load([]);
    assert.equal(c.cti.systemId, 1);
    assert.equal(c.cti.heartbeatIntervalS, 5);
    assert.equal(c.cti.minProtocolVersion, 13);
  });
});
