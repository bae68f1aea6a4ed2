// The pure pubsub service with plain strings as payloads (in the manner of Prosody's util_pubsub_spec).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { INTERNAL_ACTOR } from './access.js';
import { DOMAIN, fixture, serviceOf } from './testing/fixtures.js';

const U1 = '/finesse/api/User/1001001';
const okValue = <T>(r: { ok: true; value: T } | { ok: false; error: string }): T => {
  if (!r.ok) assert.fail(`expected ok, got ${r.error}`);
  return r.value;
};
const errorOf = (r: { ok: boolean; error?: string }): string | undefined => (r.ok ? undefined : r.error);

describe('service: subscribe', () => {
  it('subscribes an agent to its own node with a generated subid', () => {
    const f = fixture();
    const s = serviceOf(f);
    const out = okValue(s.subscribe(f.actor('1001001'), `${U1}/ClientLog`, f.jid('1001001', 'desktop')));
    assert.deepEqual(out.subscription, { node: `${U1}/ClientLog`, jid: `1001001@${DOMAIN}/desktop`, subid: 'r2', state: 'subscribed' });
    assert.equal(out.isNew, true);
    assert.equal(out.notificationType, 'normal');
  });

  it('accepts the bare JID as well as the full JID, and normalizes case', () => {
    const f = fixture();
    const s = serviceOf(f);
    const out = okValue(s.subscribe(f.actor('1001001'), `${U1}/ClientLog`, `1001001@FIN1.UCCE.LOCAL`));
    assert.equal(out.subscription.jid, `1001001@${DOMAIN}`);
  });

  it("refuses to subscribe another entity's JID (invalid-jid), unless administrator", () => {
    const f = fixture();
    const s = serviceOf(f);
    assert.equal(errorOf(s.subscribe(f.actor('1001001'), `${U1}/ClientLog`, f.jid('1001002'))), 'invalid-jid');
    assert.equal(errorOf(s.subscribe(f.actor('1001001'), `${U1}/ClientLog`, 'not a jid@@')), 'invalid-jid');
    assert.equal(s.subscribe(f.actor('admin'), `${U1}/ClientLog`, f.jid('1001001', 'x')).ok, true);
  });

  it('answers item-not-found for a node that does not exist, forbidden for a node of someone else', () => {
    const f = fixture();
    const s = serviceOf(f);
    assert.equal(errorOf(s.subscribe(f.actor('1001001'), '/finesse/api/User/9999999', f.jid('1001001'))), 'item-not-found');
    assert.equal(errorOf(s.subscribe(f.actor('1001001'), '/nowhere', f.jid('1001001'))), 'item-not-found');
    assert.equal(errorOf(s.subscribe(f.actor('1001001'), '/finesse/api/User/1001002', f.jid('1001001'))), 'forbidden');
    assert.equal(errorOf(s.subscribe(f.actor('1001099'), '/finesse/api/Team/2/Users', f.jid('1001099'))), 'forbidden');
    assert.equal(s.subscribe(f.actor('1001099'), '/finesse/api/Team/1/Users', f.jid('1001099')).ok, true);
  });

  it('re-subscribing the same JID returns the existing subscription', () => {
    const f = fixture();
    const s = serviceOf(f);
    const a = okValue(s.subscribe(f.actor('1001001'), '/finesse/api/Queue/1', f.jid('1001001', 'desktop')));
    const b = okValue(s.subscribe(f.actor('1001001'), '/finesse/api/Queue/1', f.jid('1001001', 'desktop')));
    assert.equal(b.subscription.subid, a.subscription.subid);
    assert.equal(b.isNew, false);
    assert.equal(f.stores.subscriptions.listForNode('/finesse/api/Queue/1').length, 1);
  });

  it('gives every subscription of a node a unique subid, even when randomId repeats itself', () => {
    const f = fixture();
    const ids = ['prefix', 'dup', 'dup', 'dup', 'other'];
    const s = serviceOf(f, { randomId: () => ids.shift() ?? 'x' });
    const a = okValue(s.subscribe(f.actor('1001001'), '/finesse/api/SystemInfo', f.jid('1001001', 'a')));
    const b = okValue(s.subscribe(f.actor('1001001'), '/finesse/api/SystemInfo', f.jid('1001001', 'b')));
    assert.equal(a.subscription.subid, 'dup');
    assert.equal(b.subscription.subid, 'other');
  });

  it('subids stay unique over many subscribers', () => {
    const f = fixture();
    const s = serviceOf(f);
    for (let i = 0; i < 50; i++) okValue(s.subscribe(f.actor('1001001'), '/finesse/api/SystemInfo', f.jid('1001001', `r${i}`)));
    const subids = f.stores.subscriptions.listForNode('/finesse/api/SystemInfo').map((x) => x.subid);
    assert.equal(new Set(subids).size, 50);
  });
});

