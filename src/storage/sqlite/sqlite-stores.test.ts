import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { runStoreContract } from '../stores.contract.js';
import { agent, fakeCredentials, withDirectory } from '../contract/fixtures.js';
import { checkHostile, writeHostile } from '../contract/hostile.contract.js';
import { SchemaTooNewError } from '../errors.js';
import { openSqliteStores } from './sqlite-stores.js';
import { MIGRATIONS, type Migration } from './migrations.js';
import { checkMigrations } from './migrate.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const newPath = (): string => join(dir, `db-${n++}.sqlite`);

runStoreContract('sqlite', () => openSqliteStores(newPath()));
runStoreContract('sqlite :memory:', () => openSqliteStores(':memory:'));

/** Runs `fn` on a plain connection to the file, bypassing the stores. */
function raw<T>(path: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Worker code that registers tsx (workers do not inherit the runner's loader hooks) and runs `url`. */
function tsWorkerBootstrap(url: URL): string {
  const tsx = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(tsx)}).then((m) => m.register()).then(() => import(${JSON.stringify(url.href)}));`;
}

describe('sqlite stores', () => {
  it('puts the database in WAL mode', () => {
    const path = newPath();
    openSqliteStores(path).close();
    assert.equal(raw(path, (db) => db.pragma('journal_mode', { simple: true })), 'wal');
  });

  it('keeps everything across close and reopen', () => {
    const path = newPath();
    const a = withDirectory(openSqliteStores(path));
    a.users.put(agent('1001001', { teamId: '1', queueIds: ['2', '1'], roles: ['agent', 'supervisor'], supervisedTeamIds: ['2'] }), fakeCredentials('u'));
    a.reasonCodes.put({ id: '1', category: 'LOGOUT', code: 255, label: 'Forced logout', forAll: true, isSystemCode: true });
    a.wrapUpReasons.put({ id: '1', label: 'Sales inquiry', forAll: true });
    a.subscriptions.add({ node: 'n', jid: 'a@x/r', subid: 's2', createdAt: 2 });
    a.subscriptions.add({ node: 'n', jid: 'a@x', subid: 's1', createdAt: 1 });
    a.pubsubNodes.put({ node: 'n', owner: 'admin@x', config: { 'pubsub#title': 't' }, createdAt: 3 });
    a.offline.push('a@x', '<message/>', 42, { maxMessages: 10, maxBytes: 1000 });
    a.close();
    a.close(); // closing twice is harmless

    const b = openSqliteStores(path);
    assert.deepEqual(b.users.get('1001001'), agent('1001001', { teamId: '1', queueIds: ['2', '1'], roles: ['agent', 'supervisor'], supervisedTeamIds: ['2'] }));
    assert.deepEqual(b.users.getCredentials('1001001'), fakeCredentials('u'));
    assert.deepEqual(b.teams.list().map((t) => t.name), ['Team A', 'Team B']);
    assert.deepEqual(b.queues.list().map((q) => q.name), ['Sales', 'Support']);
    assert.equal(b.reasonCodes.get('1')?.isSystemCode, true);
    assert.equal(b.wrapUpReasons.get('1')?.label, 'Sales inquiry');
    assert.deepEqual(b.subscriptions.list().map((s) => s.subid), ['s2', 's1']);
    assert.deepEqual(b.pubsubNodes.get('n')?.config, { 'pubsub#title': 't' });
    assert.deepEqual(b.offline.take('a@x').map((m) => [m.stanza, m.storedAt]), [['<message/>', 42]]);
    b.close();
  });

  it('keeps hostile values verbatim across a reopen', () => {
    const path = newPath();
    const a = openSqliteStores(path);
    writeHostile(a);
    a.close();
    const b = openSqliteStores(path);
    checkHostile(b);
    b.close();
  });

  describe('migrations', () => {
    const extra: Migration = { version: MIGRATIONS.length + 1, name: 'add notes', sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL) STRICT;' };
    const versions = (path: string) =>
      raw(path, (db) => db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all());

    it('are numbered 1, 2, 3, … with names', () => {
      assert.doesNotThrow(() => checkMigrations(MIGRATIONS));
      assert.throws(() => checkMigrations([{ ...extra, version: 2 }]), /expected 1/);
    });

    it('apply once: a second open applies nothing', () => {
      const path = newPath();
      const first = openSqliteStores(path);
      assert.equal(first.schemaVersion, MIGRATIONS.length);
      assert.deepEqual(first.migrationsApplied, MIGRATIONS.map((m) => `${m.version} ${m.name}`));
      first.teams.put({ id: '1', name: 'Team A' });
      first.close();
      const second = openSqliteStores(path);
      assert.deepEqual(second.migrationsApplied, []);
      assert.equal(second.schemaVersion, MIGRATIONS.length);
      assert.equal(second.teams.get('1')?.name, 'Team A');
      second.close();
      assert.deepEqual(versions(path), MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    });

    it('bring an older database up to date, keeping its data', () => {
      const path = newPath();
      const old = openSqliteStores(path, { migrations: MIGRATIONS });
      old.teams.put({ id: '1', name: 'Team A' });
      old.close();
      const upgraded = openSqliteStores(path, { migrations: [...MIGRATIONS, extra] });
      assert.deepEqual(upgraded.migrationsApplied, [`${MIGRATIONS.length + 1} add notes`]);
      assert.equal(upgraded.teams.get('1')?.name, 'Team A');
      upgraded.close();
      assert.equal(raw(path, (db) => db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'notes'").pluck().get()), 1);
    });

    it('that fail leave the database as it was', () => {
      const path = newPath();
      openSqliteStores(path, { migrations: MIGRATIONS }).close();
      const broken: Migration = { version: MIGRATIONS.length + 1, name: 'broken', sql: 'CREATE TABLE half (x INTEGER); INSERT INTO missing VALUES (1);' };
      assert.throws(() => openSqliteStores(path, { migrations: [...MIGRATIONS, broken] }), /no such table: missing/);
      assert.equal(raw(path, (db) => db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'half'").pluck().get()), 0);
      assert.deepEqual(versions(path).map((v) => (v as { version: number }).version), MIGRATIONS.map((m) => m.version));
    });

    it('refuse a database from a newer version, leaving it unchanged', () => {
      const path = newPath();
      const s = openSqliteStores(path);
      s.teams.put({ id: '1', name: 'Team A' });
      s.close();
      raw(path, (db) => db.prepare("INSERT INTO schema_migrations VALUES (99, 'from the future', 0)").run());
      assert.throws(() => openSqliteStores(path), (e: unknown) => {
        assert.ok(e instanceof SchemaTooNewError);
        assert.equal(e.code, 'ERR_STORAGE_SCHEMA_TOO_NEW');
        assert.deepEqual([e.found, e.supported], [99, MIGRATIONS.length]);
        assert.match(e.message, /schema version 99/);
        return true;
      });
      assert.equal(raw(path, (db) => db.prepare('SELECT max(version) FROM schema_migrations').pluck().get()), 99);
      assert.equal(raw(path, (db) => db.prepare('SELECT name FROM teams').pluck().get()), 'Team A');
    });
  });

  describe('two connections on one file', () => {
    it('see each other\'s writes, including cascades', () => {
      const path = newPath();
      const a = withDirectory(openSqliteStores(path));
      const b = openSqliteStores(path);
      a.users.put(agent('u', { teamId: '1', queueIds: ['1', '2'] }));
      assert.deepEqual(b.users.get('u')?.queueIds, ['1', '2']);
      b.queues.delete('1');
      b.teams.delete('1');
      assert.deepEqual(a.users.get('u'), agent('u', { queueIds: ['2'] }));
      a.close();
      b.close();
    });

    it('share one offline quota and one queue', () => {
      const path = newPath();
      const a = openSqliteStores(path);
      const b = openSqliteStores(path);
      const quota = { maxMessages: 3, maxBytes: 1000 };
      const dropped = [1, 2, 3, 4, 5, 6].map((i) => (i % 2 ? a : b).offline.push('x@y', `m${i}`, i, quota).dropped);
      assert.deepEqual(dropped, [0, 0, 0, 1, 1, 1]);
      assert.deepEqual(b.offline.take('x@y').map((m) => m.stanza), ['m4', 'm5', 'm6']);
      assert.equal(a.offline.count('x@y'), 0);
      a.close();
      b.close();
    });

    it('wait for a lock up to the busy timeout, then fail with SQLITE_BUSY', () => {
      const path = newPath();
      const s = openSqliteStores(path, { busyTimeoutMs: 50 });
      const blocker = new Database(path);
      blocker.prepare('BEGIN IMMEDIATE').run();
      const started = Date.now();
      assert.throws(() => s.teams.put({ id: '1', name: 'Team A' }), { code: 'SQLITE_BUSY' });
      assert.ok(Date.now() - started >= 40, 'waited for the lock');
      blocker.prepare('COMMIT').run();
      blocker.close();
      s.teams.put({ id: '1', name: 'Team A' });
      assert.equal(s.teams.list().length, 1);
      s.close();
    });

    it('from two threads keep the offline quota without errors', async () => {
      const path = newPath();
      openSqliteStores(path).close();
      const run = (tag: string) => new Promise<{ dropped: number }>((resolve, reject) => {
        const w = new Worker(tsWorkerBootstrap(new URL('./offline-pusher.worker.ts', import.meta.url)), {
          eval: true,
          workerData: { path, tag, count: 400, maxMessages: 100 },
        });
        w.once('message', resolve);
        w.once('error', reject);
      });
      const [x, y] = await Promise.all([run('x'), run('y')]);
      assert.equal((x?.dropped ?? 0) + (y?.dropped ?? 0), 800 - 100);
      const s = openSqliteStores(path);
      const left = s.offline.take('shared@x');
      s.close();
      assert.equal(left.length, 100);
      // 800 pushes got ids 1…800 in commit order; the 100 newest survive, whichever thread wrote them.
      assert.deepEqual(left.map((m) => m.id), Array.from({ length: 100 }, (_, i) => 701 + i));
      assert.ok(left.some((m) => m.stanza === 'x-399' || m.stanza === 'y-399'), 'the last push of a thread survives');
    });
  });

  it('writes 10,000 users in one putMany', (t) => {
    const s = withDirectory(openSqliteStores(newPath()));
    const users = Array.from({ length: 10_000 }, (_, i) => agent(String(3_000_000 + i), { teamId: '1', queueIds: ['1', '2'] }));
    const started = performance.now();
    s.users.putMany(users, fakeCredentials('bulk'));
    const putMs = performance.now() - started;
    const listed = performance.now();
    assert.equal(s.users.list().length, 10_000);
    t.diagnostic(`putMany of 10,000 users: ${putMs.toFixed(0)} ms; list(): ${(performance.now() - listed).toFixed(0)} ms`);
    assert.equal(s.users.count(), 10_000);
    assert.deepEqual(s.users.get('3009999')?.queueIds, ['1', '2']);
    s.close();
  });
});
