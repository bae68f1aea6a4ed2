import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hex } from '../../../test/fixtures/cti/hex.js';
import { CtiEncodeError } from './errors.js';
import {
  BOOL, F_FLEX_UINT, F_INT, F_UINT, F_USHORT, INT, NAMEDARRAY, NAMEDVAR, SHORT, TIME, UCHAR, UINT, USHORT,
  fixedString, str, unspec, type FixedCodec,
} from './field-codecs.js';
import { Reader, Writer } from './wire.js';

function write<T>(codec: FixedCodec<T>, value: unknown): Buffer {
  const w = new Writer(1); // start tiny: every write must grow the buffer correctly
  codec.write(w, value, 'f');
  return w.toBuffer();
}

function read<T>(codec: FixedCodec<T>, bytes: Buffer): { value: T; reader: Reader } {
  const reader = new Reader(bytes);
  return { value: codec.read(reader), reader };
}

function encodeCode(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof CtiEncodeError);
    return e.code;
  }
  return 'no error';
}

describe('fixed-part field codecs', () => {
  const cases: [FixedCodec<number>, number, string][] = [
    [UCHAR, 0xfe, 'fe'], [USHORT, 0xbeef, 'beef'], [SHORT, -2, 'fffe'], [UINT, 0xfffffffe, 'fffffffe'],
    [INT, -1, 'ffffffff'], [TIME, 1497638824, '594427a8'],
  ];
  for (const [codec, value, bytes] of cases) {
    it(`${codec.wireType} is ${codec.size} big-endian bytes`, () => {
      assert.equal(write(codec, value).toString('hex'), bytes);
      assert.equal(read(codec, hex(bytes)).value, value);
      assert.equal(codec.size, bytes.length / 2);
    });
  }

  it('range-checks integers', () => {
    assert.equal(encodeCode(() => write(UCHAR, 256)), 'ERR_CTI_VALUE_OUT_OF_RANGE');
    assert.equal(encodeCode(() => write(USHORT, -1)), 'ERR_CTI_VALUE_OUT_OF_RANGE');
    assert.equal(encodeCode(() => write(UINT, 2 ** 32)), 'ERR_CTI_VALUE_OUT_OF_RANGE');
    assert.equal(encodeCode(() => write(INT, 2 ** 31)), 'ERR_CTI_VALUE_OUT_OF_RANGE');
    assert.equal(encodeCode(() => write(UINT, '1')), 'ERR_CTI_VALUE_OUT_OF_RANGE');
    assert.equal(encodeCode(() => write(UINT, Number.NaN)), 'ERR_CTI_VALUE_OUT_OF_RANGE');
  });

  it('BOOL is two bytes; any non-zero value reads as true', () => {
    assert.equal(write(BOOL, true).toString('hex'), '0001');
    assert.equal(write(BOOL, false).toString('hex'), '0000');
    assert.equal(read(BOOL, hex('0100')).value, true);
    assert.equal(encodeCode(() => write(BOOL, 1)), 'ERR_CTI_BAD_VALUE');
  });

  it('fixed STRING[n] is NUL-padded to n bytes and read up to its first NUL', () => {
    const s8 = fixedString(8);
    assert.equal(write(s8, 'abc').toString('hex'), '6162630000000000');
    assert.equal(read(s8, hex('6162630000000000')).value, 'abc');
    assert.equal(read(s8, hex('6162636465666768')).value, 'abcdefgh', 'all n bytes used, no NUL');
    assert.equal(encodeCode(() => write(s8, 'abcdefghi')), 'ERR_CTI_FIELD_TOO_LONG');
  });

  it('a short read marks the reader truncated and returns zeros, without throwing', () => {
    const { value, reader } = read(UINT, hex('0102'));
    assert.equal(value, 0);
    assert.equal(reader.error, 'truncated');
    assert.equal(UINT.read(reader), 0, 'still zeros after the failure');
  });
});

