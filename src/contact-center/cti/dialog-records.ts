// The dialog cache's records (one per CTI call, one leg per device) and their client view: the Finesse
// Dialog with its participants and their actions ([finesse-api] §2.3). Pure.
import type { Dialog, DialogState, Participant, ParticipantState } from '../contact-center.js';
import { callVariableList } from './call-context.js';
import { participantActions } from './participant-actions.js';

export interface Leg {
  mediaAddress: string;
  agentId: string | null;
  state: ParticipantState;
  stateCause: string | null;
  startTime: number;
  stateChangeTime: number;
  /** Reached ACTIVE once: decides wrap-up. */
  talked: boolean;
}

export interface Call {
  id: string;
  associatedDialogId: string | null;
  fromAddress: string;
  toAddress: string;
  callType: string;
  dialedNumber: string;
  dnis: string;
  queueId: string | null;
  callVariables: string[];
  ecc: Map<string, string>;
  wrapUpReason: string | null;
  legs: Map<string, Leg>;
  createdAt: number;
  announced: boolean;
  ended: boolean;
  /** Agents whose state after the call (wrap-up or not) is not known yet. */
  awaiting: Set<string>;
  lastSent: string;
}

/** The Dialog a call record shows; `other` is the other dialog of its consult pair, if any. */
export function snapshotOf(c: Call, other: Call | undefined, queueName: (queueId: string) => string | null): Dialog {
  const participants: Participant[] = [...c.legs.values()].map((l) => {
    const twin = other?.legs.get(l.mediaAddress);
    const consultPair = twin !== undefined && ((l.state === 'ACTIVE' && twin.state === 'HELD') || (l.state === 'HELD' && twin.state === 'ACTIVE'));
    return {
      mediaAddress: l.mediaAddress,
      // The captured inbound dialog leaves the caller's mediaAddressType empty.
      mediaAddressType: l.agentId ? 'AGENT_DEVICE' : '',
      agentId: l.agentId,
      state: l.state,
      stateCause: l.stateCause,
      startTime: l.startTime,
      stateChangeTime: l.stateChangeTime,
      actions: participantActions(l.state, { consultPair }),
    };
  });
  return {
    id: c.id,
    associatedDialogId: c.associatedDialogId,
    mediaType: 'Voice',
    fromAddress: c.fromAddress,
    toAddress: c.toAddress,
    state: dialogState(c),
    callType: c.callType || 'OTHER_IN',
    dialedNumber: c.dialedNumber,
    dnis: c.dnis,
    queueId: c.queueId,
    queueName: c.queueId === null ? null : queueName(c.queueId),
    callVariables: callVariableList(c.callVariables, c.ecc),
    wrapUpReason: c.wrapUpReason,
    participants,
    createdAt: c.createdAt,
  };
}

export function dialogState(c: Call): DialogState {
  if (c.ended) return 'DROPPED';
  const states = new Set([...c.legs.values()].map((l) => l.state));
  if (states.has('ACTIVE') || states.has('HELD')) return 'ACTIVE';
  if (states.has('ALERTING')) return 'ALERTING';
  if (states.has('INITIATED')) return 'INITIATED';
  if (states.has('INITIATING')) return 'INITIATING';
  if (states.has('FAILED')) return 'FAILED';
  return 'DROPPED';
}
