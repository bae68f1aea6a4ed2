import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { serialize, type Element } from './element.js';
import { NS_BOSH, NS_CLIENT, NS_FRAMING, NS_XBOSH } from './ns.js';
import { parseElement, type ParseLimits } from './parse.js';
import type { XmlCondition } from './stream-parser.js';

// parseElement takes a whole document (a BOSH body, a WebSocket frame), so there are no chunk splits to
// try here; each input goes in both as a string and as UTF-8 bytes, and the two must agree.

function parseBoth(input: string | Buffer, limits?: ParseLimits): ReturnType<typeof parseElement> {
  const text = typeof input === 'string' ? input : input.toString('utf8');
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const fromBytes = parseElement(bytes, limits);
  if (typeof input === 'string' || bytes.equals(Buffer.from(text, 'utf8'))) {
    const fromText = parseElement(text, limits);
    assert.equal(fromText.ok, fromBytes.ok, 'string and bytes agree');
    if (fromText.ok && fromBytes.ok) assert.deepEqual(fromText.value, fromBytes.value);
    if (!fromText.ok && !fromBytes.ok) assert.equal(fromText.error, fromBytes.error);
  }
  return fromBytes;
}

function parseOk(input: string | Buffer, limits?: ParseLimits): Element {
  const r = parseBoth(input, limits);
  assert.ok(r.ok, r.ok ? '' : `${r.error}: ${r.text}`);
  return r.value;
}

function assertError(input: string | Buffer, condition: XmlCondition, limits?: ParseLimits): void {
  const r = parseBoth(input, limits);
  assert.equal(r.ok ? 'ok' : r.error, condition, r.ok ? serialize(r.value) : r.text);
}

describe('parseElement: documents', () => {
  it('parses a BOSH body with its stanzas (XEP-0124, XEP-0206)', () => {
    const body = parseOk(`<body rid='1573741825' sid='SomeSID' xmlns='${NS_BOSH}' xmlns:xmpp='${NS_XBOSH}' xmpp:restart='true'>
      <message xmlns='${NS_CLIENT}' to='a@localhost'><body>hi</body></message>
      <iq xmlns='${NS_CLIENT}' type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>
    </body>`);
    assert.ok(body.is('body', NS_BOSH));
    assert.deepEqual(body.attrs, { rid: '1573741825', sid: 'SomeSID', 'xmlns:xmpp': NS_XBOSH, 'xmpp:restart': 'true' });
    const [message, iq] = body.elements();
    assert.ok(message!.is('message', NS_CLIENT));
    assert.equal(message!.getChildText('body', NS_CLIENT), 'hi');
    assert.ok(iq!.getChild('ping', 'urn:xmpp:ping'));
  });

  it('parses an RFC 7395 framing element and a stanza frame', () => {
    const open = parseOk(`<open xmlns="${NS_FRAMING}" to="localhost" version="1.0"/>`);
    assert.ok(open.is('open', NS_FRAMING));
    assert.deepEqual(open.attrs, { to: 'localhost', version: '1.0' });
    assert.ok(parseOk(`<presence xmlns='${NS_CLIENT}'/>`).is('presence', NS_CLIENT));
  });

  it('accepts an XML declaration, a UTF-8 byte order mark and whitespace around the root', () => {
    assert.equal(parseOk(`<?xml version='1.0' encoding='UTF-8'?>\n<a/>\n`).name, 'a');
    assert.equal(parseOk(Buffer.from('\ufeff<a/>', 'utf8')).name, 'a');
    assert.deepEqual(parseOk('  <a> <b/> </a>  ').children, [' ', parseOk('<b/>'), ' ']);
  });

  it('decodes UTF-8, entities and CDATA', () => {
    const el = parseOk(Buffer.from("<a t='é&amp;&#x1F642;'>中文 🙂 &lt;x&gt;<![CDATA[<y>]]></a>", 'utf8'));
    assert.equal(el.attr('t'), 'é&🙂');
    assert.equal(el.text(), '中文 🙂 <x><y>');
  });

  it('gives an element in no namespace ns "" and serializes it back without xmlns', () => {
    const el = parseOk('<a><b xmlns="urn:x"><c xmlns=""/></b></a>');
    assert.equal(el.ns, '');
    assert.equal(el.getChild('b')!.getChild('c')!.ns, '');
    assert.equal(serialize(el), '<a><b xmlns="urn:x"><c xmlns=""/></b></a>');
  });

  it('keeps prefixes as written and resolves them', () => {
    const el = parseOk("<s:x xmlns:s='urn:s' xmlns='urn:d'><s:y/><z/></s:x>");
    assert.equal(el.name, 's:x');
    assert.equal(el.ns, 'urn:s');
    assert.equal(el.attr('xmlns'), 'urn:d', 'a default declaration on a prefixed element stays');
    assert.equal(el.getChild('y', 'urn:s')!.name, 's:y');
    assert.ok(el.getChild('z', 'urn:d'));
    assert.deepEqual(parseOk(serialize(el)), el);
  });
});

