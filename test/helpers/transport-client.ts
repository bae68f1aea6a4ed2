// One client interface over the three XMPP transports, so the transport contract
// (src/xmpp/transport/transport.contract.ts) runs the same scenarios against TCP, BOSH and WebSocket.
// Each adapter is a thin layer over that transport's own test client (xmpp-client.ts, bosh-client.ts,
// ws-client.ts), which the transport's own tests keep using for what only it can do. Like real clients,
// the adapters answer the server's XEP-0199 pings, so a short xmpp.pingIntervalS ends only peers that
// really went quiet.
import { xml, type Element } from '../../src/xml/element.js';
import { NS_FRAMING, NS_PING, NS_STREAM, NS_STREAMS_ERR } from '../../src/xml/ns.js';
import type { TransportKind } from '../../src/xmpp/transport/transport.js';
import { BoshStreamClient } from './bosh-client.js';
import { iqRoundTrip, type ElementInbox, type ElementMatch } from './element-inbox.js';
import type { TestServer } from './test-server.js';
import { TestWsClient } from './ws-client.js';
import { TestXmppClient } from './xmpp-client.js';

/** How the server ended a connection. */
export interface ServerClosure {
  /** The stream error condition (`conflict`, `invalid-from`…), if the server sent one. */
  streamError?: string;
  /**
   * The server closed the stream properly, not just the connection: `</stream:stream>` (TCP), `<close/>`
   * then WebSocket close 1000 (WebSocket), a `type='terminate'` body (BOSH).
   */
  graceful: boolean;
  /** How it looked on this transport, for assertion messages (`WebSocket 1000`, `BOSH terminated by the server`…). */
  detail: string;
}

export interface ContractClient {
  readonly transport: TransportKind;
  /** Connects, authenticates (SASL PLAIN) and binds, without presence; resolves with the full JID. */
  login(user: string, password: string, resource?: string): Promise<string>;
  /** Sends a stanza (unqualified elements are jabber:client). */
  send(el: Element): void;
  /** Sends an IQ request (an id is added when missing) and resolves with its result or error. */
  iq(el: Element, timeoutMs?: number): Promise<Element>;
  /** The first received element (past or future) that matches; taken from the inbox. */
  waitFor(match: ElementMatch, timeoutMs?: number): Promise<Element>;
  /**
   * The clean close, resolved once the server has finished its side too: `</stream:stream>` both ways
   * (TCP), `<close/>` both ways and WebSocket close 1000 (WebSocket), `type='terminate'` (BOSH). Rejects
   * when the server ended it any other way.
   */
  close(): Promise<void>;
  /**
   * Drops the connection without closing the stream: TCP destroy, WebSocket terminate without
   * `<close/>`, BOSH abort the open requests and stop polling. Idempotent; also the cleanup after a test.
   */
  vanish(): void;
  /**
   * Keeps the connection but stops reading and answering anything (a frozen or unplugged peer): only the
   * server's liveness checks can end it (TCP/WebSocket: pings; BOSH: the open request runs out its
   * `wait`, then inactivity).
   */
  goSilent(): void;
  /** Resolves once the server has ended the connection, with the stream error it gave. */
  closedByServer(timeoutMs?: number): Promise<ServerClosure>;
}

/** Makes a client of one transport for the server `ts`, not yet connected (`login` connects). */
export type ContractClientFactory = (ts: TestServer) => ContractClient;

/** Answers the server's XEP-0199 pings from now on, including one that came before this was set. */
function answerServerPings(inbox: ElementInbox, send: (el: Element) => void): void {
  const isPing = (el: Element): boolean => el.is('iq') && el.attr('type') === 'get' && el.getChild('ping', NS_PING) !== undefined;
  inbox.tap = (el) => {
    if (!isPing(el)) return false;
    send(xml('iq', { type: 'result', id: el.attr('id'), to: el.attr('from') }));
    return true;
  };
  for (const el of inbox.received.filter(isPing)) {
    inbox.received.splice(inbox.received.indexOf(el), 1);
    inbox.tap(el);
  }
}

const streamErrorIn = (received: readonly Element[]): string | undefined =>
  received.find((el) => el.is('error', NS_STREAM))?.elements().find((e) => e.ns === NS_STREAMS_ERR && e.localName !== 'text')?.localName;

function required<T>(c: T | undefined): T {
  if (!c) throw new Error('log in first');
  return c;
}

