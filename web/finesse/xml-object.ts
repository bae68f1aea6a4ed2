// XML → plain object the way finesse.js presents REST data (getData()): an element with element
// children becomes an object, repeated children become arrays, leaves become strings.
export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject { [name: string]: XmlValue }

export function elementToValue(el: Element): XmlValue {
  const kids = Array.from(el.children);
  if (kids.length === 0) return el.textContent ?? '';
  const out: XmlObject = {};
  for (const k of kids) {
    const v = elementToValue(k);
    const name = k.localName;
    const prev = out[name];
    if (prev === undefined) out[name] = v;
    else if (Array.isArray(prev) && (prev as unknown as { __multi?: boolean }).__multi) prev.push(v);
    else { const arr = [prev, v] as XmlValue[]; Object.defineProperty(arr, '__multi', { value: true }); out[name] = arr; }
  }
  return out;
}

export function parseToObject(text: string): { root: string; value: XmlValue; doc: Document } | undefined {
  if (!text.trim()) return undefined;
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length) return undefined;
  const root = doc.documentElement;
  return { root: root.localName, value: elementToValue(root), doc };
}

/** finesse.utilities.Utilities.getArray: one item or an array → an array. */
export function getArray<T>(v: T | T[] | undefined | null): T[] {
  if (v === undefined || v === null || (v as unknown) === '') return [];
  return Array.isArray(v) ? v : [v];
}
