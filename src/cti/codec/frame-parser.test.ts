import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hex, prng, randomSplits } from '../../../test/fixtures/cti/hex.js';
import { SAMPLES } from '../../../test/fixtures/cti/samples.js';
import {
  CtiFrameParser, DEFAULT_MAX_MESSAGE_LENGTH, HEADER_LENGTH, encodeFrame, encodeMessage,
  type CtiFrameEvent, type CtiFrameParserOptions,
} from './index.js';

function collect(chunks: Iterable<Uint8Array>, options?: CtiFrameParserOptions): { events: CtiFrameEvent[]; parser: CtiFrameParser } {
  const events: CtiFrameEvent[] = [];
  const parser = new CtiFrameParser((e) => events.push(e), options);
  for (const chunk of chunks) parser.push(chunk);
  return { events, parser };
}

const stream = Buffer.concat(SAMPLES.map((m) => encodeMessage(m)));
const expected = SAMPLES.map((m) => {
  const bytes = encodeMessage(m);
  return { kind: 'frame', frame: { type: bytes.readUInt32BE(4), body: bytes.subarray(HEADER_LENGTH) } };
});

describe('CtiFrameParser', () => {
  it('reads a stream pushed whole', () => {
    assert.deepEqual(collect([stream]).events, expected);
  });

  it('reads a stream pushed one byte at a time', () => {
    const bytes = Array.from(stream, (b) => Uint8Array.of(b));
    assert.deepEqual(collect(bytes).events, expected);
  });

  it('reads a stream pushed in random splits (100 seeds)', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const chunks = randomSplits(stream, prng(seed), 1 + (seed % 40) * 13);
      assert.deepEqual(collect(chunks).events, expected, `seed ${seed}`);
    }
  });

  it('hands out bodies that do not alias the pushed chunk', () => {
    const bytes = encodeMessage({ type: 'HEARTBEAT_REQ', invokeId: 7 });
    const { events } = collect([bytes]);
    bytes.fill(0);
    assert.deepEqual(events, [{ kind: 'frame', frame: { type: 5, body: hex('00000007') } }]);
  });

  it('accepts a zero-length body for a type without a fixed part', () => {
    assert.deepEqual(collect([encodeFrame(9999, Buffer.alloc(0))]).events, [{ kind: 'frame', frame: { type: 9999, body: Buffer.alloc(0) } }]);
  });

  it('refuses MessageLength 0 for a type that needs a fixed part, before any body byte', () => {
    const { events, parser } = collect([hex('00000000 00000005')]); // HEARTBEAT_REQ needs its InvokeID
    assert.deepEqual(events, [{ kind: 'error', error: 'length-too-small', type: 5, length: 0 }]);
    assert.equal(parser.failed, true);
  });

  it('refuses a MessageLength shorter than the fixed part', () => {
    const { events } = collect([hex('0000003d 0000001e')]); // AGENT_STATE_EVENT: 61 < 62
    assert.deepEqual(events, [{ kind: 'error', error: 'length-too-small', type: 30, length: 61 }]);
  });

  it('refuses MessageLength 2^32-1 at once, without buffering', () => {
    const { events, parser } = collect([hex('ffffffff 00000005'), Buffer.alloc(1000)]);
    assert.deepEqual(events, [{ kind: 'error', error: 'length-too-large', type: 5, length: 0xffffffff }]);
    assert.equal(parser.bufferedLength, 0);
  });

  it('refuses a MessageLength above the configured limit and accepts one at it', () => {
    const at = encodeFrame(9999, Buffer.alloc(100));
    assert.equal(collect([at], { maxMessageLength: 100 }).events[0]!.kind, 'frame');
    const over = encodeFrame(9999, Buffer.alloc(101));
    assert.deepEqual(collect([over], { maxMessageLength: 100 }).events, [{ kind: 'error', error: 'length-too-large', type: 9999, length: 101 }]);
    assert.equal(DEFAULT_MAX_MESSAGE_LENGTH, 16384);
    assert.equal(collect([hex('00004001 00000005')]).events[0]!.kind, 'error', '16385 > default limit');
  });

  it('ignores everything after an error', () => {
    const { events, parser } = collect([hex('ffffffff 00000005'), encodeMessage({ type: 'HEARTBEAT_REQ', invokeId: 1 })]);
    assert.equal(events.length, 1);
    parser.push(encodeMessage({ type: 'HEARTBEAT_REQ', invokeId: 2 }));
    assert.equal(events.length, 1);
  });

  it('emits frames that precede an error in the same chunk', () => {
    const { events } = collect([Buffer.concat([encodeMessage({ type: 'HEARTBEAT_REQ', invokeId: 1 }), hex('ffffffff 00000005')])]);
    assert.deepEqual(events.map((e) => e.kind), ['frame', 'error']);
  });

  it('never holds more than one incomplete message between pushes', () => {
    const random = prng(7);
    const parser = new CtiFrameParser(() => {}, { maxMessageLength: 512 });
    const big = Buffer.concat(Array.from({ length: 200 }, () => encodeFrame(9999, Buffer.alloc(Math.floor(random() * 512)))));
    for (const chunk of randomSplits(big, random, 700)) {
      parser.push(chunk);
      assert.ok(parser.bufferedLength < HEADER_LENGTH + 512, `${parser.bufferedLength} bytes held`);
    }
    assert.equal(parser.bufferedLength, 0);
    assert.equal(parser.failed, false);
  });

  it('takes Uint8Array chunks and ignores empty ones', () => {
    const bytes = encodeMessage({ type: 'HEARTBEAT_CONF', invokeId: 3 });
    const { events } = collect([new Uint8Array(0), new Uint8Array(bytes.subarray(0, 5)), new Uint8Array(bytes.subarray(5))]);
    assert.deepEqual(events, [{ kind: 'frame', frame: { type: 6, body: hex('00000003') } }]);
  });
});
