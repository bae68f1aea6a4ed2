import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { xml, type Element } from '../../xml/element.js';
import { NS_BIND, NS_CLIENT, NS_SASL, NS_STREAM, NS_TLS } from '../../xml/ns.js';
import { ManualClock } from '../../shared/clock.js';
import { MemoryLogger } from '../../shared/logger.js';
import type { StreamCondition } from '../stanza/stream-error.js';
import type { StreamHeader, StreamTransport } from '../transport/transport.js';
import { C2sSession, type C2sConfig, type SessionHooks } from './c2s-session.js';
import type { SaslProvider } from './sasl-negotiation.js';
import { SessionRegistry } from './session-registry.js';

class FakeTransport implements StreamTransport {
  kind: 'tcp' | 'bosh' = 'tcp';
  readonly remoteAddress = '127.0.0.1:5555';
  sent: Element[] = [];
  headers: StreamHeader[] = [];
  restarts = 0;
  closedWith: { condition: StreamCondition; text?: string } | undefined | null = null;
  constructor(public isSecure: boolean, public canStartTls = !isSecure) {}
  sendStreamHeader(h: StreamHeader): void { this.headers.push(h); }
  send(el: Element): void { this.sent.push(el); }
  restart(): void { this.restarts++; }
  async startTls(): Promise<void> { this.isSecure = true; this.canStartTls = false; }
  close(error?: { condition: StreamCondition; text?: string }): void { this.closedWith = error; }
  last(): Element { return this.sent[this.sent.length - 1]!; }
  get isOpen(): boolean { return this.closedWith === null; }
}

/** A mechanism "TEST" that accepts "user:password" pairs from a fixed table. */
const sasl: SaslProvider = {
  offered: ({ isSecure, allowPlaintextPlain }) => (isSecure || allowPlaintextPlain ? ['TEST'] : []),
  create: (name) => name !== 'TEST' ? undefined : {
    name: 'TEST',
    start(initial) {
      const [user, pw] = (initial ?? Buffer.alloc(0)).toString().split(':');
      return pw === 'secret' && user ? { kind: 'success', username: user } : { kind: 'failure', condition: 'not-authorized' };
    },
    step() { return { kind: 'failure', condition: 'malformed-request' }; },
  },
};

const config: C2sConfig = {
  requireStartTls: true, allowPlaintextAuth: false, saslMaxAttempts: 3,
  unauthenticatedTimeoutMs: 30_000, pingIntervalMs: 60_000, pingTimeoutMs: 30_000,
};

function setup(opts: { secure?: boolean; config?: Partial<C2sConfig>; registry?: SessionRegistry<C2sSession>; clock?: ManualClock } = {}) {
  const clock = opts.clock ?? new ManualClock();
  const registry = opts.registry ?? new SessionRegistry<C2sSession>();
  const events: string[] = [];
  const routed: Element[] = [];
  const rerouted: Element[] = [];
  const hooks: SessionHooks = {
    route: (st) => { routed.push(st); },
    presenceChanged: (_s, st, initial) => { events.push(`presence ${st.attr('type') ?? 'available'} initial=${initial}`); },
    sessionEnded: (s, wasAvailable, reason) => { events.push(`ended ${s.jid.full} available=${wasAvailable} ${reason}`); },
    undelivered: (_s, stanzas) => { rerouted.push(...stanzas); },
  };
  const transport = new FakeTransport(opts.secure ?? true);
  let n = 0;
  const session = new C2sSession(transport, {
    domain: 'localhost', config: { ...config, ...opts.config }, sasl, registry, hooks, clock,
    log: new MemoryLogger(), randomId: () => `id${++n}`,
  });
  return { session, transport, clock, registry, events, routed, rerouted };
}

const header = (attrs: Record<string, string> = { to: 'localhost', version: '1.0' }) => xml('stream:stream', { xmlns: NS_STREAM, ...attrs });
const auth = (cred: string) => xml('auth', { xmlns: NS_SASL, mechanism: 'TEST' }, Buffer.from(cred).toString('base64'));
const bindIq = (resource?: string) => xml('iq', { xmlns: NS_CLIENT, type: 'set', id: 'b1' }, xml('bind', { xmlns: NS_BIND }, resource ? xml('resource', null, resource) : null));

