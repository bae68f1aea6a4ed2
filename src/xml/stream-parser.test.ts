import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { serialize, type Element } from './element.js';
import { NS_CLIENT, NS_STREAM } from './ns.js';
import { XmlStreamParser, type StreamEvent, type StreamParserLimits, type XmlCondition } from './stream-parser.js';

// style.md §6.5: every input is fed whole, one byte at a time, and in seeded random splits; the three
// must produce the same events.

const SEEDS = [1, 7, 42, 1234, 99_991];

/** mulberry32: a tiny seeded PRNG, so a failing split can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Splitter = { name: string; chunks: (buf: Buffer) => Iterable<Buffer> };

function* bytewise(buf: Buffer): Iterable<Buffer> {
  for (let i = 0; i < buf.length; i++) yield buf.subarray(i, i + 1);
}

function* randomSplits(buf: Buffer, seed: number): Iterable<Buffer> {
  const rnd = prng(seed);
  // Mostly small chunks, now and then a large one, so both kinds of boundary get exercised.
  for (let i = 0; i < buf.length;) {
    const n = 1 + Math.floor(rnd() < 0.9 ? rnd() * 40 : rnd() * 40_000);
    yield buf.subarray(i, i + n);
    i += n;
  }
}

const SPLITTERS: Splitter[] = [
  { name: 'whole', chunks: (buf) => [buf] },
  { name: 'byte by byte', chunks: bytewise },
  ...SEEDS.map((seed) => ({ name: `random splits, seed ${seed}`, chunks: (buf: Buffer) => randomSplits(buf, seed) })),
];

function summary(e: StreamEvent): string {
  switch (e.kind) {
    case 'stream-open': return `open ${serialize(e.el)}`;
    case 'stanza': return `stanza ${serialize(e.el)}`;
    case 'stream-close': return 'close';
    case 'error': return `error ${e.condition}`;
  }
}

/** Feeds a parser the chunks then calls end(); stops writing at the first error. */
function feed(chunks: Iterable<Buffer | string>, limits?: StreamParserLimits): StreamEvent[] {
  const events: StreamEvent[] = [];
  const parser = new XmlStreamParser((e) => events.push(e), limits);
  for (const c of chunks) {
    if (events.at(-1)?.kind === 'error') break;
    parser.write(c);
  }
  parser.end();
  return events;
}

/** Parses `input` every way; asserts they agree and returns the events of the whole feed. */
function parse(input: string | Buffer, limits?: StreamParserLimits): StreamEvent[] {
  const buf = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  let first: { events: StreamEvent[]; summary: string[] } | undefined;
  for (const s of SPLITTERS) {
    const events = feed(s.chunks(buf), limits);
    const sum = events.map(summary);
    if (first === undefined) first = { events, summary: sum };
    else assert.deepEqual(sum, first.summary, `${s.name} differs from whole`);
  }
  return first!.events;
}

function kinds(events: StreamEvent[]): string[] {
  return events.map((e) => (e.kind === 'error' ? `error ${e.condition}` : e.kind));
}

function stanzas(events: StreamEvent[]): Element[] {
  return events.flatMap((e) => (e.kind === 'stanza' ? [e.el] : []));
}

function lastError(events: StreamEvent[]): XmlCondition | undefined {
  const e = events.at(-1);
  return e?.kind === 'error' ? e.condition : undefined;
}

const DECL = "<?xml version='1.0'?>";
const HEADER = `<stream:stream xmlns='jabber:client' xmlns:stream='${NS_STREAM}' to='localhost' version='1.0'>`;
const OPEN = DECL + HEADER;
const CLOSE = '</stream:stream>';

/** A stream with the given body that is expected to fail with `condition` after `before` stanzas. */
function assertFails(body: string | Buffer, condition: XmlCondition, before = 0, limits?: StreamParserLimits): StreamEvent[] {
  const input = typeof body === 'string' ? OPEN + body : Buffer.concat([Buffer.from(OPEN), body]);
  const events = parse(input, limits);
  assert.equal(lastError(events), condition, `events: ${kinds(events).join(', ')}`);
  assert.equal(stanzas(events).length, before, 'stanzas before the error');
  assert.equal(events.filter((e) => e.kind === 'error').length, 1, 'exactly one error');
  return events;
}

