// Who receives a notification published to a node: the explicit subscribers, the implicit
// auto-subscriptions Finesse has without any IQ, and the subscribers of the queue aliases.
//
// [finesse-api] §5.4: User, Dialogs, Media and SystemInfo are auto-subscribed ("Deliver these to every
// connected resource of the user (sent to the bare JID)"). [decisions] 8: subscribers of
// /User/<id>/Queue/<qid> and /User/<id>/Queues receive /Queue/<qid> updates under the name they used.
// [XEP-0060] §6.1.6 (multiple subscriptions): only one notification per entity.
import type { SubscriptionStore } from '../storage/stores.js';
import type { PubsubDirectory } from './directory.js';
import { parseFinesseNode, type FinesseNode } from './finesse-nodes.js';

/** One notification to send: to `jid` (bare or full, as subscribed), under the node name `node`. */
export interface Recipient {
  jid: string;
  node: string;
}

export interface RecipientDeps {
  directory: Pick<PubsubDirectory, 'getUser'>;
  subscriptions: SubscriptionStore;
  onlineBareJids: () => Iterable<string>;
  /** The bare JID of a directory user. */
  userJid: (userId: string) => string;
}

const IMPLICIT_USER_KINDS: ReadonlySet<FinesseNode['kind']> = new Set(['user', 'dialogs', 'media']);

const bareOf = (jid: string): string => {
  const slash = jid.indexOf('/');
  return slash < 0 ? jid : jid.slice(0, slash);
};

/**
 * Recipients keyed by (node name, JID). A full JID is dropped when the bare JID is a recipient under the
 * same node name: the bare JID already reaches every available resource, and a second copy to the same
 * resource is what "one notification per entity" forbids.
 */
function collapse(pairs: Recipient[]): Recipient[] {
  const bares = new Set<string>();
  for (const p of pairs) if (!p.jid.includes('/')) bares.add(`${p.node}\n${p.jid}`);
  const seen = new Set<string>();
  const out: Recipient[] = [];
  for (const p of pairs) {
    const key = `${p.node}\n${p.jid}`;
    if (seen.has(key)) continue;
    if (p.jid.includes('/') && bares.has(`${p.node}\n${bareOf(p.jid)}`)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}

export function createRecipientResolver(deps: RecipientDeps) {
  const { directory, subscriptions } = deps;
  // Alias nodes that have (or had) subscriptions, loaded from the store on first use and kept up to
  // date by the service, so a queue publish does not scan every subscription. One service per store.
  let aliases: Map<string, FinesseNode> | undefined;

  function aliasIndex(): Map<string, FinesseNode> {
    if (aliases) return aliases;
    aliases = new Map();
    for (const sub of subscriptions.list()) noteSubscribed(sub.node);
    return aliases;
  }

  function noteSubscribed(node: string): void {
    const desc = parseFinesseNode(node);
    if (desc?.kind === 'user-queue' || desc?.kind === 'user-queues') aliases?.set(node, desc);
  }

  function aliasesOfQueue(queueId: string): string[] {
    const out: string[] = [];
    for (const [node, desc] of aliasIndex()) {
      if (desc.kind === 'user-queue' && desc.queueId === queueId) out.push(node);
      else if (desc.kind === 'user-queues' && directory.getUser(desc.userId)?.queueIds.includes(queueId)) out.push(node);
    }
    return out;
  }

  function implicit(node: string, desc: FinesseNode | undefined): Recipient[] {
    if (desc === undefined) return [];
    if (desc.kind === 'system-info') return [...deps.onlineBareJids()].map((jid) => ({ jid, node }));
    if (IMPLICIT_USER_KINDS.has(desc.kind) && 'userId' in desc && directory.getUser(desc.userId)) {
      return [{ jid: deps.userJid(desc.userId), node }];
    }
    return [];
  }

  return {
    /** Records a new subscription on `node` (keeps the alias index current). */
    noteSubscribed(node: string): void {
      aliasIndex();
      noteSubscribed(node);
    },

    /** Forgets an alias node once it has no subscription left. */
    noteUnsubscribed(node: string): void {
      if (aliases?.has(node) && subscriptions.listForNode(node).length === 0) aliases.delete(node);
    },

    /** Every notification to send for a publish to `node`; `onlineOnly` applies presence-based delivery. */
    resolve(node: string, onlineOnly: boolean): Recipient[] {
      const desc = parseFinesseNode(node);
      const pairs = implicit(node, desc);
      for (const sub of subscriptions.listForNode(node)) pairs.push({ jid: sub.jid, node });
      if (desc?.kind === 'queue') {
        for (const alias of aliasesOfQueue(desc.queueId)) {
          for (const sub of subscriptions.listForNode(alias)) pairs.push({ jid: sub.jid, node: alias });
        }
      }
      const all = collapse(pairs);
      if (!onlineOnly) return all;
      const online = new Set(deps.onlineBareJids());
      return all.filter((r) => online.has(bareOf(r.jid)));
    },
  };
}

export type RecipientResolver = ReturnType<typeof createRecipientResolver>;
