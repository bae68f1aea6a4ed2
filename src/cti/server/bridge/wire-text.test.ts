import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeMessage } from '../../codec/index.js';
import { fitNamed, fitText, fitToLayout } from './wire-text.js';

describe('wire text', () => {
  it('fitText cuts at a UTF-8 character boundary and drops NULs', () => {
    assert.equal(fitText('abc', 3), 'abc');
    assert.equal(fitText('a\0b', 10), 'ab');
    assert.equal(fitText('ééé', 5), 'éé');
    assert.equal(fitText('😀x', 3), '');
    assert.equal(fitText('', 0), '');
  });

  it('fitNamed keeps the named data within 2000 bytes and drops unusable names', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ name: `user.v${String(i).padStart(2, '0')}`, value: 'x'.repeat(200) }));
    const r = fitNamed([...many, { name: '', value: 'x' }, { name: 'n'.repeat(33), value: 'x' }], [{ index: 3, name: 'user.a', value: 'y' }]);
    const bytes = r.namedVariables.reduce((s, v) => s + v.name.length + v.value.length + 2, 0) + r.namedArrays.reduce((s, v) => s + v.name.length + v.value.length + 3, 0);
    assert.ok(bytes <= 2000, `${bytes}`);
    assert.equal(r.namedVariables.length, 9);
    assert.deepEqual(r.namedArrays, [{ index: 3, name: 'user.a', value: 'y' }]);
  });

  it('fitToLayout makes an oversized message encodable', () => {
    const msg = fitToLayout({
      type: 'END_CALL_EVENT', monitorId: 0, peripheralId: 1, peripheralType: 17, connectionDeviceIdType: 0, connectionCallId: 1,
      connectionDeviceId: 'd'.repeat(100),
    });
    assert.equal(encodeMessage(msg).length > 0, true);
    assert.equal((msg as { connectionDeviceId: string }).connectionDeviceId.length, 63);
  });
});