/** A `<message>` whose UTF-8 encoding is exactly `bytes` long, padded with `fill` characters. */
function messageOfBytes(bytes: number, fill = 'a'): string {
  const head = "<message to='a@localhost'><body>";
  const tail = '</body></message>';
  const fillBytes = Buffer.byteLength(fill);
  let room = bytes - Buffer.byteLength(head + tail);
  const body = fill.repeat(Math.floor(room / fillBytes)) + 'a'.repeat(room % fillBytes);
  room = Buffer.byteLength(head + body + tail);
  assert.equal(room, bytes);
  return head + body + tail;
}

describe('XmlStreamParser: a normal client stream', () => {
  const input = `${OPEN}
  <iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq>
  <message to='1001001@localhost' xml:lang='en' id='m1'>
    <body>caf&#xE9; &amp; &lt;b&gt; &quot;x&quot; &apos;y&apos;</body>
    <event xmlns='http://jabber.org/protocol/pubsub#event'><items node='/finesse/api/User/1001001'>
      <item id='i1'><notification xmlns='http://jabber.org/protocol/pubsub'>&lt;Update&gt;&lt;/Update&gt;</notification></item>
    </items></event>
    <x:data xmlns:x='urn:example:x' x:kind='k' kind='plain'><plain/></x:data>
    <c><![CDATA[<not markup> & ]]>after</c>
  </message>
  <presence/>
${CLOSE}`;

  it('emits the header, each stanza with resolved namespaces, and the close', () => {
    const events = parse(input);
    assert.deepEqual(kinds(events), ['stream-open', 'stanza', 'stanza', 'stanza', 'stream-close']);
  });

  it('gives the header its attributes, its namespace and the content namespace, without children', () => {
    const open = parse(input)[0]!;
    assert.equal(open.kind, 'stream-open');
    const el = open.el;
    assert.equal(el.name, 'stream:stream');
    assert.ok(el.is('stream', NS_STREAM));
    assert.deepEqual(el.attrs, { xmlns: NS_CLIENT, 'xmlns:stream': NS_STREAM, to: 'localhost', version: '1.0' });
    assert.equal(el.children.length, 0);
    assert.equal(el.clone().ns, NS_STREAM, 'a clone keeps the namespace');
  });

  it('builds each stanza with its whole subtree', () => {
    const [iq, message, presence] = stanzas(parse(input));
    assert.ok(iq!.is('iq', NS_CLIENT));
    assert.deepEqual(iq!.attrs, { type: 'get', id: 'r1' });
    assert.ok(iq!.getChild('query', 'jabber:iq:roster'));
    assert.ok(presence!.is('presence', NS_CLIENT));
    const m = message!;
    assert.equal(m.attr('xml:lang'), 'en');
    assert.equal(m.getChildText('body', NS_CLIENT), 'café & <b> "x" \'y\'');
    const notification = m.getChild('event', 'http://jabber.org/protocol/pubsub#event')
      ?.getChild('items')?.getChild('item')?.getChild('notification', 'http://jabber.org/protocol/pubsub');
    assert.equal(notification?.text(), '<Update></Update>');
    const data = m.getChild('data', 'urn:example:x')!;
    assert.equal(data.name, 'x:data');
    assert.deepEqual(data.attrs, { 'xmlns:x': 'urn:example:x', 'x:kind': 'k', kind: 'plain' });
    assert.ok(data.getChild('plain', NS_CLIENT), 'unprefixed children keep the default namespace');
    assert.equal(m.getChildText('c'), '<not markup> & after', 'CDATA and text merge');
  });

  it('serializes a parsed stanza back in the stream context without repeating namespaces', () => {
    const iq = stanzas(parse(input))[0]!;
    assert.equal(serialize(iq, { ns: NS_CLIENT }), `<iq type="get" id="r1"><query xmlns="jabber:iq:roster"/></iq>`);
  });

  it('accepts a stream without XML declaration and one left open at the end', () => {
    const events = parse(`${HEADER}<presence/>`);
    assert.deepEqual(kinds(events), ['stream-open', 'stanza']);
  });

  it('handles stanzas arriving in the same chunk as the header and the close', () => {
    const events = parse(`${OPEN}<presence/><presence type='unavailable'/>${CLOSE}`);
    assert.deepEqual(kinds(events), ['stream-open', 'stanza', 'stanza', 'stream-close']);
  });
});

