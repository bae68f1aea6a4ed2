// Seeded fuzzing of the decoder and the frame parser: whatever the bytes, no exception, a known
// condition, and a decoded message that re-encodes to itself (or is refused by the encoder as not
// fitting, for lenient reads such as NUL-less strings at full length).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { prng, randomSplits } from '../../../test/fixtures/cti/hex.js';
import { SAMPLES } from '../../../test/fixtures/cti/samples.js';
import {
  CTI_DECODE_ERRORS, CtiEncodeError, CtiFrameParser, HEADER_LENGTH, MessageType, SCHEMAS, decodeMessage, encodeMessage,
  floatingTags, minimumBodyLength, type CtiFrame,
} from './index.js';

const KNOWN_ERRORS = new Set<string>(CTI_DECODE_ERRORS);
const TYPES = SCHEMAS.map((s) => MessageType[s.name]);
const TAGS_BY_TYPE = new Map(SCHEMAS.map((s) => [MessageType[s.name] as number, floatingTags(s)]));

/** Decodes, and checks the outcome is well-formed; returns true when the frame decoded. */
function check(frame: CtiFrame, label: string): boolean {
  const r = decodeMessage(frame);
  if (!r.ok) {
    assert.ok(KNOWN_ERRORS.has(r.error), `${label}: unexpected condition ${r.error}`);
    return false;
  }
  assert.equal(MessageType[r.value.type], frame.type, label);
  let again: Buffer;
  try {
    again = encodeMessage(r.value);
  } catch (e) {
    assert.ok(e instanceof CtiEncodeError, `${label}: ${String(e)}`);
    return true;
  }
  const second = decodeMessage({ type: frame.type, body: again.subarray(HEADER_LENGTH) });
  assert.ok(second.ok, label);
  assert.deepEqual(second.value, r.value, `${label}: decode ∘ encode is stable`);
  return true;
}

function randomBytes(random: () => number, n: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(random() * 256);
  return b;
}

/** A floating part made of the type's own tags (and some strangers), with plausible lengths. */
function randomFloating(random: () => number, tags: readonly number[]): Buffer {
  const parts: Buffer[] = [];
  const fields = Math.floor(random() * 8);
  for (let i = 0; i < fields; i++) {
    const tag = random() < 0.8 && tags.length > 0 ? tags[Math.floor(random() * tags.length)]! : Math.floor(random() * 400);
    const len = random() < 0.5 ? [0, 1, 2, 4][Math.floor(random() * 4)]! : Math.floor(random() * 80);
    const data = random() < 0.5 ? Buffer.alloc(len, 0x31).fill(0, Math.max(0, len - 1)) : randomBytes(random, len);
    const head = Buffer.alloc(4);
    head.writeUInt16BE(tag, 0);
    head.writeUInt16BE(random() < 0.95 ? len : Math.floor(random() * 0x10000), 2);
    parts.push(head, data);
  }
  return Buffer.concat(parts);
}

describe('fuzzing the CTI decoder (seeded)', () => {
  it('random bodies for every known type: 12,000 cases', () => {
    const random = prng(0xc71);
    let decoded = 0;
    for (let i = 0; i < 12_000; i++) {
      const type = TYPES[i % TYPES.length]!;
      const fixed = minimumBodyLength(type);
      const body = random() < 0.7
        ? Buffer.concat([randomBytes(random, fixed), randomFloating(random, TAGS_BY_TYPE.get(type)!)])
        : randomBytes(random, Math.floor(random() * (fixed + 40)));
      if (check({ type, body }, `case ${i} type ${type}`)) decoded++;
    }
    assert.ok(decoded > 500, `structure-aware inputs reach the happy path too (${decoded})`);
  });

  it('random MessageTypes with random bodies: 3,000 cases', () => {
    const random = prng(42);
    for (let i = 0; i < 3_000; i++) {
      const type = random() < 0.5 ? Math.floor(random() * 300) : Math.floor(random() * 0x100000000);
      check({ type, body: randomBytes(random, Math.floor(random() * 64)) }, `case ${i}`);
    }
  });

  it('every truncation of every sample', () => {
    for (const [i, msg] of SAMPLES.entries()) {
      const bytes = encodeMessage(msg);
      const type = bytes.readUInt32BE(4);
      const body = bytes.subarray(HEADER_LENGTH);
      for (let n = 0; n < body.length; n++) {
        const r = decodeMessage({ type, body: body.subarray(0, n) });
        if (n < minimumBodyLength(type)) assert.ok(!r.ok && r.error === 'truncated', `sample ${i} cut at ${n}`);
        check({ type, body: body.subarray(0, n) }, `sample ${i} cut at ${n}`);
      }
    }
  });

  it('mutated samples (bytes flipped, inserted, deleted): 9,000 cases', () => {
    const random = prng(2024);
    for (let i = 0; i < 9_000; i++) {
      const bytes = encodeMessage(SAMPLES[i % SAMPLES.length]!);
      const type = bytes.readUInt32BE(4);
      let body = Buffer.from(bytes.subarray(HEADER_LENGTH));
      const edits = 1 + Math.floor(random() * 4);
      for (let e = 0; e < edits && body.length > 0; e++) {
        const at = Math.floor(random() * body.length);
        const op = random();
        if (op < 0.6) body[at] = Math.floor(random() * 256);
        else if (op < 0.8) body = Buffer.concat([body.subarray(0, at), randomBytes(random, 1 + Math.floor(random() * 4)), body.subarray(at)]);
        else body = Buffer.concat([body.subarray(0, at), body.subarray(at + 1 + Math.floor(random() * 4))]);
      }
      check({ type, body }, `mutation ${i}`);
    }
  });

  it('random byte streams through the frame parser in random splits: 300 streams', () => {
    const random = prng(7777);
    const max = 2048;
    for (let s = 0; s < 300; s++) {
      const parts: Buffer[] = [];
      for (let k = 0; k < 20; k++) {
        if (random() < 0.6) {
          parts.push(encodeMessage(SAMPLES[Math.floor(random() * SAMPLES.length)]!));
        } else {
          const header = Buffer.alloc(8);
          const type = random() < 0.7 ? TYPES[Math.floor(random() * TYPES.length)]! : Math.floor(random() * 0x100000000);
          const length = random() < 0.9 ? Math.floor(random() * 200) : Math.floor(random() * 0x100000000);
          header.writeUInt32BE(length, 0);
          header.writeUInt32BE(type, 4);
          parts.push(header, randomBytes(random, Math.floor(random() * 200)));
        }
      }
      const parser = new CtiFrameParser((e) => {
        if (e.kind === 'frame') {
          assert.ok(e.frame.body.length <= max);
          check(e.frame, `stream ${s}`);
        }
      }, { maxMessageLength: max });
      for (const chunk of randomSplits(Buffer.concat(parts), random, 300)) {
        parser.push(chunk);
        assert.ok(parser.bufferedLength < HEADER_LENGTH + max, `stream ${s}: ${parser.bufferedLength} bytes held`);
      }
    }
  });
});
