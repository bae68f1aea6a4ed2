// Transcript tests of the pubsub IQ handler: literal XML in, literal XML out (in the manner of
// Prosody's spec/scansion/pubsub_*.scs). The reply is built as the IQ router builds it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { xml, type Element } from '../xml/element.js';
import { NS_CLIENT } from '../xml/ns.js';
import { errorReply, StanzaError } from '../xmpp/stanza/stanza-error.js';
import { INTERNAL_ACTOR, type Actor } from './access.js';
import { createPubsubIqHandler } from './pubsub-iq.js';
import { compact, DOMAIN, fixture, PUBSUB_JID, serviceOf, stanza, wire } from './testing/fixtures.js';
import type { ItemPayload } from './xep0060/render.js';

function setup() {
  const f = fixture();
  const service = serviceOf<ItemPayload>(f);
  const sent: Element[] = [];
  const later: Element[] = [];
  let n = 0;
  const handler = createPubsubIqHandler(service, {
    send: (s) => sent.push(s),
    sendAfterReply: (s) => later.push(s),
    randomSuffix: () => `rnd${++n}`,
  });
  /** "<who> sends: <iq/>" → what <who> receives (the reply). */
  const exchange = (actor: Actor, iqText: string): string => {
    const iq = stanza(iqText);
    try {
      const child = handler.handle(actor, iq);
      return wire(xml('iq', { xmlns: NS_CLIENT, type: 'result', id: iq.attr('id'), to: iq.attr('from'), from: PUBSUB_JID }, child));
    } catch (e) {
      if (!(e instanceof StanzaError)) throw e;
      return wire(errorReply(iq, e).setAttr('from', PUBSUB_JID));
    }
  };
  const sentXml = () => sent.splice(0).map(wire);
  return { f, service, handler, exchange, sentXml, later };
}

const P = "xmlns='http://jabber.org/protocol/pubsub'";
const O = "xmlns='http://jabber.org/protocol/pubsub#owner'";
const AGENT = `1001001@${DOMAIN}/desktop`;

