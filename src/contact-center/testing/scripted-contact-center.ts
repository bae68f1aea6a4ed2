// TEST ONLY. A small in-memory ContactCenter for unit and REST contract tests of the web services,
// scripted from the test (offer a call, end wrap-up, take the link down). It follows the UCCE table of
// [finesse-api] §3 loosely: enough to drive every REST path, not a model of an ACD. Illegal agent
// transitions are refused asynchronously (a 'request-failed' event, as CTI does); unknown agents,
// unknown dialogs and a link that is down are refused at once.
import type {
  AgentState, AgentStatus, CommandFailure, CommandOutcome, ContactCenter, Dialog, DialogAction, DialogActionCommand,
  DomainEvent, LinkStatus, MakeCallCommand, Participant, QueueStatistics, SetAgentStateCommand,
} from '../contact-center.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const failure = (errorType: string, errorMessage: string, errorCode = 0): CommandFailure => ({ errorType, errorMessage, errorCode });
const refused = <T>(f: CommandFailure): CommandOutcome<T> => ({ ok: false, failure: f });
const OK: CommandOutcome = { ok: true, value: undefined };

const ON_CALL: readonly AgentState[] = ['RESERVED', 'TALKING', 'HOLD'];
const ACTIONS: Readonly<Record<string, readonly DialogAction[]>> = {
  ALERTING: ['ANSWER'],
  ACTIVE: ['HOLD', 'DROP', 'UPDATE_CALL_DATA', 'CONSULT_CALL', 'TRANSFER_SST', 'SEND_DTMF'],
  HELD: ['RETRIEVE', 'DROP', 'UPDATE_CALL_DATA'],
  INITIATED: ['UPDATE_CALL_DATA', 'DROP'],
};

export interface ScriptedOptions {
  readonly now: () => number;
  /** Agents the contact center knows (all start LOGOUT). */
  readonly agentIds: readonly string[];
}

export class ScriptedContactCenter implements ContactCenter {
  readonly #now: () => number;
  #link: LinkStatus;
  readonly #agents = new Map<string, Mutable<AgentStatus>>();
  readonly #dialogs = new Map<string, Mutable<Dialog>>();
  readonly #listeners = new Set<(e: DomainEvent) => void>();
  readonly #stats = new Map<string, QueueStatistics>();
  #nextCall = 10_001;
  /** Every command received, in order (tests assert on what the API passed). */
  readonly commands: (SetAgentStateCommand | MakeCallCommand | DialogActionCommand)[] = [];
  readonly events: DomainEvent[] = [];

  constructor(opts: ScriptedOptions) {
    this.#now = opts.now;
    this.#link = { state: 'IN_SERVICE', side: 'A', since: opts.now(), reason: '' };
    for (const id of opts.agentIds) {
      this.#agents.set(id, { agentId: id, extension: null, state: 'LOGOUT', reasonCode: null, pendingState: null, stateChangeTime: opts.now() });
    }
  }

