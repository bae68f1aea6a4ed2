// Every store in memory, for unit tests of logic. Behaves as the SQLite backend does (both pass
// stores.contract.ts); values go in and come out as copies, so callers cannot alter what is stored.
import type { Stores } from '../stores.js';
import { createMemoryState } from './state.js';
import { createMemoryUserStore } from './users.js';
import { createMemoryTeamStore } from './teams.js';
import { createMemoryQueueStore } from './queues.js';
import { createMemoryReasonCodeStore } from './reason-codes.js';
import { createMemoryWrapUpReasonStore } from './wrap-up-reasons.js';
import { createMemorySubscriptionStore } from './subscriptions.js';
import { createMemoryPubsubNodeStore } from './pubsub-nodes.js';
import { createMemoryOfflineStore } from './offline.js';
import { createMemoryCorsStore } from './cors.js';

export function createMemoryStores(): Stores {
  const state = createMemoryState();
  return {
    users: createMemoryUserStore(state),
    teams: createMemoryTeamStore(state),
    queues: createMemoryQueueStore(state),
    reasonCodes: createMemoryReasonCodeStore(state),
    wrapUpReasons: createMemoryWrapUpReasonStore(state),
    subscriptions: createMemorySubscriptionStore(state),
    pubsubNodes: createMemoryPubsubNodeStore(state),
    offline: createMemoryOfflineStore(state),
    cors: createMemoryCorsStore(),
    close() {},
  };
}
