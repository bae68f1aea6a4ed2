import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NS_PUBSUB_ERRORS } from '../../xml/ns.js';
import { stanza } from '../testing/fixtures.js';
import { parsePubsub, type ParseResult } from './parse.js';

/** Parses the <pubsub/> of a literal IQ. */
function parse(iq: string): ParseResult {
  const el = stanza(iq);
  return parsePubsub(el.attr('type') ?? '', el.elements()[0]!);
}

function command(iq: string) {
  const r = parse(iq);
  if (!r.ok) assert.fail(`expected a command, got ${r.error.condition}`);
  return r.command;
}

/** [stanza condition, pubsub#errors condition or undefined, error type] of a refused request. */
function refusal(iq: string): [string, string | undefined, string] {
  const r = parse(iq);
  if (r.ok) assert.fail(`expected an error, got ${r.command.kind}`);
  const app = r.error.application;
  if (app) assert.equal(app.ns, NS_PUBSUB_ERRORS);
  return [r.error.condition, app?.name, r.error.type];
}

const P = "xmlns='http://jabber.org/protocol/pubsub'";
const O = "xmlns='http://jabber.org/protocol/pubsub#owner'";

describe('xep0060/parse: entity use cases', () => {
  it('subscribe (the Finesse developer guide IQ)', () => {
    assert.deepEqual(command(`
      <iq type='set' from='CharlesNorrad@finesse-server.cisco.com' to='pubsub.finesse-server.cisco.com' id='sub1'>
        <pubsub ${P}>
          <subscribe node='/finesse/api/Team/TheA/Users' jid='ChuckieNorrad@finesse-server.cisco.com'/>
        </pubsub>
      </iq>`), { kind: 'subscribe', node: '/finesse/api/Team/TheA/Users', jid: 'ChuckieNorrad@finesse-server.cisco.com' });
  });

  it('subscribe with subscription options alongside', () => {
    assert.equal(command(`<iq type='set' id='1'><pubsub ${P}><subscribe node='n' jid='a@b/c'/><options/></pubsub></iq>`).kind, 'subscribe');
  });

  it('unsubscribe, with and without subid', () => {
    assert.deepEqual(command(`<iq type='set' id='1'><pubsub ${P}><unsubscribe node='n' jid='a@b'/></pubsub></iq>`),
      { kind: 'unsubscribe', node: 'n', jid: 'a@b' });
    assert.deepEqual(command(`<iq type='set' id='1'><pubsub ${P}><unsubscribe node='n' jid='a@b' subid='s1'/></pubsub></iq>`),
      { kind: 'unsubscribe', node: 'n', jid: 'a@b', subid: 's1' });
  });

  it('subscriptions and affiliations, with and without node', () => {
    assert.deepEqual(command(`<iq type='get' id='1'><pubsub ${P}><subscriptions/></pubsub></iq>`), { kind: 'subscriptions' });
    assert.deepEqual(command(`<iq type='get' id='1'><pubsub ${P}><subscriptions node='n'/></pubsub></iq>`), { kind: 'subscriptions', node: 'n' });
    assert.deepEqual(command(`<iq type='get' id='1'><pubsub ${P}><affiliations/></pubsub></iq>`), { kind: 'affiliations' });
  });

  it('items: all, the newest N, or by id', () => {
    assert.deepEqual(command(`<iq type='get' id='1'><pubsub ${P}><items node='n'/></pubsub></iq>`), { kind: 'items', node: 'n' });
    assert.deepEqual(command(`<iq type='get' id='1'><pubsub ${P}><items node='n' max_items='2'/></pubsub></iq>`), { kind: 'items', node: 'n', max: 2 });
    assert.deepEqual(command(`<iq type='get' id='1'><pubsub ${P}><items node='n'><item id='a'/><item id='b'/></items></pubsub></iq>`),
      { kind: 'items', node: 'n', itemIds: ['a', 'b'] });
    assert.deepEqual(refusal(`<iq type='get' id='1'><pubsub ${P}><items node='n' max_items='many'/></pubsub></iq>`), ['bad-request', undefined, 'modify']);
  });
});

