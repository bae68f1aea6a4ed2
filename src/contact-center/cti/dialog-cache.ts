// The calls as Finesse Dialogs, folded from GED-188 call events. Pure: time and the agent view are
// passed in; every method returns the dialog changes to publish (created / updated / deleted).
//
// Each CTI call (ConnectionCallID) is one Dialog; each device on it one Participant, keyed by the
// device id. Event → participant state: DELIVERED puts the alerting device ALERTING and the calling
// device INITIATED; ESTABLISHED puts the answering and calling devices ACTIVE; HELD → HELD;
// RETRIEVED → ACTIVE; CONNECTION_CLEARED → DROPPED; CALL_CLEARED / END_CALL end the dialog.
// A dialog is announced (dialog-created) once a participant is on it. When the call ends, an agent
// who talked on it and is in wrap-up keeps the dialog with a WRAP_UP leg (the wrap-up reason is set
// on it) until the wrap-up ends; otherwise the dialog is deleted at once.
import type { CtiMessage } from '../../cti/codec/index.js';
import { LocalConnectionState, Special } from '../../cti/codec/index.js';
import type { AgentState, Dialog, Participant, ParticipantState } from '../contact-center.js';
import { ON_A_CALL } from './agent-states.js';
import { finesseCallType, variablesOf, type CtiCallData } from './call-context.js';
import { snapshotOf, type Call, type Leg } from './dialog-records.js';

export interface DialogChange {
  readonly kind: 'dialog-created' | 'dialog-updated' | 'dialog-deleted';
  readonly dialog: Dialog;
}

export interface DialogCacheContext {
  /** The agent signed in on a device, if any. */
  agentOnDevice(device: string): string | undefined;
  agentState(agentId: string): AgentState | undefined;
  queueName(queueId: string): string | null;
}


const WRAP_UP_STATES: ReadonlySet<AgentState> = new Set(['WORK', 'WORK_READY']);
const LIVE: ReadonlySet<ParticipantState> = new Set(['INITIATING', 'INITIATED', 'ALERTING', 'ACTIVE', 'HELD', 'WRAP_UP', 'ACCEPTED']);

export class DialogCache {
  readonly #calls = new Map<string, Call>();
  readonly #ctx: DialogCacheContext;
  /** The calls each agent has (or had) a leg on: keeps per-agent lookups independent of the number of calls. */
  readonly #byAgent = new Map<string, Set<Call>>();
  /** Consult pairs announced by a CONSULTATION_CALL_CONF before the consult call's first event. */
  readonly #pendingAssociation = new Map<string, string>();

