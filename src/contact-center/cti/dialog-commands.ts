// A Dialog PUT (requestedAction) checked against the cached dialog and turned into its GED-188
// request, or refused at once ([finesse-api] §2.3: the action must be among the participant's
// actions; unknown dialog → Not Found; the captured refusal "INVALID_ACTION <action> on extension
// <ext>" as Generic Error). Pure.
import type { CommandFailure, Dialog, DialogActionCommand, Participant } from '../contact-center.js';
import { callDataRequestFields, type CtiCallData } from './call-context.js';
import { failure } from './cti-failures.js';
import {
  answerRequest, clearConnectionRequest, conferenceRequest, consultRequest, holdRequest, retrieveRequest, setCallDataRequest,
  transferRequest, type RequestBuilder,
} from './cti-requests.js';

/** A number a call may go to: digits, *, #, an optional leading + (DialedNumber is STRING 40). */
export const DIALABLE = /^\+?[0-9*#]{1,39}$/;

export type DialogPlan =
  | { readonly ok: false; readonly failure: CommandFailure }
  | {
    readonly ok: true;
    readonly build: RequestBuilder;
    /** What to apply locally when the CTI server confirms. */
    readonly onConfirm?: { readonly kind: 'consult'; readonly primaryId: string } | { readonly kind: 'call-data'; readonly data: CtiCallData };
  };

const refuse = (f: CommandFailure): DialogPlan => ({ ok: false, failure: f });
const invalidAction = (action: string, device: string): DialogPlan =>
  refuse(failure('Generic Error', `INVALID_ACTION ${action} on extension ${device}`, /^\d{1,9}$/.test(device) ? Number(device) : 0));

export interface DialogLookup {
  dialog(id: string): Dialog | undefined;
}

/**
 * Checks `cmd` against the dialog and the acting agent's leg (`leg`, the agent's live participant)
 * and returns the request to send.
 */
export function planDialogAction(cmd: DialogActionCommand, dialog: Dialog, leg: Participant | undefined, lookup: DialogLookup, peripheralId: number): DialogPlan {
  if (!leg) return refuse(failure('Invalid Input', `agent ${cmd.agentId} is not a participant of dialog ${dialog.id}`));
  const device = leg.mediaAddress;
  const target = cmd.targetMediaAddress;
  if (target !== undefined && target !== '' && target !== device && cmd.action !== 'PARTICIPANT_DROP') {
    return refuse(failure('Invalid Input', `targetMediaAddress ${target.slice(0, 64)} is not the agent's device ${device}`));
  }
  const allowed = (): boolean => leg.actions.includes(cmd.action);
  switch (cmd.action) {
    case 'ANSWER':
      return allowed() ? { ok: true, build: answerRequest(peripheralId, dialog.id, device) } : invalidAction(cmd.action, device);
    case 'HOLD':
      return allowed() ? { ok: true, build: holdRequest(peripheralId, dialog.id, device) } : invalidAction(cmd.action, device);
    case 'RETRIEVE':
      return allowed() ? { ok: true, build: retrieveRequest(peripheralId, dialog.id, device) } : invalidAction(cmd.action, device);
    case 'DROP':
      return allowed() ? { ok: true, build: clearConnectionRequest(peripheralId, dialog.id, device, device) } : invalidAction(cmd.action, device);
    case 'PARTICIPANT_DROP': {
      if (leg.state !== 'ACTIVE' && leg.state !== 'HELD') return invalidAction(cmd.action, device);
      const other = dialog.participants.find((p) => p.mediaAddress === target && p.state !== 'DROPPED');
      if (!other || target === undefined) return refuse(failure('Invalid Input', `no participant ${String(target ?? '').slice(0, 64)} on dialog ${dialog.id}`));
      return { ok: true, build: clearConnectionRequest(peripheralId, dialog.id, target, device) };
    }
    case 'CONSULT_CALL':
    case 'TRANSFER_SST': {
      if (!allowed()) return invalidAction(cmd.action, device);
      const to = cmd.toAddress ?? '';
      if (!DIALABLE.test(to)) return refuse(failure('Invalid Destination', `toAddress ${JSON.stringify(to.slice(0, 64))} is not a number that can be dialled`));
      if (to === device) return refuse(failure('Invalid Destination', 'an agent cannot call its own device'));
      return cmd.action === 'CONSULT_CALL'
        ? { ok: true, build: consultRequest(peripheralId, dialog.id, device, to), onConfirm: { kind: 'consult', primaryId: dialog.id } }
        : { ok: true, build: transferRequest(peripheralId, device, { activeCallId: dialog.id, dialedNumber: to }) };
    }
    case 'TRANSFER':
    case 'CONFERENCE': {
      if (!allowed()) return invalidAction(cmd.action, device);
      const other = dialog.associatedDialogId ? lookup.dialog(dialog.associatedDialogId) : undefined;
      const twin = other?.participants.find((p) => p.mediaAddress === device);
      if (!other || !twin) return invalidAction(cmd.action, device);
      const [held, active] = leg.state === 'HELD' ? [dialog.id, other.id] : [other.id, dialog.id];
      return cmd.action === 'TRANSFER'
        ? { ok: true, build: transferRequest(peripheralId, device, { activeCallId: active, heldCallId: held }) }
        : { ok: true, build: conferenceRequest(peripheralId, device, { activeCallId: active, heldCallId: held }) };
    }
    case 'UPDATE_CALL_DATA': {
      if (!allowed()) return invalidAction(cmd.action, device);
      const fields = callDataRequestFields(cmd.callVariables ?? [], cmd.wrapUpReason);
      if (!fields.ok) return refuse(failure('Invalid Input', fields.problem));
      return { ok: true, build: setCallDataRequest(peripheralId, dialog.id, device, fields.fields), onConfirm: { kind: 'call-data', data: fields.fields } };
    }
    case 'SEND_DTMF':
      return refuse(failure('Generic Error', 'SEND_DTMF is not supported by this CTI link'));
  }
}
