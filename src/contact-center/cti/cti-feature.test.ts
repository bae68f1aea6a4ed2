import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigOrThrow } from '../../config/load.js';
import { ManualClock } from '../../shared/clock.js';
import { MemoryLogger } from '../../shared/logger.js';
import { createCtiFeature } from './cti-feature.js';
import { agentUser, fakeDirectory } from './test-kit.js';

const config = (env: Record<string, string>) => loadConfigOrThrow({ argv: ['--data', '/tmp/parley-cti-feature-test'], env, hasIpv6: () => false });

describe('CTI feature wiring', () => {
  it('with the embedded server off and no side A host, the link is not started and the log says why', () => {
    const log = new MemoryLogger(true);
    const f = createCtiFeature({
      config: config({ PARLEY_CTI_EMBEDDED_SERVER: 'false' }), certs: { secureContextOptions: () => ({}) } as never,
      clock: new ManualClock(0), log, directory: fakeDirectory([agentUser('1')]),
    });
    f.start(undefined);
    assert.equal(f.sides(), undefined);
    assert.ok(log.lines.some((l) => l.level === 'error' && /cti.aSideHost must name the CTI server/.test(l.msg)));
    assert.deepEqual(f.setSide('B', { host: 'b', port: 1, tls: true }), { ok: false, problem: 'set side A first: the link has no A side yet' });
    assert.equal(f.setSide('A', undefined).ok, false);
    const set = f.setSide('A', { host: '127.0.0.1', port: 1, tls: true });
    assert.ok(set.ok);
    assert.deepEqual(f.sides()?.sideA, { host: '127.0.0.1', port: 1, tls: true });
    assert.equal(f.contactCenter.link().state, 'OUT_OF_SERVICE');
    f.stop();
  });

  it('reads the sides from the config: A on the loopback at the embedded port by default, B when set', () => {
    const f = createCtiFeature({
      config: config({ PARLEY_CTI_B_SIDE_HOST: 'cti-b.example.com', PARLEY_CTI_B_SIDE_PORT: '43030' }), certs: { secureContextOptions: () => ({}) } as never,
      clock: new ManualClock(0), log: new MemoryLogger(false), directory: fakeDirectory([]),
    });
    f.start(45000);
    assert.deepEqual(f.sides(), { sideA: { host: '127.0.0.1', port: 45000, tls: true }, sideB: { host: 'cti-b.example.com', port: 43030, tls: true } });
    f.stop();
  });
});
