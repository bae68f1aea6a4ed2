// The Live Data fan-out (issue 9): viewers subscribe to reports, get a snapshot, then coalesced updates.
// Domain events mark rows dirty; each viewer's dirty rows are flushed at most `maxUpdatesPerSecond`
// times a second per report, so a call storm costs each viewer a few small messages a second, not one
// per event. A viewer whose socket does not drain (a slow consumer) is disconnected, so memory stays
// bounded. Transport-free: a viewer is a `send`/`buffered`/`close` triple; the clock is injected.
import type { DomainEvent } from '../contact-center/contact-center.js';
import type { Clock, TimerHandle } from '../shared/clock.js';
import type { UserRecord } from '../storage/stores.js';
import {
  REPORT_NAMES, mayView, reportKeys, rowFor, scopeFor, snapshot, type ReportName, type ReportSources, type ViewerScope,
} from './reports.js';

export interface ViewerChannel {
  /** One message, already serialized as JSON (serialized once, whatever the number of viewers). */
  send(text: string): void;
  /** Bytes queued and not yet written to the network. */
  buffered(): number;
  close(code: number, reason: string): void;
}

export type LiveDataMessage =
  | { type: 'snapshot'; report: ReportName; seq: number; at: number; rows: unknown[] }
  | { type: 'update'; report: ReportName; seq: number; at: number; rows: unknown[]; removed: string[] }
  | { type: 'subscribed'; report: ReportName }
  | { type: 'unsubscribed'; report: ReportName }
  | { type: 'error'; message: string };

export interface HubSettings {
  /** Flushes per second per report per viewer (default 4). */
  readonly maxUpdatesPerSecond: number;
  /** A viewer with more than this many bytes unsent is disconnected (default 1 MiB). */
  readonly maxBufferedBytes: number;
}

export interface Viewer {
  readonly id: number;
  readonly user: UserRecord;
  subscribe(report: ReportName): void;
  unsubscribe(report: ReportName): void;
  /** The viewer went away: forget it. */
  remove(): void;
}

interface ViewerState {
  id: number;
  user: UserRecord;
  scope: ViewerScope;
  channel: ViewerChannel;
  reports: Map<ReportName, { seq: number; dirty: Set<string>; timer: TimerHandle | null; lastFlush: number }>;
}

export interface LiveDataHub {
  attach(user: UserRecord, channel: ViewerChannel): Viewer;
  /** Feed every domain event here. */
  onDomainEvent(event: DomainEvent): void;
  readonly viewerCount: number;
  stats(): { viewers: number; messages: number; bytes: number; slowConsumersClosed: number };
  close(): void;
}

