// Table tests of the BOSH state machine on a ManualClock: each case is a script of steps — a request
// arrives, a connection closes, the server sends a stanza, time passes — and the replies and events it
// must produce, in order. [notification-service] §2.1 B1–B19, §2.2 X1–X5.
import { describe, it } from 'node:test';
import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../shared/clock.js';
import { parseElement } from '../../../xml/parse.js';
import { xml, type Element } from '../../../xml/element.js';
import { NS_BOSH, NS_CLIENT, NS_STREAM, NS_STREAMS_ERR } from '../../../xml/ns.js';
import { DEFAULT_CONFIG } from '../../../config/defaults.js';
import { streamErrorElement } from '../../stanza/stream-error.js';
import { parseRequest, type BoshRequest } from './bosh-codec.js';
import { BoshSession, type BoshEnd, type BoshLimits, type BoshReply, type Exchange } from './bosh-session.js';
import { CREATION_RESPONSE_ATTRIBUTES, FINESSE_CREATION } from './bosh-fixtures.test-helper.js';

const R = 704654808; // the creation rid of the Finesse fixture
const LIMITS: BoshLimits = { maxWaitS: 60, maxHold: 1, requests: 0, inactivityS: 60, pollingS: 5, maxPauseS: 120, maxBufferBytes: 4096 };

function request(text: string): BoshRequest {
  const el = parseElement(text);
  assert.ok(el.ok, text);
  const r = parseRequest(el.value);
  assert.ok(r.ok, text);
  return r.value;
}

const msg = (id: string): Element => xml('message', { xmlns: NS_CLIENT, to: '1001003@fin1.ucce.local/desktop', id });

/** Summarizes a reply: creation | empty | names of payloads | terminate[:condition] | error, plus @status when not 200. */
function describeReply(r: BoshReply): string {
  const el = parseElement(r.body);
  assert.ok(el.ok, r.body);
  const b = el.value;
  assert.ok(b.is('body', NS_BOSH));
  let s: string;
  if (b.attr('type') === 'terminate') s = b.attr('condition') ? `terminate:${b.attr('condition')}` : 'terminate';
  else if (b.attr('type') === 'error') s = 'error';
  else if (b.attr('sid')) s = 'creation';
  else if (b.elements().length === 0) s = 'empty';
  else s = b.elements().map((e) => e.attr('id') ?? e.localName).join('+');
  if (b.attr('ack') !== undefined && s !== 'creation') s += ` ack=${Number(b.attr('ack')) - R}`;
  return r.status === 200 ? s : `${s}@${r.status}`;
}

interface Harness {
  clock: ManualClock;
  session: BoshSession;
  /** "label: reply" lines since the last take(); labels are rid offsets from R unless given. */
  take(): string[];
  events: string[];
  end: (BoshEnd & { undelivered: Element[] }) | undefined;
  send(attrs: string, payload?: string, label?: string): Exchange;
  close(ex: Exchange): void;
}

/**
 * A session created from the Finesse fixture (or `creation`), wired to a fake XMPP side that answers the
 * stream open with features and every payload `<message id=X/>` with nothing.
 */
function harness(opts: { limits?: Partial<BoshLimits>; creation?: string } = {}): Harness {
  const clock = new ManualClock();
  const creation = request(opts.creation ?? FINESSE_CREATION);
  const session = new BoshSession(creation, { sid: 'SID', domain: 'fin1.ucce.local', limits: { ...LIMITS, ...opts.limits }, clock });
  const replies: string[] = [];
  const events: string[] = [];
  const h: Harness = {
    clock,
    session,
    events,
    end: undefined,
    take: () => replies.splice(0),
    send(attrs, payload = '', label) {
      const req = request(`<body xmlns='${NS_BOSH}' sid='SID' ${attrs}>${payload}</body>`);
      const ex = exchange(label ?? String(req.rid - R));
      session.receive(req, ex);
      return ex;
    },
    close: (ex) => session.connectionClosed(ex),
  };
  const exchange = (label: string): Exchange => {
    let done = false;
    return { respond(r) { assert.ok(!done, `${label} answered twice`); done = true; replies.push(`${label}: ${describeReply(r)}`); } };
  };
  session.setStreamId('STREAM');
  session.start(creation, exchange('0'), {
    streamOpened: () => {
      events.push('open');
      session.enqueue(xml('stream:features', { xmlns: NS_STREAM }));
    },
    payloads: (els) => events.push(`payloads ${els.map((e) => e.attr('id') ?? e.localName).join('+')}`),
    clientTerminated: () => {
      events.push('client-terminated');
      session.terminate();
    },
    ended: (end) => {
      h.end = end;
      events.push(`ended ${end.cause}`);
    },
  });
  return h;
}