  link(): LinkStatus { return this.#link; }
  agent(id: string): AgentStatus | undefined { const a = this.#agents.get(id); return a ? { ...a } : undefined; }
  agents(): AgentStatus[] { return [...this.#agents.values()].map((a) => ({ ...a })); }
  dialog(id: string): Dialog | undefined { return this.#dialogs.get(id); }
  dialogsOf(agentId: string): Dialog[] { return [...this.#dialogs.values()].filter((d) => d.participants.some((p) => p.agentId === agentId)); }
  queueStatistics(queueId: string): QueueStatistics | undefined { return this.#stats.get(queueId); }
  onEvent(listener: (e: DomainEvent) => void): () => void { this.#listeners.add(listener); return () => this.#listeners.delete(listener); }

  // ---- scripting ----

  setLink(state: LinkStatus['state'], reason = ''): void {
    this.#link = { state, side: state === 'IN_SERVICE' ? 'A' : null, since: this.#now(), reason };
    this.#emit({ kind: 'link-changed', link: this.#link });
  }

  setQueueStatistics(stats: QueueStatistics): void {
    this.#stats.set(stats.queueId, stats);
    this.#emit({ kind: 'queue-changed', stats });
  }

  /** Offers a call to a READY agent: the agent goes RESERVED and gets an ALERTING dialog. */
  offerCall(agentId: string, input: { ani: string; queueId?: string; queueName?: string; callVariables?: Dialog['callVariables'] }): string {
    const a = this.#agents.get(agentId);
    if (!a || a.state !== 'READY' || !a.extension) throw new Error(`agent ${agentId} is not READY`);
    const id = String(this.#nextCall++);
    const t = this.#now();
    const caller: Participant = { mediaAddress: input.ani, mediaAddressType: 'EXTERNAL', agentId: null, state: 'INITIATED', stateCause: null, startTime: t, stateChangeTime: t, actions: ACTIONS.INITIATED! };
    const agentLeg: Participant = { mediaAddress: a.extension, mediaAddressType: 'AGENT_DEVICE', agentId, state: 'ALERTING', stateCause: null, startTime: t, stateChangeTime: t, actions: ACTIONS.ALERTING! };
    const d: Mutable<Dialog> = {
      id, associatedDialogId: null, mediaType: 'Voice', fromAddress: input.ani, toAddress: a.extension, state: 'ALERTING',
      callType: 'ACD_IN', dialedNumber: '8005550100', dnis: '8005550100', queueId: input.queueId ?? '1', queueName: input.queueName ?? 'Sales',
      callVariables: input.callVariables ?? [], wrapUpReason: null, participants: [caller, agentLeg], createdAt: t,
    };
    this.#setAgent(a, 'RESERVED');
    this.#dialogs.set(id, d);
    this.#emit({ kind: 'dialog-created', dialog: d });
    return id;
  }

  /** Wrap-up ends: WORK_READY → READY, WORK → NOT_READY (or the pending state). */
  endWrapUp(agentId: string): void {
    const a = this.#agents.get(agentId);
    if (!a || (a.state !== 'WORK' && a.state !== 'WORK_READY')) return;
    const next = a.pendingState ?? (a.state === 'WORK' ? 'NOT_READY' : 'READY');
    a.pendingState = null;
    this.#setAgent(a, next);
  }

  // ---- commands ----

  async setAgentState(cmd: SetAgentStateCommand): Promise<CommandOutcome> {
    this.commands.push(cmd);
    if (this.#link.state !== 'IN_SERVICE') return refused(failure('Service Unavailable', 'SERVER_OUT_OF_SERVICE'));
    const a = this.#agents.get(cmd.agentId);
    if (!a) return refused(failure('Not Found', 'Unknown agent'));
    const invalid = (): CommandOutcome => {
      this.#later({ kind: 'request-failed', target: { type: 'User', agentId: a.agentId }, failure: failure('Invalid State', 'CF_INVALID_OBJECT_STATE', 22), requestId: cmd.requestId });
      return OK;
    };
    const rid = cmd.requestId;
    switch (cmd.state) {
      case 'LOGIN':
        if (a.state !== 'LOGOUT') { this.#setAgent(a, a.state, rid); return OK; } // forced sign-in keeps the state
        a.extension = cmd.extension ?? null;
        a.reasonCode = null;
        this.#setAgent(a, 'NOT_READY', rid);
        return OK;
      case 'READY':
      case 'NOT_READY':
      case 'LOGOUT':
        if (a.state === 'LOGOUT') return invalid();
        if (cmd.state === 'LOGOUT' && a.state === 'READY') return invalid(); // UCCE: only from NOT_READY
        if (ON_CALL.includes(a.state)) { a.pendingState = cmd.state; if (cmd.reasonCode !== undefined) a.reasonCode = cmd.reasonCode; this.#setAgent(a, a.state, rid); return OK; }
        a.reasonCode = cmd.state === 'READY' ? null : cmd.reasonCode ?? null;
        if (cmd.state === 'LOGOUT') a.extension = null;
        a.pendingState = null;
        this.#setAgent(a, cmd.state, rid);
        return OK;
      default:
        return invalid();
    }
  }

  async makeCall(cmd: MakeCallCommand): Promise<CommandOutcome<{ dialogId: string }>> {
    this.commands.push(cmd);
    const a = this.#agents.get(cmd.agentId);
    if (!a || a.state === 'LOGOUT') return refused(failure('Invalid State', 'Agent is not signed in'));
    const id = String(this.#nextCall++);
    const t = this.#now();
    const leg = (mediaAddress: string, agentId: string | null, state: Participant['state']): Participant =>
      ({ mediaAddress, mediaAddressType: agentId ? 'AGENT_DEVICE' : 'EXTERNAL', agentId, state, stateCause: null, startTime: t, stateChangeTime: t, actions: ACTIONS[state] ?? [] });
    const d: Mutable<Dialog> = {
      id, associatedDialogId: null, mediaType: 'Voice', fromAddress: cmd.fromAddress, toAddress: cmd.toAddress, state: 'INITIATED',
      callType: 'AGENT_INSIDE', dialedNumber: cmd.toAddress, dnis: '', queueId: null, queueName: null,
      callVariables: cmd.callVariables ?? [], wrapUpReason: null, participants: [leg(cmd.fromAddress, a.agentId, 'INITIATED'), leg(cmd.toAddress, null, 'ALERTING')], createdAt: t,
    };
    this.#dialogs.set(id, d);
    this.#later({ kind: 'dialog-created', dialog: d, requestId: cmd.requestId });
    return { ok: true, value: { dialogId: id } };
  }

  async dialogAction(cmd: DialogActionCommand): Promise<CommandOutcome> {
    this.commands.push(cmd);
    const d = this.#dialogs.get(cmd.dialogId);
    if (!d) return refused(failure('Not Found', 'Invalid dialogId specified for dialog'));
    const idx = d.participants.findIndex((p) => p.agentId === cmd.agentId);
    const a = this.#agents.get(cmd.agentId);
    const p = d.participants[idx];
    const fail = (msg: string): CommandOutcome => {
      this.#later({ kind: 'request-failed', target: { type: 'Dialog', dialogId: d.id, agentId: cmd.agentId }, failure: failure('Generic Error', msg, 0), requestId: cmd.requestId });
      return OK;
    };
    if (!a || !p) return refused(failure('Generic Error', 'Agent is not on this dialog'));
    if (!p.actions.includes(cmd.action)) return fail(`INVALID_ACTION ${cmd.action} on extension ${p.mediaAddress}`);
    const rid = cmd.requestId;
    const setLeg = (state: Participant['state']): void => {
      const parts = [...d.participants];
      parts[idx] = { ...p, state, stateChangeTime: this.#now(), actions: ACTIONS[state] ?? [] };
      d.participants = parts;
    };
    switch (cmd.action) {
      case 'ANSWER': setLeg('ACTIVE'); d.state = 'ACTIVE'; this.#setAgent(a, 'TALKING', rid); break;
      case 'HOLD': setLeg('HELD'); this.#setAgent(a, 'HOLD', rid); break;
      case 'RETRIEVE': setLeg('ACTIVE'); this.#setAgent(a, 'TALKING', rid); break;
      case 'UPDATE_CALL_DATA': {
        const vars = new Map(d.callVariables.map((v) => [v.name, v.value]));
        for (const v of cmd.callVariables ?? []) vars.set(v.name, v.value);
        d.callVariables = [...vars].map(([name, value]) => ({ name, value }));
        if (cmd.wrapUpReason !== undefined) d.wrapUpReason = cmd.wrapUpReason;
        break;
      }
      case 'DROP': {
        setLeg('DROPPED');
        d.state = 'DROPPED';
        this.#dialogs.delete(d.id);
        this.#emit({ kind: 'dialog-deleted', dialog: { ...d }, requestId: rid });
        const pending = a.pendingState;
        a.pendingState = null;
        this.#setAgent(a, pending === 'NOT_READY' ? 'WORK' : pending === 'LOGOUT' ? 'LOGOUT' : 'WORK_READY', rid);
        return OK;
      }
      default: return fail(`${cmd.action} is not scripted`);
    }
    this.#emit({ kind: 'dialog-updated', dialog: { ...d }, requestId: rid });
    return OK;
  }

  #setAgent(a: Mutable<AgentStatus>, state: AgentState, requestId?: string): void {
    if (a.state !== state) a.stateChangeTime = this.#now();
    a.state = state;
    this.#emit({ kind: 'agent-changed', agent: { ...a }, requestId });
  }

  #emit(e: DomainEvent): void {
    this.events.push(e);
    for (const l of this.#listeners) l(e);
  }

  /** Asynchronous outcomes arrive after the command resolved, as from a CTI server. */
  #later(e: DomainEvent): void {
    setImmediate(() => this.#emit(e));
  }
}