describe('xep0060/parse: publish and owner use cases', () => {
  it('publish with and without item id, with publish-options', () => {
    const c = command(`<iq type='set' id='1'><pubsub ${P}><publish node='/bench'><item id='i1'><entry xmlns='urn:x'>hi</entry></item></publish></pubsub></iq>`);
    assert.equal(c.kind, 'publish');
    if (c.kind !== 'publish') return;
    assert.equal(c.itemId, 'i1');
    assert.equal(c.payload.name, 'entry');
    assert.equal(c.payload.ns, 'urn:x');
    const d = command(`<iq type='set' id='1'><pubsub ${P}><publish node='/bench'><item><x xmlns='urn:x'/></item></publish>
      <publish-options><x xmlns='jabber:x:data' type='submit'>
        <field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#publish-options</value></field>
        <field var='pubsub#persist_items'><value>1</value></field></x></publish-options></pubsub></iq>`);
    assert.ok(d.kind === 'publish' && d.itemId === undefined);
    assert.deepEqual(d.kind === 'publish' && d.options, { 'pubsub#persist_items': '1' });
  });

  it('publish needs exactly one item with exactly one payload', () => {
    assert.deepEqual(refusal(`<iq type='set' id='1'><pubsub ${P}><publish node='n'/></pubsub></iq>`), ['bad-request', 'item-required', 'modify']);
    assert.deepEqual(refusal(`<iq type='set' id='1'><pubsub ${P}><publish node='n'><item id='a'/></publish></pubsub></iq>`), ['bad-request', 'payload-required', 'modify']);
    assert.deepEqual(refusal(`<iq type='set' id='1'><pubsub ${P}><publish node='n'><item><a xmlns='x'/><b xmlns='x'/></item></publish></pubsub></iq>`), ['bad-request', 'invalid-payload', 'modify']);
    assert.deepEqual(refusal(`<iq type='set' id='1'><pubsub ${P}><publish node='n'><item><a xmlns='x'/></item><item><a xmlns='x'/></item></publish></pubsub></iq>`), ['bad-request', undefined, 'modify']);
  });

  it('create with a configuration form; create without node (instant)', () => {
    assert.deepEqual(command(`<iq type='set' id='1'><pubsub ${P}><create node='/bench'/><configure><x xmlns='jabber:x:data' type='submit'>
      <field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#node_config</value></field>
      <field var='pubsub#notification_type'><value>headline</value></field></x></configure></pubsub></iq>`),
      { kind: 'create', node: '/bench', config: { 'pubsub#notification_type': 'headline' } });
    assert.deepEqual(command(`<iq type='set' id='1'><pubsub ${P}><create/></pubsub></iq>`), { kind: 'create', config: {} });
  });

  it('owner: configure get/set/cancel, default, delete, purge, subscriptions, affiliations', () => {
    assert.deepEqual(command(`<iq type='get' id='1'><pubsub ${O}><configure node='n'/></pubsub></iq>`), { kind: 'configure-get', node: 'n' });
    assert.deepEqual(command(`<iq type='set' id='1'><pubsub ${O}><configure node='n'><x xmlns='jabber:x:data' type='submit'>
      <field var='pubsub#max_items'><value>5</value></field></x></configure></pubsub></iq>`),
      { kind: 'configure-set', node: 'n', config: { 'pubsub#max_items': '5' } });
    assert.deepEqual(command(`<iq type='set' id='1'><pubsub ${O}><configure node='n'><x xmlns='jabber:x:data' type='cancel'/></configure></pubsub></iq>`),
      { kind: 'configure-set', node: 'n', config: undefined });
    assert.deepEqual(command(`<iq type='get' id='1'><pubsub ${O}><default/></pubsub></iq>`), { kind: 'default' });
    assert.deepEqual(command(`<iq type='set' id='1'><pubsub ${O}><delete node='n'/></pubsub></iq>`), { kind: 'delete', node: 'n' });
    assert.deepEqual(command(`<iq type='set' id='1'><pubsub ${O}><purge node='n'/></pubsub></iq>`), { kind: 'purge', node: 'n' });
    assert.deepEqual(command(`<iq type='get' id='1'><pubsub ${O}><subscriptions node='n'/></pubsub></iq>`), { kind: 'owner-subscriptions-get', node: 'n' });
    assert.deepEqual(command(`<iq type='set' id='1'><pubsub ${O}><subscriptions node='n'>
      <subscription jid='a@b' subscription='none'/><subscription jid='c@d' subscription='subscribed' subid='x'/></subscriptions></pubsub></iq>`),
      { kind: 'owner-subscriptions-set', node: 'n', changes: [{ jid: 'a@b', subscription: 'none' }, { jid: 'c@d', subscription: 'subscribed', subid: 'x' }] });
    assert.deepEqual(command(`<iq type='get' id='1'><pubsub ${O}><affiliations node='n'/></pubsub></iq>`), { kind: 'owner-affiliations-get', node: 'n' });
  });

  it('configure set needs a submitted or cancelled form', () => {
    assert.deepEqual(refusal(`<iq type='set' id='1'><pubsub ${O}><configure node='n'/></pubsub></iq>`), ['bad-request', undefined, 'modify']);
    assert.deepEqual(refusal(`<iq type='set' id='1'><pubsub ${O}><configure node='n'><x xmlns='jabber:x:data' type='form'/></configure></pubsub></iq>`), ['bad-request', undefined, 'modify']);
  });
});

