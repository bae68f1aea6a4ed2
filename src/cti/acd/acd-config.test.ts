// Agents added, removed and re-skilled while the simulator runs (`parley admin user bulk-add`).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { kit, ready } from './test-kit.js';

describe('ACD configuration at runtime', () => {
  it('addAgent: a new agent logs in and takes a waiting call', () => {
    const k = kit();
    k.acd.offerCall({ queueId: 'q1', ani: '555', dnis: '800' });
    assert.equal(k.acd.addAgent({ id: 'a9', extension: '1009', queueIds: ['q1'] }).ok, true);
    ready(k.acd, 'a9');
    assert.equal(k.acd.agent('a9')?.state, 'RESERVED');
  });

  it('addAgent refuses a taken id or extension and an unknown queue, changing nothing', () => {
    const k = kit();
    assert.equal(k.acd.addAgent({ id: 'a1', extension: '2001', queueIds: [] }).ok, false);
    assert.equal(k.acd.addAgent({ id: 'a9', extension: '1001', queueIds: [] }).ok, false);
    const r = k.acd.addAgent({ id: 'a9', extension: '1009', queueIds: ['nope'] });
    assert.deepEqual(r.ok ? 'ok' : r.error, 'queue-not-found');
    assert.equal(k.acd.agent('a9'), undefined);
  });

  it('removeAgent: refused on a call; a logged-in agent is logged out (255) first', () => {
    const k = kit();
    ready(k.acd, 'a1', 'a2');
    k.acd.offerCall({ queueId: 'q2', ani: '555', dnis: '800' });
    k.take();
    const busy = k.acd.removeAgent('a2');
    assert.deepEqual(busy.ok ? 'ok' : busy.error, 'invalid-state');
    assert.equal(k.acd.removeAgent('a1').ok, true);
    assert.deepEqual(k.take(), ['state a1 LOGOUT/255']);
    assert.equal(k.acd.agent('a1'), undefined);
    assert.equal(k.acd.agentByExtension('1001'), undefined);
    const stats = k.acd.queueStats('q1');
    assert.equal(stats.ok && stats.value.agentsLoggedIn, 1, "a2 (on its call) is the only one left in q1");
    assert.deepEqual(k.acd.removeAgent('zz').ok, false);
  });

  it('syncAgents adds, removes, re-skills, and adds new queues', () => {
    const k = kit();
    ready(k.acd, 'a3');
    const r = k.acd.syncAgents(
      [
        { id: 'a1', extension: '1001', queueIds: ['q1'] }, { id: 'a2', extension: '1002', queueIds: ['q1', 'q2'] },
        { id: 'a3', extension: '1003', queueIds: ['q3'] }, { id: 'a5', extension: '1005', queueIds: ['q3'] },
      ],
      [{ id: 'q3', name: 'Billing' }],
    );
    assert.deepEqual(r, { added: 1, removed: 1, updated: 1 });
    assert.equal(k.acd.agent('a4'), undefined);
    assert.deepEqual(k.acd.agent('a3')?.queueIds, ['q3']);
    k.acd.offerCall({ queueId: 'q3', ani: '555', dnis: '800' });
    assert.equal(k.acd.agent('a3')?.state, 'RESERVED', 'the re-skilled available agent is routed calls of its new queue');
    assert.deepEqual(k.acd.syncAgents(k.acd.agentIds().map((id) => ({ id, extension: k.acd.agent(id)!.extension, queueIds: k.acd.agent(id)!.queueIds }))), { added: 0, removed: 0, updated: 0 });
  });
});