function login(t: ReturnType<typeof setup>, user = 'alice', resource: string | null = 'desktop'): void {
  t.session.onStreamOpen(header());
  t.session.onElement(auth(`${user}:secret`));
  t.session.onStreamOpen(header());
  t.session.onElement(bindIq(resource ?? undefined));
}

describe('C2sSession negotiation', () => {
  it('offers only STARTTLS (required) on a plaintext connection', () => {
    const t = setup({ secure: false });
    t.session.onStreamOpen(header());
    assert.equal(t.transport.headers.length, 1);
    const features = t.transport.last();
    assert.ok(features.is('features', NS_STREAM));
    assert.ok(features.getChild('starttls', NS_TLS)?.getChild('required'));
    assert.equal(features.getChild('mechanisms', NS_SASL), undefined);
  });

  it('offers PLAIN-style mechanisms before TLS only when plaintext auth is allowed', () => {
    const t = setup({ secure: false, config: { requireStartTls: false, allowPlaintextAuth: true } });
    t.session.onStreamOpen(header());
    const features = t.transport.last();
    assert.ok(features.getChild('starttls', NS_TLS));
    assert.equal(features.getChild('starttls', NS_TLS)?.getChild('required'), undefined);
    assert.ok(features.getChild('mechanisms', NS_SASL));
  });

  it('refuses SASL before STARTTLS when TLS is required', () => {
    const t = setup({ secure: false });
    t.session.onStreamOpen(header());
    t.session.onElement(auth('alice:secret'));
    assert.ok(t.transport.sent.some((e) => e.is('failure', NS_SASL) && e.getChild('encryption-required')));
    assert.equal(t.transport.closedWith?.condition, 'policy-violation');
  });

  it('answers STARTTLS on a direct-TLS stream with failure and closes it', async () => {
    const t = setup({ secure: true });
    t.session.onStreamOpen(header());
    t.session.onElement(xml('starttls', { xmlns: NS_TLS }));
    await new Promise((r) => setImmediate(r));
    assert.ok(t.transport.last().is('failure', NS_TLS));
    assert.notEqual(t.transport.closedWith, null);
  });

  it('ignores STARTTLS over BOSH (XEP-0206, requirement X4) and goes on to SASL', async () => {
    const t = setup({ secure: true });
    t.transport.kind = 'bosh';
    t.session.onStreamOpen(header());
    const before = t.transport.sent.length;
    t.session.onElement(xml('starttls', { xmlns: NS_TLS }));
    await new Promise((r) => setImmediate(r));
    assert.equal(t.transport.sent.length, before);
    assert.equal(t.transport.closedWith, null);
    t.session.onElement(auth('alice:secret'));
    assert.ok(t.transport.last().is('success', NS_SASL));
  });

  it('goes through STARTTLS, SASL, restart and bind', async () => {
    const t = setup({ secure: false });
    t.session.onStreamOpen(header());
    t.session.onElement(xml('starttls', { xmlns: NS_TLS }));
    await new Promise((r) => setImmediate(r));
    assert.ok(t.transport.sent.some((e) => e.is('proceed', NS_TLS)));
    assert.equal(t.transport.restarts, 1);
    t.session.onStreamOpen(header());
    assert.ok(t.transport.last().getChild('mechanisms', NS_SASL));
    t.session.onElement(auth('alice:secret'));
    assert.ok(t.transport.last().is('success', NS_SASL));
    assert.equal(t.transport.restarts, 2);
    t.session.onStreamOpen(header());
    assert.ok(t.transport.last().getChild('bind', NS_BIND));
    t.session.onElement(bindIq('desktop'));
    const reply = t.transport.last();
    assert.equal(reply.attr('type'), 'result');
    assert.equal(reply.getChild('bind', NS_BIND)?.getChildText('jid'), 'alice@localhost/desktop');
    assert.equal(t.registry.get('alice@localhost/desktop'), t.session);
  });

  it('generates a resource when none is requested', () => {
    const t = setup();
    login(t, 'bob', null);
    assert.match(t.session.jid.full, /^bob@localhost\/parley-/);
  });

  it('counts failed authentications and gives up after the limit', () => {
    const t = setup();
    t.session.onStreamOpen(header());
    for (let i = 0; i < 3; i++) t.session.onElement(auth('alice:wrong'));
    assert.equal(t.transport.sent.filter((e) => e.is('failure', NS_SASL)).length, 3);
    assert.equal(t.transport.closedWith?.condition, 'policy-violation');
  });

  it('answers an unknown mechanism with invalid-mechanism', () => {
    const t = setup();
    t.session.onStreamOpen(header());
    t.session.onElement(xml('auth', { xmlns: NS_SASL, mechanism: 'X-NOPE' }));
    assert.ok(t.transport.last().getChild('invalid-mechanism'));
  });

  it('answers bad base64 with incorrect-encoding', () => {
    const t = setup();
    t.session.onStreamOpen(header());
    t.session.onElement(xml('auth', { xmlns: NS_SASL, mechanism: 'TEST' }, '!!!not base64'));
    assert.ok(t.transport.last().getChild('incorrect-encoding'));
  });

  it('closes with host-unknown for another domain', () => {
    const t = setup();
    t.session.onStreamOpen(header({ to: 'example.org', version: '1.0' }));
    assert.equal(t.transport.closedWith?.condition, 'host-unknown');
  });

  it('closes with unsupported-version without version 1.0', () => {
    const t = setup();
    t.session.onStreamOpen(header({ to: 'localhost' }));
    assert.equal(t.transport.closedWith?.condition, 'unsupported-version');
  });

  it('closes with not-authorized when a stanza comes before authentication', () => {
    const t = setup();
    t.session.onStreamOpen(header());
    t.session.onElement(xml('message', { xmlns: NS_CLIENT, to: 'bob@localhost' }));
    assert.equal(t.transport.closedWith?.condition, 'not-authorized');
  });

  it('closes a connection that never authenticates', () => {
    const t = setup();
    t.session.onStreamOpen(header());
    t.clock.advance(29_999);
    assert.ok(t.transport.isOpen);
    t.clock.advance(1);
    assert.equal(t.transport.closedWith?.condition, 'connection-timeout');
  });
});