describe('xep0060/parse: malformed requests', () => {
  it('no action at all', () => {
    assert.deepEqual(refusal(`<iq type='set' id='1'><pubsub ${P}/></iq>`), ['bad-request', undefined, 'modify']);
  });

  it('two actions', () => {
    assert.deepEqual(refusal(`<iq type='set' id='1'><pubsub ${P}><subscribe node='n' jid='a@b'/><unsubscribe node='n' jid='a@b'/></pubsub></iq>`), ['bad-request', undefined, 'modify']);
    assert.deepEqual(refusal(`<iq type='set' id='1'><pubsub ${P}><subscribe node='n' jid='a@b'/><subscribe node='m' jid='a@b'/></pubsub></iq>`), ['bad-request', undefined, 'modify']);
    assert.deepEqual(refusal(`<iq type='set' id='1'><pubsub ${P}><publish node='n'><item><a xmlns='x'/></item></publish><configure/></pubsub></iq>`), ['bad-request', undefined, 'modify']);
  });

  it('no node where one is required', () => {
    for (const body of [`<subscribe jid='a@b'/>`, `<unsubscribe jid='a@b'/>`, `<publish><item><a xmlns='x'/></item></publish>`, `<subscribe node='' jid='a@b'/>`]) {
      assert.deepEqual(refusal(`<iq type='set' id='1'><pubsub ${P}>${body}</pubsub></iq>`), ['bad-request', 'nodeid-required', 'modify'], body);
    }
    assert.deepEqual(refusal(`<iq type='get' id='1'><pubsub ${P}><items/></pubsub></iq>`), ['bad-request', 'nodeid-required', 'modify']);
    assert.deepEqual(refusal(`<iq type='set' id='1'><pubsub ${O}><delete/></pubsub></iq>`), ['bad-request', 'nodeid-required', 'modify']);
  });

  it('no jid on subscribe', () => {
    assert.deepEqual(refusal(`<iq type='set' id='1'><pubsub ${P}><subscribe node='n'/></pubsub></iq>`), ['bad-request', 'invalid-jid', 'modify']);
  });

  it('an unknown action, and known but unsupported ones', () => {
    assert.deepEqual(refusal(`<iq type='set' id='1'><pubsub ${P}><frobnicate node='n'/></pubsub></iq>`), ['feature-not-implemented', undefined, 'cancel']);
    assert.deepEqual(refusal(`<iq type='set' id='1'><pubsub ${O}><frobnicate node='n'/></pubsub></iq>`), ['feature-not-implemented', undefined, 'cancel']);
    const r = parse(`<iq type='set' id='1'><pubsub ${P}><retract node='n'><item id='a'/></retract></pubsub></iq>`);
    assert.ok(!r.ok && r.error.condition === 'feature-not-implemented' && r.error.application?.attr('feature') === 'retract-items');
    assert.deepEqual(refusal(`<iq type='set' id='1'><pubsub ${O}><affiliations node='n'/></pubsub></iq>`), ['feature-not-implemented', 'unsupported', 'cancel']);
  });

  it('an action in the wrong IQ type, or outside the pubsub namespace', () => {
    assert.deepEqual(refusal(`<iq type='get' id='1'><pubsub ${P}><subscribe node='n' jid='a@b'/></pubsub></iq>`), ['bad-request', undefined, 'modify']);
    assert.deepEqual(refusal(`<iq type='set' id='1'><pubsub ${P}><items node='n'/></pubsub></iq>`), ['bad-request', undefined, 'modify']);
    assert.deepEqual(refusal(`<iq type='get' id='1'><pubsub ${O}><delete node='n'/></pubsub></iq>`), ['bad-request', undefined, 'modify']);
    assert.deepEqual(refusal(`<iq type='set' id='1'><pubsub ${P}><subscribe xmlns='urn:other' node='n' jid='a@b'/></pubsub></iq>`), ['bad-request', undefined, 'modify']);
    assert.deepEqual(refusal(`<iq type='set' id='1'><pubsub ${P}><constructor node='n'/></pubsub></iq>`), ['feature-not-implemented', undefined, 'cancel']);
  });
});
