// The embedded ACD's configuration from the stores: every user with the agent role and an extension
// is an ACD agent with its queues (skill groups); the queues are the stores' queues. Glue between
// storage and the pure simulator; `refresh` picks up users added or removed while the server runs
// (`parley admin user bulk-add`).
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { QueueRecord, UserRecord } from '../../storage/stores.js';
import { createAcd, seededRandom, type Acd, type AcdAgentConfig, type AcdOptions, type AcdQueueConfig } from '../acd/index.js';

/** Deterministic by default: the same calls and scenario draws on every start. */
export const DEFAULT_ACD_SEED = 1;

export interface AcdStores {
  readonly users: { list(): UserRecord[] };
  readonly queues: { list(): QueueRecord[] };
}

/** Agents and queues as the simulator takes them. Pure; duplicates and unknown queues are reported, not thrown. */
export function acdConfigFrom(users: readonly UserRecord[], queues: readonly QueueRecord[]): {
  agents: AcdAgentConfig[]; queues: AcdQueueConfig[]; skipped: string[];
} {
  const queueIds = new Set(queues.map((q) => q.id));
  const extensions = new Set<string>();
  const agents: AcdAgentConfig[] = [];
  const skipped: string[] = [];
  for (const u of users) {
    if (!u.roles.includes('agent') || !u.extension) continue;
    if (extensions.has(u.extension)) { skipped.push(`${u.id}: extension ${u.extension} already used`); continue; }
    extensions.add(u.extension);
    const unknown = u.queueIds.filter((q) => !queueIds.has(q));
    if (unknown.length > 0) skipped.push(`${u.id}: unknown queues ${unknown.join(', ')} ignored`);
    agents.push({ id: u.id, extension: u.extension, queueIds: u.queueIds.filter((q) => queueIds.has(q)) });
  }
  return { agents, queues: queues.map((q) => ({ id: q.id, name: q.name })), skipped };
}

export interface EmbeddedAcd {
  readonly acd: Acd;
  /** Adds the agents created and removes those deleted since the last look at the stores. */
  refresh(): { added: number; removed: number };
}

export function createEmbeddedAcd(deps: {
  stores: AcdStores; clock: Clock; log: Logger; seed?: number; options?: Partial<AcdOptions>;
}): EmbeddedAcd {
  const { stores, clock, log } = deps;
  const initial = acdConfigFrom(stores.users.list(), stores.queues.list());
  for (const s of initial.skipped) log.warn(`ACD simulator: agent ${s}`);
  const acd = createAcd({
    clock, random: seededRandom(deps.seed ?? DEFAULT_ACD_SEED), agents: initial.agents, queues: initial.queues,
    ...(deps.options ? { options: deps.options } : {}),
  });
  log.info(`ACD simulator: ${initial.agents.length} agents, ${initial.queues.length} queues`);
  return {
    acd,
    refresh() {
      const next = acdConfigFrom(stores.users.list(), stores.queues.list());
      const r = acd.syncAgents(next.agents, next.queues);
      if (r.added + r.removed > 0) log.info(`ACD simulator: ${r.added} agents added, ${r.removed} removed`);
      return r;
    },
  };
}
