// Contract: SubscriptionStore, PubsubNodeStore, OfflineStore.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { OfflineQuota, Stores, SubscriptionRecord } from '../stores.js';

const sub = (node: string, jid: string, subid: string, createdAt = 1): SubscriptionRecord => ({ node, jid, subid, createdAt });
const ROOMY: OfflineQuota = { maxMessages: 100, maxBytes: 1_000_000 };
const msg = (n: number) => `<message xmlns="jabber:client" to="a@x"><body>${n}</body></message>`;

export function notificationContract(fresh: () => Stores): void {
  describe('subscriptions', () => {
    it('lists in the order added, by node and by owner', () => {
      const s = fresh();
      const a = sub('/finesse/api/User/1001001', 'a@x/desk', 's1', 10);
      const b = sub('/finesse/api/Team/1', 'b@x', 's2', 5);
      const c = sub('/finesse/api/User/1001001', 'a@x', 's3', 7);
      const d = sub('/finesse/api/Team/1', 'a@xy/desk', 's4', 7);
      for (const x of [a, b, c, d]) s.subscriptions.add(x);
      assert.deepEqual(s.subscriptions.list(), [a, b, c, d]);
      assert.deepEqual(s.subscriptions.listForNode('/finesse/api/User/1001001'), [a, c]);
      assert.deepEqual(s.subscriptions.listForOwner('a@x'), [a, c]);
      assert.deepEqual(s.subscriptions.listForOwner('a@x/desk'), [], 'an owner is a bare JID');
      assert.deepEqual(s.subscriptions.listForOwner('a@%'), []);
      assert.deepEqual(s.subscriptions.listForNode('/finesse/api/User/1'), []);
    });

    it('replaces a re-added (node, subid) and moves it to the end', () => {
      const s = fresh();
      s.subscriptions.add(sub('n', 'a@x', 's1', 1));
      s.subscriptions.add(sub('n', 'b@x', 's2', 2));
      s.subscriptions.add(sub('n', 'a@x/r', 's1', 3));
      s.subscriptions.add(sub('m', 'a@x', 's1', 4));
      assert.deepEqual(s.subscriptions.list(), [sub('n', 'b@x', 's2', 2), sub('n', 'a@x/r', 's1', 3), sub('m', 'a@x', 's1', 4)]);
    });

    it('removes by subid only for the subscribing JID, or all of a JID on a node', () => {
      const s = fresh();
      for (const x of [sub('n', 'a@x', 's1'), sub('n', 'a@x', 's2'), sub('n', 'a@x/r', 's3'), sub('m', 'a@x', 's4')]) s.subscriptions.add(x);
      assert.equal(s.subscriptions.remove('n', 'b@x', 's1'), 0);
      assert.equal(s.subscriptions.remove('n', 'a@x', 's1'), 1);
      assert.equal(s.subscriptions.remove('n', 'a@x', 's1'), 0);
      s.subscriptions.add(sub('n', 'a@x', 's5'));
      assert.equal(s.subscriptions.remove('n', 'a@x'), 2);
      assert.deepEqual(s.subscriptions.list().map((x) => x.subid), ['s3', 's4']);
    });

    it('removes every subscription of a node', () => {
      const s = fresh();
      for (const x of [sub('n', 'a@x', 's1'), sub('n', 'b@x', 's2'), sub('m', 'a@x', 's3')]) s.subscriptions.add(x);
      assert.equal(s.subscriptions.removeNode('n'), 2);
      assert.equal(s.subscriptions.removeNode('n'), 0);
      assert.deepEqual(s.subscriptions.list(), [sub('m', 'a@x', 's3')]);
    });
  });

  describe('pubsub nodes', () => {
    it('creates, replaces, lists by node and deletes', () => {
      const s = fresh();
      const n = { node: 'loadtest/b', owner: 'admin@x', config: { 'pubsub#title': 'B', 'pubsub#max_items': '1' }, createdAt: 5 };
      s.pubsubNodes.put(n);
      s.pubsubNodes.put({ node: 'loadtest/a', owner: 'admin@x', config: {}, createdAt: 6 });
      assert.deepEqual(s.pubsubNodes.get('loadtest/b'), n);
      assert.deepEqual(s.pubsubNodes.list().map((r) => r.node), ['loadtest/a', 'loadtest/b']);
      s.pubsubNodes.put({ ...n, config: { 'pubsub#title': 'B2' } });
      assert.deepEqual(s.pubsubNodes.get('loadtest/b')?.config, { 'pubsub#title': 'B2' });
      assert.equal(s.pubsubNodes.delete('loadtest/b'), true);
      assert.equal(s.pubsubNodes.delete('loadtest/b'), false);
      assert.equal(s.pubsubNodes.get('loadtest/b'), undefined);
    });

    it('keeps configuration keys that look like object internals', () => {
      const s = fresh();
      const config = JSON.parse('{"__proto__":"p","constructor":"c","toString":"t"}') as Record<string, string>;
      s.pubsubNodes.put({ node: 'n', owner: 'o', config, createdAt: 1 });
      const got = s.pubsubNodes.get('n')?.config ?? {};
      assert.deepEqual(Object.entries(got), [['__proto__', 'p'], ['constructor', 'c'], ['toString', 't']]);
    });
  });

  describe('offline messages', () => {
    it('takes a recipient\'s messages oldest first, once', () => {
      const s = fresh();
      for (let i = 1; i <= 3; i++) s.offline.push('a@x', msg(i), 1000 + i, ROOMY);
      s.offline.push('b@x', msg(9), 2000, ROOMY);
      assert.equal(s.offline.count('a@x'), 3);
      const taken = s.offline.take('a@x');
      assert.deepEqual(taken.map((m) => [m.to, m.stanza, m.storedAt, m.bytes]), [1, 2, 3].map((i) => ['a@x', msg(i), 1000 + i, msg(i).length]));
      assert.ok(taken.every((m, i) => i === 0 || m.id > (taken[i - 1]?.id ?? Infinity)), 'ids increase');
      assert.deepEqual(s.offline.take('a@x'), []);
      assert.equal(s.offline.count('a@x'), 0);
      assert.equal(s.offline.count('b@x'), 1);
      assert.deepEqual(s.offline.take('nobody@x'), []);
    });

    it('drops the oldest messages when the message quota is reached', () => {
      const s = fresh();
      const quota = { maxMessages: 3, maxBytes: 1_000_000 };
      const results = [1, 2, 3, 4, 5].map((i) => s.offline.push('a@x', msg(i), i, quota));
      assert.deepEqual(results.map((r) => r.dropped), [0, 0, 0, 1, 1]);
      assert.ok(results.every((r) => !r.rejected));
      s.offline.push('b@x', msg(6), 6, quota);
      assert.deepEqual(s.offline.take('a@x').map((m) => m.stanza), [msg(3), msg(4), msg(5)]);
      assert.equal(s.offline.count('b@x'), 1, 'quotas are per recipient');
    });

    it('drops as many oldest messages as the byte quota needs', () => {
      const s = fresh();
      const quota = { maxMessages: 100, maxBytes: 100 };
      for (let i = 0; i < 4; i++) assert.deepEqual(s.offline.push('a@x', 'x'.repeat(20), i, quota), { dropped: 0, rejected: false });
      assert.deepEqual(s.offline.push('a@x', 'y'.repeat(20), 4, quota), { dropped: 0, rejected: false }, 'exactly at the quota');
      assert.deepEqual(s.offline.push('a@x', 'z'.repeat(50), 5, quota), { dropped: 3, rejected: false });
      assert.deepEqual(s.offline.take('a@x').map((m) => m.stanza[0]), ['x', 'y', 'z']);
    });

    it('counts bytes as UTF-8', () => {
      const s = fresh();
      s.offline.push('a@x', 'é€😀', 1, ROOMY);
      assert.equal(s.offline.take('a@x')[0]?.bytes, 2 + 3 + 4);
      assert.equal(s.offline.push('a@x', '😀😀', 1, { maxMessages: 10, maxBytes: 7 }).rejected, true);
    });

    it('rejects a message larger than the byte quota, or any message when none is allowed, changing nothing', () => {
      const s = fresh();
      s.offline.push('a@x', 'small', 1, ROOMY);
      assert.deepEqual(s.offline.push('a@x', 'x'.repeat(101), 2, { maxMessages: 10, maxBytes: 100 }), { dropped: 0, rejected: true });
      assert.deepEqual(s.offline.push('a@x', 'x', 3, { maxMessages: 0, maxBytes: 100 }), { dropped: 0, rejected: true });
      assert.deepEqual(s.offline.take('a@x').map((m) => m.stanza), ['small']);
    });

    it('applies a smaller quota to messages stored under a larger one', () => {
      const s = fresh();
      for (let i = 1; i <= 6; i++) s.offline.push('a@x', msg(i), i, ROOMY);
      assert.equal(s.offline.push('a@x', msg(7), 7, { maxMessages: 2, maxBytes: 1_000_000 }).dropped, 5);
      assert.deepEqual(s.offline.take('a@x').map((m) => m.stanza), [msg(6), msg(7)]);
    });
  });
}
