import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { xml, type Element } from '../../xml/element.js';
import { NS_CLIENT } from '../../xml/ns.js';
import { silentLogger } from '../../shared/logger.js';
import { parseJid, type Jid } from '../jid.js';
import { SessionRegistry, type BoundSession } from '../session/session-registry.js';
import { StanzaRouter } from './stanza-router.js';

class FakeSession implements BoundSession {
  readonly id: string;
  readonly jid: Jid;
  readonly transportKind = 'tcp' as const;
  inbox: Element[] = [];
  constructor(full: string, public isAvailable = true, public priority = 0) {
    this.jid = parseJid(full)!;
    this.id = full;
  }
  deliver(st: Element): void { this.inbox.push(st); }
}

function setup() {
  const registry = new SessionRegistry<FakeSession>();
  const stored: Element[] = [];
  const serverIqs: Element[] = [];
  const component: Element[] = [];
  const router = new StanzaRouter({
    domain: 'localhost',
    registry,
    userExists: (l) => ['alice', 'bob'].includes(l),
    serverIq: (st) => { serverIqs.push(st); },
    components: new Map([['pubsub.localhost', (st: Element) => { component.push(st); }]]),
    storeOffline: (st) => { stored.push(st); return true; },
    log: silentLogger,
  });
  const alice = new FakeSession('alice@localhost/desktop');
  registry.add(alice);
  return { registry, router, stored, serverIqs, component, alice };
}

const msg = (attrs: Record<string, string>) => xml('message', { xmlns: NS_CLIENT, from: 'alice@localhost/desktop', ...attrs }, xml('body', null, 'x'));

describe('StanzaRouter', () => {
  it('sends IQs without to, to the domain or to the own bare JID to the server', () => {
    const t = setup();
    t.router.route(xml('iq', { xmlns: NS_CLIENT, type: 'get', id: '1' }), t.alice);
    t.router.route(xml('iq', { xmlns: NS_CLIENT, type: 'get', id: '2', to: 'localhost' }), t.alice);
    t.router.route(xml('iq', { xmlns: NS_CLIENT, type: 'get', id: '3', to: 'alice@localhost' }), t.alice);
    assert.deepEqual(t.serverIqs.map((s) => s.attr('id')), ['1', '2', '3']);
  });

  it('hands stanzas for a component to it', () => {
    const t = setup();
    t.router.route(xml('iq', { xmlns: NS_CLIENT, type: 'get', id: '1', to: 'pubsub.localhost' }), t.alice);
    assert.equal(t.component.length, 1);
  });

  it('delivers a message to every available resource with non-negative priority', () => {
    const t = setup();
    const b1 = new FakeSession('bob@localhost/a');
    const b2 = new FakeSession('bob@localhost/b', true, -1);
    const b3 = new FakeSession('bob@localhost/c', false);
    [b1, b2, b3].forEach((s) => t.registry.add(s));
    t.router.route(msg({ to: 'bob@localhost' }), t.alice);
    assert.deepEqual([b1.inbox.length, b2.inbox.length, b3.inbox.length], [1, 0, 0]);
    assert.equal(t.stored.length, 0);
  });

  it('stores a message for a user with no available resource', () => {
    const t = setup();
    t.router.route(msg({ to: 'bob@localhost' }), t.alice);
    t.router.route(msg({ to: 'bob@localhost/gone' }), t.alice);
    assert.equal(t.stored.length, 2);
  });

  it('never stores headline, groupchat or error messages', () => {
    const t = setup();
    for (const type of ['headline', 'groupchat', 'error']) t.router.route(msg({ to: 'bob@localhost', type }), t.alice);
    assert.equal(t.stored.length, 0);
  });

  it('bounces service-unavailable for an IQ to an absent full JID and for unknown users', () => {
    const t = setup();
    t.router.route(xml('iq', { xmlns: NS_CLIENT, type: 'get', id: 'q', to: 'bob@localhost/x' }, xml('query', { xmlns: 'urn:x' })), t.alice);
    t.router.route(msg({ to: 'nobody@localhost', id: 'm' }), t.alice);
    assert.deepEqual(t.alice.inbox.map((s) => [s.localName, s.attr('type'), s.getChild('error')?.elements()[0]?.localName]), [
      ['iq', 'error', 'service-unavailable'],
      ['message', 'error', 'service-unavailable'],
    ]);
  });

  it('answers remote-server-not-found for other domains (no server-to-server)', () => {
    const t = setup();
    t.router.route(msg({ to: 'carol@example.org', id: 'm' }), t.alice);
    assert.equal(t.alice.inbox[0]?.getChild('error')?.elements()[0]?.localName, 'remote-server-not-found');
  });

  it('delivers an IQ to a connected full JID', () => {
    const t = setup();
    const bob = new FakeSession('bob@localhost/x');
    t.registry.add(bob);
    t.router.route(xml('iq', { xmlns: NS_CLIENT, type: 'get', id: 'q', to: 'bob@localhost/x' }), t.alice);
    assert.equal(bob.inbox.length, 1);
  });
});
