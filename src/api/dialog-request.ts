// Turns a Dialog PUT or a Dialogs POST body into the domain command, or the synchronous error
// ([finesse-api] §2.3). Whether the action is allowed on the call now is the contact center's to decide. Pure.
import type { DialogAction, DialogActionCommand, MakeCallCommand } from '../contact-center/contact-center.js';
import { apiError, type ApiError } from './errors.js';
import type { DeploymentType } from './system-reason-codes.js';
import { validateCallVariables, type DialogRequest } from './xml/requests.js';

export const DIALOG_ACTIONS: readonly DialogAction[] = [
  'ANSWER', 'HOLD', 'RETRIEVE', 'DROP', 'PARTICIPANT_DROP', 'CONSULT_CALL', 'TRANSFER', 'TRANSFER_SST',
  'CONFERENCE', 'UPDATE_CALL_DATA', 'SEND_DTMF',
];

/** Finesse actions Parley knows but does not implement (yet): refused clearly rather than as unknown. */
const UNSUPPORTED = new Set(['BARGE_CALL', 'MAKE_CALL', 'UPDATE_SCHEDULED_CALLBACK', 'CANCEL_SCHEDULED_CALLBACK', 'RECLASSIFY',
  'START_RECORDING', 'ACCEPT', 'REJECT', 'CLOSE', 'SILENT_MONITOR']);

const ADDRESS = /^[0-9A-Za-z*#+.@_-]{1,64}$/;
const DTMF = /^[0-9*#A-Da-d]{1,32}$/;
const WRAP_UP_MAX_BYTES = 40;
const clip = (s: string): string => s.slice(0, 64);

type Planned<T> = { ok: true; command: T } | { ok: false; error: ApiError };

export interface DialogActionInput {
  readonly request: DialogRequest;
  readonly dialogId: string;
  readonly agentId: string;
  /** The acting agent's extension: the default targetMediaAddress. */
  readonly agentExtension: string | null;
  readonly requestId: string | undefined;
}

export function planDialogAction(i: DialogActionInput): Planned<DialogActionCommand> {
  const fail = (error: ApiError) => ({ ok: false as const, error });
  const r = i.request;
  if (r.requestedAction === undefined) return fail(apiError.parameterMissing('requestedAction'));
  if (UNSUPPORTED.has(r.requestedAction)) return fail(apiError.invalidInput('Unsupported requestedAction', r.requestedAction));
  if (!(DIALOG_ACTIONS as readonly string[]).includes(r.requestedAction)) return fail(apiError.invalidInput('Invalid requestedAction', clip(r.requestedAction)));
  const action = r.requestedAction as DialogAction;
  const target = r.targetMediaAddress ?? i.agentExtension ?? undefined;
  if (target !== undefined && !ADDRESS.test(target)) return fail(apiError.invalidInput('Invalid targetMediaAddress', clip(target)));
  if (action === 'PARTICIPANT_DROP' && r.targetMediaAddress === undefined) return fail(apiError.parameterMissing('targetMediaAddress'));
  let command: DialogActionCommand = {
    dialogId: i.dialogId, action, agentId: i.agentId, requestId: i.requestId,
    ...(target !== undefined ? { targetMediaAddress: target } : {}),
  };
  if (action === 'CONSULT_CALL' || action === 'TRANSFER_SST') {
    if (r.toAddress === undefined) return fail(apiError.parameterMissing('toAddress'));
    if (!ADDRESS.test(r.toAddress)) return fail(apiError.invalidDestination('Invalid toAddress', clip(r.toAddress)));
    command = { ...command, toAddress: r.toAddress };
  }
  if (action === 'UPDATE_CALL_DATA') {
    if (r.callVariables.length === 0 && r.wrapUpReason === undefined) return fail(apiError.parameterMissing('mediaProperties'));
    const bad = validateCallVariables(r.callVariables);
    if (bad) return fail(bad);
    if (r.wrapUpReason !== undefined && Buffer.byteLength(r.wrapUpReason) > WRAP_UP_MAX_BYTES) {
      return fail(apiError.invalidInput(`wrapUpReason longer than ${WRAP_UP_MAX_BYTES} bytes`, 'wrapUpReason'));
    }
    command = {
      ...command,
      ...(r.callVariables.length > 0 ? { callVariables: r.callVariables } : {}),
      ...(r.wrapUpReason !== undefined ? { wrapUpReason: r.wrapUpReason } : {}),
    };
  }
  if (action === 'SEND_DTMF') {
    const dtmf = r.actionParams.get('dtmfString');
    if (dtmf === undefined) return fail(apiError.parameterMissing('dtmfString'));
    if (!DTMF.test(dtmf)) return fail(apiError.invalidInput('Invalid dtmfString', clip(dtmf)));
    command = { ...command, dtmf };
  }
  return { ok: true, command };
}

export interface MakeCallInput {
  readonly request: DialogRequest;
  readonly agentId: string;
  readonly agentExtension: string | null;
  readonly deployment: DeploymentType;
  readonly requestId: string | undefined;
}

/** POST /User/<id>/Dialogs with requestedAction MAKE_CALL ([finesse-api] §2.3 "Make a call"). */
export function planMakeCall(i: MakeCallInput): Planned<MakeCallCommand> {
  const fail = (error: ApiError) => ({ ok: false as const, error });
  const r = i.request;
  if (r.requestedAction === undefined) return fail(apiError.parameterMissing('requestedAction'));
  if (r.requestedAction !== 'MAKE_CALL') return fail(apiError.invalidInput('Unsupported requestedAction', clip(r.requestedAction)));
  if (r.toAddress === undefined) return fail(apiError.parameterMissing('toAddress'));
  const from = r.fromAddress ?? i.agentExtension ?? undefined;
  if (from === undefined) return fail(apiError.parameterMissing('fromAddress'));
  if (!ADDRESS.test(from)) return fail(apiError.invalidInput('Invalid fromAddress', clip(from)));
  if (!ADDRESS.test(r.toAddress)) return fail(apiError.invalidDestination('Invalid toAddress', clip(r.toAddress)));
  if (r.toAddress === from) return fail(apiError.invalidDestination('toAddress equals fromAddress', r.toAddress));
  if (r.hasMediaProperties && i.deployment === 'UCCX') return fail(apiError.invalidInput('mediaProperties are not supported on UCCX', 'mediaProperties'));
  const bad = validateCallVariables(r.callVariables);
  if (bad) return fail(bad);
  return {
    ok: true,
    command: {
      agentId: i.agentId, fromAddress: from, toAddress: r.toAddress, requestId: i.requestId,
      ...(r.callVariables.length > 0 ? { callVariables: r.callVariables } : {}),
    },
  };
}