export function createLiveDataHub(src: ReportSources, clock: Clock, settings: HubSettings): LiveDataHub {
  const viewers = new Map<number, ViewerState>();
  const interval = Math.max(1, Math.floor(1000 / Math.max(0.1, settings.maxUpdatesPerSecond)));
  let nextId = 1;
  let messages = 0;
  let bytes = 0;
  let slowClosed = 0;

  const deliver = (v: ViewerState, msg: LiveDataMessage): boolean => {
    if (v.channel.buffered() > settings.maxBufferedBytes) {
      slowClosed++;
      dropViewer(v);
      v.channel.close(1013, 'slow consumer: updates were not read');
      return false;
    }
    const text = JSON.stringify(msg);
    messages++;
    bytes += text.length;
    v.channel.send(text);
    return true;
  };

  const dropViewer = (v: ViewerState): void => {
    for (const r of v.reports.values()) if (r.timer) r.timer.cancel();
    viewers.delete(v.id);
  };

  // Rows computed once per change, shared by every viewer's flush (a row is recomputed only after one of
  // its events): 200 viewers of one busy agent cost one row computation, not 200.
  const rowCache = new Map<ReportName, Map<string, ReturnType<typeof rowFor> | null>>(REPORT_NAMES.map((r) => [r, new Map()]));
  const cachedRow = (report: ReportName, key: string): ReturnType<typeof rowFor> => {
    const cache = rowCache.get(report)!;
    let row = cache.get(key);
    if (row === undefined) {
      row = rowFor(src, report, key) ?? null;
      cache.set(key, row);
    }
    return row ?? undefined;
  };

  const flush = (v: ViewerState, report: ReportName): void => {
    const r = v.reports.get(report);
    if (!r) return;
    r.timer = null;
    if (r.dirty.size === 0) return;
    const rows: unknown[] = [];
    const removed: string[] = [];
    for (const key of r.dirty) {
      const row = cachedRow(report, key);
      if (row) rows.push(row);
      else removed.push(key);
    }
    r.dirty.clear();
    r.lastFlush = clock.now();
    r.seq++;
    deliver(v, { type: 'update', report, seq: r.seq, at: clock.now(), rows, removed });
  };

  const markDirty = (report: ReportName, keys: readonly string[]): void => {
    const cache = rowCache.get(report)!;
    for (const k of keys) cache.delete(k);
    for (const v of viewers.values()) {
      const r = v.reports.get(report);
      if (!r) continue;
      let added = false;
      for (const k of keys) {
        if (mayView(v.scope, report, k)) { r.dirty.add(k); added = true; }
      }
      if (!added || r.timer) continue;
      const wait = Math.max(0, r.lastFlush + interval - clock.now());
      r.timer = clock.setTimeout(() => flush(v, report), wait);
    }
  };

  const teamOf = (agentId: string): string | null => src.users.get(agentId)?.teamId ?? null;

  return {
    get viewerCount() { return viewers.size; },
    stats: () => ({ viewers: viewers.size, messages, bytes, slowConsumersClosed: slowClosed }),

    attach(user, channel) {
      const v: ViewerState = { id: nextId++, user, scope: scopeFor(user, src.users.list()), channel, reports: new Map() };
      viewers.set(v.id, v);
      return {
        id: v.id,
        user,
        subscribe(report) {
          if (!viewers.has(v.id)) return;
          const existing = v.reports.get(report);
          if (existing?.timer) existing.timer.cancel();
          const r = { seq: (existing?.seq ?? 0) + 1, dirty: new Set<string>(), timer: null, lastFlush: clock.now() };
          v.reports.set(report, r);
          if (!existing) deliver(v, { type: 'subscribed', report });
          // A (re)subscription always starts from a fresh snapshot: that is the resynchronization.
          deliver(v, { type: 'snapshot', report, seq: r.seq, at: clock.now(), rows: snapshot(src, report, v.scope) });
        },
        unsubscribe(report) {
          const r = v.reports.get(report);
          if (!r) return;
          if (r.timer) r.timer.cancel();
          v.reports.delete(report);
          deliver(v, { type: 'unsubscribed', report });
        },
        remove: () => dropViewer(v),
      };
    },

    onDomainEvent(event) {
      switch (event.kind) {
        case 'agent-changed': {
          markDirty('agents', [event.agent.agentId]);
          const team = teamOf(event.agent.agentId);
          if (team) markDirty('teams', [team]);
          break;
        }
        case 'dialog-created': case 'dialog-updated': case 'dialog-deleted': {
          const agents = event.dialog.participants.map((p) => p.agentId).filter((a): a is string => a !== null);
          markDirty('agents', agents);
          if (event.dialog.queueId) markDirty('queues', [event.dialog.queueId]);
          break;
        }
        case 'queue-changed':
          markDirty('queues', [event.stats.queueId]);
          break;
        case 'resynchronized': case 'link-changed':
          for (const report of REPORT_NAMES) markDirty(report, reportKeys(src, report));
          break;
        default:
          break;
      }
    },

    close() {
      for (const v of [...viewers.values()]) {
        dropViewer(v);
        v.channel.close(1001, 'server shutting down');
      }
    },
  };
}
