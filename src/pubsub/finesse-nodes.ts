// The Finesse node tree: pubsub node names derived from users, teams and queues. Pure; nothing here
// knows whether a user exists (the service asks the directory).
//
// [notification-service] §0.4 (node table), [finesse-api] §4.2 (node/source mapping), §5.4 (subscriptions),
// [decisions] 8 (queue statistics: canonical /Queue/<id>, aliases /User/<id>/Queue/<qid> and /User/<id>/Queues).

export const FINESSE_API = '/finesse/api';
export const SYSTEM_INFO_NODE = `${FINESSE_API}/SystemInfo`;

/** Media routing domains known to Parley. Only voice for now. */
export const MEDIA_ROUTING_DOMAINS: readonly { id: string; name: string }[] = [{ id: '1', name: 'Voice' }];
export const VOICE_MRD_ID = '1';

/** What a Finesse node name denotes. Wire names stay as Finesse spells them (`Dialogs`, `ClientLog`). */
export type FinesseNode =
  | { kind: 'user'; userId: string }
  | { kind: 'dialogs'; userId: string }
  | { kind: 'client-log'; userId: string }
  | { kind: 'media'; userId: string; mrdId: string }
  | { kind: 'user-queues'; userId: string }
  /** Alias of the queue node, as the product document names it ([decisions] 8). */
  | { kind: 'user-queue'; userId: string; queueId: string }
  | { kind: 'team-users'; teamId: string }
  | { kind: 'queue'; queueId: string }
  | { kind: 'system-info' };

export type FinesseNodeKind = FinesseNode['kind'];

export const userNode = (userId: string): string => `${FINESSE_API}/User/${userId}`;
export const dialogsNode = (userId: string): string => `${userNode(userId)}/Dialogs`;
export const clientLogNode = (userId: string): string => `${userNode(userId)}/ClientLog`;
export const mediaNode = (userId: string, mrdId: string = VOICE_MRD_ID): string => `${userNode(userId)}/Media/${mrdId}`;
export const userQueuesNode = (userId: string): string => `${userNode(userId)}/Queues`;
export const userQueueNode = (userId: string, queueId: string): string => `${userNode(userId)}/Queue/${queueId}`;
export const teamUsersNode = (teamId: string): string => `${FINESSE_API}/Team/${teamId}/Users`;
export const queueNode = (queueId: string): string => `${FINESSE_API}/Queue/${queueId}`;

/** The node name of a description; `nodeName(parseFinesseNode(n)!) === n` for every Finesse node. */
export function nodeName(desc: FinesseNode): string {
  switch (desc.kind) {
    case 'user': return userNode(desc.userId);
    case 'dialogs': return dialogsNode(desc.userId);
    case 'client-log': return clientLogNode(desc.userId);
    case 'media': return mediaNode(desc.userId, desc.mrdId);
    case 'user-queues': return userQueuesNode(desc.userId);
    case 'user-queue': return userQueueNode(desc.userId, desc.queueId);
    case 'team-users': return teamUsersNode(desc.teamId);
    case 'queue': return queueNode(desc.queueId);
    case 'system-info': return SYSTEM_INFO_NODE;
  }
}

// An id segment: non-empty, no slash, no whitespace or control characters. Finesse ids are
// alphanumeric ("1001001", "TheA"); anything odder is not a Finesse node but may still be an
// administrator-created node with that name.
const SEGMENT = /^[^/\s\p{Cc}]+$/u;

/** Describes a Finesse node name, or undefined when the name is not one (case-sensitive, no trailing slash). */
export function parseFinesseNode(node: string): FinesseNode | undefined {
  if (node === SYSTEM_INFO_NODE) return { kind: 'system-info' };
  if (!node.startsWith(`${FINESSE_API}/`)) return undefined;
  const parts = node.slice(FINESSE_API.length + 1).split('/');
  if (!parts.every((p) => SEGMENT.test(p))) return undefined;
  const [root, id, sub, subId, ...rest] = parts;
  if (rest.length > 0 || id === undefined) return undefined;
  if (root === 'User') return parseUserNode(id, sub, subId);
  if (root === 'Team' && sub === 'Users' && subId === undefined) return { kind: 'team-users', teamId: id };
  if (root === 'Queue' && sub === undefined) return { kind: 'queue', queueId: id };
  return undefined;
}

function parseUserNode(userId: string, sub: string | undefined, subId: string | undefined): FinesseNode | undefined {
  if (subId === undefined) {
    switch (sub) {
      case undefined: return { kind: 'user', userId };
      case 'Dialogs': return { kind: 'dialogs', userId };
      case 'ClientLog': return { kind: 'client-log', userId };
      case 'Queues': return { kind: 'user-queues', userId };
      default: return undefined;
    }
  }
  if (sub === 'Media') return { kind: 'media', userId, mrdId: subId };
  if (sub === 'Queue') return { kind: 'user-queue', userId, queueId: subId };
  return undefined;
}

/** What finesseNodeExists needs to know. */
export interface NodeLookupDirectory {
  getUser(id: string): { queueIds: readonly string[] } | undefined;
  getTeam(id: string): unknown;
  getQueue(id: string): unknown;
}

/**
 * Whether a described node exists: its user, team or queue is configured. A `/User/<id>/Queue/<qid>`
 * alias exists only for a queue the user is skilled in; a Media node only for a known MRD.
 */
export function finesseNodeExists(desc: FinesseNode, directory: NodeLookupDirectory): boolean {
  switch (desc.kind) {
    case 'system-info': return true;
    case 'team-users': return directory.getTeam(desc.teamId) !== undefined;
    case 'queue': return directory.getQueue(desc.queueId) !== undefined;
    case 'media':
      return MEDIA_ROUTING_DOMAINS.some((m) => m.id === desc.mrdId) && directory.getUser(desc.userId) !== undefined;
    case 'user-queue':
      return directory.getQueue(desc.queueId) !== undefined &&
        (directory.getUser(desc.userId)?.queueIds.includes(desc.queueId) ?? false);
    default: return directory.getUser(desc.userId) !== undefined;
  }
}

/** What listFinesseNodes needs to know. */
export interface NodeListingDirectory {
  listUsers(): Iterable<{ id: string }>;
  listTeams(): Iterable<{ id: string }>;
  listQueues(): Iterable<{ id: string }>;
}

/**
 * Every canonical Finesse node, in a stable order, for disco#items ([notification-service] §0.5): per user
 * its User, Dialogs, ClientLog, Media and Queues nodes; the Users node of each team; each queue; SystemInfo.
 * The `/User/<id>/Queue/<qid>` aliases are not listed (they would be users × queues names).
 * Lazy, so a paged listing of 10,000+ users can stop early.
 */
export function* listFinesseNodes(directory: NodeListingDirectory): Generator<string> {
  for (const user of directory.listUsers()) {
    yield userNode(user.id);
    yield dialogsNode(user.id);
    yield clientLogNode(user.id);
    for (const mrd of MEDIA_ROUTING_DOMAINS) yield mediaNode(user.id, mrd.id);
    yield userQueuesNode(user.id);
  }
  for (const team of directory.listTeams()) yield teamUsersNode(team.id);
  for (const queue of directory.listQueues()) yield queueNode(queue.id);
  yield SYSTEM_INFO_NODE;
}