describe('XmlStreamParser: text and whitespace', () => {
  it('decodes multi-byte UTF-8 split across chunks', () => {
    const text = 'é € 中文 𝄞 🙂 Ωμέγα';
    const [m] = stanzas(parse(`${OPEN}<message><body>${text}</body><x a='${text}'/></message>${CLOSE}`));
    assert.equal(m!.getChildText('body'), text);
    assert.equal(m!.getChild('x')!.attr('a'), text);
  });

  it('accepts text fed as strings, split inside surrogate pairs', () => {
    const input = `${OPEN}<message><body>🙂𝄞🙂</body></message>${CLOSE}`;
    for (const seed of SEEDS) {
      const rnd = prng(seed);
      const parts: string[] = [];
      for (let i = 0; i < input.length;) {
        const n = 1 + Math.floor(rnd() * 5);
        parts.push(input.slice(i, i + n));
        i += n;
      }
      const events = feed(parts);
      assert.equal(stanzas(events)[0]?.getChildText('body'), '🙂𝄞🙂');
    }
  });

  it('ignores whitespace keepalives at stream level, however many', () => {
    const keepalives = ' \n\t\r\n '.repeat(10_000); // 60 kB, six times the 10 000-byte budget
    const events = parse(`${OPEN}${keepalives}<presence/>${keepalives}<presence/>${keepalives}${CLOSE}`, { maxStanzaBytes: 10_000 });
    assert.deepEqual(kinds(events), ['stream-open', 'stanza', 'stanza', 'stream-close']);
  });

  it('normalizes line ends inside stanzas', () => {
    const [m] = stanzas(parse(`${OPEN}<message><body>a\r\nb\rc&#13;</body></message>`));
    assert.equal(m!.getChildText('body'), 'a\nb\nc\r');
  });

  it('accepts whitespace-only CDATA at stream level', () => {
    assert.deepEqual(kinds(parse(`${OPEN}<![CDATA[ ]]><presence/>`)), ['stream-open', 'stanza']);
  });

  it('refuses text at stream level', () => {
    assertFails('hello', 'not-well-formed');
    assertFails('hello<presence/>', 'not-well-formed');
    assertFails('<presence/> x <presence/>', 'not-well-formed', 1);
    assertFails('<presence/>&amp;', 'not-well-formed', 1);
    assertFails('<![CDATA[x]]>', 'not-well-formed');
  });
});