describe('C2sSession once bound', () => {
  it('stamps from and routes stanzas', () => {
    const t = setup();
    login(t);
    t.session.onElement(xml('message', { xmlns: NS_CLIENT, to: 'bob@localhost' }, xml('body', null, 'hi')));
    assert.equal(t.routed[0]?.attr('from'), 'alice@localhost/desktop');
  });

  it('refuses a forged from with invalid-from', () => {
    const t = setup();
    login(t);
    t.session.onElement(xml('message', { xmlns: NS_CLIENT, from: 'mallory@localhost/x', to: 'bob@localhost' }));
    assert.equal(t.transport.closedWith?.condition, 'invalid-from');
  });

  it('answers a malformed to with jid-malformed', () => {
    const t = setup();
    login(t);
    t.session.onElement(xml('iq', { xmlns: NS_CLIENT, type: 'get', id: 'x', to: 'a@@b' }, xml('query', { xmlns: 'urn:x' })));
    const reply = t.transport.last();
    assert.equal(reply.attr('type'), 'error');
    assert.ok(reply.getChild('error')?.getChild('jid-malformed'));
  });

  it('closes with unsupported-stanza-type for unknown top-level elements', () => {
    const t = setup();
    login(t);
    t.session.onElement(xml('foo', { xmlns: NS_CLIENT }));
    assert.equal(t.transport.closedWith?.condition, 'unsupported-stanza-type');
  });

  it('answers the legacy session IQ', () => {
    const t = setup();
    login(t);
    t.session.onElement(xml('iq', { xmlns: NS_CLIENT, type: 'set', id: 's1' }, xml('session', { xmlns: 'urn:ietf:params:xml:ns:xmpp-session' })));
    assert.equal(t.transport.last().attr('type'), 'result');
    assert.equal(t.transport.last().attr('id'), 's1');
  });

  it('reports initial presence, then unavailable at session end', () => {
    const t = setup();
    login(t);
    t.session.onElement(xml('presence', { xmlns: NS_CLIENT }));
    t.session.onElement(xml('presence', { xmlns: NS_CLIENT }, xml('show', null, 'away')));
    t.session.onDisconnect('connection closed');
    assert.deepEqual(t.events, [
      'presence available initial=true',
      'presence available initial=false',
      'ended alice@localhost/desktop available=true connection closed',
    ]);
    assert.equal(t.registry.size, 0);
  });

  it('a second login with the same full JID replaces the first with conflict', () => {
    const registry = new SessionRegistry<C2sSession>();
    const a = setup({ registry });
    const b = setup({ registry });
    login(a);
    login(b);
    assert.equal(a.transport.closedWith?.condition, 'conflict');
    assert.equal(registry.get('alice@localhost/desktop'), b.session);
    assert.equal(registry.size, 1);
  });

  it('pings a silent client and closes it when no answer comes', () => {
    const t = setup();
    login(t);
    t.clock.advance(60_000);
    const ping = t.transport.last();
    assert.equal(ping.attr('type'), 'get');
    assert.ok(ping.getChild('ping', 'urn:xmpp:ping'));
    t.clock.advance(29_000);
    assert.ok(t.transport.isOpen);
    t.clock.advance(1_000);
    assert.equal(t.transport.closedWith?.condition, 'connection-timeout');
  });

  it('keeps a client whose answer comes within the same millisecond (regression: bench/xmpp-tcp)', () => {
    const t = setup();
    login(t);
    t.clock.advance(60_000);
    const ping = t.transport.last();
    t.session.onElement(xml('iq', { xmlns: NS_CLIENT, type: 'result', id: ping.attr('id'), to: 'localhost' }));
    t.clock.advance(30_000);
    assert.ok(t.transport.isOpen);
  });

  it('keeps a client that answers the ping', () => {
    const t = setup();
    login(t);
    t.clock.advance(60_000);
    const ping = t.transport.last();
    t.clock.advance(1_000);
    t.session.onElement(xml('iq', { xmlns: NS_CLIENT, type: 'result', id: ping.attr('id'), to: 'localhost' }));
    t.clock.advance(80_000);
    assert.ok(t.transport.isOpen);
    assert.equal(t.routed.length, 0, 'the pong is consumed, not routed');
  });
});

