// Live Data reports (issue 9) as pure functions over the contact-center port and the directory: the
// Agent report (one row per agent), the Agent Team report (one row per team) and the Queue/CSQ report
// (one row per queue), each filtered by what the viewer may see. No transport, no clock reads: the
// caller passes `now` where a figure depends on it. Time in state is sent as a start time; clients tick.
import type { AgentStatus, ContactCenter, Dialog } from '../contact-center/contact-center.js';
import type { QueueRecord, TeamRecord, UserRecord } from '../storage/stores.js';

export type ReportName = 'agents' | 'teams' | 'queues';
export const REPORT_NAMES: readonly ReportName[] = ['agents', 'teams', 'queues'];

export interface AgentRow {
  readonly id: string;
  readonly name: string;
  readonly teamId: string | null;
  readonly teamName: string | null;
  readonly extension: string | null;
  readonly state: string;
  readonly reasonCode: number | null;
  /** When the agent entered the state (epoch ms): the client shows a ticking time in state. */
  readonly stateSince: number | null;
  readonly call: { readonly dialogId: string; readonly state: string; readonly from: string; readonly to: string; readonly queue: string | null } | null;
}

export interface TeamRow {
  readonly id: string;
  readonly name: string;
  readonly signedIn: number;
  readonly ready: number;
  readonly notReady: number;
  readonly talking: number;
  readonly wrapUp: number;
  readonly reserved: number;
}

export interface QueueRow {
  readonly id: string;
  readonly name: string;
  readonly callsWaiting: number;
  /** When the longest-waiting call started waiting (epoch ms), or null. */
  readonly longestWaitingSince: number | null;
  readonly agentsReady: number;
  readonly agentsNotReady: number;
  readonly agentsTalking: number;
  readonly agentsWrapUp: number;
  readonly handledToday: number;
  readonly abandonedToday: number;
  readonly serviceLevelPct: number | null;
}

export type ReportRow = AgentRow | TeamRow | QueueRow;

/** What the report builders read. */
export interface ReportSources {
  readonly contactCenter: Pick<ContactCenter, 'agent' | 'dialogsOf' | 'queueStatistics'>;
  readonly users: { list(): UserRecord[]; get(id: string): UserRecord | undefined };
  readonly teams: { list(): TeamRecord[]; get(id: string): TeamRecord | undefined };
  readonly queues: { list(): QueueRecord[]; get(id: string): QueueRecord | undefined };
}

/** Which rows a viewer may see: an agent its own, a supervisor its teams, an administrator everything. */
export interface ViewerScope {
  readonly all: boolean;
  readonly agentIds: ReadonlySet<string>;
  readonly teamIds: ReadonlySet<string>;
  readonly queueIds: ReadonlySet<string>;
}

export function scopeFor(viewer: UserRecord, users: readonly UserRecord[]): ViewerScope {
  if (viewer.roles.includes('admin')) return { all: true, agentIds: new Set(), teamIds: new Set(), queueIds: new Set() };
  // A supervisor sees its teams; an agent its own team's row (its colleagues' agent rows stay hidden).
  const teamIds = new Set<string>(viewer.roles.includes('supervisor') ? viewer.supervisedTeamIds : []);
  if (viewer.teamId) teamIds.add(viewer.teamId);
  const agents = viewer.roles.includes('supervisor')
    ? users.filter((u) => u.roles.includes('agent') && u.teamId !== null && viewer.supervisedTeamIds.includes(u.teamId))
    : [];
  const agentIds = new Set(agents.map((u) => u.id));
  if (viewer.roles.includes('agent')) agentIds.add(viewer.id);
  const queueIds = new Set<string>(viewer.queueIds);
  for (const a of agents) for (const q of a.queueIds) queueIds.add(q);
  return { all: false, agentIds, teamIds, queueIds };
}

export function mayView(scope: ViewerScope, report: ReportName, key: string): boolean {
  if (scope.all) return true;
  if (report === 'agents') return scope.agentIds.has(key);
  if (report === 'teams') return scope.teamIds.has(key);
  return scope.queueIds.has(key);
}

const isAgent = (u: UserRecord): boolean => u.roles.includes('agent') && u.extension !== null;

function currentCall(dialogs: readonly Dialog[]): AgentRow['call'] {
  const d = dialogs.find((x) => x.state !== 'DROPPED' && x.state !== 'FAILED') ?? dialogs[0];
  return d ? { dialogId: d.id, state: d.state, from: d.fromAddress, to: d.toAddress, queue: d.queueName } : null;
}

