// Parses one complete XML document into an Element: a BOSH request body (XEP-0124 §4, XEP-0206), an
// RFC 7395 WebSocket text frame (one element per frame, §3.3.3), or a stored stanza.
// Same rules as the stream parser ([RFC6120] §11): no DOCTYPE, comments, processing instructions or
// entities beyond the five predefined ones; UTF-8 only; size, depth and attribute limits.
//
// [RFC6120] https://www.rfc-editor.org/rfc/rfc6120   [RFC7395] https://www.rfc-editor.org/rfc/rfc7395
// [XEP-0124] https://xmpp.org/extensions/xep-0124.html   [notification-service] §2.8, §7.3
import { TextDecoder } from 'node:util';
import type { Attrs, Element } from './element.js';
import { err, ok, type Result } from '../shared/result.js';
import { abort, appendText, isUtf16Bom, newSaxes, parsedElement, XmlAbort, type XmlCondition } from './saxes-setup.js';
import { MIN_STANZA_BYTES, STREAM_PARSER_DEFAULTS } from './stream-parser.js';

export interface ParseLimits {
  /** Stanza size limit; values below 10 000 are raised to 10 000 ([RFC6120] §13.12). */
  maxBytes?: number;
  /** Added to `maxBytes` for what wraps the stanzas: the BOSH `<body/>` envelope. */
  marginBytes?: number;
  /** Element nesting depth, the root being depth 1. */
  maxDepth?: number;
  /** Attributes per element, namespace declarations included. */
  maxAttributes?: number;
}

export const PARSE_DEFAULTS = {
  maxBytes: STREAM_PARSER_DEFAULTS.maxStanzaBytes,
  marginBytes: 1024,
  maxDepth: STREAM_PARSER_DEFAULTS.maxDepth,
  maxAttributes: STREAM_PARSER_DEFAULTS.maxAttributes,
} as const satisfies Required<ParseLimits>;

/**
 * Parses a document that holds exactly one root element (an XML declaration may precede it, whitespace
 * may surround it). Bytes must be UTF-8. The size limit is checked before any parsing.
 * @example
 * const body = parseElement(requestBody, { maxBytes: stanzaLimit });
 * if (!body.ok) return terminate(body.error);
 */
export function parseElement(input: string | Buffer, limits: ParseLimits = {}): Result<Element, XmlCondition> {
  const maxBytes = Math.max(limits.maxBytes ?? PARSE_DEFAULTS.maxBytes, MIN_STANZA_BYTES)
    + (limits.marginBytes ?? PARSE_DEFAULTS.marginBytes);
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.length;
  if (size > maxBytes) return err('policy-violation', `document larger than ${maxBytes} bytes`);
  try {
    return ok(parseText(decode(input), limits));
  } catch (e) {
    if (e instanceof XmlAbort) return err(e.condition, e.text);
    throw e;
  }
}

function decode(input: string | Buffer): string {
  if (typeof input === 'string') return input;
  if (isUtf16Bom(input[0])) abort('unsupported-encoding', 'XMPP uses UTF-8 (RFC 6120 §11.6)');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    abort('not-well-formed', 'invalid UTF-8');
  }
}

function parseText(text: string, limits: ParseLimits): Element {
  const maxDepth = limits.maxDepth ?? PARSE_DEFAULTS.maxDepth;
  const maxAttrs = limits.maxAttributes ?? PARSE_DEFAULTS.maxAttributes;
  const sax = newSaxes();
  const stack: Element[] = [];
  let root: Element | undefined;
  let attrCount = 0;
  let attrs: Attrs = {};
  let keepDefault = false;
  sax.on('opentagstart', (tag) => {
    if (stack.length >= maxDepth) abort('policy-violation', `elements nested deeper than ${maxDepth}`);
    attrCount = 0;
    attrs = {};
    keepDefault = tag.name.includes(':');
  });
  sax.on('attribute', (attr) => {
    if (++attrCount > maxAttrs) abort('policy-violation', `more than ${maxAttrs} attributes on one element`);
    if (attr.name !== 'xmlns' || keepDefault) attrs[attr.name] = attr.value;
  });
  sax.on('opentag', (tag) => {
    const el = parsedElement(tag.name, tag.uri, attrs);
    const parent = stack[stack.length - 1];
    if (parent === undefined) root = el;
    else parent.children.push(el);
    stack.push(el);
  });
  sax.on('closetag', () => {
    stack.pop();
  });
  const onText = (t: string): void => {
    const top = stack[stack.length - 1];
    if (top !== undefined) appendText(top, t); // whitespace around the root is not content
  };
  sax.on('text', onText);
  sax.on('cdata', onText);
  sax.write(text).close();
  if (root === undefined) abort('not-well-formed', 'no root element');
  return root;
}
