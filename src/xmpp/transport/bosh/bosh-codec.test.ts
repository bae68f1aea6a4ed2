import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseElement } from '../../../xml/parse.js';
import { xml } from '../../../xml/element.js';
import { NS_BOSH, NS_CLIENT, NS_SASL, NS_STREAM, NS_STREAMS_ERR, NS_XBOSH } from '../../../xml/ns.js';
import { streamErrorElement } from '../../stanza/stream-error.js';
import { streamFeatures } from '../../session/stream-features.js';
import {
  creationBody, httpStatusFor, negotiateVersion, parseRequest, parseRid, recoverableErrorBody, responseBody,
  terminateBody, toPayload,
} from './bosh-codec.js';
import { CREATION_RESPONSE_ATTRIBUTES, FINESSE_CREATION } from './bosh-fixtures.test-helper.js';

const parse = (text: string) => {
  const el = parseElement(text);
  assert.ok(el.ok, `not well-formed: ${text}`);
  return parseRequest(el.value);
};
const body = (attrs: string, content = ''): string => `<body xmlns='${NS_BOSH}' ${attrs}>${content}</body>`;

describe('bosh-codec: requests', () => {
  it('reads the Finesse creation request of §0.3', () => {
    const r = parse(FINESSE_CREATION);
    assert.ok(r.ok);
    const v = r.value;
    assert.equal(v.rid, 704654808);
    assert.equal(v.sid, undefined);
    assert.equal(v.ver, '1.9');
    assert.equal(v.wait, 30);
    assert.equal(v.hold, 1);
    assert.equal(v.to, 'fin1.ucce.local');
    assert.equal(v.lang, 'en-US');
    assert.equal(v.xmppVersion, '1.0');
    assert.equal(v.content, undefined);
    assert.equal(v.ack, undefined);
    assert.equal(v.isRestart, false);
    assert.equal(v.isTerminate, false);
    assert.deepEqual(v.payloads, []);
  });

  it('B16: parses rid as a safe integer up to 2^53-1 and refuses everything else', () => {
    const table: [string | undefined, number | undefined][] = [
      ['0', 0], ['1', 1], ['704654808', 704654808], ['4294967296', 4294967296],
      ['9007199254740991', 9007199254740991], ['009', 9],
      ['9007199254740992', undefined], ['99999999999999999999', undefined], ['-1', undefined], ['+1', undefined],
      ['1.5', undefined], ['1e5', undefined], ['0x10', undefined], [' 5', undefined], ['', undefined], ['abc', undefined],
      [undefined, undefined],
    ];
    for (const [text, expected] of table) assert.equal(parseRid(text), expected, `rid ${JSON.stringify(text)}`);
    for (const bad of ['-5', 'x', '9007199254740992']) {
      const r = parse(body(`rid='${bad}' sid='s'`));
      assert.ok(!r.ok && r.error === 'bad-request', bad);
    }
    const missing = parse(body(`sid='s'`));
    assert.ok(!missing.ok && missing.error === 'bad-request');
  });

  it('B2: refuses a body in another namespace, another root, or character data directly in <body/>', () => {
    for (const text of [
      `<body xmlns='urn:wrong' rid='1'/>`,
      `<body rid='1'/>`,
      `<bodyx xmlns='${NS_BOSH}' rid='1'/>`,
      body(`rid='1'`, 'hello'),
    ]) {
      const r = parse(text);
      assert.ok(!r.ok && r.error === 'bad-request', text);
    }
    assert.ok(parse(body(`rid='1'`, '\n  ')).ok, 'whitespace is not content');
  });

  it('refuses malformed wait, hold, pause, ack, key and newkey', () => {
    for (const attrs of [`wait='-1'`, `wait='soon'`, `hold='1.0'`, `pause='x'`, `ack='-3'`, `key='abc'`, `newkey='${'g'.repeat(40)}'`]) {
      const r = parse(body(`rid='1' ${attrs}`));
      assert.ok(!r.ok && r.error === 'bad-request', attrs);
    }
    const ok = parse(body(`rid='1' wait='0' hold='0' pause='60' ack='1' key='${'A'.repeat(40)}'`));
    assert.ok(ok.ok);
    assert.equal(ok.value.key, 'a'.repeat(40), 'keys compare in lower case');
  });

  it('X3: reads xmpp:restart whatever prefix binds urn:xmpp:xbosh; type=terminate; B19 ignores route and stream', () => {
    const r = parse(body(`rid='2' sid='s' xmlns:x='${NS_XBOSH}' x:restart='true' route='xmpp:h:5222' stream='s2'`));
    assert.ok(r.ok && r.value.isRestart);
    const t = parse(body(`rid='3' sid='s' type='terminate'`, `<presence xmlns='${NS_CLIENT}' type='unavailable'/>`));
    assert.ok(t.ok && t.value.isTerminate);
    assert.equal(t.value.payloads[0]?.attr('type'), 'unavailable');
  });

  it('keeps payload namespaces; payloads written without xmlns become jabber:client (COMPAT)', () => {
    const r = parse(body(`rid='2' sid='s'`, `<auth xmlns='${NS_SASL}' mechanism='PLAIN'>AA==</auth><message to='a@b'><body>hi</body></message>`));
    assert.ok(r.ok);
    const [auth, message] = r.value.payloads;
    assert.equal(auth?.ns, NS_SASL);
    assert.equal(message?.ns, NS_CLIENT);
    assert.equal(message?.getChild('body')?.ns, NS_CLIENT);
  });

  it('accepts a sane content attribute only', () => {
    const good = parse(body(`rid='1' content='text/xml; charset=utf-8'`));
    assert.ok(good.ok && good.value.content === 'text/xml; charset=utf-8');
    const bad = parse(body(`rid='1' content='text/xml&#13;&#10;X-Evil: 1'`));
    assert.ok(bad.ok && bad.value.content === undefined);
  });

  it('negotiates ver as the lower of the client\'s and 1.11', () => {
    const table: [string, string][] = [['1.9', '1.9'], ['1.6', '1.6'], ['1.11', '1.11'], ['1.12', '1.11'], ['2.0', '1.11'], ['1.10', '1.10'], ['0.9', '0.9'], ['x', '1.11']];
    for (const [client, expected] of table) assert.equal(negotiateVersion(client), expected, client);
  });
});

