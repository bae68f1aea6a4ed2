import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StanzaError } from '../../xmpp/stanza/stanza-error.js';
import { stanza, wire } from '../testing/fixtures.js';
import { pageOf, parseRsm, rsmResult, type RsmRequest } from './rsm.js';

const ALL = ['a', 'b', 'c', 'd', 'e'];
const id = (s: string) => s;
const set = (inner: string) => stanza(`<iq type='get' id='1'><set xmlns='http://jabber.org/protocol/rsm'>${inner}</set></iq>`).elements()[0]!;
const page = (req: RsmRequest) => {
  const p = pageOf(ALL, id, req);
  if (p instanceof StanzaError) assert.fail(p.condition);
  return p;
};

describe('xep0059 rsm', () => {
  it('parses max, after, before, index', () => {
    assert.deepEqual(parseRsm(set('<max>10</max><after>x</after>')), { max: 10, after: 'x' });
    assert.deepEqual(parseRsm(set('<max>2</max><before/>')), { max: 2, before: '' });
    assert.deepEqual(parseRsm(set('<index>3</index>')), { index: 3 });
    assert.ok(parseRsm(set('<max>-1</max>')) instanceof StanzaError);
  });

  it('pages forward, backward and by index', () => {
    assert.deepEqual(page({ max: 2 }).items, ['a', 'b']);
    assert.deepEqual(page({ max: 2, after: 'b' }).items, ['c', 'd']);
    assert.deepEqual(page({ max: 2, after: 'd' }).items, ['e']);
    assert.deepEqual(page({ max: 2, after: 'e' }).items, []);
    assert.deepEqual(page({ max: 2, before: '' }), { items: ['d', 'e'], firstIndex: 3, count: 5 });
    assert.deepEqual(page({ max: 2, before: 'd' }).items, ['b', 'c']);
    assert.deepEqual(page({ max: 2, index: 4 }).items, ['e']);
    assert.deepEqual(page({ max: 0 }).items, []);
    assert.deepEqual(page({}).items, ALL);
  });

  it('an unknown after/before id is item-not-found', () => {
    assert.equal((pageOf(ALL, id, { after: 'zz' }) as StanzaError).condition, 'item-not-found');
    assert.equal((pageOf(ALL, id, { before: 'zz' }) as StanzaError).condition, 'item-not-found');
  });

  it('describes the page', () => {
    assert.equal(wire(rsmResult(page({ max: 2, after: 'a' }), id)),
      '<set xmlns="http://jabber.org/protocol/rsm"><first index="1">b</first><last>c</last><count>5</count></set>');
    assert.equal(wire(rsmResult(page({ max: 0 }), id)), '<set xmlns="http://jabber.org/protocol/rsm"><count>5</count></set>');
  });
});
