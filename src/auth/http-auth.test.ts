import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../shared/clock.js';
import { createMemoryStores } from '../storage/memory/memory-stores.js';
import { seedDemoData } from '../storage/demo-data.js';
import { createHttpAuthenticator, parseBasic } from './http-auth.js';

const basic = (id: string, pw: string): string => `Basic ${Buffer.from(`${id}:${pw}`).toString('base64')}`;

function setup() {
  const stores = createMemoryStores();
  seedDemoData(stores, { iterations: 16 });
  const clock = new ManualClock(1_000_000);
  return { clock, auth: createHttpAuthenticator({ users: stores.users, clock }) };
}

test('parseBasic: absent, not Basic, malformed, and good headers', () => {
  assert.equal(parseBasic(undefined), undefined);
  assert.equal(parseBasic('Bearer abc'), undefined);
  assert.equal(parseBasic('Basic !!!'), null);
  assert.equal(parseBasic(`Basic ${Buffer.from('nocolon').toString('base64')}`), null);
  assert.deepEqual(parseBasic(basic('1001001', 'a:b')), { id: '1001001', password: 'a:b' });
});

test('a right password signs in; a wrong one is invalid', () => {
  const { auth } = setup();
  const good = auth.authenticate(basic('1001001', 'agent'));
  assert.equal(good.ok, true);
  assert.deepEqual(auth.authenticate(basic('1001001', 'nope')), { ok: false, failure: 'invalid', userId: '1001001' });
  assert.equal(auth.authenticate(basic('nobody', 'agent')).ok, false);
  assert.deepEqual(auth.authenticate(undefined), { ok: false, failure: 'missing' });
});

test('five failures lock the account for five minutes, even for the right password', () => {
  const { auth, clock } = setup();
  for (let i = 0; i < 4; i++) assert.equal(auth.verify('1001002', 'x').ok, false);
  const fifth = auth.verify('1001002', 'x');
  assert.equal(fifth.ok || fifth.failure, 'locked');
  assert.equal(auth.authenticate(basic('1001002', 'agent')).ok, false);
  assert.equal(auth.isLocked('1001002'), true);
  clock.advance(5 * 60_000);
  assert.equal(auth.isLocked('1001002'), false);
  assert.equal(auth.authenticate(basic('1001002', 'agent')).ok, true);
});

test('a success resets the failure count', () => {
  const { auth } = setup();
  for (let i = 0; i < 4; i++) auth.verify('1001003', 'x');
  assert.equal(auth.verify('1001003', 'agent').ok, true);
  for (let i = 0; i < 4; i++) auth.verify('1001003', 'x');
  assert.equal(auth.isLocked('1001003'), false);
});
