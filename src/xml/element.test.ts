import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Element, serialize, xml } from './element.js';
import { escapeAttr, escapeText, hasInvalidXmlChars, stripInvalidXmlChars } from './escape.js';
import { NS_CLIENT, NS_PUBSUB, NS_PUBSUB_EVENT, NS_STREAM, NS_STREAMS_ERR } from './ns.js';
import { parseElement } from './parse.js';

const STREAM = { ns: NS_CLIENT, prefixes: new Map([['stream', NS_STREAM]]) };

function parse(text: string): Element {
  const r = parseElement(text);
  assert.ok(r.ok, r.ok ? '' : `${r.error}: ${r.text}`);
  return r.value;
}

describe('xml() builder', () => {
  it('builds name, attributes and children; leaves out undefined attributes and empty children', () => {
    const el = xml('iq', { type: 'get', id: 7, to: undefined }, null, false, undefined, '', [xml('a'), [xml('b'), 'text']]);
    assert.equal(el.name, 'iq');
    assert.deepEqual(el.attrs, { type: 'get', id: '7' });
    assert.deepEqual(el.children.map((c) => (typeof c === 'string' ? c : c.name)), ['a', 'b', 'text']);
    assert.equal(xml('x', null).children.length, 0);
  });

  it('moves xmlns into ns', () => {
    const el = xml('ping', { xmlns: 'urn:xmpp:ping' });
    assert.equal(el.ns, 'urn:xmpp:ping');
    assert.deepEqual(el.attrs, {});
  });

  it('lets unprefixed children without a namespace inherit it, down the tree', () => {
    const grandchild = xml('c');
    const child = xml('b', null, grandchild);
    const el = xml('a', { xmlns: 'urn:a' }, child, xml('own', { xmlns: 'urn:own' }, xml('inner')), xml('p:x', { 'xmlns:p': 'urn:p' }));
    assert.equal(child.ns, 'urn:a');
    assert.equal(grandchild.ns, 'urn:a');
    assert.equal(el.getChild('own')!.ns, 'urn:own');
    assert.equal(el.getChild('own')!.getChild('inner')!.ns, 'urn:own');
    assert.equal(el.getChild('x')!.ns, undefined, 'prefixed children do not inherit the default namespace');
  });

  it('answers is, getChild, getChildren, getChildText, text and attr', () => {
    const el = xml('message', { xmlns: NS_CLIENT, to: 'a@b' },
      xml('body', null, 'hello ', 'world'), xml('x', { xmlns: 'urn:x' }), xml('x', { xmlns: 'urn:y' }), 'tail');
    assert.ok(el.is('message'));
    assert.ok(el.is('message', NS_CLIENT));
    assert.ok(!el.is('message', 'urn:other'));
    assert.equal(el.getChildText('body'), 'hello world');
    assert.equal(el.getChild('x', 'urn:y')!.ns, 'urn:y');
    assert.equal(el.getChildren('x').length, 2);
    assert.equal(el.getChild('missing'), undefined);
    assert.equal(el.text(), 'tail');
    assert.equal(el.attr('to'), 'a@b');
    el.setAttr('to', undefined).setAttr('id', '1');
    assert.deepEqual(el.attrs, { id: '1' });
  });

  it('clones deeply', () => {
    const el = xml('a', { xmlns: 'urn:a', k: 'v' }, xml('b', null, 't'));
    const copy = el.clone();
    assert.deepEqual(copy, el);
    copy.getChild('b')!.children.push('more');
    copy.setAttr('k', 'w');
    assert.equal(el.getChildText('b'), 't');
    assert.equal(el.attr('k'), 'v');
  });
});

