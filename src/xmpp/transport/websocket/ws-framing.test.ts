import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { xml } from '../../../xml/element.js';
import { parseElement } from '../../../xml/parse.js';
import { NS_CLIENT, NS_FRAMING, NS_SASL, NS_STREAM } from '../../../xml/ns.js';
import { streamErrorElement } from '../../stanza/stream-error.js';
import { iq } from '../../stanza/stanza.js';
import { streamFeatures } from '../../session/stream-features.js';
import { CLOSE_FRAME, decodeFrame, encodeElement, encodeOpen, offersXmppSubprotocol, type FrameEvent, type FramePhase } from './ws-framing.js';

const LIMITS = { maxBytes: 10_000, maxDepth: 8 };
const OPEN = `<open xmlns='${NS_FRAMING}' to='localhost' version='1.0'/>`;

/** A compact view of an event for table comparisons. */
function show(e: FrameEvent): string {
  switch (e.kind) {
    case 'stream-open': return `open to=${e.el.attr('to')}`;
    case 'stream-close': return 'close';
    case 'element': return `element ${e.el.localName} ${e.el.ns}`;
    case 'stream-error': return `stream-error ${e.condition}`;
    case 'ws-close': return `ws-close ${e.code}`;
  }
}

describe('ws-framing: decodeFrame', () => {
  const cases: [name: string, data: string | Buffer, isBinary: boolean, phase: FramePhase, expected: string][] = [
    ['open at the start', OPEN, false, 'awaiting-open', 'open to=localhost'],
    ['open with an XML declaration', `<?xml version='1.0'?>${OPEN}`, false, 'awaiting-open', 'open to=localhost'],
    ['open after a restart', Buffer.from(OPEN), false, 'awaiting-open', 'open to=localhost'],
    ['open while the stream is open', OPEN, false, 'open', 'stream-error bad-format'],
    ['open in the wrong namespace', `<open xmlns='${NS_CLIENT}' to='localhost' version='1.0'/>`, false, 'awaiting-open', 'stream-error invalid-namespace'],
    ['a stanza before open', `<presence xmlns='${NS_CLIENT}'/>`, false, 'awaiting-open', 'stream-error bad-format'],
    ['close', `<close xmlns='${NS_FRAMING}'/>`, false, 'open', 'close'],
    ['close before open', `<close xmlns='${NS_FRAMING}'/>`, false, 'awaiting-open', 'close'],
    ['a stanza', `<iq xmlns='${NS_CLIENT}' type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>`, false, 'open', `element iq ${NS_CLIENT}`],
    ['a nonza', `<auth xmlns='${NS_SASL}' mechanism='PLAIN'>AGEAYg==</auth>`, false, 'open', `element auth ${NS_SASL}`],
    ['an unqualified stanza (COMPAT)', `<presence/>`, false, 'open', `element presence ${NS_CLIENT}`],
    ['trailing whitespace', `<presence xmlns='${NS_CLIENT}'/>\n`, false, 'open', `element presence ${NS_CLIENT}`],
    ['a binary frame', Buffer.from(`<presence xmlns='${NS_CLIENT}'/>`), true, 'open', 'ws-close 1003'],
    ['invalid UTF-8', Buffer.from([0x3c, 0x61, 0xc3, 0x28, 0x2f, 0x3e]), false, 'open', 'ws-close 1007'],
    ['text that is not XML', 'hello', false, 'open', 'ws-close 1007'],
    ['a whitespace keepalive', ' ', false, 'open', 'ws-close 1007'],
    ['an empty frame', '', false, 'open', 'ws-close 1007'],
    ['leading whitespace', ` <presence xmlns='${NS_CLIENT}'/>`, false, 'open', 'ws-close 1007'],
    ['two elements', `<presence xmlns='${NS_CLIENT}'/><presence xmlns='${NS_CLIENT}'/>`, false, 'open', 'stream-error not-well-formed'],
    ['a partial element', `<iq xmlns='${NS_CLIENT}' type='get'>`, false, 'open', 'stream-error not-well-formed'],
    ['text after the element', `<presence xmlns='${NS_CLIENT}'/>x`, false, 'open', 'stream-error not-well-formed'],
    ['a comment', `<!-- hi --><presence xmlns='${NS_CLIENT}'/>`, false, 'open', 'stream-error restricted-xml'],
    ['a comment inside', `<presence xmlns='${NS_CLIENT}'><!-- hi --></presence>`, false, 'open', 'stream-error restricted-xml'],
    ['a processing instruction', `<?foo bar?><presence xmlns='${NS_CLIENT}'/>`, false, 'open', 'stream-error restricted-xml'],
    ['a DOCTYPE', `<!DOCTYPE x><presence xmlns='${NS_CLIENT}'/>`, false, 'open', 'stream-error restricted-xml'],
    ['an undefined entity', `<message xmlns='${NS_CLIENT}'><body>&xxe;</body></message>`, false, 'open', 'stream-error restricted-xml'],
    ['too deep', `<iq xmlns='${NS_CLIENT}'>${'<a>'.repeat(10)}${'</a>'.repeat(10)}</iq>`, false, 'open', 'stream-error policy-violation'],
    ['over the stanza limit', `<message xmlns='${NS_CLIENT}'><body>${'x'.repeat(10_000)}</body></message>`, false, 'open', 'stream-error policy-violation'],
  ];
  for (const [name, data, isBinary, phase, expected] of cases) {
    it(`${name} → ${expected}`, () => {
      assert.equal(show(decodeFrame(data, isBinary, phase, LIMITS)), expected);
    });
  }

  it('puts an unqualified stanza and its unqualified children into jabber:client, and leaves qualified ones', () => {
    const e = decodeFrame(`<iq type='get' id='1'><query xmlns='jabber:iq:roster'/><x/></iq>`, false, 'open', LIMITS);
    assert.equal(e.kind, 'element');
    if (e.kind !== 'element') return;
    assert.equal(e.el.ns, NS_CLIENT);
    assert.equal(e.el.getChild('query')?.ns, 'jabber:iq:roster');
    assert.equal(e.el.getChild('x')?.ns, NS_CLIENT);
  });

  it('passes the <open/> attributes the session checks', () => {
    const e = decodeFrame(`<open xmlns='${NS_FRAMING}' to='fin1.example.com' version='1.0' xml:lang='de'/>`, false, 'awaiting-open', LIMITS);
    assert.equal(e.kind, 'stream-open');
    if (e.kind !== 'stream-open') return;
    assert.deepEqual([e.el.attr('to'), e.el.attr('version'), e.el.attr('xml:lang')], ['fin1.example.com', '1.0', 'de']);
  });
});

