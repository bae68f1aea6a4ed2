// CorsStore contract: switches and ordered, duplicate-free origin lists per service.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { Stores } from '../stores.js';

export function corsContract(fresh: () => Stores): void {
  it('starts disabled with empty lists', () => {
    const s = fresh();
    assert.equal(s.cors.isEnabled('notification'), false);
    assert.deepEqual(s.cors.origins('finesse'), []);
  });

  it('keeps origins per service, in order, without duplicates', () => {
    const s = fresh();
    assert.equal(s.cors.addOrigin('notification', 'https://b.example.com'), true);
    assert.equal(s.cors.addOrigin('notification', 'https://a.example.com'), true);
    assert.equal(s.cors.addOrigin('notification', 'https://b.example.com'), false);
    assert.equal(s.cors.addOrigin('finesse', 'https://c.example.com'), true);
    assert.deepEqual(s.cors.origins('notification'), ['https://b.example.com', 'https://a.example.com']);
    assert.deepEqual(s.cors.origins('finesse'), ['https://c.example.com']);
    assert.equal(s.cors.hasOrigin('notification', 'https://a.example.com'), true);
    assert.equal(s.cors.hasOrigin('finesse', 'https://a.example.com'), false);
    assert.equal(s.cors.removeOrigin('notification', 'https://b.example.com'), true);
    assert.equal(s.cors.removeOrigin('notification', 'https://b.example.com'), false);
    assert.deepEqual(s.cors.origins('notification'), ['https://a.example.com']);
  });

  it('switches each service separately', () => {
    const s = fresh();
    s.cors.setEnabled('livedata', true);
    assert.equal(s.cors.isEnabled('livedata'), true);
    assert.equal(s.cors.isEnabled('finesse'), false);
    s.cors.setEnabled('livedata', false);
    assert.equal(s.cors.isEnabled('livedata'), false);
  });
}
