import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueueCounters, bucketOf } from './queue-statistics.js';

describe('queue counters', () => {
  it('buckets agent states as the Finesse Queue statistics columns', () => {
    assert.equal(bucketOf('LOGOUT', undefined), 'out');
    assert.equal(bucketOf('READY', undefined), 'ready');
    assert.equal(bucketOf('TALKING', 'ACD_IN'), 'talkIn');
    assert.equal(bucketOf('HOLD', 'AGENT_OUT'), 'talkOut');
    assert.equal(bucketOf('TALKING', 'AGENT_INSIDE'), 'talkInternal');
    assert.equal(bucketOf('WORK', undefined), 'wrapNotReady');
    assert.equal(bucketOf('WORK_READY', undefined), 'wrapReady');
    assert.equal(bucketOf('RESERVED', undefined), 'other');
  });

  it('moves an agent between columns and queues, reporting only the queues that changed', () => {
    const c = new QueueCounters();
    assert.deepEqual(c.update('a', ['1', '2'], 'ready'), ['1', '2']);
    assert.deepEqual(c.update('a', ['1', '2'], 'ready'), [], 'no change');
    c.update('b', ['1'], 'talkIn');
    let s = c.statistics('1', undefined);
    assert.deepEqual([s.agentsLoggedOn, s.agentsReady, s.agentsTalkingInbound, s.callsInQueue, s.serviceLevelPct], [2, 1, 1, 0, null]);
    assert.deepEqual(c.update('a', ['2'], 'other').sort(), ['1', '2'], 'left queue 1');
    s = c.statistics('1', { callsInQueue: 3, startTimeOfLongestCallInQueue: 5, callsHandledToday: 7, callsAbandonedToday: 1, serviceLevelPct: 87.5 });
    assert.deepEqual([s.agentsLoggedOn, s.agentsReady, s.callsInQueue, s.serviceLevelPct], [1, 0, 3, 87.5]);
    assert.equal(c.statistics('2', undefined).agentsLoggedOn, 1);
    c.update('b', ['1'], 'out');
    assert.equal(c.statistics('1', undefined).agentsLoggedOn, 0);
    assert.equal(c.statistics('unknown', undefined).agentsLoggedOn, 0);
  });
});
