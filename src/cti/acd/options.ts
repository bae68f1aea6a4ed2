// Configuration of the ACD simulator: agents, queues (skill groups / CSQs) and behaviour settings.
import type { AgentPolicy } from './agent-machine.js';

export interface AcdAgentConfig {
  id: string;
  extension: string;
  /** Skill groups (UCCE) / CSQs (UCCX): the contract's queues, as `UserRecord.queueIds`. */
  queueIds: string[];
}

export interface AcdQueueConfig {
  id: string;
  name: string;
  /** Answered within this many seconds counts toward the service level (default: options value). */
  serviceLevelThresholdS?: number;
}

export interface AcdOptions extends AgentPolicy {
  /** Wrap-up timer; 0 = wrap-up lasts until the agent leaves it. */
  wrapUpTimeS: number;
  serviceLevelThresholdS: number;
  /** Parties allowed on one call after a conference (the call operation fails beyond it). */
  maxConferenceParties: number;
  /** Emit 'queue-stats-changed' (once per queue per command) when a queue's numbers change. */
  queueStatsEvents: boolean;
}

export const DEFAULT_ACD_OPTIONS = {
  flavor: 'UCCE',
  afterCall: 'wrap-up',
  wrapUpEnds: 'ready',
  forcedLogout: 'logout',
  wrapUpTimeS: 0,
  serviceLevelThresholdS: 20,
  maxConferenceParties: 6,
  queueStatsEvents: true,
} as const satisfies AcdOptions;
