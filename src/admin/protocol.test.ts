import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encode, LineSplitter, parseRequest } from './protocol.js';

function split(chunks: Buffer[], max = 100): { lines: string[]; overflowed: boolean } {
  const lines: string[] = [];
  let overflowed = false;
  const s = new LineSplitter(max, (l) => lines.push(l), () => { overflowed = true; });
  for (const c of chunks) s.push(c);
  return { lines, overflowed };
}

describe('LineSplitter', () => {
  it('splits lines across chunk boundaries, byte by byte too', () => {
    const text = Buffer.from('{"a":1}\r\n\n{"b":"é"}\n{"c"');
    const whole = split([text]);
    const bytes = split([...text].map((b) => Buffer.from([b])));
    assert.deepEqual(whole.lines, ['{"a":1}', '{"b":"é"}']);
    assert.deepEqual(bytes.lines, whole.lines, 'a multi-byte character split across chunks survives');
  });

  it('stops at a line longer than the limit', () => {
    const r = split([Buffer.from('short\n'), Buffer.alloc(60, 0x61), Buffer.alloc(60, 0x61), Buffer.from('\nafter\n')]);
    assert.deepEqual(r.lines, ['short']);
    assert.equal(r.overflowed, true);
  });

  it('accepts a line of exactly the limit', () => {
    const r = split([Buffer.alloc(100, 0x61), Buffer.from('\n')]);
    assert.equal(r.lines[0]?.length, 100);
    assert.equal(r.overflowed, false);
  });
});

describe('parseRequest', () => {
  it('accepts {id, words}', () => {
    assert.deepEqual(parseRequest('{"id":1,"words":["show","status"]}'), { ok: true, request: { id: 1, words: ['show', 'status'] } });
    assert.deepEqual(parseRequest('{"id":"a","words":["help"]}'), { ok: true, request: { id: 'a', words: ['help'] } });
  });

  it('rejects what is not a request, keeping the id when it is readable', () => {
    for (const line of ['not json', '[1]', '5', '{"words":["x"]}', '{"id":{},"words":["x"]}']) {
      const r = parseRequest(line);
      assert.equal(r.ok, false, line);
      assert.equal(r.ok ? 0 : r.id, null);
    }
    for (const line of ['{"id":7}', '{"id":7,"words":[]}', '{"id":7,"words":[1]}', '{"id":7,"words":"show"}']) {
      const r = parseRequest(line);
      assert.equal(r.ok, false, line);
      assert.equal(r.ok ? 0 : r.id, 7);
    }
  });

  it('encodes one message per line', () => {
    assert.equal(encode({ id: 1, exitCode: 0, output: 'a\nb' }), '{"id":1,"exitCode":0,"output":"a\\nb"}\n');
  });
});