describe('service: unsubscribe and subscriptions', () => {
  it('unsubscribes, then answers not-subscribed', () => {
    const f = fixture();
    const s = serviceOf(f);
    okValue(s.subscribe(f.actor('1001001'), `${U1}/ClientLog`, f.jid('1001001', 'desktop')));
    assert.equal(s.unsubscribe(f.actor('1001001'), `${U1}/ClientLog`, f.jid('1001001', 'desktop')).ok, true);
    assert.equal(errorOf(s.unsubscribe(f.actor('1001001'), `${U1}/ClientLog`, f.jid('1001001', 'desktop'))), 'not-subscribed');
  });

  it("refuses to unsubscribe someone else's JID (forbidden); item-not-found for an unknown node", () => {
    const f = fixture();
    const s = serviceOf(f);
    okValue(s.subscribe(f.actor('1001002'), '/finesse/api/Queue/2', f.jid('1001002')));
    assert.equal(errorOf(s.unsubscribe(f.actor('1001001'), '/finesse/api/Queue/2', f.jid('1001002'))), 'forbidden');
    assert.equal(errorOf(s.unsubscribe(f.actor('1001001'), '/nowhere', f.jid('1001001'))), 'item-not-found');
    assert.equal(s.unsubscribe(f.actor('admin'), '/finesse/api/Queue/2', f.jid('1001002')).ok, true);
  });

  it('checks the subid when one is given', () => {
    const f = fixture();
    const s = serviceOf(f);
    const sub = okValue(s.subscribe(f.actor('1001001'), '/finesse/api/Queue/1', f.jid('1001001'))).subscription;
    assert.equal(errorOf(s.unsubscribe(f.actor('1001001'), '/finesse/api/Queue/1', f.jid('1001001'), 'nope')), 'invalid-subid');
    assert.equal(s.unsubscribe(f.actor('1001001'), '/finesse/api/Queue/1', f.jid('1001001'), sub.subid).ok, true);
  });

  it('lets a user drop a subscription left on a node that no longer exists', () => {
    const f = fixture();
    const s = serviceOf(f);
    okValue(s.subscribe(f.actor('1001001'), '/finesse/api/Queue/1', f.jid('1001001')));
    f.cc.queues.delete('1');
    assert.equal(s.unsubscribe(f.actor('1001001'), '/finesse/api/Queue/1', f.jid('1001001')).ok, true);
  });

  it("lists the requester's own subscriptions, optionally of one node", () => {
    const f = fixture();
    const s = serviceOf(f);
    okValue(s.subscribe(f.actor('1001001'), '/finesse/api/Queue/1', f.jid('1001001', 'desktop')));
    okValue(s.subscribe(f.actor('1001001'), `${U1}/ClientLog`, f.jid('1001001')));
    okValue(s.subscribe(f.actor('1001002'), '/finesse/api/Queue/2', f.jid('1001002')));
    assert.deepEqual(okValue(s.subscriptions(f.actor('1001001'))).map((x) => [x.node, x.jid]), [
      ['/finesse/api/Queue/1', `1001001@${DOMAIN}/desktop`], [`${U1}/ClientLog`, `1001001@${DOMAIN}`],
    ]);
    assert.equal(okValue(s.subscriptions(f.actor('1001001'), '/finesse/api/Queue/1')).length, 1);
    assert.deepEqual(okValue(s.subscriptions(f.actor('1001001'), '/finesse/api/SystemInfo')), []);
  });

  it('deleteSubscriptionsOf removes every subscription of an entity, bare and full', () => {
    const f = fixture();
    const s = serviceOf(f);
    okValue(s.subscribe(f.actor('1001001'), '/finesse/api/Queue/1', f.jid('1001001', 'desktop')));
    okValue(s.subscribe(f.actor('1001001'), `${U1}/ClientLog`, f.jid('1001001')));
    okValue(s.subscribe(f.actor('1001002'), '/finesse/api/Queue/2', f.jid('1001002')));
    assert.equal(s.deleteSubscriptionsOf(`1001001@${DOMAIN}`), 2);
    assert.deepEqual(f.stores.subscriptions.list().map((x) => x.jid), [`1001002@${DOMAIN}`]);
  });

  it("forgetUser also removes the supervisors' subscriptions to the user's nodes and the user's items", () => {
    const f = fixture();
    const s = serviceOf(f);
    okValue(s.subscribe(f.actor('1001002'), '/finesse/api/User/1001002/ClientLog', f.jid('1001002')));
    okValue(s.subscribe(f.actor('1001099'), '/finesse/api/User/1001002/Dialogs', f.jid('1001099')));
    okValue(s.subscribe(f.actor('1001099'), '/finesse/api/User/1001002/Queue/2', f.jid('1001099')));
    okValue(s.subscribe(f.actor('1001099'), '/finesse/api/Team/1/Users', f.jid('1001099')));
    okValue(s.publish(INTERNAL_ACTOR, '/finesse/api/User/1001002', undefined, '<Update/>'));
    assert.equal(s.forgetUser('1001002'), 3);
    assert.deepEqual(f.stores.subscriptions.list().map((x) => x.node), ['/finesse/api/Team/1/Users']);
    assert.deepEqual(okValue(s.items(f.actor('admin'), '/finesse/api/User/1001002')), []);
  });
});