describe('serialize()', () => {
  it('writes xmlns only where the namespace changes', () => {
    const el = xml('iq', { xmlns: NS_CLIENT, type: 'result' }, xml('query', { xmlns: 'jabber:iq:roster' }, xml('item', { jid: 'a@b' })));
    assert.equal(serialize(el), '<iq xmlns="jabber:client" type="result"><query xmlns="jabber:iq:roster"><item jid="a@b"/></query></iq>');
    assert.equal(serialize(el, STREAM), '<iq type="result"><query xmlns="jabber:iq:roster"><item jid="a@b"/></query></iq>');
  });

  it('declares a prefix where it is unbound, and not below', () => {
    const err = xml('stream:error', { xmlns: NS_STREAM }, xml('conflict', { xmlns: NS_STREAMS_ERR }), xml('stream:x', { xmlns: NS_STREAM }));
    assert.equal(serialize(err, STREAM), `<stream:error><conflict xmlns="${NS_STREAMS_ERR}"/><stream:x/></stream:error>`);
    assert.equal(serialize(err), `<stream:error xmlns:stream="${NS_STREAM}"><conflict xmlns="${NS_STREAMS_ERR}"/><stream:x/></stream:error>`);
  });

  it('writes a stream header with its content namespace and a prefixed namespace', () => {
    const header = new Element('stream:stream', { xmlns: NS_CLIENT, 'xmlns:stream': NS_STREAM, to: 'localhost' }, NS_STREAM);
    assert.equal(header.ns, NS_STREAM);
    assert.equal(header.clone().ns, NS_STREAM);
    header.append(xml('presence', { xmlns: NS_CLIENT }));
    assert.equal(serialize(header), `<stream:stream xmlns="${NS_CLIENT}" xmlns:stream="${NS_STREAM}" to="localhost"><presence/></stream:stream>`);
  });

  it('escapes text: & < > and CR; quotes stay', () => {
    const el = xml('body', null, `a & b < c > d "q" 'a' ]]> \r\n`);
    assert.equal(serialize(el), `<body>a &amp; b &lt; c &gt; d "q" 'a' ]]&gt; &#13;\n</body>`);
  });

  it('escapes attributes: quotes, tabs and line ends as character references', () => {
    const el = xml('x', { a: `it's "quoted" & <tagged>`, b: 'line1\nline2\r\tend' });
    assert.equal(serialize(el), '<x a="it&apos;s &quot;quoted&quot; &amp; &lt;tagged&gt;" b="line1&#10;line2&#13;&#9;end"/>');
  });

  it('replaces characters XML cannot carry by U+FFFD', () => {
    const bad = 'a\u0000b\u0001c\u000bd\ud800e\udc00f\ufffeg\uffff';
    assert.ok(hasInvalidXmlChars(bad));
    assert.equal(stripInvalidXmlChars(bad), 'a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf\ufffdg\ufffd');
    assert.ok(!hasInvalidXmlChars('ok \t\n\r 🙂 \ud83d\ude42'));
    assert.equal(escapeText('\u0002<'), '\ufffd&lt;');
    assert.equal(escapeAttr('\u0002"'), '\ufffd&quot;');
    const el = xml('m', { a: 'x\u0001y' }, 'p\u0008q');
    assert.equal(serialize(el), '<m a="x\ufffdy">p\ufffdq</m>');
    assert.ok(parseElement(serialize(el)).ok, 'the output is well-formed');
  });

  it('writes an element in no namespace without xmlns="" unless a default is in scope', () => {
    const el = new Element('a', {}, '');
    assert.equal(serialize(el), '<a/>');
    assert.equal(serialize(xml('p', { xmlns: 'urn:p' }, el)), '<p xmlns="urn:p"><a xmlns=""/></p>');
  });
});

describe('round trips: parse → serialize → parse', () => {
  const docs = [
    `<message xmlns='${NS_CLIENT}' to='1001001@localhost' xml:lang='en'><body>caf&#xE9; &amp; &lt;b&gt; "x" 'y'</body></message>`,
    `<message xmlns='${NS_CLIENT}' from='pubsub.localhost'><event xmlns='${NS_PUBSUB_EVENT}'><items node='/finesse/api/User/1001001'>`
      + `<item id='1'><notification xmlns='${NS_PUBSUB}'>&lt;Update&gt;\n  &lt;event&gt;PUT&lt;/event&gt;\n&lt;/Update&gt;</notification>`
      + '</item></items></event></message>',
    `<a xmlns:p='urn:p' p:attr='1' plain="it's &quot;x&quot;"><p:b><c xmlns='urn:c'><d/></c></p:b></a>`,
    `<a b='tab&#9;lf&#10;cr&#13;' c='&lt;&amp;&gt;'>cr&#13;lf&#10;tab&#9;<![CDATA[<cdata & stuff>]]></a>`,
    `<stream:features xmlns:stream='${NS_STREAM}' xmlns='${NS_CLIENT}'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>`,
    '<a>中文 🙂 é <b/> € </a>',
    "<a xmlns='urn:a'><b xmlns=''><c/></b></a>",
  ];

  for (const [i, doc] of docs.entries()) {
    it(`keeps document ${i + 1} intact`, () => {
      const first = parse(doc);
      const text = serialize(first);
      const second = parse(text);
      assert.deepEqual(second, first);
      assert.equal(serialize(second), text, 'serialization is a fixed point');
    });
  }

  it('keeps the stream context out of stanzas and back in', () => {
    const el = parse(`<iq xmlns='${NS_CLIENT}' type='get'><stream:x xmlns:stream='${NS_STREAM}'/></iq>`);
    const inStream = serialize(el, STREAM);
    assert.equal(inStream, '<iq type="get"><stream:x xmlns:stream="http://etherx.jabber.org/streams"/></iq>');
    assert.deepEqual(parse(serialize(el)), el);
  });
});
