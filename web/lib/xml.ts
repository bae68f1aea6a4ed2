// Small XML helpers shared by the browser code and its Node tests. They are typed structurally
// (XmlNode) so the same code runs on the browser's DOM and on @xmldom/xmldom in tests; nothing here
// touches a global.

/** The part of a DOM node this library reads (browser DOM and xmldom both satisfy it). */
export interface XmlNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly localName?: string | null;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<XmlNode>;
  getAttribute?(name: string): string | null;
}

export interface XmlDocumentLike {
  readonly documentElement: XmlNode | null;
  getElementsByTagName?(name: string): ArrayLike<unknown>;
}

/** `new DOMParser()` in the browser; `new (require('@xmldom/xmldom').DOMParser)()` in tests. */
export interface XmlParser {
  parseFromString(text: string, type: string): XmlDocumentLike;
}

const ELEMENT = 1;

export function localNameOf(node: XmlNode): string {
  const n = node.localName ?? node.nodeName;
  const colon = n.indexOf(':');
  return colon >= 0 ? n.slice(colon + 1) : n;
}

/**
 * Parses a document; undefined when it is not well-formed or has a DOCTYPE (the browser reports that with a
 * <parsererror> document, xmldom by throwing or by calling its error handler).
 */
export function parseXml(text: string, parser: XmlParser): XmlNode | undefined {
  // No DTDs: Finesse documents never carry one, and refusing them keeps entity expansion out.
  if (/<!DOCTYPE/i.test(text)) return undefined;
  let doc: XmlDocumentLike;
  try {
    doc = parser.parseFromString(text, 'application/xml');
  } catch {
    return undefined;
  }
  const root = doc?.documentElement;
  if (!root) return undefined;
  if (localNameOf(root) === 'parsererror') return undefined;
  const errors = doc.getElementsByTagName?.('parsererror');
  if (errors && errors.length > 0) return undefined;
  return root;
}

export function elementsOf(node: XmlNode | undefined): XmlNode[] {
  const out: XmlNode[] = [];
  if (!node) return out;
  const list = node.childNodes;
  for (let i = 0; i < list.length; i++) {
    const c = list[i]!;
    if (c.nodeType === ELEMENT) out.push(c);
  }
  return out;
}

/** The first child element with this local name (case-sensitive). */
export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return elementsOf(node).find((c) => localNameOf(c) === name);
}

export function childrenNamed(node: XmlNode | undefined, name: string): XmlNode[] {
  return elementsOf(node).filter((c) => localNameOf(c) === name);
}

/** Follows a path of child names, e.g. path(user, 'primaryNode', 'host'). */
export function path(node: XmlNode | undefined, ...names: string[]): XmlNode | undefined {
  let cur = node;
  for (const n of names) cur = child(cur, n);
  return cur;
}

/** Trimmed text of a child (or of a path of children); '' when absent. */
export function textOf(node: XmlNode | undefined, ...names: string[]): string {
  const target = names.length ? path(node, ...names) : node;
  return (target?.textContent ?? '').trim();
}

export function attrOf(node: XmlNode | undefined, name: string): string {
  return node?.getAttribute?.(name) ?? '';
}

/** Escapes text for element content and attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }[c]!));
}

/** `<name>text</name>`, or '' when the value is undefined. */
export function tag(name: string, value: string | number | undefined): string {
  return value === undefined ? '' : `<${name}>${esc(String(value))}</${name}>`;
}
