// The saxes set-up shared by the stream parser (stream-parser.ts) and the one-document parser
// (parse.ts): a namespace-aware saxes that aborts on every error and on what [RFC6120] §11.1 forbids,
// and the small helpers both build elements with.
import { SaxesParser } from 'saxes';
import { Element, type Attrs } from './element.js';

/** The [RFC6120] §4.9.3 stream error conditions the XML layer can raise. */
export type XmlCondition =
  | 'not-well-formed' | 'restricted-xml' | 'policy-violation' | 'invalid-namespace'
  | 'bad-namespace-prefix' | 'unsupported-encoding' | 'invalid-xml';

/** Thrown from saxes callbacks to stop parsing at once; caught by the wrapper that called saxes. */
export class XmlAbort {
  constructor(readonly condition: XmlCondition, readonly text: string) {}
}

export function abort(condition: XmlCondition, text: string): never {
  throw new XmlAbort(condition, text);
}

export type Saxes = SaxesParser<{ xmlns: true }>;

/**
 * A namespace-aware saxes parser that aborts on every error and on the constructs [RFC6120] §11.1 forbids.
 * saxes never expands DTD entities: a DOCTYPE is refused as soon as it ends, and an entity reference other
 * than the five predefined ones is an "undefined entity" error, mapped to `restricted-xml`.
 */
export function newSaxes(): Saxes {
  const sax: Saxes = new SaxesParser({ xmlns: true, defaultXMLVersion: '1.0', forceXMLVersion: true });
  declareHandlerFields(sax);
  sax.on('error', (e) => abort(saxesCondition(e.message), e.message));
  sax.on('doctype', () => abort('restricted-xml', 'DOCTYPE is not allowed (RFC 6120 §11.1)'));
  sax.on('comment', () => abort('restricted-xml', 'comments are not allowed (RFC 6120 §11.1)'));
  sax.on('processinginstruction', () => abort('restricted-xml', 'processing instructions are not allowed (RFC 6120 §11.1)'));
  sax.on('xmldecl', (decl) => {
    // [RFC6120] §11.6: UTF-8 only.
    if (decl.encoding !== undefined && decl.encoding.toLowerCase() !== 'utf-8') {
      abort('unsupported-encoding', `encoding ${decl.encoding} is not supported; use UTF-8 (RFC 6120 §11.6)`);
    }
  });
  return sax;
}

type HandlerField = 'xmldeclHandler' | 'textHandler' | 'piHandler' | 'doctypeHandler' | 'commentHandler'
  | 'openTagStartHandler' | 'openTagHandler' | 'closeTagHandler' | 'cdataHandler' | 'errorHandler'
  | 'endHandler' | 'readyHandler' | 'attributeHandler';

/**
 * saxes creates its handler fields on first `on()`, with keyed stores (`this[field] = handler`). After a
 * dozen of those V8 switches the parser to dictionary-mode properties and every field access in saxes'
 * inner loop slows down (measured 4× on bench/xml-parser.ts). Declaring them with named stores first
 * keeps the object in fast mode.
 */
function declareHandlerFields(sax: Saxes): void {
  const s = sax as unknown as { [K in HandlerField]: undefined };
  s.xmldeclHandler = undefined;
  s.textHandler = undefined;
  s.piHandler = undefined;
  s.doctypeHandler = undefined;
  s.commentHandler = undefined;
  s.openTagStartHandler = undefined;
  s.openTagHandler = undefined;
  s.closeTagHandler = undefined;
  s.cdataHandler = undefined;
  s.errorHandler = undefined;
  s.endHandler = undefined;
  s.readyHandler = undefined;
  s.attributeHandler = undefined;
}

/** Maps a saxes error message to a condition: restricted constructs apart, everything is not-well-formed. */
export function saxesCondition(message: string): XmlCondition {
  return /undefined entity|doctype|processing instruction|at the start of the document/i.test(message)
    ? 'restricted-xml'
    : 'not-well-formed';
}

/** The bytes 0xFE and 0xFF never occur in UTF-8; as first byte they are a UTF-16 byte order mark. */
export function isUtf16Bom(firstByte: number | undefined): boolean {
  return firstByte === 0xfe || firstByte === 0xff;
}

/**
 * An element from a complete start tag: `ns` as saxes resolved it ('' for no namespace), `attrs` as
 * collected from saxes' `attribute` events, without the default declaration unless the name is prefixed.
 */
export function parsedElement(name: string, ns: string, attrs: Attrs): Element {
  const el = new Element(name, undefined, ns);
  el.attrs = attrs;
  return el;
}

/** Appends character data, merging with a preceding text child (text next to CDATA). */
export function appendText(el: Element, text: string): void {
  const { children } = el;
  const last = children.length - 1;
  if (last >= 0 && typeof children[last] === 'string') children[last] += text;
  else children.push(text);
}
