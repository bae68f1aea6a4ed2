import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeToTopic, proxyPathAllowed, readGadgetMessage, topicToNode } from '../../web/lib/gadget-protocol.js';

describe('gadget protocol', () => {
  test('node ↔ OpenAjax topic (finesse-api.md §5.5)', () => {
    assert.equal(nodeToTopic('/finesse/api/User/1001'), 'finesse.api.User.1001');
    assert.equal(topicToNode('finesse.api.Team.1.Users'), '/finesse/api/Team/1/Users');
  });

  test('only well-formed messages of ours are accepted', () => {
    assert.deepEqual(readGadgetMessage({ parley: 1, type: 'hello' }), { parley: 1, type: 'hello' });
    for (const bad of [null, 'hello', { type: 'hello' }, { parley: 2, type: 'hello' }, { parley: 1, type: 'nuke' },
      { parley: 1, type: 'rest', id: 'x', method: 'GET' }, { parley: 1, type: 'rest', id: 'x', method: 'GET', url: 'u'.repeat(5000) },
      { parley: 1, type: 'rest', id: 'x', method: 'GET', url: '/', headers: 'no' }, { parley: 1, type: 'height', px: 'tall' },
      { parley: 1, type: 'subscribe', topic: 't'.repeat(400) }, { parley: 1, type: 'title', text: 5 }]) {
      assert.equal(readGadgetMessage(bad), undefined, JSON.stringify(bad)?.slice(0, 80));
    }
  });

  test('the REST proxy reaches only the Finesse API and the CORS admin API of this server', () => {
    assert.equal(proxyPathAllowed('/finesse/api/User/1'), true);
    assert.equal(proxyPathAllowed('/admin/api/cors/quickcheck'), true);
    for (const p of ['/admin/api/layout/agent', '/desktop/whoami', '/finesse/api/../../admin/api/x', '/finesse\\api', '/cfadmin/']) assert.equal(proxyPathAllowed(p), false, p);
  });
});
