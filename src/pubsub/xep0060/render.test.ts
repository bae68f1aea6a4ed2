import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { xml } from '../../xml/element.js';
import { defaultNodeConfig } from '../node-config.js';
import { compact, stanza, wire } from '../testing/fixtures.js';
import {
  configureResult, deleteNotification, itemsResult, notificationMessage, notificationMessageId, ownerSubscriptionsResult,
  publishResult, purgeNotification, subscriptionResult, subscriptionsResult,
} from './render.js';
import { nodeEventNotifications, publishNotifications } from './notifications.js';

const UPDATE = `<Update>
  <data><user><loginId>6021</loginId><state>READY</state></user></data>
  <event>PUT</event>
  <requestId></requestId>
  <source>/finesse/api/User/6021</source>
</Update>`;

describe('xep0060/render: the Finesse notification envelope', () => {
  it('serializes exactly: no type, <Update> as escaped text inside <notification xmlns=pubsub>', () => {
    const msg = notificationMessage({
      from: 'pubsub.c01-finesse-b.devlab.zoomint.com',
      to: '6021@c01-finesse-b.devlab.zoomint.com',
      id: 'r5B2BdUA',
      node: '/finesse/api/User/6021',
      itemId: 'a6ca891f-8b34-443f-8c7d-dac020d41838339',
      payload: UPDATE,
    });
    assert.equal(wire(msg),
      '<message from="pubsub.c01-finesse-b.devlab.zoomint.com" to="6021@c01-finesse-b.devlab.zoomint.com" id="r5B2BdUA">' +
      '<event xmlns="http://jabber.org/protocol/pubsub#event">' +
      '<items node="/finesse/api/User/6021">' +
      '<item id="a6ca891f-8b34-443f-8c7d-dac020d41838339">' +
      '<notification xmlns="http://jabber.org/protocol/pubsub">' +
      '&lt;Update&gt;\n  &lt;data&gt;&lt;user&gt;&lt;loginId&gt;6021&lt;/loginId&gt;&lt;state&gt;READY&lt;/state&gt;&lt;/user&gt;&lt;/data&gt;\n' +
      '  &lt;event&gt;PUT&lt;/event&gt;\n  &lt;requestId&gt;&lt;/requestId&gt;\n  &lt;source&gt;/finesse/api/User/6021&lt;/source&gt;\n&lt;/Update&gt;' +
      '</notification></item></items></event></message>');
  });

  it('a client reading the text content gets the <Update> document back', () => {
    const msg = notificationMessage({ from: 'p', to: 'a@b', id: '1', node: 'n', itemId: 'i', payload: UPDATE });
    const parsed = stanza(wire(msg));
    const notification = parsed.getChild('event')!.getChild('items')!.getChild('item')!.getChild('notification')!;
    assert.equal(notification.text(), UPDATE);
    assert.equal(notification.elements().length, 0);
  });

  it("adds type='headline' only for a headline node; full JIDs are kept as subscribed", () => {
    const msg = notificationMessage({ from: 'pubsub.x', to: 'a@x/desktop', id: '1', node: 'n', itemId: 'i', payload: 'p', type: 'headline' });
    assert.match(wire(msg), /^<message from="pubsub.x" to="a@x\/desktop" id="1" type="headline">/);
    const normal = notificationMessage({ from: 'pubsub.x', to: 'a@x', id: '1', node: 'n', itemId: 'i', payload: 'p', type: 'normal' });
    assert.doesNotMatch(wire(normal), /type=/);
  });

  it('an element payload (administrator publish) is the item child itself; the notification namespace is configurable', () => {
    const msg = notificationMessage({ from: 'p', to: 'a@b', id: '1', node: '/bench', itemId: 'i', payload: xml('entry', { xmlns: 'urn:x' }, 'hi') });
    assert.equal(wire(msg), compact(`
      <message from="p" to="a@b" id="1"><event xmlns="http://jabber.org/protocol/pubsub#event">
        <items node="/bench"><item id="i"><entry xmlns="urn:x">hi</entry></item></items></event></message>`));
    const push = notificationMessage({ from: 'p', to: 'a@b', id: '1', node: 'n', itemId: 'i', payload: '<U/>', notificationNs: 'urn:xmpp:push:0' });
    assert.match(wire(push), /<notification xmlns="urn:xmpp:push:0">&lt;U\/&gt;<\/notification>/);
  });

  it('message ids are <node>__<bare JID>__<random>, as in the product document', () => {
    assert.equal(notificationMessageId('/finesse/api/User/1001003', '1001003@fin1.ucce.local/desktop', 'o5Aqb'),
      '/finesse/api/User/1001003__1001003@fin1.ucce.local__o5Aqb');
  });

  it('builds one message per recipient with the node name each subscribed with, and unique ids', () => {
    let n = 0;
    const msgs = publishNotifications({
      node: '/finesse/api/Queue/1', itemId: 'i1', payload: '<Update/>', notificationType: 'normal', deliverPayloads: true,
      recipients: [{ jid: 'a@x', node: '/finesse/api/Queue/1' }, { jid: 'b@x/d', node: '/finesse/api/User/b/Queue/1' }],
    }, { from: 'pubsub.x', randomSuffix: () => `abc${++n}` });
    assert.deepEqual(msgs.map(wire), [
      '<message from="pubsub.x" to="a@x" id="/finesse/api/Queue/1__a@x__abc1"><event xmlns="http://jabber.org/protocol/pubsub#event"><items node="/finesse/api/Queue/1"><item id="i1"><notification xmlns="http://jabber.org/protocol/pubsub">&lt;Update/&gt;</notification></item></items></event></message>',
      '<message from="pubsub.x" to="b@x/d" id="/finesse/api/User/b/Queue/1__b@x__abc2"><event xmlns="http://jabber.org/protocol/pubsub#event"><items node="/finesse/api/User/b/Queue/1"><item id="i1"><notification xmlns="http://jabber.org/protocol/pubsub">&lt;Update/&gt;</notification></item></items></event></message>',
    ]);
  });

  it('leaves the payload out when the node does not deliver payloads', () => {
    const [msg] = publishNotifications({
      node: 'n', itemId: 'i1', payload: 'p', notificationType: 'headline', deliverPayloads: false, recipients: [{ jid: 'a@x', node: 'n' }],
    }, { from: 'pubsub.x', randomSuffix: () => 'r' });
    assert.equal(wire(msg!), '<message from="pubsub.x" to="a@x" id="n__a@x__r" type="headline"><event xmlns="http://jabber.org/protocol/pubsub#event"><items node="n"><item id="i1"/></items></event></message>');
  });

  it('delete and purge notifications', () => {
    assert.equal(wire(deleteNotification({ from: 'pubsub.x', to: 'a@x', id: '1', node: '/bench' })),
      '<message from="pubsub.x" to="a@x" id="1"><event xmlns="http://jabber.org/protocol/pubsub#event"><delete node="/bench"/></event></message>');
    assert.equal(wire(purgeNotification({ from: 'pubsub.x', to: 'a@x', id: '1', node: '/bench' })),
      '<message from="pubsub.x" to="a@x" id="1"><event xmlns="http://jabber.org/protocol/pubsub#event"><purge node="/bench"/></event></message>');
    const msgs = nodeEventNotifications('delete', { node: '/bench', notificationType: 'normal', recipients: [{ jid: 'a@x', node: '/bench' }] },
      { from: 'pubsub.x', randomSuffix: () => 'r' });
    assert.equal(wire(msgs[0]!), '<message from="pubsub.x" to="a@x" id="/bench__a@x__r"><event xmlns="http://jabber.org/protocol/pubsub#event"><delete node="/bench"/></event></message>');
  });
});

