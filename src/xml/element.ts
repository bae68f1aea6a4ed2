import { escapeAttr, escapeText } from './escape.js';

// The one XML element type of Parley (style.md §6.6).
//
// An element knows its local-or-prefixed `name`, its resolved namespace URI `ns`, its attributes
// (qualified names as written, without the default `xmlns` declaration, which `ns` replaces) and its
// children (elements and text). Prefix declarations (`xmlns:stream`, `xmlns:xmpp`) may stay in `attrs`;
// the serializer adds any that are missing. On a prefixed element whose namespace is given, a default
// `xmlns` declares the namespace of the content only, so it stays in `attrs` too (stream headers).
// A parsed element in no namespace has `ns === ''`. Inside XMPP code XML stays XML: no per-stanza JS objects.

export type Attrs = Record<string, string>;
export type Node = Element | string;
export type Child = Node | null | undefined | false | readonly Child[];

export class Element {
  name: string;
  /** Resolved namespace URI; undefined only for a detached root built without one. */
  ns: string | undefined;
  attrs: Attrs;
  children: Node[] = [];

  constructor(name: string, attrs: Attrs = {}, ns?: string) {
    this.name = name;
    if (ns !== undefined && attrs.xmlns !== undefined && name.includes(':')) {
      // A prefixed element with its namespace given: here `xmlns` only declares the default namespace
      // of its content (a parsed `<stream:stream xmlns='jabber:client'>`), so it stays in attrs.
      this.attrs = { ...attrs };
      this.ns = ns;
      return;
    }
    const { xmlns, ...rest } = attrs;
    this.attrs = rest;
    this.ns = xmlns ?? ns;
  }

  get localName(): string {
    const i = this.name.indexOf(':');
    return i < 0 ? this.name : this.name.slice(i + 1);
  }

  get prefix(): string | undefined {
    const i = this.name.indexOf(':');
    return i < 0 ? undefined : this.name.slice(0, i);
  }

  is(name: string, ns?: string): boolean {
    return this.localName === name && (ns === undefined || this.ns === ns);
  }

  attr(name: string): string | undefined {
    return this.attrs[name];
  }

  setAttr(name: string, value: string | undefined): this {
    if (value === undefined) delete this.attrs[name];
    else this.attrs[name] = value;
    return this;
  }

  /** Appends children; unprefixed child elements without a namespace inherit this one's. */
  append(...children: Child[]): this {
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      if (Array.isArray(c)) {
        this.append(...(c as Child[]));
      } else if (typeof c === 'string') {
        if (c !== '') this.children.push(c);
      } else {
        const el = c as Element;
        if (el.ns === undefined && el.prefix === undefined) inheritNs(el, this.ns);
        this.children.push(el);
      }
    }
    return this;
  }

  elements(): Element[] {
    return this.children.filter((c): c is Element => typeof c !== 'string');
  }

  getChild(name: string, ns?: string): Element | undefined {
    for (const c of this.children) if (typeof c !== 'string' && c.is(name, ns)) return c;
    return undefined;
  }

  getChildren(name: string, ns?: string): Element[] {
    return this.elements().filter((c) => c.is(name, ns));
  }

  /** Concatenated text of the direct text children. */
  text(): string {
    let s = '';
    for (const c of this.children) if (typeof c === 'string') s += c;
    return s;
  }

  getChildText(name: string, ns?: string): string | undefined {
    return this.getChild(name, ns)?.text();
  }

  clone(): Element {
    const copy = new Element(this.name, { ...this.attrs }, this.ns);
    copy.children = this.children.map((c) => (typeof c === 'string' ? c : c.clone()));
    return copy;
  }

  toString(): string {
    return serialize(this);
  }
}

function inheritNs(el: Element, ns: string | undefined): void {
  if (ns === undefined) return;
  el.ns = ns;
  for (const c of el.children) {
    if (typeof c !== 'string' && c.ns === undefined && c.prefix === undefined) inheritNs(c, ns);
  }
}

/**
 * Builder: `xml('iq', { type: 'get', xmlns: NS_CLIENT }, xml('ping', { xmlns: NS_PING }))`.
 * Attribute values that are undefined are left out, so optional attributes read naturally.
 */
export function xml(name: string, attrs?: Record<string, string | number | undefined> | null, ...children: Child[]): Element {
  const clean: Attrs = {};
  if (attrs) for (const [k, v] of Object.entries(attrs)) if (v !== undefined) clean[k] = String(v);
  return new Element(name, clean).append(...children);
}

/** Serialization context: the default namespace in scope and the prefixes declared by ancestors. */
export interface XmlContext {
  ns?: string;
  prefixes?: ReadonlyMap<string, string>;
}

const XML_PREFIXES: ReadonlyMap<string, string> = new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]);

/**
 * Writes an element as namespace-complete XML relative to `ctx`: a default `xmlns` is written where the
 * element's namespace differs from the one in scope, and prefix declarations where a prefix is unbound.
 * Over TCP the context is the stream (`jabber:client`, prefix `stream`); over BOSH and WebSocket it is
 * empty, so every top-level stanza carries its namespace (XEP-0206 §5, RFC 7395 §3.3.3).
 */
export function serialize(el: Element, ctx: XmlContext = {}): string {
  const out: string[] = [];
  write(el, ctx.ns, ctx.prefixes ?? XML_PREFIXES, out);
  return out.join('');
}

function write(el: Element, scopeNs: string | undefined, prefixes: ReadonlyMap<string, string>, out: string[]): void {
  let s = '<' + el.name;
  let childNs = scopeNs;
  let childPrefixes = prefixes;
  const prefix = el.prefix;
  const declared = new Map<string, string>();
  for (const [k, v] of Object.entries(el.attrs)) if (k.startsWith('xmlns:')) declared.set(k.slice(6), v);
  if (prefix === undefined) {
    // An empty context means no default namespace: an element in no namespace ('') needs no xmlns="".
    if (el.ns !== undefined && el.ns !== (scopeNs ?? '')) {
      s += ` xmlns="${escapeAttr(el.ns)}"`;
      childNs = el.ns;
    }
  } else {
    if (el.ns !== undefined && !declared.has(prefix) && prefixes.get(prefix) !== el.ns) {
      declared.set(prefix, el.ns);
      s += ` xmlns:${prefix}="${escapeAttr(el.ns)}"`;
    }
    // A prefixed element may carry a default namespace declaration for its content (kept in attrs).
    if (el.attrs.xmlns !== undefined) childNs = el.attrs.xmlns;
  }
  for (const [k, v] of Object.entries(el.attrs)) s += ` ${k}="${escapeAttr(v)}"`;
  if (declared.size > 0) {
    const merged = new Map(prefixes);
    for (const [p, uri] of declared) merged.set(p, uri);
    childPrefixes = merged;
  }
  if (el.children.length === 0) {
    out.push(s + '/>');
    return;
  }
  out.push(s + '>');
  for (const c of el.children) {
    if (typeof c === 'string') out.push(escapeText(c));
    else write(c, childNs, childPrefixes, out);
  }
  out.push(`</${el.name}>`);
}