describe('ws-framing: frames the server writes', () => {
  it('writes the <open/> header of RFC 7395 §3.4', () => {
    const text = encodeOpen({ from: 'localhost', id: 'abc', version: '1.0', lang: 'en' });
    assert.equal(text, `<open xmlns='${NS_FRAMING}' from='localhost' id='abc' version='1.0' xml:lang='en'/>`);
    assert.ok(text.startsWith('<open '), 'Strophe.js looks for "<open " at the start');
    const el = parseElement(text);
    assert.ok(el.ok && el.value.is('open', NS_FRAMING));
  });

  it('escapes header attributes', () => {
    assert.match(encodeOpen({ from: "a'b", id: '<x>', version: '1.0', lang: 'en' }), /from='a&apos;b' id='&lt;x&gt;'/);
  });

  it('writes <close/> exactly as Strophe.js compares it', () => {
    assert.equal(CLOSE_FRAME, '<close xmlns="urn:ietf:params:xml:ns:xmpp-framing" />');
    const el = parseElement(CLOSE_FRAME);
    assert.ok(el.ok && el.value.is('close', NS_FRAMING));
  });

  const frames: [name: string, el: ReturnType<typeof xml>, expected: string][] = [
    ['a stanza built with jabber:client', iq({ type: 'result', id: '1' }), '<iq xmlns="jabber:client" type="result" id="1"/>'],
    ['a stanza built without a namespace', xml('message', { to: 'a@b' }, xml('body', null, 'hi')), '<message xmlns="jabber:client" to="a@b"><body>hi</body></message>'],
    ['stream features', streamFeatures({ authenticated: true, offerStartTls: false, requireStartTls: false, mechanisms: [] }),
      `<stream:features xmlns:stream="${NS_STREAM}"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"/><session xmlns="urn:ietf:params:xml:ns:xmpp-session"><optional/></session></stream:features>`],
    ['a stream error', streamErrorElement('policy-violation', 'too big'),
      `<stream:error xmlns:stream="${NS_STREAM}"><policy-violation xmlns="urn:ietf:params:xml:ns:xmpp-streams"/><text xmlns="urn:ietf:params:xml:ns:xmpp-streams" xml:lang="en">too big</text></stream:error>`],
    ['a SASL nonza', xml('success', { xmlns: NS_SASL }), `<success xmlns="${NS_SASL}"/>`],
  ];
  for (const [name, el, expected] of frames) {
    it(`writes ${name} namespace-complete (RFC 7395 §3.3.3)`, () => {
      const text = encodeElement(el);
      assert.equal(text, expected);
      assert.ok(parseElement(text).ok, 'a frame parses on its own');
    });
  }

  it('does not modify the element it writes', () => {
    const el = xml('presence', { to: 'a@b' });
    encodeElement(el);
    assert.equal(el.ns, undefined);
  });
});

describe('ws-framing: the subprotocol header', () => {
  const cases: [header: string | string[] | undefined, expected: boolean][] = [
    [undefined, false], ['', false], ['xmpp', true], ['chat, xmpp', true], ['xmpp,chat', true], [' xmpp ', true],
    ['XMPP', false], ['xmpp-bosh', false], [['chat', 'xmpp'], true],
  ];
  for (const [header, expected] of cases) {
    it(`${JSON.stringify(header)} → ${expected}`, () => assert.equal(offersXmppSubprotocol(header), expected));
  }
});