describe('XmlStreamParser: size limits', () => {
  it('accepts a stanza of exactly maxStanzaBytes and refuses one byte more', () => {
    for (const fill of ['a', 'é', '€', '🙂']) {
      const exact = messageOfBytes(10_000, fill);
      assert.deepEqual(kinds(parse(`${OPEN}${exact}${CLOSE}`, { maxStanzaBytes: 10_000 })),
        ['stream-open', 'stanza', 'stream-close'], `fill ${fill}`);
      assertFails(messageOfBytes(10_001, fill) + CLOSE, 'policy-violation', 0, { maxStanzaBytes: 10_000 });
    }
  });

  it('counts each stanza from its own start tag', () => {
    const m = messageOfBytes(9_000);
    const events = parse(`${OPEN}${m}${m}${m}${CLOSE}`, { maxStanzaBytes: 10_000 });
    assert.equal(stanzas(events).length, 3);
  });

  it('raises a limit below 10 000 bytes to 10 000 (RFC 6120 §13.12)', () => {
    const events = parse(`${OPEN}${messageOfBytes(10_000)}`, { maxStanzaBytes: 100 });
    assert.equal(stanzas(events).length, 1);
  });

  it('refuses a 10 MB stanza', () => {
    const input = Buffer.concat([Buffer.from(`${OPEN}<message><body>`), Buffer.alloc(10 * 1024 * 1024, 'a'), Buffer.from('</body></message>')]);
    assert.equal(lastError(parse(input)), 'policy-violation');
  });

  it('stops at the limit while a 10 MB stanza streams in, with bounded memory', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const events: StreamEvent[] = [];
    const parser = new XmlStreamParser((e) => events.push(e));
    gc();
    const before = process.memoryUsage().heapUsed;
    parser.write(`${OPEN}<message><body>`);
    let fed = 0;
    let fedAtError = -1;
    for (let i = 0; i < 160; i++) { // 10 MiB
      parser.write(chunk);
      fed += chunk.length;
      if (fedAtError < 0 && events.length > 1) fedAtError = fed;
    }
    gc();
    const growth = process.memoryUsage().heapUsed - before;
    assert.equal(lastError(events), 'policy-violation');
    assert.ok(fedAtError > 0 && fedAtError <= 262_144 + 64 * 1024, `error after ${fedAtError} bytes`);
    assert.ok(growth < 4 * 1024 * 1024, `heap grew by ${growth} bytes`);
    assert.equal(events.length, 2, 'nothing after the error');
  });

  it('bounds stream-level markup: a huge name, comment or header', () => {
    const big = 'a'.repeat(300_000);
    assertFails(`<${big}`, 'policy-violation');
    assertFails(`<!--${big}`, 'policy-violation');
    assertFails(`</${big}`, 'policy-violation');
    assert.equal(lastError(parse(`${DECL}<stream:stream xmlns:stream='${NS_STREAM}' to='${big}'>`)), 'policy-violation');
    assert.equal(lastError(parse(`${DECL}${' '.repeat(300_000)}`)), 'policy-violation');
  });

  it('refuses nesting deeper than maxDepth (10 000 levels)', () => {
    assertFails(`<message>${'<a>'.repeat(10_000)}`, 'policy-violation');
    const nest = (n: number) => '<a>'.repeat(n) + '</a>'.repeat(n);
    // The stream header is depth 1 and the stanza depth 2.
    assert.equal(stanzas(parse(`${OPEN}<message>${nest(3)}</message>`, { maxDepth: 5 })).length, 1);
    assertFails(`<message>${nest(4)}</message>`, 'policy-violation', 0, { maxDepth: 5 });
  });

  it('refuses more than maxAttributes attributes (1 000)', () => {
    const attrs = (n: number) => Array.from({ length: n }, (_, i) => ` a${i}='${i}'`).join('');
    assertFails(`<message${attrs(1000)}/>`, 'policy-violation');
    assert.equal(stanzas(parse(`${OPEN}<message${attrs(64)}/>`)).length, 1);
    assertFails(`<message${attrs(65)}/>`, 'policy-violation');
    assertFails(`<message>${`<x${attrs(3)}/>`}</message>`, 'policy-violation', 0, { maxAttributes: 2 });
  });
});

describe('XmlStreamParser: restricted XML (RFC 6120 §11.1)', () => {
  it('refuses billion laughs without expanding anything', () => {
    const lol = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) lol.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const input = `${DECL}<!DOCTYPE lolz [${lol.join('')}]>${HEADER}<message><body>&lol9;</body></message>`;
    assert.deepEqual(kinds(parse(input)), ['error restricted-xml']);
  });

  it('refuses an external entity', () => {
    const input = `${DECL}<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${HEADER}<message><body>&xxe;</body></message>`;
    assert.deepEqual(kinds(parse(input)), ['error restricted-xml']);
    assertFails('<message><body>&xxe;</body></message>', 'restricted-xml');
  });

  it('refuses an internal entity and any DOCTYPE', () => {
    assert.deepEqual(kinds(parse(`<!DOCTYPE x [<!ENTITY e "EXPANDED">]>${HEADER}<message>&e;</message>`)), ['error restricted-xml']);
    assert.deepEqual(kinds(parse(`<!DOCTYPE stream:stream>${HEADER}`)), ['error restricted-xml']);
    assertFails('<!DOCTYPE x>', 'restricted-xml');
  });

  it('refuses an undefined entity in text and in attributes', () => {
    assertFails('<message><body>&foo;</body></message>', 'restricted-xml');
    assertFails("<message to='&foo;'/>", 'restricted-xml');
  });

  it('refuses comments, inside stanzas and between them', () => {
    assertFails('<message><!-- hi --></message>', 'restricted-xml');
    assertFails('<presence/><!-- hi --><presence/>', 'restricted-xml', 1);
    assert.deepEqual(kinds(parse(`${DECL}<!-- hi -->${HEADER}`)), ['error restricted-xml']);
  });

  it('refuses processing instructions, and an XML declaration that is not at the very start', () => {
    assertFails("<message><?php echo 'x' ?></message>", 'restricted-xml');
    assertFails('<presence/><?pi?>', 'restricted-xml', 1);
    assertFails(`<presence/>${DECL}`, 'restricted-xml', 1);
    assert.deepEqual(kinds(parse(`<?pi?>${HEADER}`)), ['error restricted-xml']);
  });

  it('accepts the five predefined entities and character references', () => {
    const [m] = stanzas(parse(`${OPEN}<m a='&lt;&gt;&amp;&quot;&apos;&#65;&#x42;'>&lt;&gt;&amp;&quot;&apos;&#65;&#x1F642;</m>`));
    assert.equal(m!.attr('a'), '<>&"\'AB');
    assert.equal(m!.text(), '<>&"\'A🙂');
  });
});

