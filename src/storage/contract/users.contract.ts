// Contract: UserStore.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { Stores } from '../stores.js';
import { agent, fakeCredentials, storageCode, withDirectory } from './fixtures.js';

export function usersContract(fresh: () => Stores): void {
  it('starts empty', () => {
    const s = fresh();
    assert.equal(s.users.get('1001001'), undefined);
    assert.deepEqual(s.users.list(), []);
    assert.equal(s.users.count(), 0);
    assert.equal(s.users.getCredentials('1001001'), undefined);
  });

  it('reads a user back as written', () => {
    const s = withDirectory(fresh());
    const sup = agent('1002001', { roles: ['supervisor', 'agent'], teamId: '1', supervisedTeamIds: ['2', '1'], queueIds: ['2', '1'] });
    s.users.put(sup);
    s.users.put(agent('admin', { extension: null, roles: ['admin'] }));
    assert.deepEqual(s.users.get('1002001'), sup);
    assert.deepEqual(s.users.get('admin'), agent('admin', { extension: null, roles: ['admin'] }));
    assert.equal(s.users.count(), 2);
  });

  it('lists users in id order with their lists', () => {
    const s = withDirectory(fresh());
    for (const id of ['b', '1001002', 'admin', '1001001', 'A']) s.users.put(agent(id, { queueIds: ['1'], teamId: '2' }));
    const list = s.users.list();
    assert.deepEqual(list.map((u) => u.id), ['1001001', '1001002', 'A', 'admin', 'b']);
    assert.ok(list.every((u) => u.teamId === '2' && u.queueIds.length === 1 && u.roles[0] === 'agent'));
  });

  it('drops repeated roles, queues and teams, keeping the first order', () => {
    const s = withDirectory(fresh());
    s.users.put(agent('u', { roles: ['agent', 'supervisor', 'agent'], queueIds: ['2', '1', '2'], supervisedTeamIds: ['1', '1'] }));
    const u = s.users.get('u');
    assert.deepEqual([u?.roles, u?.queueIds, u?.supervisedTeamIds], [['agent', 'supervisor'], ['2', '1'], ['1']]);
  });

  it('replaces a user on put and keeps its credentials unless new ones are given', () => {
    const s = withDirectory(fresh());
    s.users.put(agent('u', { queueIds: ['1', '2'], teamId: '1' }), fakeCredentials('one'));
    s.users.put(agent('u', { firstName: 'Renamed', queueIds: ['2'], teamId: null }));
    assert.deepEqual(s.users.get('u'), agent('u', { firstName: 'Renamed', queueIds: ['2'] }));
    assert.deepEqual(s.users.getCredentials('u'), fakeCredentials('one'));
    s.users.put(agent('u'), fakeCredentials('two'));
    assert.deepEqual(s.users.getCredentials('u'), fakeCredentials('two'));
    assert.equal(s.users.count(), 1);
  });

  it('hands out copies, so changing a record changes nothing stored', () => {
    const s = withDirectory(fresh());
    const input = agent('u', { queueIds: ['1'] });
    s.users.put(input, fakeCredentials('c'));
    input.queueIds.push('2');
    input.firstName = 'changed';
    const got = s.users.get('u');
    got?.roles.push('admin');
    s.users.list()[0]?.queueIds.push('2');
    const creds = s.users.getCredentials('u');
    if (creds) creds['SHA-256'].salt = 'changed';
    assert.deepEqual(s.users.get('u'), agent('u', { queueIds: ['1'] }));
    assert.deepEqual(s.users.getCredentials('u'), fakeCredentials('c'));
  });

  it('refuses unknown teams, queues and roles, storing nothing', () => {
    const s = withDirectory(fresh());
    assert.equal(storageCode(() => s.users.put(agent('u', { teamId: '9' }))), 'ERR_STORAGE_UNKNOWN_REFERENCE');
    assert.equal(storageCode(() => s.users.put(agent('u', { supervisedTeamIds: ['1', '9'] }))), 'ERR_STORAGE_UNKNOWN_REFERENCE');
    assert.equal(storageCode(() => s.users.put(agent('u', { queueIds: ['1', '9'] }))), 'ERR_STORAGE_UNKNOWN_REFERENCE');
    const badRole = agent('u', { roles: ['agent', 'root' as never] });
    assert.equal(storageCode(() => s.users.put(badRole)), 'ERR_STORAGE_INVALID');
    assert.equal(s.users.count(), 0);
  });

  it('putMany writes all users, with shared or per-user credentials', () => {
    const s = withDirectory(fresh());
    const shared = fakeCredentials('shared');
    s.users.putMany([agent('a', { queueIds: ['1', '2'] }), agent('b')], shared);
    assert.deepEqual(s.users.getCredentials('a'), shared);
    assert.deepEqual(s.users.getCredentials('b'), shared);
    s.users.putMany([agent('c'), agent('d')], [fakeCredentials('c'), fakeCredentials('d')]);
    assert.deepEqual(s.users.getCredentials('c'), fakeCredentials('c'));
    assert.deepEqual(s.users.getCredentials('d'), fakeCredentials('d'));
    s.users.putMany([agent('a', { lastName: 'New' })]);
    assert.equal(s.users.get('a')?.lastName, 'New');
    assert.deepEqual(s.users.get('a')?.queueIds, []);
    assert.deepEqual(s.users.getCredentials('a'), shared, 'putMany without credentials keeps them');
    assert.equal(s.users.count(), 4);
  });

  it('putMany is all or nothing', () => {
    const s = withDirectory(fresh());
    s.users.put(agent('a', { firstName: 'Before' }));
    const batch = [agent('a', { firstName: 'After' }), agent('b'), agent('c', { queueIds: ['missing'] })];
    assert.equal(storageCode(() => s.users.putMany(batch)), 'ERR_STORAGE_UNKNOWN_REFERENCE');
    assert.equal(s.users.count(), 1);
    assert.equal(s.users.get('a')?.firstName, 'Before');
    assert.throws(() => s.users.putMany([agent('x'), agent('y')], [fakeCredentials('x')]), RangeError);
    assert.equal(s.users.count(), 1);
  });

  it('deletes a user with its credentials', () => {
    const s = withDirectory(fresh());
    s.users.put(agent('u', { queueIds: ['1'], supervisedTeamIds: ['1'] }), fakeCredentials('u'));
    assert.equal(s.users.delete('u'), true);
    assert.equal(s.users.delete('u'), false);
    assert.equal(s.users.get('u'), undefined);
    assert.equal(s.users.getCredentials('u'), undefined);
    s.users.put(agent('u'));
    assert.equal(s.users.getCredentials('u'), undefined, 'a new user with the same id has no old password');
    assert.deepEqual(s.users.get('u')?.queueIds, []);
  });

  it('sets credentials only for existing users', () => {
    const s = fresh();
    assert.equal(s.users.setCredentials('ghost', fakeCredentials('g')), false);
    assert.equal(s.users.getCredentials('ghost'), undefined);
    s.users.put(agent('u'));
    assert.equal(s.users.getCredentials('u'), undefined);
    assert.equal(s.users.setCredentials('u', fakeCredentials('u')), true);
    assert.deepEqual(s.users.getCredentials('u'), fakeCredentials('u'));
  });

  it('deleting a team detaches members and supervisors; renaming it does not', () => {
    const s = withDirectory(fresh());
    s.users.put(agent('m', { teamId: '1' }));
    s.users.put(agent('s', { roles: ['supervisor'], teamId: '2', supervisedTeamIds: ['1', '2'] }));
    s.teams.put({ id: '1', name: 'Renamed' });
    assert.equal(s.users.get('m')?.teamId, '1');
    assert.deepEqual(s.users.get('s')?.supervisedTeamIds, ['1', '2']);
    assert.equal(s.teams.delete('1'), true);
    assert.equal(s.users.get('m')?.teamId, null);
    assert.deepEqual(s.users.get('s')?.supervisedTeamIds, ['2']);
    assert.equal(s.users.get('s')?.teamId, '2');
  });

  it('deleting a queue removes it from every agent; renaming it does not', () => {
    const s = withDirectory(fresh());
    s.users.put(agent('a', { queueIds: ['1', '2'] }));
    s.users.put(agent('b', { queueIds: ['1'] }));
    s.queues.put({ id: '1', name: 'Renamed' });
    assert.deepEqual(s.users.get('b')?.queueIds, ['1']);
    assert.equal(s.queues.delete('1'), true);
    assert.deepEqual(s.users.get('a')?.queueIds, ['2']);
    assert.deepEqual(s.users.get('b')?.queueIds, []);
  });
}