describe('C2sSession: nothing lost when the peer vanishes (TCP, WebSocket)', () => {
  const event = (id: string) => xml('message', { xmlns: NS_CLIENT, id, to: 'alice@localhost', from: 'pubsub.localhost' }, xml('body', null, id));

  it('reroutes what was sent since the peer last spoke when the connection drops', () => {
    const t = setup();
    login(t);
    t.session.deliver(event('e1'));
    t.session.onElement(xml('iq', { xmlns: NS_CLIENT, type: 'get', id: 'p', to: 'localhost' }, xml('ping', { xmlns: 'urn:xmpp:ping' })));
    t.session.deliver(event('e2'));
    t.session.deliver(event('e3'));
    t.session.onDisconnect('connection reset');
    assert.deepEqual(t.rerouted.map((s) => s.attr('id')), ['e2', 'e3']);
    assert.ok(t.events.at(-1)?.startsWith('ended'), 'rerouted after the session ended');
  });

  it('reroutes on a ping timeout, not on a server-initiated close of a live peer', () => {
    const a = setup();
    login(a);
    a.clock.advance(60_000); // ping goes out
    a.session.deliver(event('late'));
    a.clock.advance(30_000); // no answer
    assert.equal(a.transport.closedWith?.condition, 'connection-timeout');
    assert.deepEqual(a.rerouted.map((s) => s.attr('id')), ['late']);

    const b = setup();
    login(b);
    b.session.deliver(event('x'));
    b.session.close('system-shutdown');
    assert.deepEqual(b.rerouted, []);
  });

  it('forgets what is older than the time a dead peer takes to be noticed', () => {
    const t = setup({ config: { pingIntervalMs: 0 } }); // no pings: a fixed 90 s window
    login(t);
    t.session.deliver(event('old'));
    t.clock.advance(50_000);
    t.session.deliver(event('x1'));
    t.clock.advance(45_000); // 'old' is now 95 s old: past the window
    t.session.deliver(event('x2'));
    t.session.onDisconnect('gone');
    assert.deepEqual(t.rerouted.map((s) => s.attr('id')), ['x1', 'x2']);
  });

  it('keeps nothing for transports that acknowledge delivery themselves (BOSH)', () => {
    const t = setup();
    Object.defineProperty(t.transport, 'acknowledgesDelivery', { value: true });
    login(t);
    t.session.deliver(event('e1'));
    t.session.onDisconnect('gone');
    assert.deepEqual(t.rerouted, []);
  });

  it('reroutes what was sent after the client closed its stream', () => {
    const t = setup();
    login(t);
    t.session.deliver(event('before'));
    t.session.onStreamClose();
    assert.deepEqual(t.rerouted, [], 'the close itself proves the client was reading');
  });
});

