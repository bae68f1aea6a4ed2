// XEP-0059 Result Set Management for disco#items on the pubsub service: 10,000 users give 50,000+
// nodes, so a client may page. Without a `<set/>` everything is returned (the product document's
// Pidgin procedure expects the full list, [notification-service] §0.5).
//
// [XEP-0059] https://xmpp.org/extensions/xep-0059.html
import { Element, xml } from '../../xml/element.js';
import { StanzaError } from '../../xmpp/stanza/stanza-error.js';

export const NS_RSM = 'http://jabber.org/protocol/rsm'; // TODO: move to xml/ns.ts

export interface RsmRequest {
  max?: number;
  /** Page after this id. */
  after?: string;
  /** Page before this id; '' means the last page ([XEP-0059] §2.5). */
  before?: string;
  /** Page starting at this index ([XEP-0059] §2.4). */
  index?: number;
}

export interface RsmPage<T> {
  items: T[];
  /** Index of the first item in the full list. */
  firstIndex: number;
  count: number;
}

const NUMBER = /^\d{1,9}$/;

/** Reads `<set xmlns='http://jabber.org/protocol/rsm'/>`; a malformed number is a bad request. */
export function parseRsm(set: Element): RsmRequest | StanzaError {
  const req: RsmRequest = {};
  const max = set.getChildText('max', NS_RSM);
  const index = set.getChildText('index', NS_RSM);
  const after = set.getChildText('after', NS_RSM);
  const before = set.getChildText('before', NS_RSM);
  if (max !== undefined) {
    if (!NUMBER.test(max)) return new StanzaError('bad-request', { text: 'rsm max must be a non-negative integer' });
    req.max = Number(max);
  }
  if (index !== undefined) {
    if (!NUMBER.test(index)) return new StanzaError('bad-request', { text: 'rsm index must be a non-negative integer' });
    req.index = Number(index);
  }
  if (after !== undefined) req.after = after;
  if (before !== undefined) req.before = before;
  return req;
}

/** The requested page of `all`; an unknown after/before id is item-not-found ([XEP-0059] §2.6). */
export function pageOf<T>(all: readonly T[], idOf: (t: T) => string, req: RsmRequest): RsmPage<T> | StanzaError {
  const count = all.length;
  const max = req.max ?? count;
  let start: number;
  let end: number;
  if (req.before !== undefined) {
    end = req.before === '' ? count : all.findIndex((t) => idOf(t) === req.before);
    if (end < 0) return new StanzaError('item-not-found');
    start = Math.max(0, end - max);
  } else {
    if (req.after !== undefined) {
      const at = all.findIndex((t) => idOf(t) === req.after);
      if (at < 0) return new StanzaError('item-not-found');
      start = at + 1;
    } else {
      start = Math.min(req.index ?? 0, count);
    }
    end = Math.min(count, start + max);
  }
  return { items: all.slice(start, end), firstIndex: start, count };
}

/** `<set><first index/><last/><count/></set>` describing a page ([XEP-0059] §2.1). */
export function rsmResult<T>(page: RsmPage<T>, idOf: (t: T) => string): Element {
  const first = page.items[0];
  const last = page.items[page.items.length - 1];
  return xml('set', { xmlns: NS_RSM },
    first === undefined ? null : xml('first', { index: page.firstIndex }, idOf(first)),
    last === undefined ? null : xml('last', null, idOf(last)),
    xml('count', null, String(page.count)));
}
