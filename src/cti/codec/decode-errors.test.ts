// Bad input, crafted field by field: each case names the rule of the guide it breaks.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hex } from '../../../test/fixtures/cti/hex.js';
import { SAMPLES } from '../../../test/fixtures/cti/samples.js';
import {
  FailureStatus, MAX_UNKNOWN_FIELDS, decodeMessage, encodeMessage, failureStatusFor,
  type CtiDecodeError, type CtiMessage, type CtiMessageOf,
} from './index.js';

const seedSetState = SAMPLES.find((m) => m.type === 'SET_AGENT_STATE_REQ')!;
const body = (m: CtiMessage): Buffer => encodeMessage(m).subarray(8);
/** The fixed part of SET_AGENT_STATE_REQ (21 bytes) with NumSkillGroups patched to `n`. */
const setStateFixed = (n = 0): Buffer => {
  const fixed = Buffer.from(body(seedSetState).subarray(0, 21));
  fixed.writeUInt16BE(n, 12);
  return fixed;
};
const instrument = hex('0006 0008 3130303130303300');

function decodeError(type: number, bytes: Buffer): CtiDecodeError | 'ok' {
  const r = decodeMessage({ type, body: bytes });
  return r.ok ? 'ok' : r.error;
}

describe('decoding refuses bad input with a condition, never an exception', () => {
  it('unknown MessageTypes: unassigned, reserved, unsupported, 2^32-1', () => {
    for (const type of [0, 66, 99, 99999, 0xffffffff]) assert.equal(decodeError(type, Buffer.alloc(8)), 'unknown-type', String(type));
    const r = decodeMessage({ type: 99, body: Buffer.alloc(0) });
    assert.ok(!r.ok && r.text!.includes('CLIENT_SESSION_OPENED_EVENT'));
  });

  it('a body shorter than the fixed part', () => {
    assert.equal(decodeError(38, setStateFixed().subarray(0, 20)), 'truncated');
    assert.equal(decodeError(5, Buffer.alloc(0)), 'truncated');
  });

  it('a floating field cut in its header or its data', () => {
    assert.equal(decodeError(38, Buffer.concat([setStateFixed(), instrument, hex('0005 00')])), 'truncated');
    assert.equal(decodeError(38, Buffer.concat([setStateFixed(), instrument, hex('0005 0008 313030')])), 'truncated');
  });

  it('a required floating field is missing (AgentInstrument)', () => {
    assert.equal(decodeError(38, setStateFixed()), 'missing-field');
  });

  it('a field that is not a list member appears twice', () => {
    const agentId = hex('0005 0008 3130303130303300');
    assert.equal(decodeError(38, Buffer.concat([setStateFixed(), instrument, agentId, agentId])), 'duplicate-field');
    assert.equal(decodeError(38, Buffer.concat([setStateFixed(), instrument, instrument])), 'duplicate-field');
  });

  it('an oversized field (AgentID is at most 12 bytes with its NUL)', () => {
    const ok12 = hex('0005 000c 3132333435363738393031 00');
    const long13 = hex('0005 000d 313233343536373839303132 00');
    assert.equal(decodeError(38, Buffer.concat([setStateFixed(), instrument, ok12])), 'ok');
    assert.equal(decodeError(38, Buffer.concat([setStateFixed(), instrument, long13])), 'field-too-long');
    const huge = Buffer.concat([hex('0005 ffff'), Buffer.alloc(0xffff, 0x31)]);
    assert.equal(decodeError(38, Buffer.concat([setStateFixed(), instrument, huge])), 'field-too-long');
  });

  it('a NUL-less string is read to the end of its data (COMPAT)', () => {
    const r = decodeMessage({ type: 38, body: Buffer.concat([setStateFixed(), instrument, hex('0005 0007 31303031303033')]) });
    assert.ok(r.ok);
    assert.equal((r.value as CtiMessageOf<'SET_AGENT_STATE_REQ'>).agentId, '1001003');
  });

  it('a numeric field of the wrong size', () => {
    const ase = body({ ...SAMPLES.find((m) => m.type === 'AGENT_STATE_EVENT')!, skillGroups: [], duration: undefined } as CtiMessage);
    assert.equal(decodeError(30, Buffer.concat([ase, hex('0096 0004 0000001e')])), 'ok');
    assert.equal(decodeError(30, Buffer.concat([ase, hex('0096 0002 001e')])), 'bad-field-length'); // Duration (150) is a UINT
  });

  it(`skips unknown tags (forward compatibility), at most ${MAX_UNKNOWN_FIELDS} per message`, () => {
    const unknown = (n: number): Buffer => Buffer.concat(Array.from({ length: n }, (_, i) => hex(`7f${(i % 256).toString(16).padStart(2, '0')} 0001 00`)));
    assert.equal(decodeError(38, Buffer.concat([setStateFixed(), instrument, unknown(MAX_UNKNOWN_FIELDS)])), 'ok');
    assert.equal(decodeError(38, Buffer.concat([setStateFixed(), instrument, unknown(MAX_UNKNOWN_FIELDS + 1)])), 'too-many-unknown-fields');
    // A tag of another message (DNIS) is unknown here and skipped.
    assert.equal(decodeError(38, Buffer.concat([setStateFixed(), instrument, hex('000a 0002 3100')])), 'ok');
  });

  it('list members: a member before its leading field, a member twice, an entry without a required member', () => {
    const ase = (n: number): Buffer => {
      const b = Buffer.from(body({ ...SAMPLES.find((m) => m.type === 'AGENT_STATE_EVENT')!, skillGroups: [] } as CtiMessage));
      b.writeUInt16BE(n, 56); // NumFltSkillGroups sits at offset 56 of the fixed part
      return b;
    };
    const number = hex('003e 0004 0000000a'); // SKILL_GROUP_NUMBER_TAG (62)
    const id = hex('003f 0004 0000138d'); // SKILL_GROUP_ID_TAG (63)
    const priority = hex('0040 0002 0000');
    const state = hex('0041 0002 0003');
    assert.equal(decodeError(30, Buffer.concat([ase(1), number, id, priority, state])), 'ok');
    assert.equal(decodeError(30, Buffer.concat([ase(1), id, number, priority, state])), 'bad-group');
    assert.equal(decodeError(30, Buffer.concat([ase(1), number, id, id, priority, state])), 'bad-group');
    assert.equal(decodeError(30, Buffer.concat([ase(1), number, id, priority])), 'bad-group');
  });

  it('a Num… count that disagrees with the entries present', () => {
    assert.equal(decodeError(38, Buffer.concat([setStateFixed(1), instrument])), 'bad-count');
    assert.equal(decodeError(38, Buffer.concat([setStateFixed(0), instrument, hex('003e 0004 00000001')])), 'bad-count');
  });

  it('more list entries than the guide allows (NumSkillGroups ≤ 10 in SET_AGENT_STATE_REQ)', () => {
    const entries = Array.from({ length: 11 }, (_, i) => hex(`003e 0004 000000${i.toString(16).padStart(2, '0')}`));
    assert.equal(decodeError(38, Buffer.concat([setStateFixed(11), instrument, ...entries])), 'list-too-long');
  });

  it('named variables and arrays above 2000 bytes together', () => {
    // NamedVariable (tag 82) of 220 data bytes: "user.var0" NUL (10) + 209 × "x" NUL (210).
    const one = Buffer.concat([hex('0052 00dc'), Buffer.from('user.var0\0'), Buffer.alloc(210, 0x78).fill(0, 209)]);
    const fixed = Buffer.from(body({ ...SAMPLES.find((m) => m.type === 'SET_CALL_DATA_REQ')!, namedVariables: [], namedArrays: [] } as CtiMessage).subarray(0, 30));
    const device = hex('0019 0008 3130303130303300');
    fixed.writeUInt16BE(9, 14);
    assert.equal(decodeError(26, Buffer.concat([fixed, device, ...Array.from({ length: 9 }, () => one)])), 'ok');
    fixed.writeUInt16BE(10, 14);
    assert.equal(decodeError(26, Buffer.concat([fixed, device, ...Array.from({ length: 10 }, () => one)])), 'too-much-data');
  });

  it('maps each condition to the FAILURE_CONF status a server answers with', () => {
    assert.equal(failureStatusFor('unknown-type'), FailureStatus.E_CTI_INVALID_MSG_TYPE_FOR_VERSION);
    assert.equal(failureStatusFor('missing-field'), FailureStatus.E_CTI_REQUIRED_DATA_MISSING);
    assert.equal(failureStatusFor('field-too-long'), FailureStatus.E_CTI_INVALID_FIELD_LENGTH);
    assert.equal(failureStatusFor('truncated'), FailureStatus.E_CTI_BAD_MESSAGE_FORMAT);
  });
});
