import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyPassword } from '../auth/credentials.js';
import { createMemoryStores } from './memory/memory-stores.js';
import { openSqliteStores } from './sqlite/sqlite-stores.js';
import { bulkAddAgents, seedDemoData } from './demo-data.js';
import type { Stores } from './stores.js';

function seeded(s: Stores): Stores {
  seedDemoData(s, { iterations: 16 });
  return s;
}

describe('bulkAddAgents', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bulk-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('adds 10,000 agents to the demo data, reporting progress', (t) => {
    const s = seeded(openSqliteStores(join(dir, 'bulk.sqlite')));
    const progress: number[] = [];
    const started = performance.now();
    const r = bulkAddAgents(s, { first: 2000001, count: 10_000, password: 'agent', teamId: '1', onProgress: (done, total) => {
      assert.equal(total, 10_000);
      progress.push(done);
    } });
    const ms = performance.now() - started;
    t.diagnostic(`bulk-add of 10,000 agents (SQLite file, 4096 iterations, one shared derivation): ${ms.toFixed(0)} ms`);
    assert.deepEqual(r, { ok: true, value: { created: 10_000, first: '2000001', last: '2010000' } });
    assert.deepEqual(progress, Array.from({ length: 10 }, (_, i) => (i + 1) * 1000));
    assert.equal(s.users.count(), 10_022);
    for (const id of ['2000001', '2005000', '2010000']) {
      assert.deepEqual(s.users.get(id), {
        id, loginName: id, firstName: 'Agent', lastName: id, extension: id, roles: ['agent'],
        teamId: '1', supervisedTeamIds: [], queueIds: ['1', '2'],
      });
      const creds = s.users.getCredentials(id);
      assert.ok(creds && verifyPassword(creds, 'agent'));
      assert.equal(creds['SHA-256'].iterations, 4096);
    }
    assert.equal(s.users.get('2010001'), undefined);
    assert.equal(s.users.get('1001001')?.firstName, 'Alice', 'the demo users are untouched');
    s.close();
  });

  it('leaves the team empty when none is given and skills agents in every queue', () => {
    const s = seeded(createMemoryStores());
    s.queues.put({ id: '3', name: 'Billing' });
    assert.equal(bulkAddAgents(s, { first: 5, count: 3, password: 'p', iterations: 8 }).ok, true);
    assert.deepEqual(s.users.get('7')?.queueIds, ['1', '2', '3']);
    assert.equal(s.users.get('7')?.teamId, null);
  });

  it('can derive credentials per user', () => {
    const s = seeded(createMemoryStores());
    bulkAddAgents(s, { first: 10, count: 3, password: 'p', iterations: 8, perUserCredentials: true, chunkSize: 2 });
    const salts = ['10', '11', '12'].map((id) => s.users.getCredentials(id)?.['SHA-256'].salt);
    assert.equal(new Set(salts).size, 3);
    assert.ok(['10', '11', '12'].every((id) => verifyPassword(s.users.getCredentials(id) ?? assert.fail(), 'p')));
  });

  it('rejects bad ranges, an empty password and an unknown team, writing nothing', () => {
    const s = seeded(createMemoryStores());
    const base = { first: 3000001, count: 10, password: 'agent', iterations: 8 };
    const code = (over: object) => {
      const r = bulkAddAgents(s, { ...base, ...over });
      return r.ok ? 'ok' : r.error;
    };
    assert.equal(code({ first: 0 }), 'ERR_BULK_INVALID_RANGE');
    assert.equal(code({ first: 1.5 }), 'ERR_BULK_INVALID_RANGE');
    assert.equal(code({ count: 0 }), 'ERR_BULK_INVALID_RANGE');
    assert.equal(code({ count: 2_000_000 }), 'ERR_BULK_INVALID_RANGE');
    assert.equal(code({ first: Number.MAX_SAFE_INTEGER }), 'ERR_BULK_INVALID_RANGE');
    assert.equal(code({ password: '' }), 'ERR_BULK_INVALID_PASSWORD');
    assert.equal(code({ teamId: '9' }), 'ERR_BULK_UNKNOWN_TEAM');
    assert.equal(s.users.count(), 22);
  });

  it('refuses to overwrite existing users unless told to', () => {
    const s = seeded(createMemoryStores());
    const r = bulkAddAgents(s, { first: 1001019, count: 5, password: 'x', iterations: 8 });
    assert.equal(r.ok ? 'ok' : r.error, 'ERR_BULK_USERS_EXIST');
    assert.equal(s.users.count(), 22);
    assert.equal(bulkAddAgents(s, { first: 1001019, count: 5, password: 'x', iterations: 8, replaceExisting: true }).ok, true);
    assert.equal(s.users.count(), 25);
    assert.equal(s.users.get('1001020')?.firstName, 'Agent');
  });
});