  constructor(ctx: DialogCacheContext) { this.#ctx = ctx; }

  get(id: string): Dialog | undefined {
    const c = this.#calls.get(id);
    return c?.announced ? this.#snapshot(c) : undefined;
  }

  all(): Dialog[] { return [...this.#calls.values()].filter((c) => c.announced).map((c) => this.#snapshot(c)); }

  /** Dialogs with a live leg (wrap-up included) on the agent's device. */
  ofAgent(agentId: string): Dialog[] {
    return this.#liveCallsOf(agentId).map((c) => this.#snapshot(c));
  }

  /** The callType of the agent's first live dialog, without building snapshots (queue statistics). */
  callTypeOf(agentId: string): string | undefined {
    return this.#liveCallsOf(agentId)[0]?.callType;
  }

  #liveCallsOf(agentId: string): Call[] {
    return [...(this.#byAgent.get(agentId) ?? [])]
      .filter((c) => c.announced && [...c.legs.values()].some((l) => l.agentId === agentId && LIVE.has(l.state)));
  }

  #index(c: Call, agentId: string | null): void {
    if (agentId === null) return;
    let set = this.#byAgent.get(agentId);
    if (!set) this.#byAgent.set(agentId, (set = new Set()));
    set.add(c);
  }

  #forget(c: Call): void {
    this.#calls.delete(c.id);
    for (const l of c.legs.values()) {
      if (l.agentId === null) continue;
      const set = this.#byAgent.get(l.agentId);
      set?.delete(c);
      if (set?.size === 0) this.#byAgent.delete(l.agentId);
    }
  }

  /** The device on which `agentId` is a participant of the dialog (its live leg), if any. */
  legOf(dialogId: string, agentId: string): Participant | undefined {
    const c = this.#calls.get(dialogId);
    if (!c?.announced) return undefined;
    const snap = this.#snapshot(c);
    return snap.participants.find((p) => p.agentId === agentId && p.state !== 'DROPPED');
  }

  apply(msg: CtiMessage, now: number): DialogChange[] {
    switch (msg.type) {
      case 'BEGIN_CALL_EVENT': {
        const c = this.#ensure(String(msg.connectionCallId), now);
        c.callType = finesseCallType(msg.callType);
        this.#data(c, msg);
        return this.#publish(c);
      }
      case 'CALL_DATA_UPDATE_EVENT': {
        const c = this.#calls.get(String(msg.connectionCallId));
        if (!c) return [];
        if (msg.callType !== Special.NULL_CALLTYPE) c.callType = finesseCallType(msg.callType);
        this.#data(c, msg);
        return this.#publish(c);
      }
      case 'CALL_DELIVERED_EVENT': {
        const alerting = msg.alertingDeviceId ?? msg.connectionDeviceId;
        const calling = msg.callingDeviceId;
        if (msg.localConnectionState === LocalConnectionState.LCS_QUEUED || (!alerting && !calling)) return [];
        const c = this.#ensure(String(msg.connectionCallId), now);
        if (msg.skillGroupNumber !== Special.NULL_SKILL_GROUP && msg.skillGroupNumber !== 0 && c.queueId === null) c.queueId = String(msg.skillGroupNumber);
        if (msg.ani && !c.fromAddress) c.fromAddress = msg.ani;
        if (msg.dnis && !c.dnis) c.dnis = msg.dnis;
        if (msg.dialedNumber && !c.dialedNumber) c.dialedNumber = msg.dialedNumber;
        this.#data(c, msg);
        if (calling) {
          if (!c.fromAddress) c.fromAddress = calling;
          this.#leg(c, calling, 'INITIATED', now, ['INITIATING']);
        }
        if (!c.toAddress) c.toAddress = msg.calledDeviceId ?? alerting;
        this.#leg(c, alerting, 'ALERTING', now, ['INITIATING', 'INITIATED']);
        return this.#publish(c);
      }
      case 'CALL_ESTABLISHED_EVENT': {
        const c = this.#ensure(String(msg.connectionCallId), now);
        if (msg.skillGroupNumber !== Special.NULL_SKILL_GROUP && msg.skillGroupNumber !== 0 && c.queueId === null) c.queueId = String(msg.skillGroupNumber);
        this.#leg(c, msg.answeringDeviceId ?? msg.connectionDeviceId, 'ACTIVE', now, ['INITIATING', 'INITIATED', 'ALERTING']);
        if (msg.callingDeviceId) this.#leg(c, msg.callingDeviceId, 'ACTIVE', now, ['INITIATING', 'INITIATED', 'ALERTING']);
        return this.#publish(c);
      }
      case 'CALL_SERVICE_INITIATED_EVENT': {
        const c = this.#ensure(String(msg.connectionCallId), now);
        const device = msg.callingDeviceId ?? msg.connectionDeviceId;
        if (!c.fromAddress) c.fromAddress = device;
        this.#leg(c, device, 'INITIATING', now, []);
        return this.#publish(c);
      }
      case 'CALL_ORIGINATED_EVENT': {
        const c = this.#ensure(String(msg.connectionCallId), now);
        const device = msg.callingDeviceId ?? msg.connectionDeviceId;
        if (!c.fromAddress) c.fromAddress = device;
        if (msg.calledDeviceId && !c.toAddress) c.toAddress = msg.calledDeviceId;
        this.#leg(c, device, 'INITIATED', now, ['INITIATING']);
        return this.#publish(c);
      }
      case 'CALL_TRANSFERRED_EVENT':
      case 'CALL_CONFERENCED_EVENT':
        return this.#merge(String(msg.primaryCallId), String(msg.secondaryCallId), msg.connectedParties ?? [], msg.type === 'CALL_CONFERENCED_EVENT', now);
      case 'CALL_HELD_EVENT':
        return this.#move(msg.connectionCallId, msg.holdingDeviceId ?? msg.connectionDeviceId, 'HELD', now);
      case 'CALL_RETRIEVED_EVENT':
        return this.#move(msg.connectionCallId, msg.retrievingDeviceId ?? msg.connectionDeviceId, 'ACTIVE', now);
      case 'CALL_CONNECTION_CLEARED_EVENT': {
        const c = this.#calls.get(String(msg.connectionCallId));
        if (!c) return [];
        const device = msg.releasingDeviceId ?? msg.connectionDeviceId;
        const leg = c.legs.get(device);
        if (!leg || leg.state === 'DROPPED' || leg.state === 'WRAP_UP') return [];
        this.#setLeg(leg, 'DROPPED', now);
        this.#afterDrop(c, leg, now);
        if (![...c.legs.values()].some((l) => l.state !== 'DROPPED' && l.state !== 'WRAP_UP')) return this.#end(c, now);
        return this.#publish(c);
      }
      case 'CALL_CLEARED_EVENT':
      case 'END_CALL_EVENT': {
        const c = this.#calls.get(String(msg.connectionCallId));
        return c && !c.ended ? this.#end(c, now) : [];
      }
      default:
        return [];
    }
  }

  /** A MAKE_CALL_CONF: the agent's device is on the new call, INITIATING until the call events say more. */
  originated(callId: string, device: string, toAddress: string, now: number): DialogChange[] {
    const c = this.#ensure(callId, now);
    if (!c.fromAddress) c.fromAddress = device;
    if (!c.toAddress) c.toAddress = toAddress;
    if (!c.dialedNumber) c.dialedNumber = toAddress;
    if (c.callType === '') c.callType = this.#ctx.agentOnDevice(toAddress) ? 'AGENT_INSIDE' : 'OUT';
    this.#leg(c, device, 'INITIATING', now, []);
    return this.#publish(c);
  }

  /** A CONSULTATION_CALL_CONF: the primary and the consult name each other (associatedDialogUri). */
  associate(primaryId: string, consultId: string): DialogChange[] {
    const primary = this.#calls.get(primaryId);
    const consult = this.#calls.get(consultId);
    if (!consult) this.#pendingAssociation.set(consultId, primaryId);
    const changes: DialogChange[] = [];
    if (primary) { primary.associatedDialogId = consultId; changes.push(...this.#publish(primary)); }
    if (consult) { consult.associatedDialogId = primaryId; changes.push(...this.#publish(consult)); }
    return changes;
  }

  /** Call data known to be set (SET_CALL_DATA_CONF) though no CALL_DATA_UPDATE_EVENT may follow (wrap-up). */
  setData(callId: string, data: CtiCallData): DialogChange[] {
    const c = this.#calls.get(callId);
    if (!c) return [];
    this.#data(c, data);
    return this.#publish(c);
  }

  /** An agent's state changed: a finished call waiting on it may enter wrap-up or go. */
  agentChanged(agentId: string, state: AgentState, now: number): DialogChange[] {
    const changes: DialogChange[] = [];
    for (const c of [...(this.#byAgent.get(agentId) ?? [])]) {
      const legs = [...c.legs.values()].filter((l) => l.agentId === agentId && (l.state === 'WRAP_UP' || (c.awaiting.has(agentId) && l.state === 'DROPPED')));
      if (legs.length === 0) continue;
      if (WRAP_UP_STATES.has(state)) {
        for (const l of legs) if (l.state !== 'WRAP_UP') this.#setLeg(l, 'WRAP_UP', now);
      } else if (!ON_A_CALL.has(state)) {
        for (const l of legs) if (l.state === 'WRAP_UP') this.#setLeg(l, 'DROPPED', now);
      } else {
        continue;
      }
      c.awaiting.delete(agentId);
      changes.push(...(c.ended ? this.#settleEnded(c) : this.#publish(c)));
    }
    return changes;
  }

  /** Drops every dialog `keep` refuses (resynchronization after a CTI failover). */
  prune(keep: (d: Dialog) => boolean, now: number): DialogChange[] {
    const changes: DialogChange[] = [];
    for (const c of [...this.#calls.values()]) {
      if (c.announced && keep(this.#snapshot(c))) continue;
      for (const l of c.legs.values()) if (l.state !== 'DROPPED') this.#setLeg(l, 'DROPPED', now);
      c.ended = true;
      c.awaiting.clear();
      this.#forget(c);
      if (c.announced) changes.push({ kind: 'dialog-deleted', dialog: this.#snapshot(c) });
    }
    return changes;
  }

  get size(): number { return this.#calls.size; }

  // ---- internals ----------------------------------------------------------------------------------

  #ensure(id: string, now: number): Call {
    let c = this.#calls.get(id);
    if (!c) {
      c = {
        id, associatedDialogId: this.#pendingAssociation.get(id) ?? null, fromAddress: '', toAddress: '', callType: '',
        dialedNumber: '', dnis: '', queueId: null, callVariables: Array.from({ length: 10 }, () => ''), ecc: new Map(),
        wrapUpReason: null, legs: new Map(), createdAt: now, announced: false, ended: false, awaiting: new Set(), lastSent: '',
      };
      this.#pendingAssociation.delete(id);
      this.#calls.set(id, c);
    }
    return c;
  }

  #data(c: Call, msg: CtiCallData): void {
    if (msg.ani && !c.fromAddress) c.fromAddress = msg.ani;
    if (msg.dnis !== undefined) c.dnis = msg.dnis;
    if (msg.dialedNumber !== undefined) {
      c.dialedNumber = msg.dialedNumber;
      if (!c.toAddress) c.toAddress = msg.dialedNumber;
    }
    const { callVariables, ecc } = variablesOf(msg);
    for (const [i, v] of callVariables) c.callVariables[i - 1] = v;
    for (const [k, v] of ecc) c.ecc.set(k, v);
    if (msg.callWrapupData !== undefined) c.wrapUpReason = msg.callWrapupData === '' ? null : msg.callWrapupData;
  }

  /** Puts `device` in `state`, creating the leg; an existing leg moves only from one of `from` (or if new). */
  #leg(c: Call, device: string, state: ParticipantState, now: number, from: readonly ParticipantState[]): void {
    if (!device) return;
    const leg = c.legs.get(device);
    if (!leg) {
      const agentId = this.#ctx.agentOnDevice(device) ?? null;
      c.legs.set(device, { mediaAddress: device, agentId, state, stateCause: null, startTime: now, stateChangeTime: now, talked: state === 'ACTIVE' });
      this.#index(c, agentId);
      return;
    }
    if (leg.state === state || !from.includes(leg.state)) return;
    this.#setLeg(leg, state, now);
  }

  #setLeg(leg: Leg, state: ParticipantState, now: number): void {
    leg.state = state;
    leg.stateChangeTime = now;
    if (state === 'ACTIVE') leg.talked = true;
  }

  #move(callId: number, device: string, state: ParticipantState, now: number): DialogChange[] {
    const c = this.#calls.get(String(callId));
    if (!c) return [];
    const leg = c.legs.get(device);
    if (!leg) this.#leg(c, device, state, now, []);
    else if (leg.state !== state) this.#setLeg(leg, state, now);
    return this.#publish(c);
  }

  /**
   * CALL_TRANSFERRED / CALL_CONFERENCED: the secondary call's parties are now the primary call's
   * (their legs move over); after a conference every listed party is connected. The consult pair
   * is over, so neither dialog names the other any more.
   */
  #merge(primaryId: string, secondaryId: string, parties: readonly { callId: number; deviceId?: string }[], conference: boolean, now: number): DialogChange[] {
    const primary = this.#ensure(primaryId, now);
    const secondary = secondaryId === primaryId ? undefined : this.#calls.get(secondaryId);
    for (const p of parties) {
      const device = p.deviceId;
      if (!device) continue;
      let leg = primary.legs.get(device);
      const moved = secondary?.legs.get(device);
      if (!leg && moved && moved.state !== 'DROPPED') {
        secondary?.legs.delete(device);
        primary.legs.set(device, (leg = moved));
        this.#index(primary, moved.agentId);
      }
      if (!leg) this.#leg(primary, device, 'ACTIVE', now, []);
      else if (conference && leg.state !== 'ACTIVE' && leg.state !== 'DROPPED') this.#setLeg(leg, 'ACTIVE', now);
    }
    primary.associatedDialogId = null;
    if (secondary) secondary.associatedDialogId = null;
    return [...this.#publish(primary), ...(secondary ? this.#publish(secondary) : [])];
  }

  #end(c: Call, now: number): DialogChange[] {
    c.ended = true;
    for (const leg of c.legs.values()) {
      if (leg.state === 'DROPPED' || leg.state === 'WRAP_UP') continue;
      this.#setLeg(leg, 'DROPPED', now);
      this.#afterDrop(c, leg, now);
    }
    const other = c.associatedDialogId ? this.#calls.get(c.associatedDialogId) : undefined;
    if (other) other.associatedDialogId = null;
    return [...this.#settleEnded(c), ...(other ? this.#publish(other) : [])];
  }

  /**
   * An agent's leg that talked has just dropped: wrap-up now if the agent is in WORK / WORK_READY,
   * or wait for its next state if it is still on this call's state (the AGENT_STATE_EVENT follows the
   * call events). A consult call never wraps up: the wrap-up belongs to the call it consulted from.
   */
  #afterDrop(c: Call, leg: Leg, now: number): void {
    if (!leg.agentId || !leg.talked || c.callType.startsWith('CONSULT')) return;
    const state = this.#ctx.agentState(leg.agentId);
    if (state !== undefined && WRAP_UP_STATES.has(state)) this.#setLeg(leg, 'WRAP_UP', now);
    else if (state !== undefined && ON_A_CALL.has(state) && !this.#elsewhere(c, leg.agentId)) c.awaiting.add(leg.agentId);
  }

  /** The agent has a live leg on another (non-consult) call: then this leg's end does not decide its wrap-up. */
  #elsewhere(c: Call, agentId: string): boolean {
    for (const other of this.#byAgent.get(agentId) ?? []) {
      if (other === c || other.ended || other.callType.startsWith('CONSULT')) continue;
      for (const l of other.legs.values()) if (l.agentId === agentId && l.state !== 'DROPPED') return true;
    }
    return false;
  }

  #settleEnded(c: Call): DialogChange[] {
    const wrapping = [...c.legs.values()].some((l) => l.state === 'WRAP_UP');
    if (wrapping || c.awaiting.size > 0) return wrapping ? this.#publish(c) : [];
    this.#forget(c);
    return c.announced ? [{ kind: 'dialog-deleted', dialog: this.#snapshot(c) }] : [];
  }

  /**
   * created / updated when the client-visible dialog changed; nothing before it has a participant.
   * The other dialog of a consult pair follows: its TRANSFER / CONFERENCE actions depend on this one's legs.
   */
  #publish(c: Call, withPair = true): DialogChange[] {
    const other = withPair && c.associatedDialogId ? this.#calls.get(c.associatedDialogId) : undefined;
    const pair = other ? this.#publish(other, false) : [];
    if (c.legs.size === 0) return pair;
    const dialog = this.#snapshot(c);
    const text = JSON.stringify(dialog);
    if (text === c.lastSent) return pair;
    c.lastSent = text;
    const kind = c.announced ? 'dialog-updated' : 'dialog-created';
    c.announced = true;
    return [{ kind, dialog }, ...pair];
  }

  #snapshot(c: Call): Dialog {
    return snapshotOf(c, c.associatedDialogId ? this.#calls.get(c.associatedDialogId) : undefined, this.#ctx.queueName);
  }
}
