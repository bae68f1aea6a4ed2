// The route table, the sim call body, the ClientLog files: small pieces with hostile input.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRouteTable, splitApiPath } from './router.js';
import { ALL_ROUTES } from './api.js';
import { readOfferCall } from './sim-api.js';
import { createClientLogStore } from './client-log-store.js';
import { route } from './route-types.js';

describe('route table', () => {
  const table = createRouteTable(ALL_ROUTES);
  it('matches parameters, merges methods of one path, tolerates one trailing slash', () => {
    const m = table.match(splitApiPath('User/1001001/Dialogs/')!);
    assert.deepEqual(m?.params, { id: '1001001' });
    assert.deepEqual(Object.keys(table.match(['User', 'x'])!.def.methods).sort(), ['DELETE', 'GET', 'PUT']);
    assert.equal(table.match(['User']), undefined);
    assert.equal(table.match(['User', 'a', 'b', 'c', 'd']), undefined);
  });
  it('decodes segments; refuses empty segments and broken percent-encoding', () => {
    assert.deepEqual(splitApiPath('User/a%20b'), ['User', 'a b']);
    assert.equal(splitApiPath('User//Dialogs'), undefined);
    assert.equal(splitApiPath('User/%E0%A4%A'), undefined);
    assert.deepEqual(splitApiPath(''), []);
  });
  it('a method registered twice for one path is a programmer error', () => {
    const h = () => ({ kind: 'empty' as const, status: 200 });
    assert.throws(() => createRouteTable([route('X', { GET: { access: 'user', handler: h } }), route('X', { GET: { access: 'user', handler: h } })]));
  });
});

describe('POST /admin/api/sim/calls body', () => {
  it('accepts {queue, ani, dnis?, callVariables?}', () => {
    assert.deepEqual(readOfferCall({ queue: '1', ani: '5551234' }), { ok: true, input: { queueId: '1', ani: '5551234' } });
    assert.deepEqual(readOfferCall({ queue: 2, ani: 5551234, dnis: '800', callVariables: [{ name: 'callVariable1', value: 'x' }] }),
      { ok: true, input: { queueId: '2', ani: '5551234', dnis: '800', callVariables: [{ name: 'callVariable1', value: 'x' }] } });
  });
  it('refuses anything else with a message', () => {
    for (const b of [null, [], 'x', {}, { queue: '1' }, { queue: '../1', ani: '1' }, { queue: '1', ani: 'abc' }, { queue: '1', ani: '1', dnis: 'x' },
      { queue: '1', ani: '1', callVariables: 'x' }, { queue: '1', ani: '1', callVariables: [{ name: 1 }] }, { queue: '1', ani: '1', callVariables: Array(201).fill({ name: 'a', value: 'b' }) }]) {
      const r = readOfferCall(b);
      assert.ok(!r.ok, JSON.stringify(b).slice(0, 80));
      assert.ok(r.message.length > 10);
    }
  });
});

describe('ClientLog files', () => {
  it('one timestamped file per upload, same-millisecond uploads kept apart, the newest N kept, odd user ids stay inside', async () => {
    const root = mkdtempSync(join(tmpdir(), 'clientlogs-'));
    try {
      const store = createClientLogStore(root, 3);
      const t = Date.UTC(2026, 10, 22, 9, 0, 0, 123);
      const a = await store.save('1001001', 'one', t);
      const b = await store.save('1001001', 'two', t);
      assert.equal(a, 'ClientLog-2026-11-22T09-00-00-123Z.log');
      assert.equal(b, 'ClientLog-2026-11-22T09-00-00-123Z-1.log');
      await store.save('1001001', 'three', t + 1);
      await store.save('1001001', 'four', t + 2);
      assert.equal((await store.files('1001001')).length, 3);
      assert.equal(await store.read('1001001', (await store.files('1001001'))[0]!), 'four');
      assert.equal(await store.read('1001001', '../../etc/passwd'), undefined);
      await store.save('../evil', 'x', t);
      assert.deepEqual(readdirSync(root).sort(), ['%2E%2E%2Fevil', '1001001']);
      assert.deepEqual(await store.users(), ['../evil', '1001001']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