const rid = (n: number): string => `rid='${R + n}'`;

// [XEP-0124] §15: K(1) = sha1(seed), K(n) = sha1(K(n-1)); the creation request sends newkey = K(4).
const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex');
const keyChain: string[] = ['', sha1('seed')];
for (let i = 2; i <= 4; i++) keyChain[i] = sha1(keyChain[i - 1]!);

describe('BoshSession: creation (§0.3, B4, X1)', () => {
  it('answers the Finesse creation request at once with the advertised values, ack = rid and features', () => {
    const clock = new ManualClock();
    const creation = request(FINESSE_CREATION);
    const session = new BoshSession(creation, { sid: 'SID', domain: 'fin1.ucce.local', limits: LIMITS, clock });
    session.setStreamId('STREAM');
    let body = '';
    session.start(creation, { respond: (r) => { body = r.body; assert.equal(r.status, 200); assert.equal(r.contentType, 'text/xml; charset=utf-8'); } }, {
      streamOpened: () => void session.enqueue(xml('stream:features', { xmlns: NS_STREAM }, xml('mechanisms', { xmlns: 'urn:ietf:params:xml:ns:xmpp-sasl' }))),
      payloads: () => {}, clientTerminated: () => {}, ended: () => {},
    });
    const el = parseElement(body);
    assert.ok(el.ok);
    const b = el.value;
    assert.deepEqual(Object.keys(b.attrs).sort(), CREATION_RESPONSE_ATTRIBUTES);
    assert.equal(b.attr('sid'), 'SID');
    assert.equal(b.attr('authid'), 'STREAM');
    assert.equal(b.attr('secure'), 'true');
    assert.equal(b.attr('wait'), '30', 'the client\'s 30 (≤ max 60)');
    assert.equal(b.attr('hold'), '1');
    assert.equal(b.attr('requests'), '2', 'hold + 1');
    assert.equal(b.attr('inactivity'), '60');
    assert.equal(b.attr('polling'), '5');
    assert.equal(b.attr('maxpause'), '120');
    assert.equal(b.attr('ver'), '1.9', 'min(1.9, 1.11)');
    assert.equal(b.attr('ack'), '704654808', '[decisions] 2: ack = creation rid, although the client sent none');
    assert.equal(b.attr('from'), 'fin1.ucce.local');
    assert.equal(b.attr('xmpp:version'), '1.0');
    assert.equal(b.attr('xmpp:restartlogic'), 'true');
    assert.ok(b.getChild('features', NS_STREAM)?.getChild('mechanisms'));
    assert.equal(session.isLegacy, false);
  });

  it('caps wait and hold at the server maximum, advertises the configured requests when above hold + 1', () => {
    const h = harness({ creation: `<body xmlns='${NS_BOSH}' rid='${R}' to='fin1.ucce.local' wait='300' hold='3' ver='1.6'/>`, limits: { requests: 4, maxHold: 2 } });
    assert.equal(h.session.waitS, 60);
    assert.equal(h.session.hold, 2);
    assert.equal(h.session.requests, 4);
    const low = harness({ limits: { requests: 1 } });
    assert.equal(low.session.requests, 2, 'requests is always > hold');
  });
});

const HOLD_2 = `<body xmlns='${NS_BOSH}' rid='${R}' to='fin1.ucce.local' wait='30' hold='2' ver='1.11'/>`;

interface Case {
  name: string;
  limits?: Partial<BoshLimits>;
  creation?: string;
  /** Steps: ['send', attrs, payload?] | ['close', label] | ['push', id] | ['advance', ms] | ['expect', ...replies] | ['events', ...events] */
  steps: (readonly [string, ...(string | number)[]])[];
}