/** XMPP over TCP on the `xmpp` port: STARTTLS verified against the ready line's CA, then PLAIN. */
export const tcpContractClient: ContractClientFactory = (ts) => {
  let c: TestXmppClient | undefined;
  return {
    transport: 'tcp',
    async login(user, password, resource) {
      c = await TestXmppClient.login({ port: ts.ready.ports.xmpp!, ca: ts.ready.ca, username: user, password, presence: false, ...(resource ? { resource } : {}) });
      const client = c;
      answerServerPings(client.inbox, (el) => client.send(el));
      return client.jid;
    },
    send: (el) => required(c).send(el),
    iq: (el, timeoutMs) => iqRoundTrip(required(c), el, timeoutMs),
    waitFor: (match, timeoutMs) => required(c).waitFor(match, timeoutMs),
    async close() {
      const client = required(c);
      client.close();
      await client.waitClosed();
      const error = streamErrorIn(client.received);
      if (error || !client.streamClosed) throw new Error(`not a clean close: ${error ? `stream error ${error}` : 'no </stream:stream> from the server'}`);
    },
    vanish: () => c?.destroy(),
    goSilent: () => void required(c).socket.pause(),
    async closedByServer(timeoutMs) {
      const client = required(c);
      await client.waitClosed(timeoutMs);
      const streamError = streamErrorIn(client.received);
      const graceful = client.streamClosed;
      return { ...(streamError ? { streamError } : {}), graceful, detail: `TCP closed ${graceful ? 'after' : 'without'} </stream:stream>` };
    },
  };
};

/** XMPP over WebSocket (RFC 7395) on `/ws` of the https port, verified against the CA. */
export const websocketContractClient: ContractClientFactory = (ts) => {
  let c: TestWsClient | undefined;
  return {
    transport: 'websocket',
    async login(user, password, resource) {
      c = await TestWsClient.login({ port: ts.ready.ports.https!, path: '/ws', ca: ts.ready.ca, username: user, password, presence: false, ...(resource ? { resource } : {}) });
      const client = c;
      answerServerPings(client.inbox, (el) => client.send(el));
      return client.jid;
    },
    send: (el) => required(c).send(el),
    iq: (el, timeoutMs) => iqRoundTrip(required(c), el, timeoutMs),
    waitFor: (match, timeoutMs) => required(c).waitFor(match, timeoutMs),
    async close() {
      const client = required(c);
      const { code } = await client.close();
      const error = streamErrorIn(client.received);
      const serverClose = client.frames.some((f) => f.el?.is('close', NS_FRAMING));
      if (error || code !== 1000 || !serverClose) throw new Error(`not a clean close: WebSocket ${code}, ${error ? `stream error ${error}` : serverClose ? '' : 'no <close/> from the server'}`);
    },
    vanish: () => c?.destroy(),
    goSilent: () => required(c).ws.pause(),
    async closedByServer(timeoutMs) {
      const client = required(c);
      const { code } = await client.waitClosed(timeoutMs);
      const streamError = streamErrorIn(client.received);
      const serverClose = client.frames.some((f) => f.el?.is('close', NS_FRAMING));
      return { ...(streamError ? { streamError } : {}), graceful: serverClose && code === 1000, detail: `WebSocket ${code} ${serverClose ? 'after' : 'without'} <close/>` };
    },
  };
};

/**
 * XMPP over BOSH on `/http-bind` of the notification port: a long poll always open, wait=1 so that a
 * silent client's last request comes back quickly and the inactivity timer (bosh.inactivityS) starts.
 */
export const boshContractClient: ContractClientFactory = (ts) => {
  const c = new BoshStreamClient({ port: ts.ready.ports.notification!, ca: ts.ready.ca, domain: ts.server.notification.domain, wait: 1 });
  answerServerPings(c.inbox, (el) => c.send(el)); // BOSH sessions are not pinged, but a client would answer
  return {
    transport: 'bosh',
    login: (user, password, resource) => c.login(user, password, resource ?? null),
    send: (el) => c.send(el),
    iq: (el, timeoutMs) => iqRoundTrip(c, el, timeoutMs),
    waitFor: (match, timeoutMs) => c.waitFor(match, timeoutMs),
    async close() {
      const end = await c.terminate();
      if (end.reason !== 'terminate' || end.condition !== '') throw new Error(`not a clean close: ${end.reason}, condition ${end.condition}`);
    },
    vanish: () => c.abort(),
    goSilent: () => c.stop(),
    async closedByServer(timeoutMs) {
      const end = await c.ended(timeoutMs);
      const streamError = end.streamError ?? (end.condition || undefined);
      return { ...(streamError ? { streamError } : {}), graceful: end.condition !== undefined, detail: `BOSH ${end.reason}` };
    },
  };
};
