// Test fixtures for the pubsub tests: a small contact center, fresh stores, and XML from literal text.
// Each test builds its own fixture (no shared state between tests).
import { ManualClock } from '../../shared/clock.js';
import { createMemoryStores } from '../../storage/memory/memory-stores.js';
import type { PubsubNodeStore, QueueRecord, Role, SubscriptionStore, TeamRecord, UserRecord } from '../../storage/stores.js';
import { serialize, type Element } from '../../xml/element.js';
import { NS_CLIENT, NS_STREAM } from '../../xml/ns.js';
import { XmlStreamParser } from '../../xml/stream-parser.js';
import { actorFor, type Actor } from '../access.js';
import type { PubsubDirectory } from '../directory.js';
import { createPubsubService, type PubsubServiceDeps } from '../service.js';

export const DOMAIN = 'fin1.ucce.local';
export const PUBSUB_JID = `pubsub.${DOMAIN}`;

function user(id: string, roles: Role[], teamId: string | null, queueIds: string[], supervisedTeamIds: string[] = []): UserRecord {
  return { id, loginName: id, firstName: 'First', lastName: id, extension: id, roles, teamId, supervisedTeamIds, queueIds };
}

/**
 * Team 1: agents 1001001 (queue 1) and 1001002 (queue 2), supervised by 1001099.
 * Team 2: agent 1002001 (queues 1 and 2), supervised by 1002099. `admin` has the admin role.
 */
export function contactCenter() {
  const users = new Map<string, UserRecord>([
    ['1001001', user('1001001', ['agent'], '1', ['1'])],
    ['1001002', user('1001002', ['agent'], '1', ['2'])],
    ['1002001', user('1002001', ['agent'], '2', ['1', '2'])],
    ['1001099', user('1001099', ['agent', 'supervisor'], '1', [], ['1'])],
    ['1002099', user('1002099', ['agent', 'supervisor'], '2', [], ['2'])],
    ['admin', user('admin', ['admin'], null, [])],
  ]);
  const teams = new Map<string, TeamRecord>([['1', { id: '1', name: 'Team One' }], ['2', { id: '2', name: 'Team Two' }]]);
  const queues = new Map<string, QueueRecord>([['1', { id: '1', name: 'Sales' }], ['2', { id: '2', name: 'Support' }]]);
  const directory: PubsubDirectory = {
    getUser: (id) => users.get(id),
    listUsers: () => users.values(),
    getTeam: (id) => teams.get(id),
    listTeams: () => teams.values(),
    getQueue: (id) => queues.get(id),
    listQueues: () => queues.values(),
    usersOfTeam: (teamId) => [...users.values()].filter((u) => u.teamId === teamId),
  };
  return { users, teams, queues, directory };
}

/** Ids `r1`, `r2`, … so tests can predict subids and the item id prefix. */
export function sequentialIds(prefix = 'r'): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}

export interface Fixture {
  cc: ReturnType<typeof contactCenter>;
  stores: { subscriptions: SubscriptionStore; pubsubNodes: PubsubNodeStore };
  clock: ManualClock;
  online: Set<string>;
  actor(id: string): Actor;
  jid(id: string, resource?: string): string;
}

export function fixture(): Fixture {
  const cc = contactCenter();
  const stores = createMemoryStores();
  return {
    cc,
    stores,
    clock: new ManualClock(),
    online: new Set<string>(),
    actor: (id) => actorFor(`${id}@${DOMAIN}`, cc.users.get(id)),
    jid: (id, resource) => `${id}@${DOMAIN}${resource === undefined ? '' : `/${resource}`}`,
  };
}

/** A service over the fixture's stores; a second call gives a fresh instance sharing them. */
export function serviceOf<P = string>(f: Fixture, overrides: Partial<PubsubServiceDeps<P>> = {}) {
  return createPubsubService<P>({
    directory: f.cc.directory,
    subscriptions: f.stores.subscriptions,
    nodes: f.stores.pubsubNodes,
    clock: f.clock,
    randomId: sequentialIds(),
    domain: DOMAIN,
    onlineBareJids: () => f.online,
    ...overrides,
  });
}

/** Parses one stanza written as literal XML (in a jabber:client stream, as a client would send it). */
export function stanza(text: string): Element {
  let found: Element | undefined;
  let error: string | undefined;
  const parser = new XmlStreamParser((e) => {
    if (e.kind === 'stanza' && found === undefined) found = e.el;
    if (e.kind === 'error') error = `${e.condition}: ${e.text}`;
  });
  parser.write(`<stream:stream xmlns='${NS_CLIENT}' xmlns:stream='${NS_STREAM}'>${text}`);
  if (error !== undefined || found === undefined) throw new Error(`cannot parse test XML (${error ?? 'no stanza'}): ${text}`);
  return found;
}

/** Serializes as it would go out inside a jabber:client stream. */
export const wire = (el: Element): string => serialize(el, { ns: NS_CLIENT });

/** Literal expected XML written over several lines, with the whitespace between tags removed. */
export const compact = (text: string): string => text.replace(/>\s+</g, '><').trim();
