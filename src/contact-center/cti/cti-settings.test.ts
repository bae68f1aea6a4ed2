import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../config/defaults.js';
import type { CtiConfig } from '../../config/schema.js';
import { loopbackFor, parseSideJson, parseSideWords, resolveSides } from './cti-settings.js';
import { parseSimCall } from './cti-admin-commands.js';
import { splitCallVariables } from './acd-call-simulator.js';

const cti = (over: Partial<CtiConfig> = {}): CtiConfig => ({ ...DEFAULT_CONFIG.cti, ...over });

describe('CTI link settings', () => {
  it('side A defaults to the embedded CTI server on the loopback, B to none', () => {
    const r = resolveSides(cti(), '::', 42030);
    assert.deepEqual(r, { ok: true, sides: { sideA: { host: '127.0.0.1', port: 42030, tls: true }, sideB: undefined } });
    assert.equal(loopbackFor('10.0.0.5'), '10.0.0.5', 'a listener bound to one address is reached there');
  });

  it('an external CTI server needs side A named when the embedded one is off', () => {
    assert.deepEqual(resolveSides(cti({ embeddedServer: false }), '::', undefined).ok, false);
    const r = resolveSides(cti({ embeddedServer: false, sideA: { host: 'cti-a.example.com', port: 42027, tls: true }, sideB: { host: 'cti-b.example.com', port: 0, tls: true } }), '::', undefined);
    assert.equal(r.ok, false, 'side B port 0 without an embedded port');
    const ok = resolveSides(cti({ sideA: { host: 'cti-a.example.com', port: 42027, tls: true }, sideB: { host: 'cti-b.example.com', port: 43027, tls: true } }), '::', 42030);
    assert.deepEqual(ok.ok && ok.sides.sideB, { host: 'cti-b.example.com', port: 43027, tls: true });
  });

  it('parses `set cti side` words and the admin API JSON, refusing bad input', () => {
    assert.deepEqual(parseSideWords(['cti-b', '42030'], 'B'), { ok: true, side: { host: 'cti-b', port: 42030, tls: true } });
    assert.deepEqual(parseSideWords(['10.1.1.1', '42030', 'tls', 'off'], 'A'), { ok: true, side: { host: '10.1.1.1', port: 42030, tls: false } });
    assert.deepEqual(parseSideWords(['none'], 'B'), { ok: true, side: undefined });
    for (const bad of [[], ['h'], ['h', '0'], ['h', '65536'], ['h', '12x'], ['bad host', '1'], ['h', '1', 'tls'], ['h', '1', 'ssl', 'on'], ['h', '1', 'tls', 'on', 'x'], ['a'.repeat(300), '1']]) {
      assert.equal(parseSideWords(bad, 'A').ok, false, JSON.stringify(bad));
    }
    assert.equal(parseSideWords(['none'], 'A').ok, false, 'side A cannot be none');
    assert.deepEqual(parseSideJson({ host: 'cti-a', port: 42030 }, 'A'), { ok: true, side: { host: 'cti-a', port: 42030, tls: true } });
    assert.deepEqual(parseSideJson(null, 'B'), { ok: true, side: undefined });
    for (const bad of [null, [], 'x', { host: 'h' }, { host: 'h', port: '1' }, { host: 'h', port: 1, tls: 'yes' }, { host: 'h', port: 1, extra: 1 }]) {
      assert.equal(parseSideJson(bad, 'A').ok, false, JSON.stringify(bad));
    }
  });
});

describe('sim call words', () => {
  it('parses queue, ani, dnis and repeated --var, refusing malformed input', () => {
    assert.deepEqual(parseSimCall(['--queue', '1', '--ani=5551234', '--dnis', '8000', '--var', 'callVariable1=Gold', '--var', 'user.lang=en=x']), {
      ok: true, queueId: '1', ani: '5551234', dnis: '8000', vars: [{ name: 'callVariable1', value: 'Gold' }, { name: 'user.lang', value: 'en=x' }],
    });
    for (const bad of [[], ['--queue', '1'], ['--ani', '1'], ['--queue', '1', '--ani'], ['--queue', '1', '--queue', '2', '--ani', '1'],
      ['--queue', '1', '--ani', '1', '--var', '=x'], ['--queue', '1', '--ani', '1', 'extra'], ['--queue', '1', '--ani', '1', ...Array(65).fill(['--var', 'a=b']).flat()]]) {
      assert.equal(parseSimCall(bad).ok, false, JSON.stringify(bad).slice(0, 80));
    }
  });

  it('splits call variables from ECC variables', () => {
    assert.deepEqual(splitCallVariables([{ name: 'callVariable10', value: 'x' }, { name: 'user.a', value: 'y' }]), { ok: true, callVariables: { 10: 'x' }, ecc: { 'user.a': 'y' } });
    assert.equal(splitCallVariables([{ name: 'callVariable11', value: 'x' }]).ok, false);
    assert.equal(splitCallVariables([{ name: '__proto__', value: 'x' }]).ok, false);
  });
});