export function agentRow(src: ReportSources, user: UserRecord): AgentRow {
  const status: AgentStatus | undefined = src.contactCenter.agent(user.id);
  const team = user.teamId ? src.teams.get(user.teamId) : undefined;
  const signedIn = status !== undefined && status.state !== 'LOGOUT';
  return {
    id: user.id,
    name: `${user.firstName} ${user.lastName}`.trim() || user.loginName,
    teamId: user.teamId,
    teamName: team?.name ?? null,
    extension: signedIn ? status.extension : null,
    state: status?.state ?? 'LOGOUT',
    reasonCode: status?.reasonCode ?? null,
    stateSince: status?.stateChangeTime ?? null,
    call: signedIn ? currentCall(src.contactCenter.dialogsOf(user.id)) : null,
  };
}

const TALKING = new Set(['TALKING', 'HOLD']);
const WRAP_UP = new Set(['WORK', 'WORK_READY']);
const RESERVED = new Set(['RESERVED', 'RESERVED_OUTBOUND', 'RESERVED_OUTBOUND_PREVIEW']);

export function teamRow(src: ReportSources, team: TeamRecord, members: readonly UserRecord[]): TeamRow {
  let signedIn = 0, ready = 0, notReady = 0, talking = 0, wrapUp = 0, reserved = 0;
  for (const m of members) {
    const s = src.contactCenter.agent(m.id)?.state ?? 'LOGOUT';
    if (s === 'LOGOUT' || s === 'UNKNOWN') continue;
    signedIn++;
    if (s === 'READY') ready++;
    else if (s === 'NOT_READY') notReady++;
    else if (TALKING.has(s)) talking++;
    else if (WRAP_UP.has(s)) wrapUp++;
    else if (RESERVED.has(s)) reserved++;
  }
  return { id: team.id, name: team.name, signedIn, ready, notReady, talking, wrapUp, reserved };
}

export function queueRow(src: ReportSources, queue: QueueRecord): QueueRow {
  const q = src.contactCenter.queueStatistics(queue.id);
  return {
    id: queue.id,
    name: queue.name,
    callsWaiting: q?.callsInQueue ?? 0,
    longestWaitingSince: q?.startTimeOfLongestCallInQueue ?? null,
    agentsReady: q?.agentsReady ?? 0,
    agentsNotReady: q?.agentsNotReady ?? 0,
    agentsTalking: (q?.agentsTalkingInbound ?? 0) + (q?.agentsTalkingOutbound ?? 0) + (q?.agentsTalkingInternal ?? 0),
    agentsWrapUp: (q?.agentsWrapUpNotReady ?? 0) + (q?.agentsWrapUpReady ?? 0),
    handledToday: q?.callsHandledToday ?? 0,
    abandonedToday: q?.callsAbandonedToday ?? 0,
    serviceLevelPct: q?.serviceLevelPct ?? null,
  };
}

/** One row by key, or undefined when the key no longer names anything. */
export function rowFor(src: ReportSources, report: ReportName, key: string): ReportRow | undefined {
  if (report === 'agents') {
    const u = src.users.get(key);
    return u && isAgent(u) ? agentRow(src, u) : undefined;
  }
  if (report === 'teams') {
    const t = src.teams.get(key);
    return t && teamRow(src, t, src.users.list().filter((u) => isAgent(u) && u.teamId === t.id));
  }
  const q = src.queues.get(key);
  return q && queueRow(src, q);
}

/** Every key of a report (before the viewer filter). */
export function reportKeys(src: ReportSources, report: ReportName): string[] {
  if (report === 'agents') return src.users.list().filter(isAgent).map((u) => u.id);
  if (report === 'teams') return src.teams.list().map((t) => t.id);
  return src.queues.list().map((q) => q.id);
}

/** The whole report as the viewer may see it. */
export function snapshot(src: ReportSources, report: ReportName, scope: ViewerScope): ReportRow[] {
  if (report === 'teams') {
    const agents = src.users.list().filter(isAgent);
    return src.teams.list().filter((t) => mayView(scope, report, t.id))
      .map((t) => teamRow(src, t, agents.filter((u) => u.teamId === t.id)));
  }
  const rows: ReportRow[] = [];
  for (const key of reportKeys(src, report)) {
    if (!mayView(scope, report, key)) continue;
    const row = rowFor(src, report, key);
    if (row) rows.push(row);
  }
  return rows;
}
