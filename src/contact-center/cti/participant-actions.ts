// Participant.actions: what a participant may request in its state ([finesse-api] §2.3 "Participant.state
// → allowable actions", checked against the UCCE captures quoted there). Pure.
import type { DialogAction, ParticipantState } from '../contact-center.js';

const BY_STATE: Readonly<Record<ParticipantState, readonly DialogAction[]>> = {
  INITIATING: ['UPDATE_CALL_DATA', 'DROP'],
  INITIATED: ['UPDATE_CALL_DATA', 'DROP'],
  ALERTING: ['ANSWER'],
  // The captured ACTIVE UCCE leg has TRANSFER_SST, CONSULT_CALL, HOLD, UPDATE_CALL_DATA, SEND_DTMF, DROP;
  // SEND_DTMF is left out: the link has no SEND_DTMF_SIGNAL_REQ yet, and an offered action must work.
  ACTIVE: ['TRANSFER_SST', 'CONSULT_CALL', 'HOLD', 'UPDATE_CALL_DATA', 'DROP'],
  HELD: ['RETRIEVE', 'UPDATE_CALL_DATA', 'DROP'],
  FAILED: ['DROP'],
  DROPPED: [],
  WRAP_UP: ['UPDATE_CALL_DATA'],
  ACCEPTED: [],
};

export interface ActionContext {
  /**
   * The same device has the other leg of a consult pair (one HELD, one ACTIVE) in the associated
   * dialog: TRANSFER and CONFERENCE complete the consult from either dialog.
   */
  readonly consultPair: boolean;
}

export function participantActions(state: ParticipantState, ctx: ActionContext = { consultPair: false }): DialogAction[] {
  const actions = [...BY_STATE[state]];
  if (ctx.consultPair && (state === 'ACTIVE' || state === 'HELD')) actions.push('TRANSFER', 'CONFERENCE');
  return actions;
}
