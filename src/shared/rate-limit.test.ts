import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from './clock.js';
import { createRateLimiter } from './rate-limit.js';

describe('createRateLimiter', () => {
  it('allows a burst of perMinute, then refills continuously, per key', () => {
    const clock = new ManualClock();
    const limiter = createRateLimiter({ perMinute: 3, clock });
    assert.deepEqual([1, 2, 3, 4].map(() => limiter.take('a')), [true, true, true, false]);
    assert.equal(limiter.take('b'), true, 'another key has its own bucket');
    clock.advance(19_999);
    assert.equal(limiter.take('a'), false);
    clock.advance(1); // one token per 20 s
    assert.equal(limiter.take('a'), true);
    assert.equal(limiter.take('a'), false);
  });

  it('0 means unlimited; the table forgets the oldest keys beyond maxKeys', () => {
    const clock = new ManualClock();
    const unlimited = createRateLimiter({ perMinute: 0, clock });
    for (let i = 0; i < 1000; i++) assert.equal(unlimited.take('a'), true);
    const small = createRateLimiter({ perMinute: 1, clock, maxKeys: 2 });
    assert.equal(small.take('a'), true);
    assert.equal(small.take('b'), true);
    assert.equal(small.take('c'), true); // 'a' is forgotten
    assert.equal(small.take('a'), true, 'a forgotten key starts with a full bucket');
    assert.equal(small.take('c'), false);
  });
});
