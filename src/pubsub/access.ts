// Who may do what on which node, as data (the capabilities idea of Prosody's util/pubsub.lua): an actor's
// affiliation with a node is computed from the directory, and a table says what each affiliation may do.
//
// [finesse-api] §5.4 "an agent should only be able to subscribe to its own nodes, its teams (supervisor),
// and queues"; [notification-service] §2.5 "non-owners MUST NOT complete any owner use case".
import type { UserRecord } from '../storage/stores.js';
import { parseFinesseNode, type FinesseNode, type FinesseNodeKind } from './finesse-nodes.js';

/** The requester of a pubsub operation. */
export interface Actor {
  /** Normalized bare JID of the requester ('' for the internal API). */
  bareJid: string;
  /** The directory record behind the JID's localpart, if there is one. */
  user: UserRecord | undefined;
  /** An XMPP administrator: owner of every node. */
  isAdmin: boolean;
  /** Parley's own web services (REST and CTI side) publishing `<Update>` documents. */
  isInternal?: boolean;
}

/** The actor of the internal API: may publish to every node, is not an XMPP entity. */
export const INTERNAL_ACTOR: Actor = Object.freeze({ bareJid: '', user: undefined, isAdmin: false, isInternal: true });

/** An actor for an XMPP requester; by default administrators are the users with the `admin` role. */
export function actorFor(bareJid: string, user: UserRecord | undefined, isAdmin = user?.roles.includes('admin') ?? false): Actor {
  return { bareJid, user, isAdmin };
}

export type Affiliation = 'owner' | 'member' | 'none';

export type PubsubAction =
  | 'subscribe' | 'retrieve-items' | 'publish' | 'create' | 'delete' | 'purge' | 'configure' | 'manage-subscriptions';

/** What each affiliation may do. Unsubscribing one's own subscription needs no capability. */
export const CAPABILITIES = {
  owner: {
    subscribe: true, 'retrieve-items': true, publish: true, create: true, delete: true, purge: true,
    configure: true, 'manage-subscriptions': true,
  },
  member: {
    subscribe: true, 'retrieve-items': true, publish: false, create: false, delete: false, purge: false,
    configure: false, 'manage-subscriptions': false,
  },
  none: {
    subscribe: false, 'retrieve-items': false, publish: false, create: false, delete: false, purge: false,
    configure: false, 'manage-subscriptions': false,
  },
} as const satisfies Record<Affiliation, Record<PubsubAction, boolean>>;

/** How an actor can relate to a Finesse node's subject. */
export type Relation = 'anyone' | 'self' | 'team-supervisor' | 'skilled' | 'supervises-skilled';

/**
 * The relations that make an actor a member of each kind of Finesse node. A supervisor sees every node of
 * the members of the teams it supervises; queue statistics go to agents skilled in the queue and to
 * supervisors of such agents (who could subscribe through `/User/<member>/Queue/<qid>` anyway).
 */
export const FINESSE_ACCESS: { readonly [K in FinesseNodeKind]: readonly Relation[] } = {
  user: ['self', 'team-supervisor'],
  dialogs: ['self', 'team-supervisor'],
  'client-log': ['self', 'team-supervisor'],
  media: ['self', 'team-supervisor'],
  'user-queues': ['self', 'team-supervisor'],
  'user-queue': ['self', 'team-supervisor'],
  'team-users': ['team-supervisor'],
  queue: ['skilled', 'supervises-skilled'],
  'system-info': ['anyone'],
};

/** What relation checks read from the directory. */
export interface AccessDirectory {
  getUser(id: string): UserRecord | undefined;
  usersOfTeam(teamId: string): Iterable<UserRecord>;
}

const isSupervisor = (u: UserRecord): boolean => u.roles.includes('supervisor');

function supervisesTeam(u: UserRecord, teamId: string | null | undefined): boolean {
  return teamId != null && isSupervisor(u) && u.supervisedTeamIds.includes(teamId);
}

function holds(relation: Relation, user: UserRecord | undefined, desc: FinesseNode, dir: AccessDirectory): boolean {
  if (relation === 'anyone') return true;
  if (user === undefined) return false;
  switch (relation) {
    case 'self':
      return 'userId' in desc && desc.userId === user.id;
    case 'team-supervisor':
      if (desc.kind === 'team-users') return supervisesTeam(user, desc.teamId);
      return 'userId' in desc && supervisesTeam(user, dir.getUser(desc.userId)?.teamId);
    case 'skilled':
      return 'queueId' in desc && user.queueIds.includes(desc.queueId);
    case 'supervises-skilled':
      return 'queueId' in desc && isSupervisor(user) && user.supervisedTeamIds.some((t) => {
        for (const member of dir.usersOfTeam(t)) if (member.queueIds.includes(desc.queueId)) return true;
        return false;
      });
  }
}

export interface AccessContext {
  directory: AccessDirectory;
  /** `pubsub#access_model` of an administrator-created node record; `open` admits every actor as member. */
  accessModel?: string | undefined;
}

/** The actor's affiliation with a node: the best of what the node record and the Finesse rules grant. */
export function affiliationOf(actor: Actor, node: string, ctx: AccessContext): Affiliation {
  if (actor.isInternal === true || actor.isAdmin) return 'owner';
  if (ctx.accessModel === 'open') return 'member';
  const desc = parseFinesseNode(node);
  if (desc && FINESSE_ACCESS[desc.kind].some((r) => holds(r, actor.user, desc, ctx.directory))) return 'member';
  return 'none';
}

/** Whether the actor may perform the action on the node. */
export function may(actor: Actor, action: PubsubAction, node: string, ctx: AccessContext): boolean {
  return CAPABILITIES[affiliationOf(actor, node, ctx)][action];
}
