import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { scramKeys, verifyPassword } from '../auth/credentials.js';
import { MemoryLogger } from '../shared/logger.js';
import { createMemoryStores } from './memory/memory-stores.js';
import { openSqliteStores } from './sqlite/sqlite-stores.js';
import { FORCED_LOGOUT_CODE, seedDemoData } from './demo-data.js';
import type { Stores } from './stores.js';

const FAST = 64; // PBKDF2 iterations for tests that do not care about the default
const BACKENDS: readonly [string, () => Stores][] = [
  ['sqlite', () => openSqliteStores(':memory:')],
  ['memory', createMemoryStores],
];
const AGENT_IDS = Array.from({ length: 20 }, (_, i) => String(1001001 + i));

function checkPassword(s: Stores, id: string, password: string): void {
  const creds = s.users.getCredentials(id);
  assert.ok(creds, `${id} has credentials`);
  assert.equal(verifyPassword(creds, password), true, `${id} / ${password}`);
  assert.equal(verifyPassword(creds, `${password}x`), false);
  const sha1 = creds['SHA-1'];
  assert.equal(scramKeys('SHA-1', password, Buffer.from(sha1.salt, 'base64'), sha1.iterations).storedKey, sha1.storedKey);
}

for (const [backend, open] of BACKENDS) {
  describe(`seedDemoData (${backend})`, () => {
    it('switches CORS on for every service with an empty allow-list', () => {
      const s = open();
      seedDemoData(s, { iterations: FAST });
      for (const service of ['finesse', 'notification', 'livedata'] as const) {
        assert.equal(s.cors.isEnabled(service), true, service);
        assert.deepEqual(s.cors.origins(service), []);
      }
    });

    it('writes exactly the contract\'s users, teams and queues', () => {
      const s = open();
      assert.deepEqual(seedDemoData(s, { iterations: FAST }), { seeded: true, users: 22 });
      assert.deepEqual(s.users.list().map((u) => u.id), [...AGENT_IDS, '1002001', 'admin']);
      assert.deepEqual(s.teams.list(), [{ id: '1', name: 'Team A' }, { id: '2', name: 'Team B' }]);
      assert.deepEqual(s.queues.list(), [{ id: '1', name: 'Sales' }, { id: '2', name: 'Support' }]);

      for (const [i, id] of AGENT_IDS.entries()) {
        const u = s.users.get(id);
        assert.ok(u);
        assert.deepEqual({ ...u, firstName: '', lastName: '' }, {
          id, loginName: id, firstName: '', lastName: '', extension: id, roles: ['agent'],
          teamId: i < 10 ? '1' : '2', supervisedTeamIds: [], queueIds: ['1', '2'],
        });
        checkPassword(s, id, 'agent');
      }
      const sup = s.users.get('1002001');
      assert.deepEqual(sup && { ...sup, firstName: '', lastName: '' }, {
        id: '1002001', loginName: '1002001', firstName: '', lastName: '', extension: '1002001',
        roles: ['agent', 'supervisor'], teamId: '1', supervisedTeamIds: ['1', '2'], queueIds: ['1', '2'],
      });
      checkPassword(s, '1002001', 'supervisor');
      const admin = s.users.get('admin');
      assert.deepEqual([admin?.roles, admin?.extension, admin?.teamId, admin?.queueIds], [['admin'], null, null, []]);
      checkPassword(s, 'admin', 'admin');
      s.close();
    });

    it('gives people distinct plausible names and their own salts', () => {
      const s = open();
      seedDemoData(s, { iterations: FAST });
      const users = s.users.list();
      const names = users.map((u) => `${u.firstName} ${u.lastName}`);
      assert.equal(new Set(names).size, users.length);
      assert.ok(users.every((u) => /^\p{Lu}/u.test(u.firstName) && /^\p{Lu}/u.test(u.lastName) && !/\d/.test(names.join(''))));
      const salts = users.flatMap((u) => {
        const c = s.users.getCredentials(u.id);
        return c ? [c['SHA-1'].salt, c['SHA-256'].salt] : [];
      });
      assert.equal(new Set(salts).size, users.length * 2);
      s.close();
    });

    it('writes not-ready and logout reason codes with the system code 255, and wrap-up reasons', () => {
      const s = open();
      seedDemoData(s, { iterations: FAST });
      const nr = s.reasonCodes.list('NOT_READY').map((r) => r.label);
      assert.ok(['Break', 'Lunch', 'Meeting', 'Training'].every((l) => nr.includes(l)), nr.join());
      const logout = s.reasonCodes.list('LOGOUT');
      assert.ok(logout.some((r) => r.label === 'End of shift'));
      const system = s.reasonCodes.list().filter((r) => r.isSystemCode);
      assert.deepEqual(system.map((r) => [r.category, r.code, r.label, r.forAll]), [['LOGOUT', FORCED_LOGOUT_CODE, 'Forced logout', true]]);
      assert.equal(s.reasonCodes.delete(system[0]?.id ?? ''), false);
      const wrapUps = s.wrapUpReasons.list().map((w) => w.label);
      assert.ok(wrapUps.includes('Sales inquiry') && wrapUps.includes('Support resolved'), wrapUps.join());
      s.close();
    });

    it('runs once: a second seed changes nothing', () => {
      const s = open();
      const log = new MemoryLogger();
      seedDemoData(s, { iterations: FAST, log });
      const before = { users: s.users.list(), creds: s.users.getCredentials('1001001'), rc: s.reasonCodes.list(), w: s.wrapUpReasons.list() };
      assert.deepEqual(seedDemoData(s, { iterations: FAST, log }), { seeded: false, users: 0 });
      assert.deepEqual({ users: s.users.list(), creds: s.users.getCredentials('1001001'), rc: s.reasonCodes.list(), w: s.wrapUpReasons.list() }, before);
      assert.equal(log.lines.filter((l) => l.msg.startsWith('Seeded demo data')).length, 1);
      s.close();
    });

    it('does nothing when any user exists', () => {
      const s = open();
      s.users.put({ id: 'x', loginName: 'x', firstName: 'X', lastName: 'Y', extension: null, roles: ['admin'], teamId: null, supervisedTeamIds: [], queueIds: [] });
      assert.equal(seedDemoData(s, { iterations: FAST }).seeded, false);
      assert.deepEqual([s.users.count(), s.teams.list().length, s.queues.list().length, s.reasonCodes.list().length], [1, 0, 0, 0]);
      s.close();
    });
  });
}

describe('seedDemoData defaults', () => {
  it('derives keys with 4096 iterations unless told otherwise', () => {
    const s = createMemoryStores();
    seedDemoData(s);
    assert.equal(s.users.getCredentials('1001001')?.['SHA-256'].iterations, 4096);
    assert.equal(s.users.getCredentials('admin')?.['SHA-1'].iterations, 4096);
    checkPassword(s, '1001020', 'agent');
  });
});