describe('XmlStreamParser: malformed input', () => {
  it('refuses an unbound prefix (not-well-formed, [XML-NAMES] "Prefix Declared")', () => {
    assertFails('<foo:bar/>', 'not-well-formed');
    assertFails("<message foo:a='1'/>", 'not-well-formed');
    assertFails('<presence/><message><foo:bar/></message>', 'not-well-formed', 1);
  });

  it('refuses invalid UTF-8, after delivering what came before', () => {
    const bad = Buffer.concat([Buffer.from('<presence/><message><body>ok'), Buffer.from([0xc3, 0x28]), Buffer.from('</body></message>')]);
    assertFails(bad, 'not-well-formed', 1);
    assertFails(Buffer.concat([Buffer.from('<presence/>'), Buffer.from([0xff])]), 'not-well-formed', 1);
    // An overlong encoding of '<' and a lone surrogate encoded in UTF-8.
    assertFails(Buffer.from([0xc0, 0xbc]), 'not-well-formed');
    assertFails(Buffer.concat([Buffer.from('<m>'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('</m>')]), 'not-well-formed');
  });

  it('refuses input ending inside a UTF-8 sequence or inside a stanza', () => {
    assertFails(Buffer.concat([Buffer.from('<presence/>'), Buffer.from([0xe2, 0x82])]), 'not-well-formed', 1);
    assertFails('<presence/><message><body>', 'not-well-formed', 1);
  });

  it('refuses garbage mid-stream', () => {
    assertFails('<presence/><<>>', 'not-well-formed', 1);
    assertFails("<presence/><message to='a' <body/></message>", 'not-well-formed', 1);
    assertFails('<presence/>\u0000', 'not-well-formed', 1);
  });

  it('refuses duplicate attributes, also through two prefixes for one namespace', () => {
    assertFails("<message to='a' to='b'/>", 'not-well-formed');
    assertFails("<message xmlns:a='urn:x' xmlns:b='urn:x' a:k='1' b:k='2'/>", 'not-well-formed');
  });

  it('refuses unquoted attributes and attributes without value', () => {
    assertFails('<message to=a/>', 'not-well-formed');
    assertFails('<message disabled/>', 'not-well-formed');
  });

  it('refuses control characters, raw or as character references', () => {
    assertFails('<message><body>\u0001</body></message>', 'not-well-formed');
    assertFails('<message><body>&#1;</body></message>', 'not-well-formed');
    assertFails("<message to='\u001f'/>", 'not-well-formed');
    assertFails('<message><body>&#xFFFE;</body></message>', 'not-well-formed');
  });

  it('refuses mismatched close tags', () => {
    assertFails('<message><body></message></body>', 'not-well-formed');
    assertFails('<presence/></message>', 'not-well-formed', 1);
  });

  it('refuses a second root after the stream closed', () => {
    const events = parse(`${OPEN}<presence/>${CLOSE}<presence/>`);
    assert.deepEqual(kinds(events), ['stream-open', 'stanza', 'stream-close', 'error not-well-formed']);
    assert.deepEqual(kinds(parse(`${OPEN}${CLOSE}${HEADER}`)), ['stream-open', 'stream-close', 'error not-well-formed']);
    assert.deepEqual(kinds(parse(`${OPEN}${CLOSE} junk`)), ['stream-open', 'stream-close', 'error not-well-formed']);
  });

  it('emits nothing after an error and ignores further input', () => {
    const events: StreamEvent[] = [];
    const parser = new XmlStreamParser((e) => events.push(e));
    parser.write(`${OPEN}<message><!-- x --></message>`);
    parser.write('<presence/><presence/>');
    parser.write(CLOSE);
    parser.end();
    assert.deepEqual(kinds(events), ['stream-open', 'error restricted-xml']);
  });
});

describe('XmlStreamParser: encodings and the stream header', () => {
  it('refuses UTF-16 input and a declaration of another encoding (RFC 6120 §11.6)', () => {
    assert.deepEqual(kinds(parse(Buffer.from('\ufeff<?xml version="1.0"?>', 'utf16le'))), ['error unsupported-encoding']);
    assert.deepEqual(kinds(parse(`<?xml version='1.0' encoding='ISO-8859-1'?>${HEADER}`)), ['error unsupported-encoding']);
    assert.deepEqual(kinds(parse(`<?xml version='1.0' encoding='utf-8'?>${HEADER}`)), ['stream-open']);
  });

  it('accepts a UTF-8 byte order mark', () => {
    assert.deepEqual(kinds(parse(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(OPEN)]))), ['stream-open']);
  });

  it('refuses a header outside the streams namespace (invalid-namespace)', () => {
    assert.deepEqual(kinds(parse("<stream:stream xmlns:stream='urn:wrong'>")), ['error invalid-namespace']);
    assert.deepEqual(kinds(parse(`<stream:features xmlns:stream='${NS_STREAM}'>`)), ['error invalid-namespace']);
    assert.deepEqual(kinds(parse("<stream xmlns='jabber:client'>")), ['error invalid-namespace']);
  });

  it('refuses the streams namespace under another prefix (bad-namespace-prefix, RFC 6120 §4.9.3.2)', () => {
    assert.deepEqual(kinds(parse(`<foobar:stream xmlns='jabber:client' xmlns:foobar='${NS_STREAM}'>`)), ['error bad-namespace-prefix']);
    assert.deepEqual(kinds(parse(`<stream xmlns='${NS_STREAM}'>`)), ['error bad-namespace-prefix']);
  });
});

