// A small XML document reader for administrator-supplied documents (desktop layout XML, gadget XML):
// comments, CDATA and an XML declaration are fine (gadget authors use them), a DOCTYPE is refused
// (saxes never expands entities, and refusing it keeps entity tricks out), with explicit limits on
// size, depth and element count. Pure: string in, tree or error out.
import { SaxesParser } from 'saxes';
import { err, ok, type Result } from '../shared/result.js';

export interface DocElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly (DocElement | string)[];
}

export interface DocLimits { maxChars: number; maxDepth: number; maxElements: number }
export const DOC_LIMITS: DocLimits = { maxChars: 512 * 1024, maxDepth: 32, maxElements: 5000 };

export type DocError = 'too-large' | 'not-well-formed' | 'doctype' | 'too-deep' | 'too-many-elements' | 'empty';

interface Building { name: string; attrs: Record<string, string>; children: (DocElement | string)[] }

/** Local name without a prefix ("gadget" for "x:gadget"). */
const local = (qname: string): string => qname.slice(qname.indexOf(':') + 1);

export function parseDocument(text: string, limits: DocLimits = DOC_LIMITS): Result<DocElement, DocError> {
  if (text.length > limits.maxChars) return err('too-large', `the document has ${text.length} characters; the limit is ${limits.maxChars}`);
  if (!text.trim()) return err('empty', 'the document is empty');
  const sax = new SaxesParser({ xmlns: false });
  const stack: Building[] = [];
  let root: DocElement | undefined;
  let count = 0;
  let failure: { error: DocError; text: string } | undefined;
  const fail = (error: DocError, why: string): void => { failure ??= { error, text: why }; };
  sax.on('error', (e) => fail('not-well-formed', e.message));
  sax.on('doctype', () => fail('doctype', 'a DOCTYPE is not allowed'));
  sax.on('opentag', (t) => {
    if (failure) return;
    if (++count > limits.maxElements) return fail('too-many-elements', `more than ${limits.maxElements} elements`);
    if (stack.length >= limits.maxDepth) return fail('too-deep', `elements nested deeper than ${limits.maxDepth}`);
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(t.attributes)) attrs[k] = typeof v === 'string' ? v : String((v as { value: string }).value);
    stack.push({ name: local(t.name), attrs, children: [] });
  });
  const addText = (s: string): void => {
    const top = stack[stack.length - 1];
    if (top && !failure) top.children.push(s);
  };
  sax.on('text', addText);
  sax.on('cdata', addText);
  sax.on('closetag', () => {
    if (failure) return;
    const done = stack.pop();
    if (!done) return;
    const el: DocElement = { name: done.name, attrs: done.attrs, children: done.children };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else root = el;
  });
  try {
    sax.write(text).close();
  } catch (e) {
    fail('not-well-formed', (e as Error).message);
  }
  if (failure) return err(failure.error, failure.text);
  if (!root) return err('not-well-formed', 'no root element');
  return ok(root);
}

export function elements(el: DocElement | undefined, name?: string): DocElement[] {
  if (!el) return [];
  return el.children.filter((c): c is DocElement => typeof c !== 'string' && (name === undefined || c.name === name));
}

export function first(el: DocElement | undefined, name: string): DocElement | undefined {
  return elements(el, name)[0];
}

/** All text inside (CDATA included), not trimmed. */
export function textContent(el: DocElement | undefined): string {
  if (!el) return '';
  return el.children.map((c) => (typeof c === 'string' ? c : textContent(c))).join('');
}

export function childText(el: DocElement | undefined, name: string): string {
  return textContent(first(el, name)).trim();
}
