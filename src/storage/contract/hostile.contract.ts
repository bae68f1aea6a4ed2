// Contract: strings that could upset a careless backend are stored and read back verbatim.
// (Lone UTF-16 surrogates are not among them: they cannot be encoded as UTF-8, so SQLite stores U+FFFD.
// XML cannot carry them either, so no Parley value contains one.)
import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { Stores } from '../stores.js';
import { HOSTILE_STRINGS, agent } from './fixtures.js';

/** Writes every hostile string into every store; `check` then verifies them (after a reopen, for SQLite). */
export function writeHostile(s: Stores): void {
  HOSTILE_STRINGS.forEach((v, i) => {
    const id = `${i}:${v}`;
    s.teams.put({ id, name: v });
    s.queues.put({ id, name: v });
  });
  HOSTILE_STRINGS.forEach((v, i) => {
    const id = `${i}:${v}`;
    s.users.put(agent(id, { loginName: v, firstName: v, lastName: v, extension: v, teamId: id, supervisedTeamIds: [id], queueIds: [id] }));
    s.reasonCodes.put({ id, category: 'NOT_READY', code: i, label: v, forAll: true, isSystemCode: false });
    s.wrapUpReasons.put({ id, label: v, forAll: false });
    s.subscriptions.add({ node: id, jid: `${v}/res`, subid: v, createdAt: i });
    s.pubsubNodes.put({ node: id, owner: v, config: { [v]: v, k: v }, createdAt: i });
    s.offline.push(id, v, i, { maxMessages: 10, maxBytes: 10_000_000 });
  });
}

export function checkHostile(s: Stores): void {
  HOSTILE_STRINGS.forEach((v, i) => {
    const id = `${i}:${v}`;
    const label = `value #${i}`;
    assert.deepEqual(s.teams.get(id), { id, name: v }, label);
    assert.deepEqual(s.queues.get(id), { id, name: v }, label);
    assert.deepEqual(s.users.get(id), agent(id, { loginName: v, firstName: v, lastName: v, extension: v, teamId: id, supervisedTeamIds: [id], queueIds: [id] }), label);
    assert.equal(s.reasonCodes.get(id)?.label, v, label);
    assert.equal(s.wrapUpReasons.get(id)?.label, v, label);
    assert.deepEqual(s.subscriptions.listForNode(id), [{ node: id, jid: `${v}/res`, subid: v, createdAt: i }], label);
    assert.equal(s.subscriptions.listForOwner(v).some((x) => x.node === id), true, label);
    assert.deepEqual(s.pubsubNodes.get(id)?.config, { [v]: v, k: v }, label);
    assert.deepEqual(s.offline.take(id).map((m) => [m.stanza, m.bytes]), [[v, Buffer.byteLength(v)]], label);
  });
  assert.equal(s.users.count(), HOSTILE_STRINGS.length);
  assert.equal(s.teams.list().length, HOSTILE_STRINGS.length, 'nothing was dropped or injected');
}

export function hostileContract(fresh: () => Stores): void {
  it('stores long, unicode, control-character and SQL-looking strings verbatim', () => {
    const s = fresh();
    writeHostile(s);
    checkHostile(s);
  });
}
