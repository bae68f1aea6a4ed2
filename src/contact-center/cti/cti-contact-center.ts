// The contact center over the CTI link: the only place where GED-188 meets Parley's domain. CTI
// events fold into the agent and dialog caches (agent-cache.ts, dialog-cache.ts) and come out as
// DomainEvents; commands are checked against the caches, refused at once when they cannot work,
// and otherwise sent as CTI requests (cti-requests.ts) whose later refusal is a 'request-failed'
// event carrying the command's requestId. On every (re)connection every agent is re-read with
// QUERY_AGENT_STATE_REQ before the link reports IN_SERVICE, then 'resynchronized' is emitted.
import type { CtiMessage } from '../../cti/codec/index.js';
import { SystemEventID } from '../../cti/codec/index.js';
import type { CorrelationOutcome } from '../../cti/link/correlator.js';
import type { LinkStateChange, SideName } from '../../cti/link/cti-link.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { QueueRecord, UserRecord } from '../../storage/stores.js';
import type {
  AgentStatus, CommandFailure, CommandOutcome, ContactCenter, Dialog, DialogActionCommand, DomainEvent, LinkStatus,
  MakeCallCommand, QueueStatistics, SetAgentStateCommand,
} from '../contact-center.js';
import { AgentCache } from './agent-cache.js';
import { localRefusal, type DeploymentType } from './agent-states.js';
import { callDataRequestFields } from './call-context.js';
import { SERVICE_UNAVAILABLE, failure, failureOfReply, failureOfSilence, type FailureTarget } from './cti-failures.js';
import { makeCallRequest, queryAgentStateRequest, setAgentStateRequest, type RequestBuilder } from './cti-requests.js';
import { DIALABLE, planDialogAction } from './dialog-commands.js';
import { DialogCache, type DialogChange } from './dialog-cache.js';
import { QueueCounters, bucketOf, type QueueCallCounts } from './queue-statistics.js';

/** What the adapter needs of a CtiLink (src/cti/link/cti-link.ts); tests pass a fake. */
export interface CtiLinkPort {
  readonly state: 'IN_SERVICE' | 'OUT_OF_SERVICE';
  readonly activeSide: SideName | undefined;
  onStateChange(listener: (change: LinkStateChange) => void): () => void;
  onEvent(listener: (msg: CtiMessage) => void): () => void;
  request(build: (invokeId: number) => CtiMessage, timeoutMs?: number): Promise<CorrelationOutcome<CtiMessage>>;
}

/** Users (the agents are those with the agent role) and queues, read-only. */
export interface AgentDirectory {
  getUser(id: string): UserRecord | undefined;
  listUsers(): Iterable<UserRecord>;
  getQueue(id: string): QueueRecord | undefined;
  /** Every queue: with `queueCalls`, each call event refreshes their call counts. */
  listQueues?(): Iterable<QueueRecord>;
}

export interface CtiContactCenterOptions {
  readonly link: CtiLinkPort;
  readonly clock: Clock;
  readonly log: Logger;
  readonly directory: AgentDirectory;
  /** The peripheral the requests name (Finesse Administration's "Peripheral ID"). */
  readonly peripheralId: number;
  readonly deploymentType?: DeploymentType;
  readonly requestTimeoutMs?: number;
  /** Queries in flight at once while resynchronizing. */
  readonly resyncConcurrency?: number;
  /** Calls waiting and today's counters of a queue, when a source knows them (the embedded ACD). */
  readonly queueCalls?: (queueId: string) => QueueCallCounts | undefined;
}

export interface CtiContactCenter extends ContactCenter {
  /** Stops listening to the link (the link itself is stopped by its owner). */
  close(): void;
  /** Completed resynchronizations, for tests and `show cti`. */
  readonly resyncCount: number;
}

