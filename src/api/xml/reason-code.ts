// ReasonCode and ReasonCodes ([finesse-api] §2.2 "Reason codes"; guide chunk 237 for the admin object),
// and the reason code shown inside a User. Pure.
import type { Element } from '../../xml/element.js';
import type { ReasonCategory, ReasonCodeRecord } from '../../storage/stores.js';
import { systemReasonLabel } from '../system-reason-codes.js';
import { FINESSE_API, leaf, node } from './common.js';

export const reasonCodeUri = (id: string): string => `${FINESSE_API}/ReasonCode/${id}`;

/** One `<ReasonCode>`: uri, category, code, label, forAll, systemCode, id. */
export function renderReasonCode(rc: ReasonCodeRecord, root = 'ReasonCode'): Element {
  return node(root,
    leaf('uri', reasonCodeUri(rc.id)),
    leaf('category', rc.category),
    leaf('code', rc.code),
    leaf('label', rc.label),
    leaf('forAll', rc.forAll),
    leaf('systemCode', rc.isSystemCode),
    leaf('id', rc.id));
}

/** `<ReasonCodes category="NOT_READY">…</ReasonCodes>`; the attribute only when a category was asked for. */
export function renderReasonCodes(list: readonly ReasonCodeRecord[], category?: ReasonCategory): Element {
  const root = node('ReasonCodes', list.map((rc) => renderReasonCode(rc)));
  if (category) root.setAttr('category', category);
  return root;
}

/**
 * The reason code a User (or a team member) shows: the configured object when one has this code, else a
 * system code without uri or id (those are not objects, [finesse-api] §2.2).
 */
export function renderUserReasonCode(category: ReasonCategory, code: number, configured: ReasonCodeRecord | undefined, root: string): Element {
  if (configured) return renderReasonCode(configured, root);
  return node(root,
    leaf('category', category),
    leaf('code', code),
    leaf('label', systemReasonLabel(category, code)),
    leaf('forAll', true),
    leaf('systemCode', true));
}
