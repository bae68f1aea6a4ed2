// Contract: TeamStore, QueueStore, ReasonCodeStore, WrapUpReasonStore.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { QueueStore, ReasonCodeRecord, Stores, TeamStore } from '../stores.js';
import { storageCode } from './fixtures.js';

function idNameContract(label: string, fresh: () => Stores, pick: (s: Stores) => TeamStore | QueueStore): void {
  describe(label, () => {
    it('creates, renames, lists in id order and deletes', () => {
      const store = pick(fresh());
      assert.equal(store.get('1'), undefined);
      for (const id of ['2', '10', '1']) store.put({ id, name: `name ${id}` });
      store.put({ id: '1', name: 'renamed' });
      assert.deepEqual(store.get('1'), { id: '1', name: 'renamed' });
      assert.deepEqual(store.list().map((r) => r.id), ['1', '10', '2']);
      assert.equal(store.delete('10'), true);
      assert.equal(store.delete('10'), false);
      assert.deepEqual(store.list(), [{ id: '1', name: 'renamed' }, { id: '2', name: 'name 2' }]);
    });
  });
}

const rc = (id: string, category: ReasonCodeRecord['category'], code: number, over: Partial<ReasonCodeRecord> = {}): ReasonCodeRecord =>
  ({ id, category, code, label: `label ${id}`, forAll: true, isSystemCode: false, ...over });

export function directoryContract(fresh: () => Stores): void {
  idNameContract('teams', fresh, (s) => s.teams);
  idNameContract('queues', fresh, (s) => s.queues);

  describe('reason codes', () => {
    it('reads back as written and lists by category then code', () => {
      const s = fresh();
      const codes = [rc('3', 'NOT_READY', 20), rc('1', 'NOT_READY', 5, { forAll: false }), rc('2', 'LOGOUT', 255, { isSystemCode: true }), rc('4', 'LOGOUT', 1)];
      for (const c of codes) s.reasonCodes.put(c);
      assert.deepEqual(s.reasonCodes.get('1'), codes[1]);
      assert.deepEqual(s.reasonCodes.get('2'), codes[2]);
      assert.deepEqual(s.reasonCodes.list().map((r) => r.id), ['4', '2', '1', '3']);
      assert.deepEqual(s.reasonCodes.list('NOT_READY').map((r) => r.id), ['1', '3']);
      assert.deepEqual(s.reasonCodes.list('LOGOUT'), [codes[3], codes[2]]);
    });

    it('keeps a code unique within its category', () => {
      const s = fresh();
      s.reasonCodes.put(rc('1', 'NOT_READY', 7));
      s.reasonCodes.put(rc('2', 'LOGOUT', 7));
      assert.equal(storageCode(() => s.reasonCodes.put(rc('3', 'NOT_READY', 7))), 'ERR_STORAGE_DUPLICATE');
      s.reasonCodes.put(rc('1', 'NOT_READY', 7, { label: 'same id, same code is an update' }));
      s.reasonCodes.put(rc('1', 'NOT_READY', 8));
      s.reasonCodes.put(rc('3', 'NOT_READY', 7));
      assert.deepEqual(s.reasonCodes.list('NOT_READY').map((r) => [r.id, r.code]), [['3', 7], ['1', 8]]);
    });

    it('rejects an unknown category', () => {
      const s = fresh();
      assert.equal(storageCode(() => s.reasonCodes.put(rc('1', 'LUNCH' as never, 1))), 'ERR_STORAGE_INVALID');
      assert.deepEqual(s.reasonCodes.list(), []);
    });

    it('never deletes a system code', () => {
      const s = fresh();
      s.reasonCodes.put(rc('255', 'LOGOUT', 255, { isSystemCode: true }));
      s.reasonCodes.put(rc('1', 'LOGOUT', 1));
      assert.equal(s.reasonCodes.delete('255'), false);
      assert.equal(s.reasonCodes.delete('1'), true);
      assert.equal(s.reasonCodes.delete('1'), false);
      assert.deepEqual(s.reasonCodes.list().map((r) => r.id), ['255']);
    });
  });

  describe('wrap-up reasons', () => {
    it('creates, updates, lists in id order and deletes', () => {
      const s = fresh();
      s.wrapUpReasons.put({ id: '2', label: 'Support resolved', forAll: true });
      s.wrapUpReasons.put({ id: '1', label: 'Sales inquiry', forAll: false });
      s.wrapUpReasons.put({ id: '2', label: 'Resolved', forAll: false });
      assert.deepEqual(s.wrapUpReasons.get('2'), { id: '2', label: 'Resolved', forAll: false });
      assert.deepEqual(s.wrapUpReasons.list().map((w) => w.id), ['1', '2']);
      assert.equal(s.wrapUpReasons.delete('1'), true);
      assert.equal(s.wrapUpReasons.delete('1'), false);
      assert.equal(s.wrapUpReasons.get('1'), undefined);
    });
  });
}
