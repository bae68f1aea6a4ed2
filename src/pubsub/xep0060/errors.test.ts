import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { xml } from '../../xml/element.js';
import { errorReply } from '../../xmpp/stanza/stanza-error.js';
import { NS_CLIENT } from '../../xml/ns.js';
import { wire } from '../testing/fixtures.js';
import { PUBSUB_ERRORS, pubsubError, unsupported } from './errors.js';

describe('xep0060/errors', () => {
  it('maps the XEP-0060 conditions to stanza errors with the pubsub#errors condition', () => {
    const cases = [
      ['invalid-jid', 'modify', 'bad-request', 'invalid-jid'],
      ['not-subscribed', 'cancel', 'unexpected-request', 'not-subscribed'],
      ['payload-too-big', 'modify', 'not-acceptable', 'payload-too-big'],
      ['precondition-not-met', 'cancel', 'conflict', 'precondition-not-met'],
      ['nodeid-required', 'modify', 'bad-request', 'nodeid-required'],
      ['instant-nodes-unsupported', 'modify', 'not-acceptable', 'nodeid-required'],
      ['subid-required', 'modify', 'bad-request', 'subid-required'],
      ['invalid-subid', 'modify', 'not-acceptable', 'invalid-subid'],
      ['forbidden', 'auth', 'forbidden', undefined],
      ['item-not-found', 'cancel', 'item-not-found', undefined],
      ['conflict', 'cancel', 'conflict', undefined],
    ] as const;
    for (const [condition, type, stanzaCondition, app] of cases) {
      const e = pubsubError(condition);
      assert.deepEqual([e.type, e.condition, e.application?.name], [type, stanzaCondition, app], condition);
    }
  });

  it('every condition has an entry', () => {
    for (const [condition, spec] of Object.entries(PUBSUB_ERRORS)) assert.ok(spec.condition, condition);
  });

  it('renders the error reply as XEP-0060 shows it', () => {
    const iq = xml('iq', { xmlns: NS_CLIENT, type: 'set', id: 'sub1', from: 'a@x/d', to: 'pubsub.x' });
    assert.equal(wire(errorReply(iq, pubsubError('invalid-jid'))),
      '<iq type="error" id="sub1" to="a@x/d" from="pubsub.x"><error type="modify">' +
      '<bad-request xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/><invalid-jid xmlns="http://jabber.org/protocol/pubsub#errors"/></error></iq>');
    assert.equal(wire(unsupported('retract-items').toElement()),
      '<error type="cancel"><feature-not-implemented xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/>' +
      '<unsupported xmlns="http://jabber.org/protocol/pubsub#errors" feature="retract-items"/></error>');
  });
});
