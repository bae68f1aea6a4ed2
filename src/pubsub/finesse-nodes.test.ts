import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  finesseNodeExists, listFinesseNodes, nodeName, parseFinesseNode, SYSTEM_INFO_NODE,
  clientLogNode, dialogsNode, mediaNode, queueNode, teamUsersNode, userNode, userQueueNode, userQueuesNode,
} from './finesse-nodes.js';
import { contactCenter } from './testing/fixtures.js';

describe('finesse-nodes: names', () => {
  it('builds the node names of the Finesse tree', () => {
    assert.equal(userNode('1001001'), '/finesse/api/User/1001001');
    assert.equal(dialogsNode('1001001'), '/finesse/api/User/1001001/Dialogs');
    assert.equal(clientLogNode('1001001'), '/finesse/api/User/1001001/ClientLog');
    assert.equal(mediaNode('1001001'), '/finesse/api/User/1001001/Media/1');
    assert.equal(userQueuesNode('1001001'), '/finesse/api/User/1001001/Queues');
    assert.equal(userQueueNode('1001001', '5'), '/finesse/api/User/1001001/Queue/5');
    assert.equal(teamUsersNode('TheA'), '/finesse/api/Team/TheA/Users');
    assert.equal(queueNode('5'), '/finesse/api/Queue/5');
    assert.equal(SYSTEM_INFO_NODE, '/finesse/api/SystemInfo');
  });

  it('parses every kind and round-trips through nodeName', () => {
    const cases = [
      ['/finesse/api/User/6021', { kind: 'user', userId: '6021' }],
      ['/finesse/api/User/6021/Dialogs', { kind: 'dialogs', userId: '6021' }],
      ['/finesse/api/User/6021/ClientLog', { kind: 'client-log', userId: '6021' }],
      ['/finesse/api/User/6021/Media/1', { kind: 'media', userId: '6021', mrdId: '1' }],
      ['/finesse/api/User/6021/Queues', { kind: 'user-queues', userId: '6021' }],
      ['/finesse/api/User/6021/Queue/7', { kind: 'user-queue', userId: '6021', queueId: '7' }],
      ['/finesse/api/Team/TheA/Users', { kind: 'team-users', teamId: 'TheA' }],
      ['/finesse/api/Queue/7', { kind: 'queue', queueId: '7' }],
      ['/finesse/api/SystemInfo', { kind: 'system-info' }],
    ] as const;
    for (const [name, desc] of cases) {
      assert.deepEqual(parseFinesseNode(name), desc, name);
      assert.equal(nodeName(parseFinesseNode(name)!), name);
    }
  });

  it('refuses names that are not Finesse nodes', () => {
    for (const name of [
      '', '/finesse/api', '/finesse/api/', '/finesse/api/User', '/finesse/api/User/', '/finesse/api/User/1/',
      '/finesse/api/user/1', '/finesse/api/User/1/Dialog', '/finesse/api/User/1/Media', '/finesse/api/User/1/Media/1/x',
      '/finesse/api/Team/1', '/finesse/api/Team/1/Users/x', '/finesse/api/Queue/1/x', '/finesse/api/User/a b',
      '/finesse/api//Dialogs', '/finesse/api/SystemInfo/x', '/finesse/api/Dialog/1', 'finesse/api/User/1', '/bench',
    ]) {
      assert.equal(parseFinesseNode(name), undefined, JSON.stringify(name));
    }
  });
});

describe('finesse-nodes: existence and listing', () => {
  it('a node exists when its user, team or queue is configured', () => {
    const { directory } = contactCenter();
    const exists = (n: string) => finesseNodeExists(parseFinesseNode(n)!, directory);
    assert.equal(exists('/finesse/api/User/1001001'), true);
    assert.equal(exists('/finesse/api/User/9999999'), false);
    assert.equal(exists('/finesse/api/User/1001001/Media/1'), true);
    assert.equal(exists('/finesse/api/User/1001001/Media/2'), false, 'only MRD 1 (Voice) exists');
    assert.equal(exists('/finesse/api/Team/1/Users'), true);
    assert.equal(exists('/finesse/api/Team/9/Users'), false);
    assert.equal(exists('/finesse/api/Queue/2'), true);
    assert.equal(exists('/finesse/api/Queue/9'), false);
    assert.equal(exists('/finesse/api/User/1001001/Queue/1'), true, 'skilled in queue 1');
    assert.equal(exists('/finesse/api/User/1001001/Queue/2'), false, 'not skilled in queue 2');
    assert.equal(exists('/finesse/api/SystemInfo'), true);
  });

  it('lists User, Dialogs, ClientLog, Media, Queues per user, Users per team, each queue, SystemInfo', () => {
    const { directory } = contactCenter();
    const all = [...listFinesseNodes(directory)];
    assert.deepEqual(all.slice(0, 5), [
      '/finesse/api/User/1001001', '/finesse/api/User/1001001/Dialogs', '/finesse/api/User/1001001/ClientLog',
      '/finesse/api/User/1001001/Media/1', '/finesse/api/User/1001001/Queues',
    ]);
    assert.equal(all.length, 6 * 5 + 2 + 2 + 1);
    assert.deepEqual(all.slice(-5), [
      '/finesse/api/Team/1/Users', '/finesse/api/Team/2/Users', '/finesse/api/Queue/1', '/finesse/api/Queue/2', '/finesse/api/SystemInfo',
    ]);
    assert.equal(new Set(all).size, all.length);
  });

  it('is lazy: a listing of 100,000 users can stop early', () => {
    let produced = 0;
    const users = function* () { for (let i = 0; i < 100_000; i++) { produced++; yield { id: String(i) }; } };
    const it = listFinesseNodes({ listUsers: users, listTeams: () => [], listQueues: () => [] });
    for (let i = 0; i < 10; i++) it.next();
    assert.equal(produced, 2);
  });
});
