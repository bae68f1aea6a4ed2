import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../shared/clock.js';
import { createMemoryStores } from '../storage/memory/memory-stores.js';
import { seedDemoData } from '../storage/demo-data.js';
import type { AgentStatus, ContactCenter, DomainEvent } from '../contact-center/contact-center.js';
import { createLiveDataHub, type LiveDataMessage } from './livedata-hub.js';
import { parseClientMessage } from './livedata-protocol.js';

function setup(maxUpdatesPerSecond = 4, maxBufferedBytes = 1_000_000) {
  const stores = createMemoryStores();
  seedDemoData(stores, { iterations: 16 });
  const clock = new ManualClock(1_000_000);
  const agents = new Map<string, AgentStatus>();
  const cc: Pick<ContactCenter, 'agent' | 'dialogsOf' | 'queueStatistics'> = {
    agent: (id) => agents.get(id), dialogsOf: () => [], queueStatistics: () => undefined,
  };
  const hub = createLiveDataHub({ contactCenter: cc, users: stores.users, teams: stores.teams, queues: stores.queues }, clock, { maxUpdatesPerSecond, maxBufferedBytes });
  const set = (agentId: string, state: AgentStatus['state']): DomainEvent => {
    const a: AgentStatus = { agentId, extension: agentId, state, reasonCode: null, pendingState: null, stateChangeTime: clock.now() };
    agents.set(agentId, a);
    return { kind: 'agent-changed', agent: a };
  };
  const sent: LiveDataMessage[] = [];
  let buffered = 0;
  const closed: string[] = [];
  const viewer = (id: string) => hub.attach(stores.users.get(id)!, { send: (text) => sent.push(JSON.parse(text) as LiveDataMessage), buffered: () => buffered, close: (c, r) => closed.push(`${c} ${r}`) });
  return { hub, clock, set, sent, closed, viewer, setBuffered: (n: number) => { buffered = n; } };
}

test('a burst of changes reaches a viewer as at most maxUpdatesPerSecond updates, each with the latest rows', () => {
  const t = setup(4);
  t.viewer('admin').subscribe('agents');
  assert.deepEqual(t.sent.map((m) => m.type), ['subscribed', 'snapshot']);
  for (let i = 0; i < 100; i++) t.hub.onDomainEvent(t.set('1001001', i % 2 ? 'READY' : 'NOT_READY'));
  t.hub.onDomainEvent(t.set('1001002', 'READY'));
  assert.equal(t.sent.length, 2, 'nothing before the flush interval');
  t.clock.advance(250);
  const updates = t.sent.filter((m) => m.type === 'update');
  assert.equal(updates.length, 1);
  const u = updates[0]!;
  assert.ok(u.type === 'update');
  assert.deepEqual(u.rows.map((r) => (r as { id: string; state: string }).state), ['READY', 'READY']);
  assert.equal(u.seq, 2);
});

test('an agent viewer gets only its own row, in the snapshot and in updates', () => {
  const t = setup();
  t.viewer('1001003').subscribe('agents');
  const snap = t.sent.find((m) => m.type === 'snapshot');
  assert.ok(snap && snap.type === 'snapshot');
  assert.deepEqual(snap.rows.map((r) => (r as { id: string }).id), ['1001003']);
  t.hub.onDomainEvent(t.set('1001004', 'READY'));
  t.clock.advance(1000);
  assert.equal(t.sent.filter((m) => m.type === 'update').length, 0);
});

test('a slow consumer is disconnected and forgotten; memory stays bounded', () => {
  const t = setup(4, 1000);
  t.viewer('admin').subscribe('agents');
  t.setBuffered(5000);
  t.hub.onDomainEvent(t.set('1001001', 'READY'));
  t.clock.advance(250);
  assert.deepEqual(t.closed, ['1013 slow consumer: updates were not read']);
  assert.equal(t.hub.viewerCount, 0);
  assert.equal(t.hub.stats().slowConsumersClosed, 1);
});

test('client messages are parsed strictly', () => {
  assert.deepEqual(parseClientMessage('{"type":"subscribe","report":"queues"}'), { ok: true, value: { type: 'subscribe', report: 'queues' } });
  for (const bad of [null, 'x', '[]', 'null', '{"type":"subscribe"}', '{"type":"subscribe","report":"all"}', '{"type":"auth"}', `{"type":"auth","authorization":"${'a'.repeat(2000)}"}`, '{"type":"x"}']) {
    const r = parseClientMessage(bad);
    assert.equal(r.ok, false, String(bad).slice(0, 40));
  }
});