describe('floating-field value codecs', () => {
  it('STRING data includes the NUL; its maximum counts it', () => {
    const s = str(8);
    assert.equal(s.encode('1001003', 'f').toString('hex'), '3130303130303300');
    assert.equal(encodeCode(() => s.encode('10010030', 'f')), 'ERR_CTI_FIELD_TOO_LONG');
    assert.deepEqual(s.decode(hex('3130303130303300')), { ok: true, value: '1001003' });
    assert.deepEqual(s.decode(Buffer.alloc(0)), { ok: true, value: '' });
  });

  it('reads a NUL-less STRING to the end of its data (COMPAT) and stops at the first NUL', () => {
    assert.deepEqual(str(8).decode(hex('313030')), { ok: true, value: '100' });
    assert.deepEqual(str(8).decode(hex('3100320033')), { ok: true, value: '1' });
  });

  it('numeric floating fields must have exactly their size', () => {
    assert.deepEqual(F_UINT.decode(hex('00001388')), { ok: true, value: 5000 });
    assert.deepEqual(F_INT.decode(hex('ffffffff')), { ok: true, value: -1 });
    assert.equal(F_USHORT.decode(hex('000001')).ok, false);
    const r = F_UINT.decode(hex('0013'));
    assert.ok(!r.ok && r.error === 'bad-field-length');
  });

  it('SSOEnabled reads 1, 2 or 4 bytes and writes a USHORT', () => {
    for (const b of ['01', '0001', '00000001']) assert.deepEqual(F_FLEX_UINT.decode(hex(b)), { ok: true, value: 1 });
    assert.equal(F_FLEX_UINT.decode(hex('000001')).ok, false);
    assert.equal(F_FLEX_UINT.encode(1, 'f').toString('hex'), '0001');
  });

  it('UNSPEC keeps bytes as they are, up to its maximum', () => {
    const u = unspec(4);
    assert.deepEqual(u.decode(hex('00ff00')), { ok: true, value: hex('00ff00') });
    assert.equal(encodeCode(() => u.encode(Buffer.alloc(5), 'f')), 'ERR_CTI_FIELD_TOO_LONG');
    assert.equal(encodeCode(() => u.encode('text', 'f')), 'ERR_CTI_BAD_VALUE');
  });

  it('NAMEDVAR is name NUL value NUL (3…251 bytes, name ≤ 33, value ≤ 211)', () => {
    const bytes = NAMEDVAR.encode({ name: 'user.cust.id', value: '42' }, 'f');
    assert.equal(bytes.toString('hex'), '757365722e637573742e6964003432' + '00');
    assert.deepEqual(NAMEDVAR.decode(bytes), { ok: true, value: { name: 'user.cust.id', value: '42' } });
    assert.deepEqual(NAMEDVAR.decode(hex('610000')), { ok: true, value: { name: 'a', value: '' } });
    assert.equal(NAMEDVAR.decode(hex('6161')).ok, false, 'too short');
    assert.equal(NAMEDVAR.decode(hex('000000')).ok, false, 'empty name');
    assert.equal(NAMEDVAR.decode(hex('616161')).ok, false, 'no NUL after the name');
    assert.equal(NAMEDVAR.decode(Buffer.concat([Buffer.alloc(33, 0x61), hex('000000')])).ok, false, 'name of 33 + NUL');
    assert.equal(encodeCode(() => NAMEDVAR.encode({ name: '', value: 'x' }, 'f')), 'ERR_CTI_BAD_VALUE');
    assert.equal(encodeCode(() => NAMEDVAR.encode({ name: 'n', value: 'x'.repeat(211) }, 'f')), 'ERR_CTI_FIELD_TOO_LONG');
    assert.equal(encodeCode(() => NAMEDVAR.encode('n=x', 'f')), 'ERR_CTI_BAD_VALUE');
  });

  it('NAMEDARRAY leads with a UCHAR index', () => {
    const bytes = NAMEDARRAY.encode({ index: 3, name: 'user.items', value: 'ä' }, 'f');
    assert.equal(bytes[0], 3);
    assert.deepEqual(NAMEDARRAY.decode(bytes), { ok: true, value: { index: 3, name: 'user.items', value: 'ä' } });
    assert.equal(NAMEDARRAY.decode(hex('036100')).ok, false, 'shorter than 4');
    assert.equal(encodeCode(() => NAMEDARRAY.encode({ index: 256, name: 'n', value: '' }, 'f')), 'ERR_CTI_VALUE_OUT_OF_RANGE');
  });
});