describe('parseElement: refused input', () => {
  it('needs exactly one root element', () => {
    assertError('', 'not-well-formed');
    assertError('   ', 'not-well-formed');
    assertError('<a/><b/>', 'not-well-formed');
    assertError('<a/>trailing', 'not-well-formed');
    assertError('leading<a/>', 'not-well-formed');
    assertError('<a>', 'not-well-formed');
    assertError('<a></b>', 'not-well-formed');
  });

  it('refuses DOCTYPE, entities, comments and processing instructions (restricted-xml)', () => {
    const lol = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) lol.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    assertError(`<?xml version="1.0"?><!DOCTYPE lolz [${lol.join('')}]><lolz>&lol9;</lolz>`, 'restricted-xml');
    assertError('<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>', 'restricted-xml');
    assertError('<!DOCTYPE x [<!ENTITY e "EXPANDED">]><x>&e;</x>', 'restricted-xml');
    assertError('<a>&foo;</a>', 'restricted-xml');
    assertError("<a b='&foo;'/>", 'restricted-xml');
    assertError('<a><!-- c --></a>', 'restricted-xml');
    assertError('<a/><!-- c -->', 'restricted-xml');
    assertError('<?pi x?><a/>', 'restricted-xml');
    assertError('<a><?pi x?></a>', 'restricted-xml');
  });

  it('refuses malformed XML (not-well-formed)', () => {
    assertError('<x:a/>', 'not-well-formed');
    assertError("<a x:b='1'/>", 'not-well-formed');
    assertError("<a b='1' b='2'/>", 'not-well-formed');
    assertError('<a b=1/>', 'not-well-formed');
    assertError('<a>\u0001</a>', 'not-well-formed');
    assertError('<a>&#0;</a>', 'not-well-formed');
    assertError('<a>]]></a>', 'not-well-formed');
    assertError('<a><b></a></b>', 'not-well-formed');
    assertError(Buffer.from([0x3c, 0x61, 0x3e, 0xc3, 0x28, 0x3c, 0x2f, 0x61, 0x3e]), 'not-well-formed');
    assertError(Buffer.from([0x3c, 0x61, 0x2f, 0x3e, 0xe2, 0x82]), 'not-well-formed');
  });

  it('refuses other encodings (unsupported-encoding)', () => {
    assertError(Buffer.from('\ufeff<a/>', 'utf16le'), 'unsupported-encoding');
    assertError("<?xml version='1.0' encoding='ISO-8859-1'?><a/>", 'unsupported-encoding');
  });
});

describe('parseElement: limits', () => {
  const doc = (bytes: number) => `<a>${'x'.repeat(bytes - 7)}</a>`;

  it('allows maxBytes plus the margin, and no more', () => {
    assert.equal(parseOk(doc(12_000), { maxBytes: 10_000, marginBytes: 2_000 }).text().length, 11_993);
    assertError(doc(12_001), 'policy-violation', { maxBytes: 10_000, marginBytes: 2_000 });
    assertError(doc(10_001), 'policy-violation', { maxBytes: 10_000, marginBytes: 0 });
    assert.ok(parseBoth(doc(262_144 + 1024)).ok, 'defaults: 256 KiB + 1 KiB');
    assertError(doc(262_144 + 1025), 'policy-violation');
  });

  it('counts bytes, not characters', () => {
    const euro = `<a>${'€'.repeat(3331)}</a>`; // 7 + 9 993 bytes
    assert.equal(Buffer.byteLength(euro), 10_000);
    assert.ok(parseBoth(euro, { maxBytes: 10_000, marginBytes: 0 }).ok);
    assertError(`<a>${'€'.repeat(3331)}x</a>`, 'policy-violation', { maxBytes: 10_000, marginBytes: 0 });
  });

  it('raises a maxBytes below 10 000 to 10 000', () => {
    assert.ok(parseBoth(doc(10_000), { maxBytes: 10, marginBytes: 0 }).ok);
  });

  it('refuses a 10 MB document before parsing it', () => {
    const big = Buffer.alloc(10 * 1024 * 1024, 'a');
    big.write('<a>');
    const t0 = performance.now();
    assertError(big, 'policy-violation');
    assert.ok(performance.now() - t0 < 500);
  });

  it('refuses nesting deeper than maxDepth', () => {
    assertError('<a>'.repeat(10_000) + '</a>'.repeat(10_000), 'policy-violation');
    const nest = (n: number) => '<a>'.repeat(n) + '</a>'.repeat(n);
    assert.ok(parseBoth(nest(32)).ok);
    assertError(nest(33), 'policy-violation');
    assertError(nest(4), 'policy-violation', { maxDepth: 3 });
  });

  it('refuses more than maxAttributes attributes', () => {
    const attrs = (n: number) => Array.from({ length: n }, (_, i) => ` a${i}='${i}'`).join('');
    assertError(`<a${attrs(1000)}/>`, 'policy-violation');
    assert.ok(parseBoth(`<a${attrs(64)}/>`).ok);
    assertError(`<a${attrs(65)}/>`, 'policy-violation');
    assertError(`<a><b${attrs(6)}/></a>`, 'policy-violation', { maxAttributes: 5 });
  });
});
