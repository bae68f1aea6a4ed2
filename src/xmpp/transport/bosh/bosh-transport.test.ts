// The adapter between BoshSession and the XMPP session: how close(error) becomes a terminate body, and
// the order of things at the end (XMPP session told first, then undelivered stanzas re-routed).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../shared/clock.js';
import { parseElement } from '../../../xml/parse.js';
import { xml, type Element } from '../../../xml/element.js';
import { NS_BOSH, NS_CLIENT, NS_STREAM, NS_STREAMS_ERR } from '../../../xml/ns.js';
import type { StreamHandler } from '../transport.js';
import { parseRequest } from './bosh-codec.js';
import { BoshSession, type BoshEnd, type BoshReply } from './bosh-session.js';
import { BoshTransport } from './bosh-transport.js';
import { FINESSE_CREATION } from './bosh-fixtures.test-helper.js';

const R = 704654808;

function setup(maxBufferBytes = 1_000_000) {
  const clock = new ManualClock();
  const parse = (text: string) => {
    const el = parseElement(text);
    assert.ok(el.ok);
    const r = parseRequest(el.value);
    assert.ok(r.ok);
    return r.value;
  };
  const creation = parse(FINESSE_CREATION);
  const session = new BoshSession(creation, {
    sid: 'SID', domain: 'fin1.ucce.local', clock,
    limits: { maxWaitS: 60, maxHold: 1, requests: 0, inactivityS: 60, pollingS: 5, maxPauseS: 120, maxBufferBytes },
  });
  const log: string[] = [];
  const rerouted: Element[] = [];
  const transport = new BoshTransport(session, {
    remoteAddress: '127.0.0.1:1', isSecure: true, to: 'fin1.ucce.local',
    reroute: (el) => { log.push(`reroute ${el.attr('id')}`); rerouted.push(el); },
    onEnding: (end: BoshEnd) => log.push(`ending ${end.cause}`),
    onEnded: () => log.push('ended'),
  });
  const handler: StreamHandler = {
    onStreamOpen: (h) => {
      log.push(`open to=${h.attr('to')} version=${h.attr('version')}`);
      transport.sendStreamHeader({ from: 'fin1.ucce.local', id: 'STREAM-ID', version: '1.0', lang: 'en' });
      transport.send(xml('stream:features', { xmlns: NS_STREAM }));
    },
    onElement: (el) => log.push(`element ${el.localName}`),
    onStreamClose: () => { log.push('stream-close'); transport.close(); },
    onStreamError: (c) => log.push(`stream-error ${c}`),
    onDisconnect: (reason) => log.push(`disconnect ${reason}`),
  };
  transport.attach(handler);
  const replies: BoshReply[] = [];
  session.start(creation, { respond: (r) => replies.push(r) }, transport.events);
  const poll = (rid: number, attrs = '', payload = ''): void =>
    session.receive(parse(`<body xmlns='${NS_BOSH}' sid='SID' rid='${rid}' ${attrs}>${payload}</body>`), { respond: (r) => replies.push(r) });
  return { clock, session, transport, log, rerouted, replies, poll };
}

const bodyOf = (r: BoshReply | undefined) => {
  assert.ok(r);
  const el = parseElement(r.body);
  assert.ok(el.ok);
  return el.value;
};

describe('BoshTransport', () => {
  it('opens the XMPP stream at creation: authid = stream id, features inline; BOSH is secure and has no STARTTLS', () => {
    const t = setup();
    assert.equal(t.log[0], 'open to=fin1.ucce.local version=1.0');
    const b = bodyOf(t.replies[0]);
    assert.equal(b.attr('authid'), 'STREAM-ID');
    assert.ok(b.getChild('features', NS_STREAM));
    assert.equal(t.transport.kind, 'bosh');
    assert.equal(t.transport.isSecure, true);
    assert.equal(t.transport.canStartTls, false);
  });

  it('close(system-shutdown) is the BOSH condition itself; other stream errors become remote-stream-error', () => {
    const a = setup();
    a.poll(R + 1);
    a.transport.close({ condition: 'system-shutdown', text: 'bye' });
    assert.equal(bodyOf(a.replies[1]).attr('condition'), 'system-shutdown');
    assert.equal(bodyOf(a.replies[1]).elements().length, 0);

    const b = setup();
    b.poll(R + 1);
    b.transport.close({ condition: 'conflict', text: 'Replaced by new connection' });
    const body = bodyOf(b.replies[1]);
    assert.equal(body.attr('type'), 'terminate');
    assert.equal(body.attr('condition'), 'remote-stream-error');
    assert.ok(body.getChild('error', NS_STREAM)?.getChild('conflict', NS_STREAMS_ERR));
    assert.ok(b.log.includes('disconnect stream error conflict'));

    const c = setup();
    c.poll(R + 1);
    c.transport.close();
    assert.equal(bodyOf(c.replies[1]).attr('type'), 'terminate');
    assert.equal(bodyOf(c.replies[1]).attr('condition'), undefined);
  });

  it('tells the XMPP session first, then re-routes what the client never received', () => {
    const t = setup();
    t.transport.send(xml('message', { xmlns: NS_CLIENT, id: 'm1' })); // nothing held: buffered
    t.transport.close({ condition: 'system-shutdown' });
    assert.deepEqual(t.log.slice(-4), ['ending closed', 'disconnect stream error system-shutdown', 'reroute m1', 'ended']);
    t.transport.send(xml('message', { xmlns: NS_CLIENT, id: 'm2' })); // after the end: straight to reroute
    assert.deepEqual(t.rerouted.map((e) => e.attr('id')), ['m1', 'm2']);
  });

  it('a client that stops collecting its stanzas is closed with policy-violation once the buffer cap is passed', () => {
    const t = setup(300);
    for (let i = 1; i <= 5; i++) t.transport.send(xml('message', { xmlns: NS_CLIENT, id: `m${i}`, to: 'someone@fin1.ucce.local/desktop' }));
    assert.ok(t.session.isEnded);
    assert.ok(t.log.includes('disconnect stream error policy-violation'));
    assert.deepEqual(t.rerouted.map((e) => e.attr('id')), ['m1', 'm2', 'm3', 'm4', 'm5']);
  });

  it('a client terminate reaches the XMPP session as the end of its stream, after the payloads', () => {
    const t = setup();
    t.poll(R + 1, `type='terminate'`, `<presence xmlns='${NS_CLIENT}' type='unavailable'/>`);
    assert.deepEqual(t.log.slice(1), ['element presence', 'stream-close', 'ending closed', 'disconnect client terminated the BOSH session', 'ended']);
    assert.equal(bodyOf(t.replies[1]).attr('type'), 'terminate');
  });

  it('an xmpp:restart after restart() opens the stream again with the request\'s to', () => {
    const t = setup();
    t.transport.restart();
    t.poll(R + 1, `xmlns:xmpp='urn:xmpp:xbosh' xmpp:restart='true' to='fin1.ucce.local'`);
    assert.equal(t.log.filter((l) => l.startsWith('open')).length, 2);
    assert.ok(bodyOf(t.replies[1]).getChild('features', NS_STREAM));
  });

  it('inactivity: the idle hook runs before the XMPP session hears of it', () => {
    const t = setup();
    t.clock.advance(60_000);
    assert.deepEqual(t.log.slice(-3), ['ending inactivity', 'disconnect BOSH client silent for over 60 seconds', 'ended']);
  });
});
