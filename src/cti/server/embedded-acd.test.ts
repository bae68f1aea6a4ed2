import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../shared/clock.js';
import { MemoryLogger } from '../../shared/logger.js';
import type { QueueRecord, UserRecord } from '../../storage/stores.js';
import { acdConfigFrom, createEmbeddedAcd } from './embedded-acd.js';

const user = (id: string, over: Partial<UserRecord> = {}): UserRecord => ({
  id, loginName: id, firstName: 'A', lastName: 'B', extension: id, roles: ['agent'], teamId: null, supervisedTeamIds: [], queueIds: ['1'], ...over,
});
const queues: QueueRecord[] = [{ id: '1', name: 'Sales' }, { id: '2', name: 'Support' }];

describe('embedded ACD from the stores', () => {
  it('takes agents with an extension, skips the rest, reports duplicates and unknown queues', () => {
    const r = acdConfigFrom([
      user('1001001'), user('admin', { roles: ['admin'], extension: null }), user('1002001', { roles: ['supervisor'] }),
      user('1001002', { extension: '1001001' }), user('1001003', { queueIds: ['1', '9'] }), user('1001004', { extension: null }),
    ], queues);
    assert.deepEqual(r.agents, [{ id: '1001001', extension: '1001001', queueIds: ['1'] }, { id: '1001003', extension: '1001003', queueIds: ['1'] }]);
    assert.equal(r.skipped.length, 2);
    assert.deepEqual(r.queues, [{ id: '1', name: 'Sales' }, { id: '2', name: 'Support' }]);
  });

  it('refresh() adds agents created at runtime and removes deleted ones', () => {
    const users = [user('1001001')];
    const log = new MemoryLogger(false);
    const sim = createEmbeddedAcd({ stores: { users: { list: () => users }, queues: { list: () => queues } }, clock: new ManualClock(), log });
    assert.deepEqual(sim.acd.agentIds(), ['1001001']);
    users.push(user('1001002', { queueIds: ['2'] }));
    assert.deepEqual(sim.refresh(), { added: 1, removed: 0, updated: 0 });
    assert.equal(sim.acd.agentByExtension('1001002')?.queueIds[0], '2');
    users.shift();
    assert.deepEqual(sim.refresh(), { added: 0, removed: 1, updated: 0 });
    assert.deepEqual(sim.acd.agentIds(), ['1001002']);
    assert.ok(log.has('info', '1 agents added'));
  });
});
