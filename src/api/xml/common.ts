// Small helpers shared by the Finesse object renderers: element with text, wire dates, the XML
// declaration of GET bodies. Pure.
import { serialize, xml, type Child, type Element } from '../../xml/element.js';

export const FINESSE_API = '/finesse/api';

/** `<name>text</name>`; null and undefined render as an empty element, as Finesse does. */
export function leaf(name: string, value: string | number | boolean | null | undefined): Element {
  return xml(name, null, value === null || value === undefined ? '' : String(value));
}

export function node(name: string, ...children: Child[]): Element {
  return xml(name, null, ...children);
}

/** Finesse wire date `YYYY-MM-DDThh:mm:ss.SSSZ` (UTC); empty when unknown. */
export function finesseDate(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms <= 0) return '';
  return new Date(ms).toISOString();
}

/** A GET response body: XML declaration plus the object ([finesse-api] §2.1 shows the declaration). */
export function xmlDocument(root: Element): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${serialize(root)}`;
}
