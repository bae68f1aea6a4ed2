// XMPP over WebSocket framing ([RFC7395]), pure: one WebSocket text message in → one event out, and the
// text of every frame the server writes. No sockets, no timers; ws-transport.ts is the glue.
//
// Rules ([RFC7395] §3.2, §3.3.3, [notification-service] §2.3, §3.1 Prosody mod_websocket):
// - text frames only (binary → close 1003); valid UTF-8 (→ 1007); a frame starts with `<` (→ 1007);
// - each frame is exactly one complete element: `<open/>`, `<close/>`, a stanza or a nonza; anything else
//   (two elements, a partial element, a comment, a DOCTYPE…) is a stream error, as over TCP ([RFC6120] §11);
// - `<open xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>` starts the stream and every restart (there is
//   no `xmpp:restart`); `<close/>` ends it;
// - what the server writes is namespace-complete: stanzas carry `xmlns='jabber:client'`, stream features
//   and errors declare `xmlns:stream`.
//
// [RFC7395] https://www.rfc-editor.org/rfc/rfc7395   [RFC6120] https://www.rfc-editor.org/rfc/rfc6120
// [RFC6455] https://www.rfc-editor.org/rfc/rfc6455
import { TextDecoder } from 'node:util';
import { Element, serialize } from '../../../xml/element.js';
import { escapeAttr } from '../../../xml/escape.js';
import { NS_CLIENT, NS_FRAMING } from '../../../xml/ns.js';
import { parseElement } from '../../../xml/parse.js';
import type { StreamCondition } from '../../stanza/stream-error.js';
import type { StreamHeader } from '../transport.js';

/** The WebSocket subprotocol a client must ask for, and the server echoes ([RFC7395] §3.1). */
export const XMPP_SUBPROTOCOL = 'xmpp';

/** WebSocket close codes ([RFC6455] §7.4.1) as the XMPP transport uses them. */
export const CLOSE_CODE = {
  /** The stream ended (after `<close/>`), whatever the XMPP reason: stream errors travel in XML. */
  normal: 1000,
  /** Broken WebSocket framing (reserved bits, bad opcodes, fragmented control frames): ws sends it. */
  protocolError: 1002,
  /** A binary frame ([RFC7395] §3.2: text frames only). */
  unsupportedData: 1003,
  /** Invalid UTF-8, or a frame that is not an XML element. */
  invalidPayload: 1007,
  /** A message over `websocket.maxFrameBytes`: ws sends it (maxPayload); the session ends with policy-violation. */
  messageTooBig: 1009,
} as const;

/** Whether the transport waits for the client's `<open/>` (start, and after SASL) or the stream is open. */
export type FramePhase = 'awaiting-open' | 'open';

export type FrameEvent =
  /** `<open/>` in the framing namespace, when one is expected: hand it to the session as the header. */
  | { kind: 'stream-open'; el: Element }
  /** `<close/>` in the framing namespace. */
  | { kind: 'stream-close' }
  /** A stanza or nonza (SASL, bind…). */
  | { kind: 'element'; el: Element }
  /** A well-framed text message whose XML breaks a rule: the session answers with this stream error. */
  | { kind: 'stream-error'; condition: StreamCondition; text: string }
  /** Not an XMPP frame at all: close the WebSocket with this code, no XML answer ([notification-service] §3.1). */
  | { kind: 'ws-close'; code: number; reason: string };

