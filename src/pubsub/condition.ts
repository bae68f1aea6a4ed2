// The failure vocabulary of the pubsub service. Pure logic returns these (style.md §6.3); they are
// XEP-0060 words, so the codec maps each to its stanza error in one table (xep0060/errors.ts).
//
// [XEP-0060] https://xmpp.org/extensions/xep-0060.html

export type PubsubCondition =
  | 'bad-request'
  | 'conflict'
  | 'feature-not-implemented'
  | 'forbidden'
  | 'internal-server-error'
  | 'invalid-jid' // [XEP-0060] §6.1.3.1: the JID to subscribe is not the requester's
  | 'invalid-options'
  | 'invalid-payload' // §7.1.3.6: more than one payload element
  | 'invalid-subid' // §6.2.3.5
  | 'item-not-found'
  | 'item-required' // §7.1.3.6: publish without <item/>
  | 'jid-malformed'
  | 'nodeid-required' // §7.1.3.3: a node attribute is missing
  | 'instant-nodes-unsupported' // §8.1.3: <create/> without node
  | 'not-acceptable'
  | 'not-allowed'
  | 'not-subscribed' // §6.2.3.2
  | 'payload-required' // §7.1.3.6
  | 'payload-too-big' // §7.1.3.4
  | 'precondition-not-met' // §7.1.5: publish-options that do not match the node
  | 'subid-required'; // §6.2.3.1
