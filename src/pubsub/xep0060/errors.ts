// Pubsub conditions → stanza errors, as one declarative table (Prosody's error registry idea).
//
// [XEP-0060] §6–§8 error cases; §14.2 (the pubsub#errors namespace).
import { xml } from '../../xml/element.js';
import { NS_PUBSUB_ERRORS } from '../../xml/ns.js';
import { StanzaError, type StanzaCondition, type StanzaErrorType } from '../../xmpp/stanza/stanza-error.js';
import type { PubsubCondition } from '../condition.js';

interface ErrorSpec {
  type: StanzaErrorType;
  condition: StanzaCondition;
  /** The application-specific condition in NS_PUBSUB_ERRORS. */
  pubsub?: string;
}

export const PUBSUB_ERRORS: { readonly [C in PubsubCondition]: ErrorSpec } = {
  'bad-request': { type: 'modify', condition: 'bad-request' },
  conflict: { type: 'cancel', condition: 'conflict' },
  'feature-not-implemented': { type: 'cancel', condition: 'feature-not-implemented' },
  forbidden: { type: 'auth', condition: 'forbidden' },
  'internal-server-error': { type: 'cancel', condition: 'internal-server-error' },
  'invalid-jid': { type: 'modify', condition: 'bad-request', pubsub: 'invalid-jid' }, // §6.1.3.1
  'invalid-options': { type: 'modify', condition: 'bad-request', pubsub: 'invalid-options' }, // §6.3.5
  'invalid-payload': { type: 'modify', condition: 'bad-request', pubsub: 'invalid-payload' }, // §7.1.3.6
  'invalid-subid': { type: 'modify', condition: 'not-acceptable', pubsub: 'invalid-subid' }, // §6.2.3.5
  'item-not-found': { type: 'cancel', condition: 'item-not-found' },
  'item-required': { type: 'modify', condition: 'bad-request', pubsub: 'item-required' }, // §7.1.3.6
  'jid-malformed': { type: 'modify', condition: 'jid-malformed' },
  'nodeid-required': { type: 'modify', condition: 'bad-request', pubsub: 'nodeid-required' }, // §7.1.3.3
  'instant-nodes-unsupported': { type: 'modify', condition: 'not-acceptable', pubsub: 'nodeid-required' }, // §8.1.3
  'not-acceptable': { type: 'modify', condition: 'not-acceptable' },
  'not-allowed': { type: 'cancel', condition: 'not-allowed' },
  'not-subscribed': { type: 'cancel', condition: 'unexpected-request', pubsub: 'not-subscribed' }, // §6.2.3.2
  'payload-required': { type: 'modify', condition: 'bad-request', pubsub: 'payload-required' }, // §7.1.3.6
  'payload-too-big': { type: 'modify', condition: 'not-acceptable', pubsub: 'payload-too-big' }, // §7.1.3.4
  'precondition-not-met': { type: 'cancel', condition: 'conflict', pubsub: 'precondition-not-met' }, // §7.1.5
  'subid-required': { type: 'modify', condition: 'bad-request', pubsub: 'subid-required' }, // §6.2.3.1
};

/**
 * The stanza error for a condition. `feature` names an unsupported XEP-0060 feature (a §10 feature name);
 * it rides on `<unsupported feature='…'/>`, as in the spec's "feature not supported" error cases.
 */
export function pubsubError(condition: PubsubCondition, opts: { text?: string; feature?: string } = {}): StanzaError {
  const spec = PUBSUB_ERRORS[condition];
  const application = opts.feature !== undefined
    ? xml('unsupported', { xmlns: NS_PUBSUB_ERRORS, feature: opts.feature })
    : spec.pubsub !== undefined ? xml(spec.pubsub, { xmlns: NS_PUBSUB_ERRORS }) : undefined;
  return new StanzaError(spec.condition, {
    type: spec.type,
    ...(opts.text !== undefined ? { text: opts.text } : {}),
    ...(application !== undefined ? { application } : {}),
  });
}

/** An unsupported feature: `feature-not-implemented` + `<unsupported feature='…'/>`. */
export const unsupported = (feature: string): StanzaError => pubsubError('feature-not-implemented', { feature });
