// XEP-0060 requests → typed commands. The `<pubsub/>` child of an IQ carries exactly one action element,
// optionally with its companion (create+configure, subscribe+options, publish+publish-options).
// Pure: no service calls, no access checks.
//
// [XEP-0060] §6 (entity use cases), §7 (publisher), §8 (owner), §16.2 (the schema).
import type { Element } from '../../xml/element.js';
import { NS_PUBSUB, NS_PUBSUB_OWNER } from '../../xml/ns.js';
import type { StanzaError } from '../../xmpp/stanza/stanza-error.js';
import type { SubscriptionChange } from '../service-types.js';
import { formChild, readForm } from './data-form.js';
import { pubsubError, unsupported } from './errors.js';

export type PubsubCommand =
  | { kind: 'subscribe'; node: string; jid: string }
  | { kind: 'unsubscribe'; node: string; jid: string; subid?: string }
  | { kind: 'subscriptions'; node?: string }
  | { kind: 'affiliations'; node?: string }
  | { kind: 'items'; node: string; max?: number; itemIds?: string[] }
  | { kind: 'publish'; node: string; itemId?: string; payload: Element; options?: Record<string, string> }
  | { kind: 'create'; node?: string; config: Record<string, string> }
  | { kind: 'configure-get'; node: string }
  /** `config` undefined: the owner cancelled the form (nothing changes). */
  | { kind: 'configure-set'; node: string; config: Record<string, string> | undefined }
  | { kind: 'default' }
  | { kind: 'delete'; node: string }
  | { kind: 'purge'; node: string }
  | { kind: 'owner-subscriptions-get'; node: string }
  | { kind: 'owner-subscriptions-set'; node: string; changes: SubscriptionChange[] }
  | { kind: 'owner-affiliations-get'; node: string };

export type ParseResult = { ok: true; command: PubsubCommand } | { ok: false; error: StanzaError };

type IqType = 'get' | 'set';
type VerbParser = (verb: Element, companion: Element | undefined) => ParseResult;
interface Verb { type: IqType | 'any'; parse: VerbParser }

/** A table entry by key, ignoring what objects inherit (`constructor`, `toString`, …). */
const lookup = <T>(table: Readonly<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);

const done = (command: PubsubCommand): ParseResult => ({ ok: true, command });
const fail = (error: StanzaError): ParseResult => ({ ok: false, error });
const badRequest = (text: string): ParseResult => fail(pubsubError('bad-request', { text }));

/** The node attribute, or the nodeid-required failure. */
function withNode(verb: Element, build: (node: string) => ParseResult): ParseResult {
  const node = verb.attr('node');
  return node === undefined || node === '' ? fail(pubsubError('nodeid-required')) : build(node);
}

const optionalNode = (verb: Element): { node?: string } => {
  const node = verb.attr('node');
  return node === undefined || node === '' ? {} : { node };
};

function withJid(verb: Element, build: (jid: string) => ParseResult): ParseResult {
  const jid = verb.attr('jid');
  return jid === undefined || jid === '' ? fail(pubsubError('invalid-jid', { text: 'jid is required' })) : build(jid);
}

function parseItems(verb: Element): ParseResult {
  return withNode(verb, (node) => {
    const command: PubsubCommand & { kind: 'items' } = { kind: 'items', node };
    const max = verb.attr('max_items');
    if (max !== undefined) {
      if (!/^\d{1,9}$/.test(max) || Number(max) === 0) return badRequest('max_items must be a positive integer');
      command.max = Number(max);
    }
    const requested = verb.getChildren('item', NS_PUBSUB);
    if (requested.length > 0) {
      const ids = requested.map((i) => i.attr('id'));
      if (ids.some((id) => id === undefined || id === '')) return badRequest('item without id');
      command.itemIds = ids as string[];
    }
    return done(command);
  });
}

function parsePublish(verb: Element, companion: Element | undefined): ParseResult {
  return withNode(verb, (node) => {
    const items = verb.getChildren('item', NS_PUBSUB);
    if (items.length === 0) return fail(pubsubError('item-required'));
    if (items.length > 1) return badRequest('one item per publish');
    const item = items[0]!;
    const payloads = item.elements();
    if (payloads.length === 0) return fail(pubsubError('payload-required'));
    if (payloads.length > 1) return fail(pubsubError('invalid-payload'));
    const command: PubsubCommand & { kind: 'publish' } = { kind: 'publish', node, payload: payloads[0]! };
    const id = item.attr('id');
    if (id !== undefined && id !== '') command.itemId = id;
    if (companion !== undefined) {
      const x = formChild(companion);
      const form = x && readForm(x);
      if (x && !form) return fail(pubsubError('invalid-options'));
      if (form) command.options = form.fields;
    }
    return done(command);
  });
}

function parseCreate(verb: Element, companion: Element | undefined): ParseResult {
  const x = companion && formChild(companion);
  const form = x && readForm(x);
  if (x && !form) return badRequest('malformed node configuration form');
  return done({ kind: 'create', ...optionalNode(verb), config: form?.fields ?? {} });
}

function parseConfigureSet(verb: Element): ParseResult {
  return withNode(verb, (node) => {
    const x = formChild(verb);
    const form = x && readForm(x);
    if (!form) return badRequest('a data form is required');
    if (form.type === 'cancel') return done({ kind: 'configure-set', node, config: undefined });
    if (form.type !== 'submit') return badRequest('the form type must be submit or cancel');
    return done({ kind: 'configure-set', node, config: form.fields });
  });
}