describe('pubsub-iq: discovery', () => {
  it('disco#info on the service: pubsub/service and the features', () => {
    const t = setup();
    const reply = stanza(t.exchange(t.f.actor('1001001'), `<iq type='get' id='d1' from='${AGENT}' to='${PUBSUB_JID}'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>`));
    const query = reply.getChild('query')!;
    assert.deepEqual(query.getChild('identity')!.attrs, { category: 'pubsub', type: 'service', name: 'Parley notification service' });
    const features = query.getChildren('feature').map((el) => el.attr('var'));
    for (const f of ['', '#publish', '#subscribe', '#retrieve-subscriptions', '#retrieve-items', '#create-nodes', '#delete-nodes',
      '#config-node', '#persistent-items', '#multi-subscribe']) {
      assert.ok(features.includes(`http://jabber.org/protocol/pubsub${f}`), f);
    }
  });

  it('disco#info with node= answers pubsub/leaf for a Finesse node never published to (Smack)', () => {
    const t = setup();
    assert.equal(t.exchange(t.f.actor('1001001'), `<iq type='get' id='d2' from='${AGENT}' to='${PUBSUB_JID}'>
        <query xmlns='http://jabber.org/protocol/disco#info' node='/finesse/api/User/1001001'/></iq>`),
      compact(`<iq type="result" id="d2" to="${AGENT}" from="${PUBSUB_JID}">
        <query xmlns="http://jabber.org/protocol/disco#info" node="/finesse/api/User/1001001">
          <identity category="pubsub" type="leaf"/><feature var="http://jabber.org/protocol/pubsub"/></query></iq>`));
    assert.equal(t.exchange(t.f.actor('1001001'), `<iq type='get' id='d3' from='${AGENT}' to='${PUBSUB_JID}'>
        <query xmlns='http://jabber.org/protocol/disco#info' node='/finesse/api/User/42'/></iq>`),
      compact(`<iq type="error" id="d3" to="${AGENT}" from="${PUBSUB_JID}"><error type="cancel">
        <item-not-found xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>`));
  });

  it('disco#items on the service lists every node, like the Pidgin procedure of the product document', () => {
    const t = setup();
    const reply = stanza(t.exchange(t.f.actor('1001001'), `<iq type='get' to='${PUBSUB_JID}' id='nodes1'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>`));
    const items = reply.getChild('query')!.getChildren('item');
    assert.equal(items.length, 35);
    assert.deepEqual(items[0]!.attrs, { jid: PUBSUB_JID, node: '/finesse/api/User/1001001' });
    assert.deepEqual(items.at(-1)!.attrs, { jid: PUBSUB_JID, node: '/finesse/api/SystemInfo' });
    assert.equal(reply.getChild('query')!.getChild('set'), undefined, 'no RSM asked, none answered');
  });

  it('disco#items pages with XEP-0059 RSM', () => {
    const t = setup();
    const ask = (set: string) => stanza(t.exchange(t.f.actor('1001001'), `<iq type='get' to='${PUBSUB_JID}' id='p'>
      <query xmlns='http://jabber.org/protocol/disco#items'><set xmlns='http://jabber.org/protocol/rsm'>${set}</set></query></iq>`)).getChild('query')!;
    const first = ask('<max>3</max>');
    assert.deepEqual(first.getChildren('item').map((i) => i.attr('node')), [
      '/finesse/api/User/1001001', '/finesse/api/User/1001001/Dialogs', '/finesse/api/User/1001001/ClientLog',
    ]);
    assert.equal(wire(first.getChild('set')!), compact(`<set xmlns="http://jabber.org/protocol/rsm">
      <first index="0">/finesse/api/User/1001001</first><last>/finesse/api/User/1001001/ClientLog</last><count>35</count></set>`));
    const next = ask('<max>3</max><after>/finesse/api/User/1001001/ClientLog</after>');
    assert.deepEqual(next.getChildren('item').map((i) => i.attr('node')), [
      '/finesse/api/User/1001001/Media/1', '/finesse/api/User/1001001/Queues', '/finesse/api/User/1001002',
    ]);
    const last = ask('<max>2</max><before/>');
    assert.deepEqual(last.getChildren('item').map((i) => i.attr('node')), ['/finesse/api/Queue/2', '/finesse/api/SystemInfo']);
  });

  it('disco#items with node= lists the item ids', () => {
    const t = setup();
    t.service.publish(INTERNAL_ACTOR, '/finesse/api/User/1001001', 'item-1', '<Update/>');
    assert.equal(t.exchange(t.f.actor('1001001'), `<iq type='get' to='${PUBSUB_JID}' id='i'>
        <query xmlns='http://jabber.org/protocol/disco#items' node='/finesse/api/User/1001001'/></iq>`),
      `<iq type="result" id="i" from="${PUBSUB_JID}"><query xmlns="http://jabber.org/protocol/disco#items" node="/finesse/api/User/1001001"><item jid="${PUBSUB_JID}" name="item-1"/></query></iq>`);
  });
});