describe('xep0060/render: IQ results', () => {
  const sub = { node: '/finesse/api/Team/TheA/Users', jid: 'a@x/desktop', subid: 's1', state: 'subscribed' as const };

  it('subscription', () => {
    assert.equal(wire(subscriptionResult(sub)),
      '<pubsub xmlns="http://jabber.org/protocol/pubsub"><subscription node="/finesse/api/Team/TheA/Users" jid="a@x/desktop" subscription="subscribed" subid="s1"/></pubsub>');
  });

  it('subscriptions, empty and not', () => {
    assert.equal(wire(subscriptionsResult([])), '<pubsub xmlns="http://jabber.org/protocol/pubsub"><subscriptions/></pubsub>');
    assert.equal(wire(subscriptionsResult([sub], sub.node)), compact(`
      <pubsub xmlns="http://jabber.org/protocol/pubsub"><subscriptions node="/finesse/api/Team/TheA/Users">
        <subscription node="/finesse/api/Team/TheA/Users" jid="a@x/desktop" subscription="subscribed" subid="s1"/>
      </subscriptions></pubsub>`));
  });

  it('owner subscriptions leave out the node on each entry', () => {
    assert.equal(wire(ownerSubscriptionsResult('n', [sub])),
      '<pubsub xmlns="http://jabber.org/protocol/pubsub#owner"><subscriptions node="n"><subscription jid="a@x/desktop" subscription="subscribed" subid="s1"/></subscriptions></pubsub>');
  });

  it('items carry text payloads in <notification/> like the notifications do', () => {
    assert.equal(wire(itemsResult('n', [{ id: 'i1', payload: '<Update/>', publishedAt: 0, publisher: '' }])),
      '<pubsub xmlns="http://jabber.org/protocol/pubsub"><items node="n"><item id="i1"><notification>&lt;Update/&gt;</notification></item></items></pubsub>');
  });

  it('publish result names the item id', () => {
    assert.equal(wire(publishResult('n', 'i1')), '<pubsub xmlns="http://jabber.org/protocol/pubsub"><publish node="n"><item id="i1"/></publish></pubsub>');
  });

  it('the configuration form lists the fields the owner view reads', () => {
    const form = configureResult('n', defaultNodeConfig(10));
    const x = form.getChild('configure')!.getChild('x', 'jabber:x:data')!;
    const values = Object.fromEntries(x.getChildren('field').map((f) => [f.attr('var'), f.getChildren('value').at(-1)?.text() ?? '']));
    assert.deepEqual(values, {
      FORM_TYPE: 'http://jabber.org/protocol/pubsub#node_config',
      'pubsub#title': '', 'pubsub#notification_type': 'normal', 'pubsub#max_items': '10', 'pubsub#deliver_payloads': '1',
      'pubsub#persist_items': '1', 'pubsub#access_model': 'whitelist', 'pubsub#send_last_published_item': 'never',
      'pubsub#presence_based_delivery': '0',
    });
    assert.equal(x.attr('type'), 'form');
  });
});