describe('bosh-codec: replies', () => {
  const features = toPayload(streamFeatures({ authenticated: false, offerStartTls: false, requireStartTls: false, mechanisms: ['PLAIN'] }));

  it('builds the creation response with exactly the attributes of §0.3 "Parley" and features inline (B4, X1, X3)', () => {
    const text = creationBody({
      sid: 'abc', authid: 'def', requests: 2, inactivityS: 60, pollingS: 5, waitS: 30, hold: 1, ver: '1.9',
      maxPauseS: 120, ack: 704654808, from: 'fin1.ucce.local',
    }, [features]);
    const el = parseElement(text);
    assert.ok(el.ok);
    const b = el.value;
    assert.ok(b.is('body', NS_BOSH));
    assert.deepEqual(b.attrs, {
      sid: 'abc', authid: 'def', secure: 'true', requests: '2', inactivity: '60', polling: '5', wait: '30', hold: '1',
      ver: '1.9', maxpause: '120', ack: '704654808', from: 'fin1.ucce.local', 'xmpp:version': '1.0',
      'xmpp:restartlogic': 'true', 'xmlns:xmpp': NS_XBOSH, 'xmlns:stream': NS_STREAM,
    });
    assert.deepEqual(Object.keys(b.attrs).sort(), CREATION_RESPONSE_ATTRIBUTES);
    const f = b.getChild('features', NS_STREAM);
    assert.ok(f, 'stream:features inline');
    assert.deepEqual(f.getChild('mechanisms', NS_SASL)?.getChildren('mechanism').map((m) => m.text()), ['PLAIN']);
    assert.match(text, /^<body [^>]*xmlns:stream='http:\/\/etherx.jabber.org\/streams'/, 'xmlns:stream on <body/> itself (X2)');
  });

  it('leaves out maxpause when pausing is off and ver for a legacy client', () => {
    const el = parseElement(creationBody({ sid: 's', authid: 'a', requests: 2, inactivityS: 60, pollingS: 5, waitS: 60, hold: 1, ver: undefined, maxPauseS: 0, ack: 1, from: 'x' }, []));
    assert.ok(el.ok);
    assert.equal(el.value.attr('maxpause'), undefined);
    assert.equal(el.value.attr('ver'), undefined);
  });

  it('writes payloads namespace-complete (XEP-0206 §5) and ack only when given', () => {
    const msg = toPayload(xml('message', { xmlns: NS_CLIENT, to: 'a@b' }, xml('body', null, 'x < y')));
    assert.equal(responseBody([msg], 7), `<body xmlns='${NS_BOSH}' ack='7'><message xmlns="jabber:client" to="a@b"><body>x &lt; y</body></message></body>`);
    assert.equal(responseBody([]), `<body xmlns='${NS_BOSH}'/>`);
  });

  it('builds every terminate body with one function; remote-stream-error carries the stream error (X2)', () => {
    assert.equal(terminateBody(), `<body xmlns='${NS_BOSH}' type='terminate'/>`);
    assert.equal(terminateBody('item-not-found'), `<body xmlns='${NS_BOSH}' type='terminate' condition='item-not-found'/>`);
    assert.equal(terminateBody('system-shutdown'), `<body xmlns='${NS_BOSH}' type='terminate' condition='system-shutdown'/>`);
    const text = terminateBody('remote-stream-error', streamErrorElement('conflict', 'Replaced by new connection'));
    assert.match(text, /^<body xmlns='http:\/\/jabber.org\/protocol\/httpbind' type='terminate' condition='remote-stream-error' xmlns:stream=/);
    const el = parseElement(text);
    assert.ok(el.ok);
    const error = el.value.getChild('error', NS_STREAM);
    assert.ok(error?.getChild('conflict', NS_STREAMS_ERR));
    assert.equal(error?.getChildText('text', NS_STREAMS_ERR), 'Replaced by new connection');
    assert.equal(recoverableErrorBody(), `<body xmlns='${NS_BOSH}' type='error'/>`);
  });

  it('B15: HTTP 200 for ver clients; the deprecated 400/403/404 only for legacy ones', () => {
    assert.equal(httpStatusFor('item-not-found', false), 200);
    assert.equal(httpStatusFor('item-not-found', true), 404);
    assert.equal(httpStatusFor('bad-request', true), 400);
    assert.equal(httpStatusFor('policy-violation', true), 403);
    assert.equal(httpStatusFor('system-shutdown', true), 200);
    assert.equal(httpStatusFor(undefined, true), 200);
  });
});