describe('XmlStreamParser: reset, end and the sink', () => {
  it('restarts with a fresh document after reset(), XML declaration included', () => {
    const events: StreamEvent[] = [];
    const parser = new XmlStreamParser((e) => events.push(e));
    parser.write(`${OPEN}<auth/>`);
    parser.reset();
    parser.write(`${OPEN}<iq/>`);
    assert.deepEqual(kinds(events), ['stream-open', 'stanza', 'stream-open', 'stanza']);
  });

  it('discards the rest of the chunk when the sink resets (STARTTLS)', () => {
    const events: StreamEvent[] = [];
    const parser = new XmlStreamParser((e) => {
      events.push(e);
      if (e.kind === 'stanza' && e.el.is('starttls')) parser.reset();
    });
    parser.write(`${OPEN}<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/><message>injected</message>`);
    parser.write(`${OPEN}<presence/>`);
    assert.deepEqual(kinds(events), ['stream-open', 'stanza', 'stream-open', 'stanza']);
    assert.ok((events[3] as { el: Element }).el.is('presence'));
  });

  it('revives after an error when reset', () => {
    const events: StreamEvent[] = [];
    const parser = new XmlStreamParser((e) => events.push(e));
    parser.write(`${OPEN}<!-- x -->`);
    parser.reset();
    parser.write(`${OPEN}<presence/>`);
    assert.deepEqual(kinds(events), ['stream-open', 'error restricted-xml', 'stream-open', 'stanza']);
  });

  it('ends an idle open stream silently, and ignores input after end()', () => {
    const events: StreamEvent[] = [];
    const parser = new XmlStreamParser((e) => events.push(e));
    parser.write(`${OPEN}<presence/>  `);
    parser.end();
    parser.write('<presence/>');
    parser.end();
    assert.deepEqual(kinds(events), ['stream-open', 'stanza']);
  });

  it('lets a throwing sink throw, and then stays dead', () => {
    const parser = new XmlStreamParser((e) => {
      if (e.kind === 'stanza') throw new Error('sink bug');
    });
    assert.throws(() => parser.write(`${OPEN}<presence/>`), /sink bug/);
    assert.doesNotThrow(() => parser.write('<presence/>'));
  });
});
