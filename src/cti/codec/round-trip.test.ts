import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SAMPLES } from '../../../test/fixtures/cti/samples.js';
import {
  CtiEncodeError, CtiFrameParser, MessageType, SCHEMAS, decodeMessage, encodeMessage, floatingTags, minimumBodyLength,
  type CtiFrame, type CtiMessage,
} from './index.js';

function roundTrip(msg: CtiMessage): CtiMessage {
  const frames: CtiFrame[] = [];
  const parser = new CtiFrameParser((e) => {
    assert.equal(e.kind, 'frame');
    if (e.kind === 'frame') frames.push(e.frame);
  });
  parser.push(encodeMessage(msg));
  assert.equal(frames.length, 1);
  assert.equal(frames[0]!.type, MessageType[msg.type]);
  const decoded = decodeMessage(frames[0]!);
  assert.ok(decoded.ok, decoded.ok ? '' : `${decoded.error}: ${decoded.text}`);
  return decoded.value;
}

describe('CTI message round trips', () => {
  for (const [i, msg] of SAMPLES.entries()) {
    it(`${msg.type} #${i}`, () => assert.deepEqual(roundTrip(msg), msg));
  }

  it('has a sample for every registered layout', () => {
    const sampled = new Set(SAMPLES.map((m) => m.type));
    assert.deepEqual(SCHEMAS.map((s) => s.name).filter((n) => !sampled.has(n)), []);
  });

  it('registers the message types the first increment needs', () => {
    const names = new Set<string>(SCHEMAS.map((s) => s.name));
    for (const name of [
      'FAILURE_CONF', 'FAILURE_EVENT', 'OPEN_REQ', 'OPEN_CONF', 'HEARTBEAT_REQ', 'HEARTBEAT_CONF', 'CLOSE_REQ',
      'CLOSE_CONF', 'SYSTEM_EVENT', 'AGENT_STATE_EVENT', 'SET_AGENT_STATE_REQ', 'SET_AGENT_STATE_CONF',
      'QUERY_AGENT_STATE_REQ', 'QUERY_AGENT_STATE_CONF', 'BEGIN_CALL_EVENT', 'CALL_DELIVERED_EVENT',
      'CALL_ESTABLISHED_EVENT', 'CALL_HELD_EVENT', 'CALL_RETRIEVED_EVENT', 'CALL_CONNECTION_CLEARED_EVENT',
      'CALL_CLEARED_EVENT', 'END_CALL_EVENT', 'CALL_DATA_UPDATE_EVENT', 'SET_CALL_DATA_REQ', 'SET_CALL_DATA_CONF',
      'ANSWER_CALL_REQ', 'ANSWER_CALL_CONF', 'HOLD_CALL_REQ', 'HOLD_CALL_CONF', 'RETRIEVE_CALL_REQ',
      'RETRIEVE_CALL_CONF', 'CLEAR_CONNECTION_REQ', 'CLEAR_CONNECTION_CONF', 'MAKE_CALL_REQ', 'MAKE_CALL_CONF',
      'CONSULTATION_CALL_REQ', 'CONSULTATION_CALL_CONF', 'TRANSFER_CALL_REQ', 'TRANSFER_CALL_CONF',
      'CONFERENCE_CALL_REQ', 'CONFERENCE_CALL_CONF', 'CONTROL_FAILURE_CONF',
    ]) assert.ok(names.has(name), name);
  });

  it('gives every layout distinct floating tags', () => {
    for (const s of SCHEMAS) {
      const tags = floatingTags(s);
      assert.equal(new Set(tags).size, tags.length, s.name);
    }
  });

  it('lets every Num… count refer to a list or group of the same layout', () => {
    for (const s of SCHEMAS) {
      for (const f of Object.values(s.fixed)) {
        if (f.kind !== 'count') continue;
        const target = (s.floating as Record<string, { kind: string }>)[f.of];
        assert.ok(target?.kind === 'list' || target?.kind === 'group', `${s.name} counts ${f.of}`);
      }
    }
  });

  it('puts InvokeID first in every request and confirmation', () => {
    for (const s of SCHEMAS.filter((x) => /_(REQ|CONF)$/.test(x.name))) {
      assert.equal(Object.keys(s.fixed)[0], 'invokeId', s.name);
    }
  });

  it('has fixed parts of the sizes added up by hand from the guide', () => {
    const expected: Record<string, number> = {
      FAILURE_CONF: 8, FAILURE_EVENT: 4, CONTROL_FAILURE_CONF: 10, OPEN_REQ: 44, OPEN_CONF: 32, HEARTBEAT_REQ: 4,
      CLOSE_REQ: 8, SYSTEM_EVENT: 26, AGENT_STATE_EVENT: 62, QUERY_AGENT_STATE_REQ: 16, QUERY_AGENT_STATE_CONF: 34,
      SET_AGENT_STATE_REQ: 21, BEGIN_CALL_EVENT: 26, END_CALL_EVENT: 16, CALL_DATA_UPDATE_EVENT: 40,
      CALL_DELIVERED_EVENT: 54, CALL_ESTABLISHED_EVENT: 50, CALL_HELD_EVENT: 22, CALL_RETRIEVED_EVENT: 22,
      CALL_CONNECTION_CLEARED_EVENT: 22, CALL_CLEARED_EVENT: 20, SET_CALL_DATA_REQ: 30, ANSWER_CALL_REQ: 14,
      HOLD_CALL_REQ: 16, RETRIEVE_CALL_REQ: 14, CLEAR_CONNECTION_REQ: 14, MAKE_CALL_REQ: 32, MAKE_CALL_CONF: 14,
      CONSULTATION_CALL_REQ: 36, CONSULTATION_CALL_CONF: 14, TRANSFER_CALL_REQ: 40, TRANSFER_CALL_CONF: 16,
      CONFERENCE_CALL_REQ: 40, CONFERENCE_CALL_CONF: 16,
    };
    for (const [name, size] of Object.entries(expected)) {
      assert.equal(minimumBodyLength(MessageType[name as keyof typeof MessageType]), size, name);
    }
    assert.equal(minimumBodyLength(9999), 0, 'no layout, no minimum');
  });
});