describe('service: publish and items', () => {
  it('only administrators and the internal API publish', () => {
    const f = fixture();
    const s = serviceOf(f);
    assert.equal(errorOf(s.publish(f.actor('1001001'), U1, undefined, 'x')), 'forbidden');
    assert.equal(errorOf(s.publish(f.actor('1001099'), '/finesse/api/Team/1/Users', undefined, 'x')), 'forbidden');
    assert.equal(s.publish(f.actor('admin'), U1, undefined, 'x').ok, true);
    assert.equal(s.publish(INTERNAL_ACTOR, U1, undefined, 'x').ok, true);
    assert.equal(errorOf(s.publish(INTERNAL_ACTOR, '/finesse/api/User/9999999', undefined, 'x')), 'item-not-found');
  });

  it('generates Finesse-style item ids: a per-instance prefix and a monotonic counter', () => {
    const f = fixture();
    const s = serviceOf(f, { randomId: () => 'a6ca891f-8b34-443f-8c7d-dac020d41838' });
    const ids = [1, 2, 3].map(() => okValue(s.publish(INTERNAL_ACTOR, U1, undefined, 'x')).itemId);
    assert.deepEqual(ids, [
      'a6ca891f-8b34-443f-8c7d-dac020d418381', 'a6ca891f-8b34-443f-8c7d-dac020d418382', 'a6ca891f-8b34-443f-8c7d-dac020d418383',
    ]);
  });

  it('overwrites an item published again with the same id, which becomes the newest', () => {
    const f = fixture();
    const s = serviceOf(f);
    for (const [id, payload] of [['a', 'one'], ['b', 'two'], ['a', 'three']] as const) {
      assert.equal(okValue(s.publish(INTERNAL_ACTOR, '/finesse/api/Queue/1', id, payload)).itemId, id);
    }
    assert.deepEqual(okValue(s.items(f.actor('admin'), '/finesse/api/Queue/1')).map((i) => [i.id, i.payload]), [['b', 'two'], ['a', 'three']]);
  });

  it('keeps the last maxItemsPerNode items; items returns the newest max, or the ids asked for', () => {
    const f = fixture();
    const s = serviceOf(f, { maxItemsPerNode: 3 });
    for (const p of ['1', '2', '3', '4', '5']) okValue(s.publish(INTERNAL_ACTOR, U1, `i${p}`, p));
    const agent = f.actor('1001001');
    assert.deepEqual(okValue(s.items(agent, U1)).map((i) => i.payload), ['3', '4', '5']);
    assert.deepEqual(okValue(s.items(agent, U1, { max: 2 })).map((i) => i.payload), ['4', '5']);
    assert.deepEqual(okValue(s.items(agent, U1, { itemIds: ['i3', 'i1'] })).map((i) => i.id), ['i3']);
    assert.equal(okValue(s.items(agent, U1))[0]!.publishedAt, f.clock.now());
  });

  it('items needs access to the node', () => {
    const f = fixture();
    const s = serviceOf(f);
    assert.equal(errorOf(s.items(f.actor('1001002'), U1)), 'forbidden');
    assert.equal(errorOf(s.items(f.actor('1001001'), '/finesse/api/User/7')), 'item-not-found');
  });

  it('refuses payloads over the size limit with payload-too-big', () => {
    const f = fixture();
    const s = serviceOf(f, { maxPayloadBytes: 10 });
    assert.equal(s.publish(INTERNAL_ACTOR, U1, undefined, '0123456789').ok, true);
    assert.equal(errorOf(s.publish(INTERNAL_ACTOR, U1, undefined, '0123456789é')), 'payload-too-big');
  });

  it('publish-options must match the node configuration', () => {
    const f = fixture();
    const s = serviceOf(f);
    assert.equal(s.publish(INTERNAL_ACTOR, U1, undefined, 'x', { 'pubsub#persist_items': '1' }).ok, true);
    assert.equal(errorOf(s.publish(INTERNAL_ACTOR, U1, undefined, 'x', { 'pubsub#persist_items': '0' })), 'precondition-not-met');
  });
});