describe('pubsub-iq: subscriptions', () => {
  it('an agent subscribes to its ClientLog with its full JID (EventTunnel)', () => {
    const t = setup();
    assert.equal(t.exchange(t.f.actor('1001001'), `
      <iq type='set' from='${AGENT}' to='${PUBSUB_JID}' id='sub1'>
        <pubsub ${P}><subscribe node='/finesse/api/User/1001001/ClientLog' jid='${AGENT}'/></pubsub>
      </iq>`), compact(`
      <iq type="result" id="sub1" to="${AGENT}" from="${PUBSUB_JID}">
        <pubsub xmlns="http://jabber.org/protocol/pubsub">
          <subscription node="/finesse/api/User/1001001/ClientLog" jid="${AGENT}" subscription="subscribed" subid="r2"/>
        </pubsub>
      </iq>`));
  });

  it("an agent is refused another agent's node", () => {
    const t = setup();
    assert.equal(t.exchange(t.f.actor('1001001'), `
      <iq type='set' from='${AGENT}' to='${PUBSUB_JID}' id='sub2'>
        <pubsub ${P}><subscribe node='/finesse/api/User/1001002/Dialogs' jid='${AGENT}'/></pubsub>
      </iq>`), compact(`
      <iq type="error" id="sub2" to="${AGENT}" from="${PUBSUB_JID}">
        <error type="auth"><forbidden xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error>
      </iq>`));
  });

  it('subscribing a JID that is not the requester is bad-request + invalid-jid', () => {
    const t = setup();
    assert.equal(t.exchange(t.f.actor('1001001'), `
      <iq type='set' from='${AGENT}' to='${PUBSUB_JID}' id='sub3'>
        <pubsub ${P}><subscribe node='/finesse/api/Queue/1' jid='1001002@${DOMAIN}'/></pubsub>
      </iq>`), compact(`
      <iq type="error" id="sub3" to="${AGENT}" from="${PUBSUB_JID}">
        <error type="modify"><bad-request xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/>
          <invalid-jid xmlns="http://jabber.org/protocol/pubsub#errors"/></error>
      </iq>`));
  });

  it('malformed requests: no node, two verbs, unknown verb', () => {
    const t = setup();
    const send = (body: string) => t.exchange(t.f.actor('1001001'), `<iq type='set' from='${AGENT}' to='${PUBSUB_JID}' id='m'><pubsub ${P}>${body}</pubsub></iq>`);
    assert.equal(send(`<subscribe jid='${AGENT}'/>`), compact(`
      <iq type="error" id="m" to="${AGENT}" from="${PUBSUB_JID}"><error type="modify">
        <bad-request xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/><nodeid-required xmlns="http://jabber.org/protocol/pubsub#errors"/>
      </error></iq>`));
    assert.equal(send(`<subscribe node='/finesse/api/Queue/1' jid='${AGENT}'/><unsubscribe node='/finesse/api/Queue/1' jid='${AGENT}'/>`),
      compact(`<iq type="error" id="m" to="${AGENT}" from="${PUBSUB_JID}"><error type="modify">
        <bad-request xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/>
        <text xmlns="urn:ietf:params:xml:ns:xmpp-stanzas" xml:lang="en">exactly one pubsub action per request</text>
      </error></iq>`));
    assert.equal(send(`<frobnicate node='/finesse/api/Queue/1'/>`), compact(`
      <iq type="error" id="m" to="${AGENT}" from="${PUBSUB_JID}"><error type="cancel">
        <feature-not-implemented xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>`));
  });

  it('unsubscribing without a subscription is unexpected-request + not-subscribed', () => {
    const t = setup();
    assert.equal(t.exchange(t.f.actor('1001001'), `
      <iq type='set' from='${AGENT}' to='${PUBSUB_JID}' id='unsub1'>
        <pubsub ${P}><unsubscribe node='/finesse/api/User/1001001/ClientLog' jid='${AGENT}'/></pubsub>
      </iq>`), compact(`
      <iq type="error" id="unsub1" to="${AGENT}" from="${PUBSUB_JID}">
        <error type="cancel"><unexpected-request xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/>
          <not-subscribed xmlns="http://jabber.org/protocol/pubsub#errors"/></error>
      </iq>`));
  });

  it('retrieves the subscriptions (EventTunnel SUBSCRIPTIONS_REQ), then unsubscribes with an empty result', () => {
    const t = setup();
    const agent = t.f.actor('1001001');
    t.exchange(agent, `<iq type='set' id='s' from='${AGENT}'><pubsub ${P}><subscribe node='/finesse/api/Queue/1' jid='${AGENT}'/></pubsub></iq>`);
    assert.equal(t.exchange(agent, `<iq type='get' id='subs' from='${AGENT}'><pubsub ${P}><subscriptions/></pubsub></iq>`), compact(`
      <iq type="result" id="subs" to="${AGENT}" from="${PUBSUB_JID}"><pubsub xmlns="http://jabber.org/protocol/pubsub"><subscriptions>
        <subscription node="/finesse/api/Queue/1" jid="${AGENT}" subscription="subscribed" subid="r2"/>
      </subscriptions></pubsub></iq>`));
    assert.equal(t.exchange(agent, `<iq type='set' id='u' from='${AGENT}'><pubsub ${P}><unsubscribe node='/finesse/api/Queue/1' jid='${AGENT}'/></pubsub></iq>`),
      `<iq type="result" id="u" to="${AGENT}" from="${PUBSUB_JID}"/>`);
  });
});

