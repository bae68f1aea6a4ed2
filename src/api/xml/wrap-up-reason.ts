// WrapUpReason and WrapUpReasons ([finesse-api] §2.2 "Wrap-up reasons"): the admin object's uri is
// /finesse/api/WrapUpReason/<id>; the per-user list uses the same uri (no trailing slash). Pure.
import type { Element } from '../../xml/element.js';
import type { WrapUpReasonRecord } from '../../storage/stores.js';
import { FINESSE_API, leaf, node } from './common.js';

export const wrapUpReasonUri = (id: string): string => `${FINESSE_API}/WrapUpReason/${id}`;

export function renderWrapUpReason(w: WrapUpReasonRecord): Element {
  return node('WrapUpReason', leaf('uri', wrapUpReasonUri(w.id)), leaf('label', w.label), leaf('forAll', w.forAll), leaf('id', w.id));
}

export function renderWrapUpReasons(list: readonly WrapUpReasonRecord[]): Element {
  return node('WrapUpReasons', list.map(renderWrapUpReason));
}