const isAgent = (u: UserRecord | undefined): u is UserRecord => u !== undefined && u.roles.includes('agent');
const EXTENSION = /^[0-9A-Za-z*#+._-]{1,15}$/;

export function createCtiContactCenter(o: CtiContactCenterOptions): CtiContactCenter {
  const { link, clock, log, directory, peripheralId } = o;
  const deployment = o.deploymentType ?? 'UCCE';
  const timeoutMs = o.requestTimeoutMs ?? 5000;
  const listeners = new Set<(e: DomainEvent) => void>();
  const agents = new AgentCache();
  const dialogs = new DialogCache({
    agentOnDevice: (device) => agents.agentOnDevice(device),
    agentState: (agentId) => agents.get(agentId)?.state,
    queueName: (queueId) => directory.getQueue(queueId)?.name ?? null,
  });
  /** requestIds of accepted commands, copied into the next event of their agent / dialog. */
  // Per agent a FIFO: the CTI server answers one agent's requests in order, so the n-th state event
  // after n requests belongs to the n-th (requests without a requestId hold their place too).
  const agentRequests = new Map<string, { requestId: string | undefined; until: number }[]>();
  const dialogRequests = new Map<string, { requestId: string; until: number }>();
  /** MAKE_CALL requestIds by the calling device: the call's events come before MAKE_CALL_CONF names it. */
  const originRequests = new Map<string, { requestId: string; until: number }>();
  let status: LinkStatus = { state: 'OUT_OF_SERVICE', side: null, since: clock.now(), reason: 'CTI link not connected yet' };
  let peripheralOnline = true;
  let resyncCount = 0;
  let generation = 0;
  const queueCounters = new QueueCounters();

  const emit = (event: DomainEvent): void => {
    for (const l of [...listeners]) {
      try {
        l(event);
      } catch (error) {
        log.error(`contact center: event listener failed on ${event.kind}: ${(error as Error)?.stack ?? String(error)}`);
      }
    }
  };
  const take = (map: Map<string, { requestId: string; until: number }>, key: string): string | undefined => {
    const r = map.get(key);
    if (!r) return undefined;
    map.delete(key);
    return r.until >= clock.now() ? r.requestId : undefined;
  };
  const takeAgent = (agentId: string): string | undefined => {
    const q = agentRequests.get(agentId);
    if (!q) return undefined;
    const now = clock.now();
    while (q.length > 0 && q[0]!.until < now) q.shift();
    const r = q.shift();
    if (q.length === 0) agentRequests.delete(agentId);
    return r?.requestId;
  };
  const rememberAgent = (agentId: string, requestId: string | undefined): { requestId: string | undefined; until: number } => {
    const entry = { requestId: requestId === '' ? undefined : requestId, until: clock.now() + 2 * timeoutMs };
    const q = agentRequests.get(agentId);
    if (q) q.push(entry);
    else agentRequests.set(agentId, [entry]);
    return entry;
  };
  const forgetAgent = (agentId: string, entry: object | undefined): void => {
    const q = agentRequests.get(agentId);
    if (!q || !entry) return;
    const i = q.indexOf(entry as { requestId: string | undefined; until: number });
    if (i >= 0) q.splice(i, 1);
    if (q.length === 0) agentRequests.delete(agentId);
  };
  const remember = (map: Map<string, { requestId: string; until: number }>, key: string, requestId: string | undefined): void => {
    if (requestId !== undefined && requestId !== '') map.set(key, { requestId, until: clock.now() + 2 * timeoutMs });
  };

  // ---- queues --------------------------------------------------------------------------------------
  const lastQueueStats = new Map<string, string>();
  const stats = (queueId: string): QueueStatistics => queueCounters.statistics(queueId, o.queueCalls?.(queueId));
  // Queue statistics are recomputed once per burst of CTI messages (a microtask), not per message:
  // a resynchronization or a busy queue changes hundreds of agents at a time.
  const dirtyQueues = new Set<string>();
  const flushQueues = (): void => {
    const ids = [...dirtyQueues];
    dirtyQueues.clear();
    for (const queueId of ids) {
      if (!directory.getQueue(queueId)) continue;
      const s = stats(queueId);
      const text = JSON.stringify(s);
      if (lastQueueStats.get(queueId) === text) continue;
      lastQueueStats.set(queueId, text);
      emit({ kind: 'queue-changed', stats: s });
    }
  };
  const queuesChanged = (queueIds: Iterable<string>): void => {
    const first = dirtyQueues.size === 0;
    for (const q of queueIds) dirtyQueues.add(q);
    if (first && dirtyQueues.size > 0) queueMicrotask(flushQueues);
  };

  // ---- CTI → domain --------------------------------------------------------------------------------
  const publishDialogs = (changes: readonly DialogChange[]): void => {
    const queues: string[] = [];
    for (const c of changes) {
      let requestId = take(dialogRequests, c.dialog.id);
      if (requestId === undefined && c.kind === 'dialog-created' && originRequests.size > 0) {
        const origin = c.dialog.participants.find((p) => originRequests.has(p.mediaAddress) && (p.state === 'INITIATING' || p.state === 'INITIATED'));
        if (origin) requestId = take(originRequests, origin.mediaAddress);
      }
      emit({ kind: c.kind, dialog: c.dialog, ...(requestId === undefined ? {} : { requestId }) });
      if (c.dialog.queueId !== null && c.kind !== 'dialog-updated') queues.push(c.dialog.queueId);
    }
    queuesChanged(queues);
  };
  const publishAgent = (changed: AgentStatus | undefined): void => {
    if (!changed) return;
    const requestId = takeAgent(changed.agentId);
    emit({ kind: 'agent-changed', agent: changed, ...(requestId === undefined ? {} : { requestId }) });
    publishDialogs(dialogs.agentChanged(changed.agentId, changed.state, clock.now()));
    const bucket = bucketOf(changed.state, dialogs.callTypeOf(changed.agentId));
    queuesChanged(queueCounters.update(changed.agentId, directory.getUser(changed.agentId)?.queueIds ?? [], bucket));
  };

  const onCtiEvent = (msg: CtiMessage): void => {
    const now = clock.now();
    switch (msg.type) {
      case 'AGENT_STATE_EVENT':
        return publishAgent(agents.applyEvent(msg, now));
      case 'SYSTEM_EVENT':
        if (msg.systemEventArg1 !== peripheralId) return;
        if (msg.systemEventId === SystemEventID.SYS_PERIPHERAL_OFFLINE && peripheralOnline) {
          peripheralOnline = false;
          setStatus('OUT_OF_SERVICE', status.side, `peripheral ${peripheralId} offline (SYSTEM_EVENT)`);
        } else if (msg.systemEventId === SystemEventID.SYS_PERIPHERAL_ONLINE && !peripheralOnline) {
          peripheralOnline = true;
          void resynchronize(`peripheral ${peripheralId} online again`);
        }
        return;
      case 'FAILURE_EVENT':
        log.warn(`contact center: FAILURE_EVENT from the CTI server, status ${msg.status}${msg.text ? `: ${msg.text}` : ''}`);
        return;
      default:
        publishDialogs(dialogs.apply(msg, now));
        // Calls waiting change with calls no agent sees yet (queued, abandoned): refresh every queue.
        if (o.queueCalls && directory.listQueues) queuesChanged([...directory.listQueues()].map((q) => q.id));
        return;
    }
  };

  // ---- link state and resynchronization -------------------------------------------------------------
  function setStatus(state: LinkStatus['state'], side: SideName | null | undefined, reason: string): void {
    if (status.state === state && status.side === (side ?? null)) return;
    status = { state, side: side ?? null, since: clock.now(), reason };
    emit({ kind: 'link-changed', link: status });
  }

  async function resynchronize(reason: string): Promise<void> {
    const mine = ++generation;
    const ids = [...directory.listUsers()].filter(isAgent).map((u) => u.id);
    let next = 0, failed = 0;
    const worker = async (): Promise<void> => {
      while (next < ids.length && mine === generation) {
        const agentId = ids[next++] as string;
        const outcome = await link.request(queryAgentStateRequest(peripheralId, agentId), timeoutMs);
        if (mine !== generation) return;
        if (outcome.kind === 'reply' && outcome.reply.type === 'QUERY_AGENT_STATE_CONF') {
          publishAgent(agents.applyQuery(agentId, outcome.reply, clock.now(), directory.getUser(agentId)?.extension ?? null));
        }
        else failed++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(o.resyncConcurrency ?? 64, Math.max(1, ids.length)) }, worker));
    if (mine !== generation || link.state !== 'IN_SERVICE' || !peripheralOnline) return;
    if (failed > 0) log.warn(`contact center: ${failed} of ${ids.length} agents could not be re-read from the CTI server`);
    // Calls of agents no longer on a call did not survive (another CTI server side, or a restart).
    publishDialogs(dialogs.prune((d) => d.participants.some((p) => p.agentId !== null && p.state !== 'DROPPED' &&
      ['RESERVED', 'TALKING', 'HOLD', 'WORK', 'WORK_READY'].some((s) => agents.get(p.agentId as string)?.state.startsWith(s))), clock.now()));
    resyncCount++;
    log.info(`contact center: ${ids.length} agents resynchronized from CTI side ${link.activeSide ?? '?'} (${reason})`);
    setStatus('IN_SERVICE', link.activeSide, reason);
    emit({ kind: 'resynchronized', at: clock.now() });
  }

  const offLink = link.onStateChange((change) => {
    if (change.state === 'IN_SERVICE') {
      peripheralOnline = true;
      void resynchronize(change.reason);
    } else {
      generation++;
      setStatus('OUT_OF_SERVICE', change.side, change.reason);
    }
  });
  const offEvents = link.onEvent(onCtiEvent);
  if (link.state === 'IN_SERVICE') void resynchronize('link already in service');

  // ---- commands ------------------------------------------------------------------------------------
  const refused = (f: CommandFailure): { ok: false; failure: CommandFailure } => ({ ok: false, failure: f });
  const inService = (): boolean => status.state === 'IN_SERVICE' && link.state === 'IN_SERVICE';

  /** Sends and forgets: a refusal or silence later becomes a 'request-failed' event. */
  const sendAsync = (build: RequestBuilder, target: FailureTarget, ids: { agentId: string; dialogId?: string }, requestId: string | undefined,
    onConfirm?: (reply: CtiMessage) => void, agentEntry?: object): void => {
    void link.request(build, timeoutMs).then((outcome) => {
      const f = outcome.kind === 'reply' ? failureOfReply(outcome.reply, target) : failureOfSilence(outcome.kind, outcome.kind === 'cancelled' ? outcome.reason : undefined);
      if (!f) return outcome.kind === 'reply' ? onConfirm?.(outcome.reply) : undefined;
      if (ids.dialogId !== undefined) dialogRequests.delete(ids.dialogId);
      else forgetAgent(ids.agentId, agentEntry);
      log.info(`contact center: ${target} request for ${ids.dialogId ?? ids.agentId} failed: ${f.errorType} ${f.errorMessage}`);
      emit({
        kind: 'request-failed', failure: f, ...(requestId === undefined ? {} : { requestId }),
        target: ids.dialogId === undefined ? { type: 'User', agentId: ids.agentId } : { type: 'Dialog', dialogId: ids.dialogId, agentId: ids.agentId },
      });
    });
  };

  const agentStatus = (agentId: string): AgentStatus | undefined => {
    if (!isAgent(directory.getUser(agentId))) return undefined;
    return agents.get(agentId) ?? agents.ensure(agentId, clock.now());
  };

  return {
    get resyncCount() { return resyncCount; },
    link: () => status,
    agent: agentStatus,
    agents: () => [...directory.listUsers()].filter(isAgent).map((u) => agentStatus(u.id) as AgentStatus),
    dialog: (id) => dialogs.get(id),
    dialogsOf: (agentId) => dialogs.ofAgent(agentId),
    queueStatistics: (queueId) => (directory.getQueue(queueId) ? stats(queueId) : undefined),

    async setAgentState(cmd: SetAgentStateCommand): Promise<CommandOutcome> {
      if (!inService()) return refused(SERVICE_UNAVAILABLE);
      const current = agentStatus(cmd.agentId);
      if (!current) return refused(failure('Not Found', `User ${String(cmd.agentId).slice(0, 64)} not found`));
      let instrument = current.extension;
      if (cmd.state === 'LOGIN') {
        if (cmd.extension === undefined || cmd.extension === '') return refused(failure('Parameter Missing', 'Extension parameter missing'));
        if (!EXTENSION.test(cmd.extension)) return refused(failure('Invalid Input', 'Invalid extension specified'));
        const holder = agents.agentOnDevice(cmd.extension);
        if (holder !== undefined && holder !== cmd.agentId) return refused(failure('Invalid Device', `extension ${cmd.extension} is in use by another agent`));
        instrument = cmd.extension;
      }
      const why = localRefusal(current.state, cmd.state, deployment, cmd.force === true);
      if (why !== undefined || instrument === null) return refused(failure('Invalid State', why ?? 'the agent is not signed in', 0));
      if (cmd.reasonCode !== undefined && (!Number.isInteger(cmd.reasonCode) || cmd.reasonCode < 0 || cmd.reasonCode > 65_535)) {
        return refused(failure('Invalid Input', 'Invalid reason code specified'));
      }
      const entry = rememberAgent(cmd.agentId, cmd.requestId);
      sendAsync(setAgentStateRequest({ peripheralId, agentId: cmd.agentId, instrument, state: cmd.state, reasonCode: cmd.reasonCode, force: cmd.force }),
        'User', { agentId: cmd.agentId }, cmd.requestId, undefined, entry);
      return { ok: true, value: undefined };
    },

    async makeCall(cmd: MakeCallCommand): Promise<CommandOutcome<{ dialogId: string }>> {
      if (!inService()) return refused(SERVICE_UNAVAILABLE);
      const agent = agentStatus(cmd.agentId);
      if (!agent) return refused(failure('Not Found', `User ${String(cmd.agentId).slice(0, 64)} not found`));
      if (agent.extension === null) return refused(failure('Invalid State', 'the agent is not signed in'));
      if (cmd.fromAddress !== agent.extension) return refused(failure('Invalid Input', `fromAddress must be the agent's extension ${agent.extension}`));
      if (!DIALABLE.test(cmd.toAddress)) return refused(failure('Invalid Destination', 'toAddress is not a number that can be dialled'));
      if (cmd.toAddress === cmd.fromAddress) return refused(failure('Invalid Destination', 'toAddress is the agent\'s own extension'));
      const data = callDataRequestFields(cmd.callVariables ?? [], undefined);
      if (!data.ok) return refused(failure('Invalid Input', data.problem));
      remember(originRequests, agent.extension, cmd.requestId);
      const outcome = await link.request(makeCallRequest(peripheralId, agent.extension, cmd.toAddress, data.fields), timeoutMs);
      originRequests.delete(agent.extension);
      if (outcome.kind !== 'reply') return refused(failureOfSilence(outcome.kind, outcome.kind === 'cancelled' ? outcome.reason : undefined));
      const f = failureOfReply(outcome.reply, 'Dialog');
      if (f) return refused(f);
      if (outcome.reply.type !== 'MAKE_CALL_CONF') return refused(failure('Generic Error', `unexpected ${outcome.reply.type} to MAKE_CALL_REQ`));
      const dialogId = String(outcome.reply.newConnectionCallId);
      if (!dialogs.get(dialogId)) remember(dialogRequests, dialogId, cmd.requestId);
      publishDialogs(dialogs.originated(dialogId, outcome.reply.newConnectionDeviceId || agent.extension, cmd.toAddress, clock.now()));
      return { ok: true, value: { dialogId } };
    },

    async dialogAction(cmd: DialogActionCommand): Promise<CommandOutcome> {
      if (!inService()) return refused(SERVICE_UNAVAILABLE);
      const dialog = dialogs.get(cmd.dialogId);
      if (!dialog) return refused(failure('Not Found', 'Invalid dialogId specified for dialog'));
      if (!agentStatus(cmd.agentId)) return refused(failure('Not Found', `User ${String(cmd.agentId).slice(0, 64)} not found`));
      const plan = planDialogAction(cmd, dialog, dialogs.legOf(cmd.dialogId, cmd.agentId), { dialog: (id) => dialogs.get(id) }, peripheralId);
      if (!plan.ok) return refused(plan.failure);
      remember(dialogRequests, cmd.dialogId, cmd.requestId);
      const confirm = plan.onConfirm;
      sendAsync(plan.build, 'Dialog', { agentId: cmd.agentId, dialogId: cmd.dialogId }, cmd.requestId, (reply) => {
        if (confirm?.kind === 'call-data') publishDialogs(dialogs.setData(cmd.dialogId, confirm.data));
        if (confirm?.kind === 'consult' && reply.type === 'CONSULTATION_CALL_CONF') {
          publishDialogs(dialogs.associate(confirm.primaryId, String(reply.newConnectionCallId)));
        }
      });
      return { ok: true, value: undefined };
    },

    onEvent(listener) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },

    close() {
      generation++;
      offLink();
      offEvents();
      listeners.clear();
    },
  };
}