const CASES: Case[] = [
  {
    name: 'B7: a held request is answered with an empty body after wait, not before',
    steps: [
      ['send', rid(1)], ['expect'],
      ['advance', 29_999], ['expect'],
      ['advance', 1], ['expect', '1: empty'],
    ],
  },
  {
    name: 'B7: with more than hold requests held, the oldest is answered at once (ack tells what was received)',
    steps: [
      ['send', rid(1)], ['send', rid(2), `<message xmlns='${NS_CLIENT}' id='a'/>`],
      ['expect', '1: empty ack=2'], ['events', 'open', 'payloads a'],
    ],
  },
  {
    name: 'B8: a stanza for the client goes out at once on the held request; the next waits again',
    steps: [
      ['send', rid(1)], ['push', 'n1'], ['expect', '1: n1'],
      ['send', rid(2)], ['push', 'n2'], ['push', 'n3'], ['expect', '2: n2'],
      ['send', rid(3)], ['expect', '3: n3'],
    ],
  },
  {
    name: 'B8: stanzas that arrive while nothing is held wait for the next request',
    steps: [['push', 'n1'], ['push', 'n2'], ['advance', 10_000], ['send', rid(1)], ['expect', '1: n1+n2']],
  },
  {
    name: 'B6: out-of-order requests are forwarded and answered in rid order',
    steps: [
      ['send', rid(2), `<message xmlns='${NS_CLIENT}' id='b'/>`], ['expect'], ['events', 'open'],
      ['send', rid(1), `<message xmlns='${NS_CLIENT}' id='a'/>`],
      ['events', 'open', 'payloads a', 'payloads b'], ['expect', '1: empty ack=2'],
      ['advance', 30_000], ['expect', '2: empty'],
    ],
  },
  {
    name: 'B6: a rid beyond the window terminates the session with item-not-found',
    steps: [['send', rid(3)], ['expect', '3: terminate:item-not-found'], ['events', 'open', 'ended violation']],
  },
  {
    name: 'B6: the window is `requests` wide (Finesse profile: 4)',
    limits: { requests: 4 },
    steps: [['send', rid(4)], ['expect'], ['send', rid(6)], ['expect', '4: terminate:item-not-found', '6: terminate:item-not-found']],
  },
  {
    name: 'B9: a repeated rid gets the same body again, unchanged',
    steps: [
      ['send', rid(1)], ['push', 'n1'], ['expect', '1: n1'],
      ['send', rid(1), '', 'again'], ['expect', 'again: n1'],
      ['send', rid(0), '', 'creation-again'], ['expect', 'creation-again: creation'],
    ],
  },
  {
    name: 'B9: a rid received but not answered: the old connection gets a recoverable error, the new one waits',
    steps: [
      ['send', rid(1)], ['send', rid(1), '', 'retry'], ['expect', '1: error'],
      ['push', 'n1'], ['expect', 'retry: n1'],
    ],
  },
  {
    name: 'B9: a rid whose connection closed unanswered is held again when resent, its payloads not forwarded twice',
    steps: [
      ['send', rid(1), `<message xmlns='${NS_CLIENT}' id='a'/>`], ['close', '1'],
      ['push', 'n1'], ['expect'],
      ['send', rid(1), `<message xmlns='${NS_CLIENT}' id='a'/>`, 'retry'], ['expect', 'retry: n1'],
      ['events', 'open', 'payloads a'],
    ],
  },
  {
    name: 'B9: a rid no longer buffered terminates with item-not-found',
    steps: [
      ['send', rid(1)], ['advance', 30_000], ['send', rid(2)], ['advance', 30_000], ['send', rid(3)], ['advance', 30_000],
      ['expect', '1: empty', '2: empty', '3: empty'],
      ['send', rid(1), '', 'late'], ['expect', 'late: terminate:item-not-found'],
    ],
  },
  {
    name: 'B11: 60 s after the last response with nothing held the session ends silently',
    steps: [
      ['send', rid(1)], ['advance', 30_000], ['expect', '1: empty'],
      ['advance', 59_999], ['events', 'open'],
      ['advance', 1], ['events', 'open', 'ended inactivity'],
      ['send', rid(2), '', 'after'], ['expect', 'after: terminate:item-not-found'],
    ],
  },
  {
    name: 'B11: a held request whose socket closes starts the inactivity timer at that moment',
    steps: [
      ['send', rid(1)], ['advance', 10_000], ['close', '1'],
      ['advance', 59_999], ['events', 'open'],
      ['advance', 1], ['events', 'open', 'ended inactivity'], ['expect'],
    ],
  },
  {
    name: 'B11: every request, even a repeat, restarts the inactivity period',
    steps: [
      ['send', rid(1)], ['advance', 30_000], ['advance', 50_000], ['send', rid(1), '', 'again'],
      ['advance', 59_999], ['events', 'open'], ['advance', 1], ['events', 'open', 'ended inactivity'],
      ['expect', '1: empty', 'again: empty'],
    ],
  },
  {
    name: 'B12: pause answers every held request at once, the pause request without payloads, and idles longer',
    steps: [
      ['send', rid(1)], ['push', 'n1'], ['expect', '1: n1'],
      ['send', rid(2)], ['send', rid(3) + ` pause='100'`], ['expect', '2: empty ack=3', '3: empty'],
      ['push', 'n2'], ['advance', 99_999], ['events', 'open'],
      ['advance', 1], ['events', 'open', 'ended inactivity'],
    ],
  },
  {
    name: 'B12: the pause request gets no payload even when stanzas are waiting',
    steps: [['push', 'n1'], ['send', rid(1) + ` pause='30'`], ['expect', '1: empty'], ['send', rid(2)], ['expect', '2: n1']],
  },
  {
    name: 'B12: a pause above maxpause is a policy violation',
    steps: [['send', rid(1) + ` pause='121'`], ['expect', '1: terminate:policy-violation'], ['events', 'open', 'ended violation']],
  },
  {
    name: 'B12: the next request restores the normal inactivity',
    steps: [
      ['send', rid(1) + ` pause='120'`], ['expect', '1: empty'], ['advance', 100_000],
      ['send', rid(2)], ['advance', 30_000], ['expect', '2: empty'],
      ['advance', 60_000], ['events', 'open', 'ended inactivity'],
    ],
  },
  {
    // With hold=1 the window (B6) already stops a third request; with hold=2 (requests=3) it does not.
    name: 'B13: more than `requests` simultaneous requests is a policy violation; all open requests learn it',
    limits: { maxHold: 2 },
    creation: HOLD_2,
    steps: [
      ['send', rid(1)], ['send', rid(2)], ['send', rid(4)], ['expect'],
      ['send', rid(5)],
      ['expect', '1: terminate:policy-violation', '2: terminate:policy-violation', '4: terminate:policy-violation', '5: terminate:policy-violation'],
      ['events', 'open', 'ended violation'],
    ],
  },
  {
    name: 'B13: one extra request is allowed when it terminates; the request that fills the gap is not blamed',
    limits: { maxHold: 2 },
    creation: HOLD_2,
    steps: [
      ['send', rid(1)], ['send', rid(2)], ['send', rid(4)], ['send', rid(5) + ` type='terminate'`], ['expect'],
      ['send', rid(3), `<presence xmlns='${NS_CLIENT}' type='unavailable' id='bye'/>`],
      ['events', 'open', 'payloads bye', 'client-terminated', 'ended closed'],
      ['expect', '1: terminate', '2: empty', '3: empty', '4: empty', '5: empty'],
    ],
  },
  {
    name: 'B13: a polling session (hold=0) that polls faster than `polling` gets policy-violation',
    limits: { maxHold: 0 },
    steps: [
      ['send', rid(1)], ['expect', '1: empty'], ['advance', 4_999], ['send', rid(2)],
      ['expect', '2: terminate:policy-violation'],
    ],
  },
  {
    name: 'B13: a polling session that keeps the interval is fine',
    limits: { maxHold: 0 },
    steps: [['send', rid(1)], ['advance', 5_000], ['send', rid(2)], ['advance', 5_000], ['send', rid(3)], ['expect', '1: empty', '2: empty', '3: empty']],
  },
  {
    name: 'B14: terminate forwards its payloads first, then answers (oldest terminate, the rest empty)',
    steps: [
      ['send', rid(1)], ['send', rid(2) + ` type='terminate'`, `<presence xmlns='${NS_CLIENT}' type='unavailable' id='bye'/>`],
      ['events', 'open', 'payloads bye', 'client-terminated', 'ended closed'],
      ['expect', '1: terminate', '2: empty'],
    ],
  },
  {
    name: 'B14: terminate with nothing else held gets type=terminate',
    steps: [['send', rid(1) + ` type='terminate'`], ['expect', '1: terminate'], ['events', 'open', 'client-terminated', 'ended closed']],
  },
  {
    name: 'B18: a key sequence is checked; a mismatch terminates with item-not-found without forwarding',
    steps: [
      ['send', rid(1) + ` key='${keyChain[3]}'`], ['send', rid(2) + ` key='${keyChain[2]}'`, `<message xmlns='${NS_CLIENT}' id='a'/>`],
      ['expect', '1: empty ack=2'],
      ['send', rid(3) + ` key='${keyChain[2]}'`, `<message xmlns='${NS_CLIENT}' id='b'/>`],
      ['expect', '2: terminate:item-not-found', '3: terminate:item-not-found'],
      ['events', 'open', 'payloads a', 'ended violation'],
    ],
  },
  {
    name: 'B18: once keys are used, a request without key is refused',
    steps: [['send', rid(1)], ['expect', '1: terminate:item-not-found']],
  },
  {
    name: 'X3: an xmpp:restart opens the stream again (payloads ignored) only when the session expects it',
    steps: [
      ['send', rid(1) + ` xmlns:xmpp='urn:xmpp:xbosh' xmpp:restart='true'`, `<message xmlns='${NS_CLIENT}' id='x'/>`],
      ['events', 'open'], ['advance', 30_000], ['expect', '1: empty'],
      ['expect-restart'],
      ['send', rid(2) + ` xmlns:xmpp='urn:xmpp:xbosh' xmpp:restart='true'`], ['events', 'open', 'open'], ['expect', '2: features'],
    ],
  },
];