export interface FrameLimits {
  /** Largest element, in bytes (xmpp.stanzaSizeLimit). */
  maxBytes: number;
  maxDepth: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Turns one received WebSocket message into what it means for the stream.
 * @example
 * const e = decodeFrame(Buffer.from("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>"), false, 'awaiting-open', limits);
 * // e.kind === 'stream-open'
 */
export function decodeFrame(data: Buffer | string, isBinary: boolean, phase: FramePhase, limits: FrameLimits): FrameEvent {
  if (isBinary) return { kind: 'ws-close', code: CLOSE_CODE.unsupportedData, reason: 'Only text frames are supported (RFC 7395 3.2)' };
  let text: string;
  if (typeof data === 'string') {
    text = data;
  } else {
    try {
      text = utf8.decode(data);
    } catch {
      return { kind: 'ws-close', code: CLOSE_CODE.invalidPayload, reason: 'Invalid UTF-8' };
    }
  }
  // Prosody's check: no whitespace keepalives ([RFC7395] uses WebSocket pings or XEP-0199 instead), no text
  // around the element ([RFC7395] §3.3.3).
  if (!text.startsWith('<')) return { kind: 'ws-close', code: CLOSE_CODE.invalidPayload, reason: 'A frame must be one XML element (RFC 7395 3.3.3)' };

  const parsed = parseElement(text, { maxBytes: limits.maxBytes, marginBytes: 0, maxDepth: limits.maxDepth });
  if (!parsed.ok) return { kind: 'stream-error', condition: parsed.error, text: parsed.text ?? parsed.error };
  const el = parsed.value;

  if (el.is('close', NS_FRAMING)) return { kind: 'stream-close' };
  if (el.is('open', NS_FRAMING)) {
    if (phase === 'awaiting-open') return { kind: 'stream-open', el };
    return { kind: 'stream-error', condition: 'bad-format', text: 'The stream is already open: <open/> comes first and after authentication only' };
  }
  if (phase === 'awaiting-open') {
    // The equivalent of TCP's "the first element must be stream:stream in the streams namespace".
    if (el.localName === 'open' || el.localName === 'stream') {
      return { kind: 'stream-error', condition: 'invalid-namespace', text: `Expected <open xmlns='${NS_FRAMING}'/>` };
    }
    return { kind: 'stream-error', condition: 'bad-format', text: `Expected <open xmlns='${NS_FRAMING}'/> before anything else (RFC 7395 3.4)` };
  }
  // COMPAT: frames must be namespace-complete, but an unqualified stanza can only mean jabber:client (Prosody
  // reads frames inside a jabber:client stream too).
  if (el.ns === '' && el.prefix === undefined) qualify(el);
  return { kind: 'element', el };
}

/** Puts an element parsed without a namespace, and its unqualified descendants, into jabber:client. */
function qualify(el: Element): void {
  el.ns = NS_CLIENT;
  for (const c of el.children) if (typeof c !== 'string' && c.ns === '' && c.prefix === undefined) qualify(c);
}

/** The server's `<open/>` ([RFC7395] §3.4): sent for the first `<open/>` and after every restart. */
export function encodeOpen(h: StreamHeader): string {
  return `<open xmlns='${NS_FRAMING}' from='${escapeAttr(h.from)}' id='${escapeAttr(h.id)}' ` +
    `version='${escapeAttr(h.version)}' xml:lang='${escapeAttr(h.lang)}'/>`;
}

/**
 * The server's `<close/>` ([RFC7395] §3.6).
 * COMPAT: Strophe.js (the Finesse desktop's library) recognises the server's close only by comparing the
 * frame with exactly this text (`_onMessage`); any other spelling is read as a stanza.
 */
export const CLOSE_FRAME = `<close xmlns="${NS_FRAMING}" />`;

/**
 * One top-level element as a namespace-complete frame ([RFC7395] §3.3.3): an element built without a
 * namespace is a jabber:client stanza; `stream:` elements get `xmlns:stream` from the serializer.
 */
export function encodeElement(el: Element): string {
  if (el.ns !== undefined || el.prefix !== undefined) return serialize(el);
  const qualified = new Element(el.name, { ...el.attrs }, NS_CLIENT);
  qualified.children = el.children;
  return serialize(qualified);
}

/** Whether a Sec-WebSocket-Protocol header offers `xmpp` (a comma-separated token list, [RFC6455] §11.3.4). */
export function offersXmppSubprotocol(header: string | string[] | undefined): boolean {
  if (header === undefined) return false;
  const values = Array.isArray(header) ? header : [header];
  return values.some((v) => v.split(',').some((token) => token.trim() === XMPP_SUBPROTOCOL));
}