describe('pubsub-iq: publishing', () => {
  it('an administrator publishes; the agent (implicit) and a supervisor (explicit) get one message each', () => {
    const t = setup();
    const sup = `1001099@${DOMAIN}/desktop`;
    t.exchange(t.f.actor('1001099'), `<iq type='set' id='s' from='${sup}'><pubsub ${P}><subscribe node='/finesse/api/User/1001001' jid='${sup}'/></pubsub></iq>`);
    assert.equal(t.exchange(t.f.actor('admin'), `<iq type='set' id='pub1' from='admin@${DOMAIN}/cli'>
        <pubsub ${P}><publish node='/finesse/api/User/1001001'><item id='ae1'><entry xmlns='urn:x'>ready</entry></item></publish></pubsub></iq>`),
      compact(`<iq type="result" id="pub1" to="admin@${DOMAIN}/cli" from="${PUBSUB_JID}">
        <pubsub xmlns="http://jabber.org/protocol/pubsub"><publish node="/finesse/api/User/1001001"><item id="ae1"/></publish></pubsub></iq>`));
    assert.deepEqual(t.sentXml(), [
      `<message from="${PUBSUB_JID}" to="1001001@${DOMAIN}" id="/finesse/api/User/1001001__1001001@${DOMAIN}__rnd1"><event xmlns="http://jabber.org/protocol/pubsub#event"><items node="/finesse/api/User/1001001"><item id="ae1"><entry xmlns="urn:x">ready</entry></item></items></event></message>`,
      `<message from="${PUBSUB_JID}" to="${sup}" id="/finesse/api/User/1001001__1001099@${DOMAIN}__rnd2"><event xmlns="http://jabber.org/protocol/pubsub#event"><items node="/finesse/api/User/1001001"><item id="ae1"><entry xmlns="urn:x">ready</entry></item></items></event></message>`,
    ]);
  });

  it('an agent may not publish', () => {
    const t = setup();
    assert.equal(t.exchange(t.f.actor('1001001'), `<iq type='set' id='pub2' from='${AGENT}'>
        <pubsub ${P}><publish node='/finesse/api/User/1001001'><item><entry xmlns='urn:x'/></item></publish></pubsub></iq>`),
      compact(`<iq type="error" id="pub2" to="${AGENT}" from="${PUBSUB_JID}"><error type="auth">
        <forbidden xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>`));
    assert.deepEqual(t.sentXml(), []);
  });

  it('the internal API publishes an <Update> document as escaped text', () => {
    const t = setup();
    const outcome = t.service.publish(INTERNAL_ACTOR, '/finesse/api/User/1001001/Dialogs', undefined, '<Update><event>POST</event></Update>');
    assert.ok(outcome.ok);
    assert.deepEqual(t.handler.notificationsFor(outcome.value).map(wire), [
      `<message from="${PUBSUB_JID}" to="1001001@${DOMAIN}" id="/finesse/api/User/1001001/Dialogs__1001001@${DOMAIN}__rnd1"><event xmlns="http://jabber.org/protocol/pubsub#event"><items node="/finesse/api/User/1001001/Dialogs"><item id="r11"><notification xmlns="http://jabber.org/protocol/pubsub">&lt;Update&gt;&lt;event&gt;POST&lt;/event&gt;&lt;/Update&gt;</notification></item></items></event></message>`,
    ]);
  });

  it('retrieves items', () => {
    const t = setup();
    t.service.publish(INTERNAL_ACTOR, '/finesse/api/Queue/1', 'q1', '<Update/>');
    assert.equal(t.exchange(t.f.actor('1001001'), `<iq type='get' id='it' from='${AGENT}'><pubsub ${P}><items node='/finesse/api/Queue/1' max_items='1'/></pubsub></iq>`),
      compact(`<iq type="result" id="it" to="${AGENT}" from="${PUBSUB_JID}"><pubsub xmlns="http://jabber.org/protocol/pubsub">
        <items node="/finesse/api/Queue/1"><item id="q1"><notification>&lt;Update/&gt;</notification></item></items></pubsub></iq>`));
  });
});