describe('BoshSession: table', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const usesKeys = c.name.startsWith('B18');
      const creation = usesKeys ? FINESSE_CREATION.replace('rid=', `newkey="${keyChain[4]}" rid=`) : c.creation;
      const h = harness({ ...(c.limits ? { limits: c.limits } : {}), ...(creation ? { creation } : {}) });
      assert.deepEqual(h.take(), ['0: creation']);
      const exchanges = new Map<string, Exchange>();
      let pushed = 0;
      for (const [kind, ...args] of c.steps) {
        switch (kind) {
          case 'send': {
            const [attrs, payload, label] = args as [string, string?, string?];
            const ex = h.send(attrs, payload ?? '', label);
            exchanges.set(label ?? String(Number(/rid='(\d+)'/.exec(attrs)![1]) - R), ex);
            break;
          }
          case 'close': h.close(exchanges.get(String(args[0]))!); break;
          case 'push': pushed++; assert.ok(h.session.enqueue(msg(String(args[0])))); break;
          case 'advance': h.clock.advance(Number(args[0])); break;
          case 'expect-restart': h.session.expectRestart(); break;
          case 'expect': {
            const got = h.take();
            assert.deepEqual(got, args.map(String), `replies at step ${kind} ${args.join(', ')}`);
            break;
          }
          case 'events': assert.deepEqual(h.events, args.map(String)); break;
          default: assert.fail(`unknown step ${kind}`);
        }
      }
      void pushed;
    });
  }
});

