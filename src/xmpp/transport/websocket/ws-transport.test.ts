// The WebSocket transport against a fake `ws` socket and a manual clock: what it tells the session,
// what it writes and in which order, how it closes, back-pressure, keepalive, and that nothing handed to
// it is lost at teardown (the session reroutes what the peer did not read; see c2s-session.test.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { ManualClock } from '../../../shared/clock.js';
import { message } from '../../stanza/stanza.js';
import { NS_FRAMING } from '../../../xml/ns.js';
import { CLOSE_FRAME } from './ws-framing.js';
import { WebSocketTransport } from './ws-transport.js';

const OPEN_FRAME = `<open xmlns='${NS_FRAMING}' to='localhost' version='1.0'/>`;

class FakeWs extends EventEmitter {
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: string[] = [];
  readonly closes: [number, string][] = [];
  pings = 0;
  terminated = false;
  /** Write callbacks not yet called (a socket that has not flushed). */
  readonly pending: ((err?: Error) => void)[] = [];
  holdWrites = false;
  #dead = false;

  send(data: string, cb: (err?: Error) => void): void {
    if (this.readyState !== 1) {
      queueMicrotask(() => cb(new Error('not open')));
      return;
    }
    this.sent.push(data);
    if (this.holdWrites) this.pending.push(cb);
    else cb();
  }
  close(code: number, reason: string): void {
    this.closes.push([code, reason]);
    if (this.readyState === 1) this.readyState = 2;
  }
  terminate(): void {
    this.terminated = true;
    this.die(1006);
  }
  ping(): void {
    this.pings++;
  }
  /** The socket is gone: pending writes fail, then 'close'. */
  die(code = 1006): void {
    if (this.#dead) return;
    this.#dead = true;
    this.readyState = 3;
    for (const cb of this.pending.splice(0)) cb(new Error('socket destroyed'));
    this.emit('close', code);
  }
  receive(text: string | Buffer, isBinary = false): void {
    this.emit('message', Buffer.isBuffer(text) ? text : Buffer.from(text), isBinary);
  }
}

function setup(opts: { pingIntervalMs?: number; maxBufferedBytes?: number } = {}) {
  const ws = new FakeWs();
  const clock = new ManualClock();
  const log: string[] = [];
  const transport: WebSocketTransport = new WebSocketTransport(ws, {
    remoteAddress: '127.0.0.1:5000',
    limits: { maxBytes: 10_000, maxDepth: 8 },
    maxBufferedBytes: opts.maxBufferedBytes ?? 1_000_000,
    pingIntervalMs: opts.pingIntervalMs ?? 0,
    closeGraceMs: 5000,
    clock,
  });
  // What C2sSession does with each event, reduced to the calls it makes back on the transport.
  transport.attach({
    onStreamOpen: (h) => log.push(`open to=${h.attr('to')}`),
    onElement: (el) => log.push(`element ${el.localName}`),
    onStreamClose: () => { log.push('stream-close'); transport.close(); },
    onStreamError: (c, t) => { log.push(`stream-error ${c}`); transport.close(t === undefined ? { condition: c } : { condition: c, text: t }); },
    onDisconnect: (r) => log.push(`disconnect ${r}`),
  });
  return { ws, clock, log, transport };
}

const stanza = (id: string) => message({ id, to: '1001001@localhost', from: 'pubsub.localhost' });

describe('WebSocketTransport: stream', () => {
  it('reports <open/>, stanzas and a restart\'s new <open/>; a second <open/> without restart is a stream error', () => {
    const { ws, log, transport } = setup();
    assert.equal(transport.kind, 'websocket');
    assert.equal(transport.isSecure, true);
    assert.equal(transport.canStartTls, false);
    ws.receive(OPEN_FRAME);
    transport.sendStreamHeader({ from: 'localhost', id: 'x1', version: '1.0', lang: 'en' });
    ws.receive(`<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AA==</auth>`);
    transport.restart();
    ws.receive(OPEN_FRAME);
    ws.receive(`<iq xmlns='jabber:client' type='set' id='b'/>`);
    ws.receive(OPEN_FRAME);
    assert.deepEqual(log, ['open to=localhost', 'element auth', 'open to=localhost', 'element iq', 'stream-error bad-format', 'disconnect stream error bad-format']);
    assert.match(ws.sent[0]!, /^<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' from='localhost' id='x1'/);
  });

  it('closes with a stream error: the error, <close/>, then WebSocket close 1000; destroys the socket after the grace period', () => {
    const { ws, clock, log, transport } = setup();
    ws.receive(OPEN_FRAME);
    transport.close({ condition: 'system-shutdown', text: 'bye' });
    assert.match(ws.sent.at(-2)!, /^<stream:error xmlns:stream="http:\/\/etherx.jabber.org\/streams"><system-shutdown /);
    assert.equal(ws.sent.at(-1), CLOSE_FRAME);
    assert.deepEqual(ws.closes, [[1000, 'Stream closed']]);
    assert.equal(log.at(-1), 'disconnect stream error system-shutdown');
    transport.close();
    assert.equal(ws.closes.length, 1, 'idempotent');
    clock.advance(5000);
    assert.ok(ws.terminated, 'the peer did not finish the closing handshake');
  });

  it('answers the client\'s <close/> with <close/> and closes the WebSocket at once', () => {
    const { ws, log } = setup();
    ws.receive(OPEN_FRAME);
    ws.receive(`<close xmlns='${NS_FRAMING}'/>`);
    assert.deepEqual(log, ['open to=localhost', 'stream-close', 'disconnect stream closed']);
    assert.equal(ws.sent.at(-1), CLOSE_FRAME);
    assert.deepEqual(ws.closes, [[1000, 'Stream closed']]);
  });

  it('after its own <close/>, waits for the client\'s <close/> (or the grace period) before closing the WebSocket', () => {
    const first = setup();
    first.ws.receive(OPEN_FRAME);
    first.transport.close();
    assert.equal(first.ws.sent.at(-1), CLOSE_FRAME);
    assert.deepEqual(first.ws.closes, []);
    first.ws.receive(`<presence xmlns='jabber:client'/>`);
    first.ws.receive(`<close xmlns='${NS_FRAMING}'/>`);
    assert.deepEqual(first.ws.closes, [[1000, 'Stream closed']]);
    assert.deepEqual(first.log, ['open to=localhost', 'disconnect stream closed'], 'nothing reaches the ended session');

    const second = setup();
    second.transport.close();
    second.clock.advance(5000);
    assert.deepEqual(second.ws.closes, [[1000, 'Stream closed']]);
    second.clock.advance(5000);
    assert.ok(second.ws.terminated);
  });

  it('closes with 1003 on a binary frame and 1007 on a frame that is not an element, without XML', () => {
    for (const [frame, isBinary, code] of [['<presence/>', true, 1003], ['hi', false, 1007], [Buffer.from([0x3c, 0xff, 0x3e]), false, 1007]] as const) {
      const { ws, log } = setup();
      ws.receive(OPEN_FRAME);
      ws.receive(frame, isBinary);
      assert.equal(ws.closes[0]?.[0], code);
      assert.equal(ws.sent.length, 0);
      assert.match(log.at(-1)!, new RegExp(`^disconnect WebSocket closed with ${code}`));
    }
  });

  it('ends the session with policy-violation when ws refuses a message over maxPayload (1009)', () => {
    const { ws, log } = setup();
    ws.receive(OPEN_FRAME);
    ws.readyState = 2; // ws has already sent close 1009
    ws.emit('error', Object.assign(new Error('Max payload size exceeded'), { code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' }));
    assert.deepEqual(log.slice(1), ['stream-error policy-violation', 'disconnect stream error policy-violation']);
    ws.die(1009);
    assert.equal(log.length, 3, 'one disconnect');
  });

  it('reports other framing errors as a disconnect', () => {
    const { ws, log } = setup();
    ws.readyState = 2;
    ws.emit('error', Object.assign(new Error('Invalid WebSocket frame: RSV2 and RSV3 must be clear'), { code: 'WS_ERR_UNEXPECTED_RSV_2_3' }));
    assert.deepEqual(log, ['disconnect WebSocket error: Invalid WebSocket frame: RSV2 and RSV3 must be clear']);
  });
});

describe('WebSocketTransport: back-pressure', () => {
  it('closes with policy-violation a client that does not read (the session then reroutes what it sent)', () => {
    const { ws, log, transport } = setup({ maxBufferedBytes: 1000 });
    ws.receive(OPEN_FRAME);
    ws.holdWrites = true;
    transport.send(stanza('a'));
    ws.bufferedAmount = 1001;
    transport.send(stanza('b'));
    assert.match(ws.sent.at(-2)!, /<policy-violation /);
    assert.equal(ws.sent.at(-1), CLOSE_FRAME);
    assert.equal(log.at(-1), 'disconnect stream error policy-violation');
  });
});

describe('WebSocketTransport: keepalive', () => {
  it('pings every interval and ends with connection-timeout a peer silent for a whole interval', () => {
    const { ws, clock, log } = setup({ pingIntervalMs: 1000 });
    ws.receive(OPEN_FRAME);
    clock.advance(1000);
    assert.equal(ws.pings, 1);
    ws.emit('pong');
    clock.advance(1000);
    assert.equal(ws.pings, 2);
    ws.receive(`<presence xmlns='jabber:client'/>`); // any frame is a sign of life too
    clock.advance(1000);
    assert.equal(ws.pings, 3);
    assert.equal(log.includes('stream-error connection-timeout'), false);
    clock.advance(1000);
    assert.deepEqual(log.slice(-2), ['stream-error connection-timeout', 'disconnect stream error connection-timeout']);
    assert.match(ws.sent.at(-2)!, /No WebSocket pong within 1 s/);
    clock.advance(10_000);
    assert.equal(ws.pings, 3, 'the keepalive stops with the session');
  });

  it('sets no timer when disabled', () => {
    const { clock } = setup({ pingIntervalMs: 0 });
    assert.equal(clock.pendingTimers, 0);
  });
});