describe('service: recipients', () => {
  const users = (rs: { jid: string; node: string }[]) => rs.map((r) => `${r.jid} ${r.node}`);

  it("auto-subscribes a user's bare JID to its User, Dialogs and Media nodes, without any IQ", () => {
    const f = fixture();
    const s = serviceOf(f);
    for (const n of [U1, `${U1}/Dialogs`, `${U1}/Media/1`]) {
      assert.deepEqual(okValue(s.publish(INTERNAL_ACTOR, n, undefined, 'x')).recipients, [{ jid: `1001001@${DOMAIN}`, node: n }], n);
    }
    for (const n of [`${U1}/ClientLog`, `${U1}/Queues`, '/finesse/api/Team/1/Users', '/finesse/api/Queue/1']) {
      assert.deepEqual(okValue(s.publish(INTERNAL_ACTOR, n, undefined, 'x')).recipients, [], n);
    }
  });

  it('delivers SystemInfo to every online user and to nobody offline', () => {
    const f = fixture();
    const s = serviceOf(f);
    f.online.add(`1001001@${DOMAIN}`).add(`finesse@${DOMAIN}`);
    okValue(s.subscribe(f.actor('1001002'), '/finesse/api/SystemInfo', f.jid('1001002', 'desktop')));
    const out = okValue(s.publish(INTERNAL_ACTOR, '/finesse/api/SystemInfo', undefined, 'x'));
    assert.deepEqual(users(out.recipients).sort(), [
      `1001001@${DOMAIN} /finesse/api/SystemInfo`, `finesse@${DOMAIN} /finesse/api/SystemInfo`,
    ]);
    f.online.add(`1001002@${DOMAIN}`);
    assert.equal(s.recipients('/finesse/api/SystemInfo').length, 3, 'the explicit full-JID subscriber is covered by its bare JID');
  });

  it('adds explicit subscribers and sends one notification per entity', () => {
    const f = fixture();
    const s = serviceOf(f);
    okValue(s.subscribe(f.actor('1001099'), '/finesse/api/User/1001001', f.jid('1001099', 'desktop')));
    okValue(s.subscribe(f.actor('1001099'), '/finesse/api/User/1001001', f.jid('1001099', 'desktop')));
    okValue(s.subscribe(f.actor('1001099'), '/finesse/api/User/1001001', f.jid('1001099', 'phone')));
    // The agent's own explicit subscriptions are covered by the implicit bare-JID one.
    okValue(s.subscribe(f.actor('1001001'), U1, f.jid('1001001')));
    okValue(s.subscribe(f.actor('1001001'), U1, f.jid('1001001', 'desktop')));
    assert.deepEqual(users(okValue(s.publish(INTERNAL_ACTOR, U1, undefined, 'x')).recipients), [
      `1001001@${DOMAIN} ${U1}`, `1001099@${DOMAIN}/desktop ${U1}`, `1001099@${DOMAIN}/phone ${U1}`,
    ]);
  });

  it('a supervisor subscribed with its bare JID gets one notification even with full-JID subscriptions too', () => {
    const f = fixture();
    const s = serviceOf(f);
    okValue(s.subscribe(f.actor('1001099'), '/finesse/api/Team/1/Users', f.jid('1001099', 'desktop')));
    okValue(s.subscribe(f.actor('1001099'), '/finesse/api/Team/1/Users', f.jid('1001099')));
    assert.deepEqual(users(s.recipients('/finesse/api/Team/1/Users')), [`1001099@${DOMAIN} /finesse/api/Team/1/Users`]);
  });

  it('delivers queue statistics to the alias subscribers under the node name they subscribed to', () => {
    const f = fixture();
    const s = serviceOf(f);
    okValue(s.subscribe(f.actor('1001001'), '/finesse/api/Queue/1', f.jid('1001001', 'desktop')));
    okValue(s.subscribe(f.actor('1001001'), `${U1}/Queue/1`, f.jid('1001001', 'desktop')));
    okValue(s.subscribe(f.actor('1001001'), `${U1}/Queues`, f.jid('1001001', 'desktop')));
    okValue(s.subscribe(f.actor('1002001'), '/finesse/api/User/1002001/Queue/2', f.jid('1002001')));
    okValue(s.subscribe(f.actor('1001002'), '/finesse/api/User/1001002/Queues', f.jid('1001002')));
    const q1 = okValue(s.publish(INTERNAL_ACTOR, '/finesse/api/Queue/1', undefined, 'stats'));
    assert.deepEqual(users(q1.recipients), [
      `1001001@${DOMAIN}/desktop /finesse/api/Queue/1`,
      `1001001@${DOMAIN}/desktop ${U1}/Queue/1`,
      `1001001@${DOMAIN}/desktop ${U1}/Queues`,
    ]);
    const q2 = okValue(s.publish(INTERNAL_ACTOR, '/finesse/api/Queue/2', undefined, 'stats'));
    assert.deepEqual(users(q2.recipients), [
      `1002001@${DOMAIN} /finesse/api/User/1002001/Queue/2`,
      `1001002@${DOMAIN} /finesse/api/User/1001002/Queues`,
    ]);
  });

  it('stops alias delivery after unsubscribing', () => {
    const f = fixture();
    const s = serviceOf(f);
    okValue(s.subscribe(f.actor('1001001'), `${U1}/Queue/1`, f.jid('1001001')));
    okValue(s.unsubscribe(f.actor('1001001'), `${U1}/Queue/1`, f.jid('1001001')));
    assert.deepEqual(s.recipients('/finesse/api/Queue/1'), []);
  });
});