describe('BoshSession: teardown and buffers', () => {
  it('hands back unacknowledged and still-buffered stanzas, in order, when the session idles out', () => {
    const h = harness();
    h.take();
    h.send(rid(1));
    h.session.enqueue(msg('sent-1')); // answered on rid 1, never acknowledged
    h.clock.advance(10_000);
    h.send(rid(2)); // a request without ack: the answers to all earlier requests arrived (rid 1 included)
    h.session.enqueue(msg('sent-2')); // answered on rid 2, unacknowledged
    h.close({ respond() {} }); // unknown exchange: no effect
    assert.deepEqual(h.take(), ['1: sent-1', '2: sent-2']);
    h.session.enqueue(msg('buffered')); // nothing held
    h.clock.advance(60_000);
    assert.equal(h.end?.cause, 'inactivity');
    assert.deepEqual(h.end?.undelivered.map((e) => e.attr('id')), ['sent-2', 'buffered']);
  });

  it('the client\'s ack attribute says which answers arrived; the others are handed back at the end', () => {
    const h = harness();
    h.take();
    h.send(rid(1));
    h.session.enqueue(msg('a'));
    h.send(rid(2) + ` ack='${R}'`); // only the creation response arrived: 'a' may be lost
    h.session.enqueue(msg('b'));
    h.send(rid(3) + ` ack='${R + 1}'`); // now 'a' arrived, 'b' not yet
    h.session.terminate('system-shutdown');
    assert.deepEqual(h.take(), ['1: a', '2: b', '3: terminate:system-shutdown']);
    assert.deepEqual(h.end?.undelivered.map((e) => e.attr('id')), ['b']);
  });

  it('B15: terminate() answers every open request with the condition; remote-stream-error carries the stream error', () => {
    const h = harness();
    h.take();
    let body = '';
    h.session.receive(request(`<body xmlns='${NS_BOSH}' sid='SID' rid='${R + 1}'/>`), { respond: (r) => { body = r.body; } });
    h.session.terminate('remote-stream-error', streamErrorElement('conflict', 'Replaced by new connection'));
    const el = parseElement(body);
    assert.ok(el.ok);
    assert.equal(el.value.attr('condition'), 'remote-stream-error');
    assert.ok(el.value.getChild('error', NS_STREAM)?.getChild('conflict', NS_STREAMS_ERR));
    assert.equal(h.end?.cause, 'closed');
  });

  it('B15: a legacy client (no ver) gets the deprecated HTTP codes', () => {
    const h = harness({ creation: `<body xmlns='${NS_BOSH}' rid='${R}' to='fin1.ucce.local' wait='30' hold='1'/>` });
    assert.equal(h.session.isLegacy, true);
    h.take();
    h.send(rid(5));
    assert.deepEqual(h.take(), ['5: terminate:item-not-found@404']);
  });

  it('refuses to buffer beyond the cap', () => {
    const h = harness({ limits: { maxBufferBytes: 200 } }); // ~75 bytes per message
    h.take();
    assert.equal(h.session.enqueue(msg('1')), true);
    assert.equal(h.session.enqueue(msg('2')), true);
    assert.equal(h.session.enqueue(msg('3')), false);
    assert.ok(h.session.bufferedBytes > 200);
  });

  it('B16: works with rids near 2^53-1', () => {
    const top = Number.MAX_SAFE_INTEGER;
    const clock = new ManualClock();
    const creation = request(`<body xmlns='${NS_BOSH}' rid='${top - 2}' to='d' wait='30' hold='1' ver='1.11'/>`);
    const s = new BoshSession(creation, { sid: 'S', domain: 'd', limits: LIMITS, clock });
    const out: string[] = [];
    s.start(creation, { respond: () => out.push('creation') }, { streamOpened() {}, payloads() {}, clientTerminated() {}, ended() {} });
    s.receive(request(`<body xmlns='${NS_BOSH}' sid='S' rid='${top - 1}'/>`), { respond: (r) => out.push(describeReply(r)) });
    s.receive(request(`<body xmlns='${NS_BOSH}' sid='S' rid='${top}'/>`), { respond: (r) => out.push(describeReply(r)) });
    assert.equal(out.length, 2);
    assert.equal(out[0], 'creation');
    assert.ok(out[1]!.startsWith('empty'));
  });

  it('reports "last active" as 0 while a request is held, then the idle time (Openfire\'s notion)', () => {
    const h = harness();
    h.send(rid(1));
    h.clock.advance(5_000);
    assert.equal(h.session.lastActiveAgo(), 0);
    h.clock.advance(25_000); // wait expires: answered
    h.clock.advance(13_230);
    assert.equal(h.session.lastActiveAgo(), 13_230);
  });

  it('idles out after the default 60 s of the configuration (--inactivity), exactly', () => {
    const inactivityS = DEFAULT_CONFIG.bosh.inactivityS;
    assert.equal(inactivityS, 60);
    const h = harness({ limits: { inactivityS } });
    h.send(rid(1));
    h.clock.advance(30_000); // the held request is answered; from now on nothing is open
    h.clock.advance(59_999);
    assert.equal(h.session.isEnded, false);
    h.clock.advance(1);
    const end = h.end as (BoshEnd & { undelivered: Element[] }) | undefined;
    assert.deepEqual(end && { ...end, undelivered: undefined }, { cause: 'inactivity', idleMs: 60_000, undelivered: undefined });
  });
});