function parseSubscriptionChanges(verb: Element): ParseResult {
  return withNode(verb, (node) => {
    const changes: SubscriptionChange[] = [];
    for (const s of verb.getChildren('subscription', NS_PUBSUB_OWNER)) {
      const jid = s.attr('jid');
      const subscription = s.attr('subscription');
      if (jid === undefined || (subscription !== 'subscribed' && subscription !== 'none')) {
        return badRequest('each subscription needs a jid and subscription subscribed|none');
      }
      const subid = s.attr('subid');
      changes.push(subid === undefined ? { jid, subscription } : { jid, subscription, subid });
    }
    return done({ kind: 'owner-subscriptions-set', node, changes });
  });
}

// [XEP-0060] §6–§7: the entity and publisher verbs, in NS_PUBSUB.
const USER_VERBS: Readonly<Record<string, Verb>> = {
  subscribe: { type: 'set', parse: (v) => withNode(v, (node) => withJid(v, (jid) => done({ kind: 'subscribe', node, jid }))) },
  unsubscribe: {
    type: 'set',
    parse: (v) => withNode(v, (node) => withJid(v, (jid) => {
      const subid = v.attr('subid');
      return done(subid === undefined || subid === '' ? { kind: 'unsubscribe', node, jid } : { kind: 'unsubscribe', node, jid, subid });
    })),
  },
  subscriptions: { type: 'get', parse: (v) => done({ kind: 'subscriptions', ...optionalNode(v) }) },
  affiliations: { type: 'get', parse: (v) => done({ kind: 'affiliations', ...optionalNode(v) }) },
  items: { type: 'get', parse: parseItems },
  publish: { type: 'set', parse: parsePublish },
  create: { type: 'set', parse: parseCreate },
  retract: { type: 'set', parse: () => fail(unsupported('retract-items')) },
  options: { type: 'any', parse: () => fail(unsupported('subscription-options')) },
};

// [XEP-0060] §8: the owner verbs, in NS_PUBSUB_OWNER. Keyed `<type> <element>`.
const OWNER_VERBS: Readonly<Record<string, VerbParser>> = {
  'get configure': (v) => withNode(v, (node) => done({ kind: 'configure-get', node })),
  'set configure': parseConfigureSet,
  'get default': () => done({ kind: 'default' }),
  'set delete': (v) => withNode(v, (node) => done({ kind: 'delete', node })),
  'set purge': (v) => withNode(v, (node) => done({ kind: 'purge', node })),
  'get subscriptions': (v) => withNode(v, (node) => done({ kind: 'owner-subscriptions-get', node })),
  'set subscriptions': parseSubscriptionChanges,
  'get affiliations': (v) => withNode(v, (node) => done({ kind: 'owner-affiliations-get', node })),
  'set affiliations': () => fail(unsupported('modify-affiliations')),
};

/** Companions a NS_PUBSUB verb may carry ([XEP-0060] §16.2 schema). */
const COMPANIONS: Readonly<Record<string, string>> = { create: 'configure', subscribe: 'options', publish: 'publish-options' };

/** The action element and its companion, or why there is not exactly one action. */
function splitAction(children: Element[]): { verb: Element; companion?: Element } | ParseResult {
  if (children.length === 0) return badRequest('no pubsub action');
  const [a, b, ...rest] = children as [Element, Element | undefined, ...Element[]];
  if (b === undefined) return { verb: a };
  if (rest.length === 0 && lookup(COMPANIONS, a.localName) === b.localName) return { verb: a, companion: b };
  if (rest.length === 0 && lookup(COMPANIONS, b.localName) === a.localName) return { verb: b, companion: a };
  return badRequest('exactly one pubsub action per request');
}

/**
 * Parses the `<pubsub/>` child (NS_PUBSUB or NS_PUBSUB_OWNER) of an IQ of type `iqType`.
 * Zero or several actions, a missing node or jid, or an action in the wrong IQ type are bad requests;
 * an unknown action is feature-not-implemented.
 */
export function parsePubsub(iqType: string, pubsub: Element): ParseResult {
  if (iqType !== 'get' && iqType !== 'set') return badRequest('pubsub requests are IQ get or set');
  const isOwner = pubsub.ns === NS_PUBSUB_OWNER;
  if (!isOwner && pubsub.ns !== NS_PUBSUB) return badRequest('not a pubsub element');
  const children = pubsub.elements();
  if (children.some((c) => c.ns !== pubsub.ns)) return badRequest('pubsub actions must be in the pubsub namespace');
  const action = splitAction(children);
  if ('ok' in action) return action;
  const name = action.verb.localName;
  if (isOwner) {
    const parse = lookup(OWNER_VERBS, `${iqType} ${name}`);
    if (parse) return parse(action.verb, undefined);
    const known = lookup(OWNER_VERBS, `${iqType === 'get' ? 'set' : 'get'} ${name}`) !== undefined;
    return known ? badRequest(`${name} is not an IQ ${iqType} action`) : fail(pubsubError('feature-not-implemented'));
  }
  const verb = lookup(USER_VERBS, name);
  if (!verb) return fail(pubsubError('feature-not-implemented'));
  if (verb.type !== 'any' && verb.type !== iqType) return badRequest(`${name} is not an IQ ${iqType} action`);
  return verb.parse(action.verb, action.companion);
}