describe('service: persistence', () => {
  it('subscriptions and created nodes survive a fresh service instance sharing the stores', () => {
    const f = fixture();
    const first = serviceOf(f);
    okValue(first.subscribe(f.actor('1001099'), '/finesse/api/Team/1/Users', f.jid('1001099', 'desktop')));
    okValue(first.subscribe(f.actor('1001001'), `${U1}/Queue/1`, f.jid('1001001')));
    okValue(first.create(f.actor('admin'), '/bench', { 'pubsub#notification_type': 'headline' }));
    okValue(first.publish(INTERNAL_ACTOR, '/finesse/api/Queue/1', 'kept-in-memory', 'x'));

    const second = serviceOf(f);
    assert.deepEqual(second.recipients('/finesse/api/Team/1/Users'), [{ jid: `1001099@${DOMAIN}/desktop`, node: '/finesse/api/Team/1/Users' }]);
    assert.deepEqual(second.recipients('/finesse/api/Queue/1'), [{ jid: `1001001@${DOMAIN}`, node: `${U1}/Queue/1` }]);
    assert.equal(second.exists('/bench'), true);
    assert.equal(second.configuration('/bench')?.notificationType, 'headline');
    assert.equal(errorOf(second.create(f.actor('admin'), '/bench')), 'conflict');
    const re = okValue(second.subscribe(f.actor('1001099'), '/finesse/api/Team/1/Users', f.jid('1001099', 'desktop')));
    assert.equal(re.isNew, false);
    assert.deepEqual(okValue(second.items(f.actor('admin'), '/finesse/api/Queue/1')), [], 'items live in memory only');
  });
});