describe('pubsub-iq: owner use cases', () => {
  it('oracle probe 1: admin creates /finesse/api/User/1001001, the agent subscribes, publishes arrive untyped', () => {
    const t = setup();
    const admin = t.f.actor('admin');
    assert.equal(t.exchange(admin, `<iq type='set' id='c1' from='admin@${DOMAIN}/probe'><pubsub ${P}><create node='/finesse/api/User/1001001'/></pubsub></iq>`),
      `<iq type="result" id="c1" to="admin@${DOMAIN}/probe" from="${PUBSUB_JID}"/>`);
    const listed = stanza(t.exchange(admin, `<iq type='get' id='l'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>`));
    assert.equal(listed.getChild('query')!.getChildren('item').filter((i) => i.attr('node') === '/finesse/api/User/1001001').length, 1);
    assert.match(t.exchange(t.f.actor('1001001'), `<iq type='set' id='s' from='${AGENT}'><pubsub ${P}><subscribe node='/finesse/api/User/1001001' jid='${AGENT}'/></pubsub></iq>`), /subscription="subscribed"/);
    t.exchange(admin, `<iq type='set' id='p'><pubsub ${P}><publish node='/finesse/api/User/1001001'><item><x xmlns='urn:x'/></item></publish></pubsub></iq>`);
    const sent = t.sentXml();
    assert.equal(sent.length, 1, 'the bare JID (implicit) covers the desktop resource');
    assert.doesNotMatch(sent[0]!, /type=/);
  });

  it('create, configure headline, publish: the message says type="headline"', () => {
    const t = setup();
    const admin = t.f.actor('admin');
    t.exchange(admin, `<iq type='set' id='c'><pubsub ${P}><create node='/bench'/><configure><x xmlns='jabber:x:data' type='submit'>
      <field var='pubsub#access_model'><value>open</value></field></x></configure></pubsub></iq>`);
    t.exchange(t.f.actor('1001001'), `<iq type='set' id='s'><pubsub ${P}><subscribe node='/bench' jid='${AGENT}'/></pubsub></iq>`);
    assert.equal(t.exchange(admin, `<iq type='set' id='cf'><pubsub ${O}><configure node='/bench'><x xmlns='jabber:x:data' type='submit'>
      <field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#node_config</value></field>
      <field var='pubsub#notification_type'><value>headline</value></field></x></configure></pubsub></iq>`), `<iq type="result" id="cf" from="${PUBSUB_JID}"/>`);
    t.exchange(admin, `<iq type='set' id='p'><pubsub ${P}><publish node='/bench'><item id='1'><x xmlns='urn:x'/></item></publish></pubsub></iq>`);
    assert.deepEqual(t.sentXml(), [`<message from="${PUBSUB_JID}" to="${AGENT}" id="/bench__1001001@${DOMAIN}__rnd1" type="headline"><event xmlns="http://jabber.org/protocol/pubsub#event"><items node="/bench"><item id="1"><x xmlns="urn:x"/></item></items></event></message>`]);
    const form = stanza(t.exchange(admin, `<iq type='get' id='g'><pubsub ${O}><configure node='/bench'/></pubsub></iq>`));
    const fields = form.getChild('pubsub')!.getChild('configure')!.getChild('x')!.getChildren('field');
    assert.equal(fields.find((fl) => fl.attr('var') === 'pubsub#notification_type')!.getChildText('value'), 'headline');
  });

  it('an agent is refused the owner use cases', () => {
    const t = setup();
    for (const body of [`<configure node='/finesse/api/User/1001001'/>`, `<subscriptions node='/finesse/api/User/1001001'/>`, `<default/>`]) {
      assert.match(t.exchange(t.f.actor('1001001'), `<iq type='get' id='o'><pubsub ${O}>${body}</pubsub></iq>`), /<forbidden /, body);
    }
    assert.match(t.exchange(t.f.actor('1001001'), `<iq type='set' id='o'><pubsub ${P}><create node='/mine'/></pubsub></iq>`), /<forbidden /);
    assert.match(t.exchange(t.f.actor('1001001'), `<iq type='set' id='o'><pubsub ${O}><delete node='/finesse/api/User/1001001'/></pubsub></iq>`), /<forbidden /);
  });

  it('instant nodes are not supported; a duplicate create is a conflict', () => {
    const t = setup();
    const admin = t.f.actor('admin');
    assert.equal(t.exchange(admin, `<iq type='set' id='c'><pubsub ${P}><create/></pubsub></iq>`), compact(`
      <iq type="error" id="c" from="${PUBSUB_JID}"><error type="modify"><not-acceptable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/>
        <nodeid-required xmlns="http://jabber.org/protocol/pubsub#errors"/></error></iq>`));
    t.exchange(admin, `<iq type='set' id='c'><pubsub ${P}><create node='/bench'/></pubsub></iq>`);
    assert.equal(t.exchange(admin, `<iq type='set' id='c2'><pubsub ${P}><create node='/bench'/></pubsub></iq>`), compact(`
      <iq type="error" id="c2" from="${PUBSUB_JID}"><error type="cancel"><conflict xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>`));
  });

  it('delete notifies the subscribers; purge too', () => {
    const t = setup();
    const admin = t.f.actor('admin');
    t.exchange(admin, `<iq type='set' id='c'><pubsub ${P}><create node='/bench'/></pubsub></iq>`);
    t.exchange(admin, `<iq type='set' id='s'><pubsub ${P}><subscribe node='/bench' jid='${AGENT}'/></pubsub></iq>`);
    t.exchange(admin, `<iq type='set' id='p'><pubsub ${O}><purge node='/bench'/></pubsub></iq>`);
    assert.equal(t.exchange(admin, `<iq type='set' id='d'><pubsub ${O}><delete node='/bench'/></pubsub></iq>`), `<iq type="result" id="d" from="${PUBSUB_JID}"/>`);
    assert.deepEqual(t.sentXml(), [
      `<message from="${PUBSUB_JID}" to="${AGENT}" id="/bench__1001001@${DOMAIN}__rnd1"><event xmlns="http://jabber.org/protocol/pubsub#event"><purge node="/bench"/></event></message>`,
      `<message from="${PUBSUB_JID}" to="${AGENT}" id="/bench__1001001@${DOMAIN}__rnd2"><event xmlns="http://jabber.org/protocol/pubsub#event"><delete node="/bench"/></event></message>`,
    ]);
  });

  it('sends the last item after the reply when the node asks for it', () => {
    const t = setup();
    t.service.configure(t.f.actor('admin'), '/finesse/api/Queue/1', { 'pubsub#send_last_published_item': 'on_sub' });
    t.service.publish(INTERNAL_ACTOR, '/finesse/api/Queue/1', 'last', '<Update/>');
    t.exchange(t.f.actor('1001001'), `<iq type='set' id='s'><pubsub ${P}><subscribe node='/finesse/api/Queue/1' jid='${AGENT}'/></pubsub></iq>`);
    assert.deepEqual(t.sentXml(), []);
    assert.deepEqual(t.later.map(wire), [
      `<message from="${PUBSUB_JID}" to="${AGENT}" id="/finesse/api/Queue/1__1001001@${DOMAIN}__rnd1"><event xmlns="http://jabber.org/protocol/pubsub#event"><items node="/finesse/api/Queue/1"><item id="last"><notification xmlns="http://jabber.org/protocol/pubsub">&lt;Update/&gt;</notification></item></items></event></message>`,
    ]);
  });

  it('other namespaces are service-unavailable', () => {
    const t = setup();
    assert.match(t.exchange(t.f.actor('1001001'), `<iq type='get' id='v'><query xmlns='jabber:iq:version'/></iq>`), /<service-unavailable /);
    assert.match(t.exchange(t.f.actor('1001001'), `<iq type='set' id='v'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>`), /<service-unavailable /);
  });
});