describe('encodeMessage refuses values that do not fit', () => {
  const base = SAMPLES.find((m) => m.type === 'SET_AGENT_STATE_REQ')!;
  const code = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof CtiEncodeError, String(e));
      return e.code;
    }
    return 'no error';
  };

  it('a string longer than its field (AgentID is STRING 12, NUL included)', () => {
    assert.equal(code(() => encodeMessage({ ...base, agentId: '12345678901' })), 'no error');
    assert.equal(code(() => encodeMessage({ ...base, agentId: '123456789012' })), 'ERR_CTI_FIELD_TOO_LONG');
  });

  it('numbers out of range or not integers', () => {
    assert.equal(code(() => encodeMessage({ ...base, forcedFlag: 256 })), 'ERR_CTI_VALUE_OUT_OF_RANGE');
    assert.equal(code(() => encodeMessage({ ...base, invokeId: -1 })), 'ERR_CTI_VALUE_OUT_OF_RANGE');
    assert.equal(code(() => encodeMessage({ ...base, agentState: 1.5 })), 'ERR_CTI_VALUE_OUT_OF_RANGE');
  });

  it('a missing required floating field', () => {
    const { agentInstrument: _, ...rest } = base as Record<string, unknown>;
    assert.equal(code(() => encodeMessage(rest as unknown as CtiMessage)), 'ERR_CTI_MISSING_FIELD');
  });

  it('too many list entries', () => {
    const skillGroups = Array.from({ length: 11 }, (_, i) => ({ number: i }));
    assert.equal(code(() => encodeMessage({ ...base, type: 'SET_AGENT_STATE_REQ', skillGroups } as CtiMessage)), 'ERR_CTI_LIST_TOO_LONG');
  });

  it('NUL inside a string, a non-string, an unknown type', () => {
    assert.equal(code(() => encodeMessage({ ...base, agentId: 'a\0b' })), 'ERR_CTI_BAD_VALUE');
    assert.equal(code(() => encodeMessage({ ...base, agentId: 7 } as unknown as CtiMessage)), 'ERR_CTI_BAD_VALUE');
    assert.equal(code(() => encodeMessage({ type: 'NOPE' } as unknown as CtiMessage)), 'ERR_CTI_UNKNOWN_TYPE');
  });

  it('more than 2000 bytes of ECC variables', () => {
    const namedVariables = Array.from({ length: 10 }, (_, i) => ({ name: `user.v${i}`, value: 'x'.repeat(210) })); // 10 × 220 bytes
    const msg = SAMPLES.find((m) => m.type === 'SET_CALL_DATA_REQ')!;
    assert.equal(code(() => encodeMessage({ ...msg, namedVariables, namedArrays: [] } as CtiMessage)), 'ERR_CTI_TOO_MUCH_DATA');
  });
});