describe('service: owner use cases', () => {
  it('creates nodes (administrators only), refuses duplicates and instant nodes', () => {
    const f = fixture();
    const s = serviceOf(f);
    assert.equal(errorOf(s.create(f.actor('1001001'), '/bench')), 'forbidden');
    assert.deepEqual(okValue(s.create(f.actor('admin'), '/bench')), { node: '/bench' });
    assert.equal(errorOf(s.create(f.actor('admin'), '/bench')), 'conflict');
    assert.equal(errorOf(s.create(f.actor('admin'), undefined)), 'instant-nodes-unsupported');
    assert.equal(errorOf(s.create(f.actor('admin'), '/bad', { 'pubsub#notification_type': 'chat' })), 'not-acceptable');
    assert.equal(f.stores.pubsubNodes.get('/bench')?.owner, `admin@${DOMAIN}`);
  });

  it('creating an existing Finesse node once stores its configuration; twice is a conflict', () => {
    const f = fixture();
    const s = serviceOf(f);
    assert.equal(s.exists(U1), true);
    okValue(s.create(f.actor('admin'), U1));
    assert.equal(errorOf(s.create(f.actor('admin'), U1)), 'conflict');
    assert.equal([...s.listNodes()].filter((n) => n === U1).length, 1, 'listed once');
  });

  it('an administrator-created node is closed to users unless its access model is open', () => {
    const f = fixture();
    const s = serviceOf(f);
    okValue(s.create(f.actor('admin'), '/bench'));
    assert.equal(errorOf(s.subscribe(f.actor('1001001'), '/bench', f.jid('1001001'))), 'forbidden');
    okValue(s.configure(f.actor('admin'), '/bench', { 'pubsub#access_model': 'open' }));
    assert.equal(s.subscribe(f.actor('1001001'), '/bench', f.jid('1001001')).ok, true);
    assert.deepEqual([...s.listNodes()].slice(-1), ['/bench']);
  });

  it('configures the notification type; the default is normal (storable offline)', () => {
    const f = fixture();
    const s = serviceOf(f);
    assert.equal(okValue(s.publish(INTERNAL_ACTOR, U1, undefined, 'x')).notificationType, 'normal');
    assert.equal(errorOf(s.configure(f.actor('1001001'), U1, { 'pubsub#notification_type': 'headline' })), 'forbidden');
    okValue(s.configure(f.actor('admin'), U1, { 'pubsub#notification_type': 'headline' }));
    assert.equal(okValue(s.publish(INTERNAL_ACTOR, U1, undefined, 'x')).notificationType, 'headline');
    assert.equal(okValue(s.getConfiguration(f.actor('admin'), U1)).notificationType, 'headline');
  });

  it('the Finesse node defaults: normal, payloads delivered, SystemInfo presence-based', () => {
    const f = fixture();
    const s = serviceOf(f);
    assert.deepEqual(s.configuration(U1), {
      title: U1, notificationType: 'normal', maxItems: 10, deliverPayloads: true, persistItems: true,
      accessModel: 'whitelist', sendLastPublishedItem: 'never', presenceBasedDelivery: false,
    });
    assert.equal(s.configuration('/finesse/api/SystemInfo')?.presenceBasedDelivery, true);
    assert.equal(s.configuration('/nowhere'), undefined);
    assert.equal(okValue(s.defaultConfiguration(f.actor('admin'))).maxItems, 10);
    assert.equal(errorOf(s.defaultConfiguration(f.actor('1001001'))), 'forbidden');
  });

  it('lowering max_items drops the oldest items; persist_items=0 keeps none', () => {
    const f = fixture();
    const s = serviceOf(f);
    for (const p of ['1', '2', '3']) okValue(s.publish(INTERNAL_ACTOR, U1, undefined, p));
    okValue(s.configure(f.actor('admin'), U1, { 'pubsub#max_items': '1' }));
    assert.deepEqual(okValue(s.items(f.actor('admin'), U1)).map((i) => i.payload), ['3']);
    okValue(s.configure(f.actor('admin'), U1, { 'pubsub#persist_items': '0' }));
    okValue(s.publish(INTERNAL_ACTOR, U1, undefined, '4'));
    assert.deepEqual(okValue(s.items(f.actor('admin'), U1)), []);
  });

  it('deletes a node: its subscribers are returned for <delete/>, subscriptions and items go', () => {
    const f = fixture();
    const s = serviceOf(f);
    okValue(s.create(f.actor('admin'), '/bench', { 'pubsub#access_model': 'open' }));
    okValue(s.subscribe(f.actor('1001001'), '/bench', f.jid('1001001', 'desktop')));
    okValue(s.publish(f.actor('admin'), '/bench', undefined, 'x'));
    assert.equal(errorOf(s.delete(f.actor('1001001'), '/bench')), 'forbidden');
    const out = okValue(s.delete(f.actor('admin'), '/bench'));
    assert.deepEqual(out.recipients, [{ jid: `1001001@${DOMAIN}/desktop`, node: '/bench' }]);
    assert.equal(s.exists('/bench'), false);
    assert.deepEqual(f.stores.subscriptions.list(), []);
    assert.equal(errorOf(s.delete(f.actor('admin'), '/bench')), 'item-not-found');
  });

  it('purges the items of a node', () => {
    const f = fixture();
    const s = serviceOf(f);
    okValue(s.subscribe(f.actor('1001099'), '/finesse/api/Team/1/Users', f.jid('1001099')));
    okValue(s.publish(INTERNAL_ACTOR, '/finesse/api/Team/1/Users', undefined, 'x'));
    const out = okValue(s.purge(f.actor('admin'), '/finesse/api/Team/1/Users'));
    assert.deepEqual(out.recipients, [{ jid: `1001099@${DOMAIN}`, node: '/finesse/api/Team/1/Users' }]);
    assert.deepEqual(okValue(s.items(f.actor('admin'), '/finesse/api/Team/1/Users')), []);
  });

  it('lists and modifies the subscriptions of a node (owner)', () => {
    const f = fixture();
    const s = serviceOf(f);
    okValue(s.subscribe(f.actor('1001001'), '/finesse/api/Queue/1', f.jid('1001001')));
    assert.equal(errorOf(s.nodeSubscriptions(f.actor('1001001'), '/finesse/api/Queue/1')), 'forbidden');
    okValue(s.modifySubscriptions(f.actor('admin'), '/finesse/api/Queue/1', [
      { jid: f.jid('1001001'), subscription: 'none' }, { jid: f.jid('1002001', 'desk'), subscription: 'subscribed' },
    ]));
    assert.deepEqual(okValue(s.nodeSubscriptions(f.actor('admin'), '/finesse/api/Queue/1')).map((x) => x.jid), [`1002001@${DOMAIN}/desk`]);
    assert.equal(errorOf(s.modifySubscriptions(f.actor('admin'), '/finesse/api/Queue/1', [{ jid: '@@', subscription: 'none' }])), 'jid-malformed');
  });

  it('reports affiliations: the creator owns its node', () => {
    const f = fixture();
    const s = serviceOf(f);
    okValue(s.create(f.actor('admin'), '/bench'));
    assert.deepEqual(okValue(s.nodeAffiliations(f.actor('admin'), '/bench')), [{ jid: `admin@${DOMAIN}`, affiliation: 'owner' }]);
    assert.deepEqual(okValue(s.affiliations(f.actor('admin'))), [{ node: '/bench', affiliation: 'owner' }]);
    assert.deepEqual(okValue(s.affiliations(f.actor('1001001'), U1)), [{ node: U1, affiliation: 'member' }]);
    assert.deepEqual(okValue(s.affiliations(f.actor('1001001'), '/bench')), []);
  });

  it('returns the last item on subscription when the node is configured to send it', () => {
    const f = fixture();
    const s = serviceOf(f);
    okValue(s.publish(INTERNAL_ACTOR, '/finesse/api/Queue/1', 'q', 'stats'));
    assert.equal(okValue(s.subscribe(f.actor('1001001'), '/finesse/api/Queue/1', f.jid('1001001'))).lastItem, undefined);
    okValue(s.configure(f.actor('admin'), '/finesse/api/Queue/1', { 'pubsub#send_last_published_item': 'on_sub' }));
    assert.equal(okValue(s.subscribe(f.actor('1002001'), '/finesse/api/Queue/1', f.jid('1002001'))).lastItem?.payload, 'stats');
  });
});
