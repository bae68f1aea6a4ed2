// The <Update> document every Finesse event carries ([finesse-api] §4.2): data, event, requestId, source,
// in the order of the captured 12.5 events. Published as text; the pubsub component escapes it. Pure.
import { serialize, type Element } from '../../xml/element.js';
import { leaf, node } from './common.js';

export type UpdateEvent = 'POST' | 'PUT' | 'DELETE';

export interface UpdateInput {
  /** The object (lower-camel root such as `user`, `dialog`, `dialogs`, `apiErrors`; `Queue`), or null. */
  readonly data: Element | null;
  readonly event: UpdateEvent;
  /** The requestId header of the request that caused it; empty when unsolicited. */
  readonly requestId?: string | undefined;
  /** The REST URI of the changed thing. */
  readonly source: string;
}

export function renderUpdate(u: UpdateInput): string {
  return serialize(node('Update',
    node('data', u.data),
    leaf('event', u.event),
    leaf('requestId', u.requestId ?? ''),
    leaf('source', u.source)));
}
