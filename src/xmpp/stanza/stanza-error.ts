// Stanza errors (RFC 6120 §8.3). Handlers throw a StanzaError; the router turns it into the error reply
// in one place (style.md §6.9). Application-specific conditions (XEP-0060 <invalid-jid/> …) ride along.
import { Element, xml } from '../../xml/element.js';
import { NS_STANZAS } from '../../xml/ns.js';

export type StanzaErrorType = 'auth' | 'cancel' | 'continue' | 'modify' | 'wait';

export type StanzaCondition =
  | 'bad-request' | 'conflict' | 'feature-not-implemented' | 'forbidden' | 'gone' | 'internal-server-error'
  | 'item-not-found' | 'jid-malformed' | 'not-acceptable' | 'not-allowed' | 'not-authorized'
  | 'policy-violation' | 'recipient-unavailable' | 'redirect' | 'registration-required'
  | 'remote-server-not-found' | 'remote-server-timeout' | 'resource-constraint' | 'service-unavailable'
  | 'subscription-required' | 'undefined-condition' | 'unexpected-request';

/** The default error type of each condition (RFC 6120 §8.3.3). */
export const DEFAULT_ERROR_TYPE: Record<StanzaCondition, StanzaErrorType> = {
  'bad-request': 'modify', conflict: 'cancel', 'feature-not-implemented': 'cancel', forbidden: 'auth',
  gone: 'cancel', 'internal-server-error': 'cancel', 'item-not-found': 'cancel', 'jid-malformed': 'modify',
  'not-acceptable': 'modify', 'not-allowed': 'cancel', 'not-authorized': 'auth', 'policy-violation': 'modify',
  'recipient-unavailable': 'wait', redirect: 'modify', 'registration-required': 'auth',
  'remote-server-not-found': 'cancel', 'remote-server-timeout': 'wait', 'resource-constraint': 'wait',
  'service-unavailable': 'cancel', 'subscription-required': 'auth', 'undefined-condition': 'cancel',
  'unexpected-request': 'wait',
};

export class StanzaError extends Error {
  override name = 'StanzaError';
  readonly condition: StanzaCondition;
  readonly type: StanzaErrorType;
  readonly application: Element | undefined;
  readonly text: string | undefined;

  constructor(condition: StanzaCondition, opts: { type?: StanzaErrorType; text?: string; application?: Element; cause?: unknown } = {}) {
    super(opts.text ?? condition, { cause: opts.cause });
    this.condition = condition;
    this.type = opts.type ?? DEFAULT_ERROR_TYPE[condition];
    this.text = opts.text;
    this.application = opts.application;
  }

  /** The `<error/>` child of the error stanza. */
  toElement(): Element {
    return xml('error', { type: this.type },
      xml(this.condition, { xmlns: NS_STANZAS }),
      this.text ? xml('text', { xmlns: NS_STANZAS, 'xml:lang': 'en' }, this.text) : null,
      this.application);
  }
}

/**
 * Builds the error reply to a stanza: same name, `type='error'`, `to`/`from` swapped, same `id`,
 * the original payload dropped (RFC 6120 §8.3.1 allows including it; we keep replies small).
 */
export function errorReply(stanza: Element, error: StanzaError): Element {
  return xml(stanza.localName, {
    xmlns: stanza.ns,
    type: 'error',
    id: stanza.attr('id'),
    to: stanza.attr('from'),
    from: stanza.attr('to'),
  }, error.toElement());
}
