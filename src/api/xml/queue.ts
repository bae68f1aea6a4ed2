// Queue and Queues with statistics ([finesse-api] §2.2 "Queues of a user", §2.5, §4.3 Queue notification).
// UCCX does not update statistics: every number is -1; so is a queue nobody reports on. Pure.
import type { Element } from '../../xml/element.js';
import type { QueueStatistics } from '../../contact-center/contact-center.js';
import type { QueueRecord } from '../../storage/stores.js';
import { FINESSE_API, leaf, node } from './common.js';

export const queueUri = (id: string): string => `${FINESSE_API}/Queue/${id}`;

const COUNTERS = [
  'callsInQueue', 'agentsReady', 'agentsNotReady', 'agentsBusyOther', 'agentsLoggedOn', 'agentsTalkingInbound',
  'agentsTalkingOutbound', 'agentsTalkingInternal', 'agentsWrapUpNotReady', 'agentsWrapUpReady',
] as const;

/** Statistics as Finesse dates them: seconds precision, `2012-02-15T17:58:21Z`. */
function longestCallTime(ms: number | null): string {
  return ms === null || ms <= 0 ? '' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function renderStatistics(stats: QueueStatistics | undefined): Element {
  const counters = COUNTERS.map((name) => leaf(name, stats ? stats[name] : -1));
  return node('statistics',
    counters[0],
    leaf('startTimeOfLongestCallInQueue', stats ? longestCallTime(stats.startTimeOfLongestCallInQueue) : ''),
    counters.slice(1));
}

/** One queue; `stats` undefined renders -1 everywhere (UCCX, or no statistics yet). */
export function renderQueue(queue: QueueRecord, stats: QueueStatistics | undefined): Element {
  return node('Queue', leaf('uri', queueUri(queue.id)), leaf('name', queue.name), renderStatistics(stats));
}

export function renderQueues(list: readonly { queue: QueueRecord; stats: QueueStatistics | undefined }[]): Element {
  return node('Queues', list.map((q) => renderQueue(q.queue, q.stats)));
}
