import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../shared/clock.js';
import { InvokeCorrelator } from './correlator.js';

describe('InvokeCorrelator', () => {
  it('resolves a request with the reply that echoes its InvokeID', async () => {
    const clock = new ManualClock();
    const c = new InvokeCorrelator<string>({ clock, timeoutMs: 1000 });
    const id1 = c.nextId();
    const id2 = c.nextId();
    assert.notEqual(id1, id2);
    const p1 = c.expect(id1);
    const p2 = c.expect(id2);
    assert.equal(c.settle(id2, 'two'), true);
    assert.equal(c.settle(id1, 'one'), true);
    assert.deepEqual(await p1, { kind: 'reply', reply: 'one' });
    assert.deepEqual(await p2, { kind: 'reply', reply: 'two' });
    assert.equal(c.pendingCount, 0);
    assert.equal(clock.pendingTimers, 0, 'timers cancelled on reply');
  });

  it('times out on the injected clock, and ignores the late reply', async () => {
    const clock = new ManualClock();
    const c = new InvokeCorrelator<string>({ clock, timeoutMs: 1000 });
    const id = c.nextId();
    const p = c.expect(id);
    clock.advance(999);
    assert.equal(c.pendingCount, 1);
    clock.advance(1);
    assert.deepEqual(await p, { kind: 'timeout' });
    assert.equal(c.settle(id, 'late'), false, 'late reply matches nothing');
    assert.equal(c.unmatched, 1);
  });

  it('per-request timeouts override the default', async () => {
    const clock = new ManualClock();
    const c = new InvokeCorrelator<string>({ clock, timeoutMs: 10_000 });
    const p = c.expect(c.nextId(), 50);
    clock.advance(50);
    assert.deepEqual(await p, { kind: 'timeout' });
  });

  it('refuses a duplicate InvokeID while the first is pending; a duplicated reply is ignored', async () => {
    const clock = new ManualClock();
    const c = new InvokeCorrelator<string>({ clock, timeoutMs: 1000 });
    const p = c.expect(7);
    assert.throws(() => c.expect(7), RangeError);
    assert.equal(c.settle(7, 'first'), true);
    assert.equal(c.settle(7, 'again'), false);
    assert.deepEqual(await p, { kind: 'reply', reply: 'first' });
    assert.equal(c.unmatched, 1);
    // Once settled, the id may be used again.
    const q = c.expect(7);
    c.settle(7, 'reuse');
    assert.deepEqual(await q, { kind: 'reply', reply: 'reuse' });
  });

  it('nextId skips 0 and ids still pending, and wraps at 2^32', () => {
    const clock = new ManualClock();
    const c = new InvokeCorrelator<string>({ clock, timeoutMs: 1000, firstId: 0xffff_fffe });
    void c.expect(1);
    assert.equal(c.nextId(), 0xffff_fffe);
    assert.equal(c.nextId(), 0xffff_ffff);
    assert.equal(c.nextId(), 2, 'wrapped past 0 and past the pending 1');
  });

  it('cancelAll ends every pending request with the reason', async () => {
    const clock = new ManualClock();
    const c = new InvokeCorrelator<string>({ clock, timeoutMs: 1000 });
    const p = c.expect(c.nextId());
    c.cancelAll('link down');
    assert.deepEqual(await p, { kind: 'cancelled', reason: 'link down' });
    assert.equal(clock.pendingTimers, 0);
    clock.advance(5000);
  });
});
