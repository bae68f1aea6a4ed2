// Test helpers for the ACD simulator (not exported from index.ts).
import { ManualClock } from '../../shared/clock.js';
import { createAcd, type Acd } from './acd.js';
import type { AcdEvent } from './events.js';
import type { AcdAgentConfig, AcdOptions } from './options.js';
import { seededRandom } from './random.js';

export const QUEUES = [{ id: 'q1', name: 'Sales' }, { id: 'q2', name: 'Support' }];

export const AGENTS: AcdAgentConfig[] = [
  { id: 'a1', extension: '1001', queueIds: ['q1'] },
  { id: 'a2', extension: '1002', queueIds: ['q1', 'q2'] },
  { id: 'a3', extension: '1003', queueIds: ['q1'] },
  { id: 'a4', extension: '1004', queueIds: ['q2'] },
];

export interface Kit { clock: ManualClock; acd: Acd; events: AcdEvent[]; take(): string[] }

export function kit(options: Partial<AcdOptions> = {}, agents = AGENTS, seed = 1): Kit {
  const clock = new ManualClock();
  const acd = createAcd({ clock, random: seededRandom(seed), agents, queues: QUEUES, options: { queueStatsEvents: false, ...options } });
  const events: AcdEvent[] = [];
  acd.onEvent((e) => events.push(e));
  return { clock, acd, events, take: () => events.splice(0).map(brief) };
}

export function ready(acd: Acd, ...ids: string[]): void {
  for (const id of ids) {
    acd.login(id);
    acd.setAgentState(id, { state: 'AVAILABLE' });
  }
}

/** One line per event, for asserting order. */
export function brief(e: AcdEvent): string {
  switch (e.kind) {
    case 'agent-state-changed': return `state ${e.agentId} ${e.state}${e.reasonCode ? `/${e.reasonCode}` : ''}`;
    case 'agent-pending-changed': return `pending ${e.agentId} ${e.pending ? e.pending.state : 'none'}`;
    case 'call-begun': return `begun ${e.call.callId} ${e.call.kind}`;
    case 'call-queued': return `queued ${e.callId} ${e.queueId}`;
    case 'call-originated': return `originated ${e.callId} ${e.agentId}→${e.calledDevice}`;
    case 'call-delivered': return `delivered ${e.callId} ${e.device}`;
    case 'call-established': return `established ${e.callId} ${e.device}`;
    case 'call-held': return `held ${e.callId} ${e.device}`;
    case 'call-retrieved': return `retrieved ${e.callId} ${e.device}`;
    case 'call-transferred': return `transferred ${e.primaryCallId}/${e.secondaryCallId} ${e.transferringDevice}→${e.transferredDevice}`;
    case 'call-conferenced': return `conferenced ${e.primaryCallId}/${e.secondaryCallId} ${e.parties.join(',')}`;
    case 'call-connection-cleared': return `connection-cleared ${e.callId} ${e.device} ${e.cause}`;
    case 'call-cleared': return `cleared ${e.callId} ${e.cause}`;
    case 'call-data-updated': return `data ${e.callId}`;
    case 'call-abandoned': return `abandoned ${e.callId} ${e.queueId} ${e.waitedS}s${e.whileAlerting ? ' ringing' : ''}`;
    case 'queue-stats-changed': return `stats ${e.queueId}`;
  }
}
